// What the tests share: the server they ask (TIMELINE_ADDR, a timelined with the seed data
// loaded, as tests/e2e/with-server.sh starts one), and helpers to dial it.

package timeline_test

import (
	"context"
	"flag"
	"fmt"
	"iter"
	"os"
	"testing"
	"time"

	"github.com/timeline-events/timeline/clients/go/timeline"
)

// The seed's events in Mali, in ListEvents' default order (start time; the four known only to
// predate the 12 October 2024 article first, in the order they were created).
var maliEvents = []string{
	"events/goita-receives-turkish-parliamentary-delegation",
	"events/tinzaouaten-drone-strikes",
	"events/tessalit-retaken-by-malian-army",
	"events/turkey-supplies-drones-to-mali",
	"events/bamako-attacks-2024-09",
}

const needsServer = "TIMELINE_ADDR is not set: this needs a Timeline server with the seed data " +
	"(run clients/go/run-tests through tests/e2e/with-server.sh)"

func TestMain(m *testing.M) {
	flag.Parse()
	if os.Getenv("TIMELINE_ADDR") == "" {
		// Examples cannot skip themselves, and every example here asks the server.
		fmt.Fprintln(os.Stderr, needsServer+"; skipping the examples and the tests that ask it")
		if err := flag.Set("test.skip", "^Example"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}

// serverAddr is the address of the seeded server, or skips the test.
func serverAddr(t *testing.T) string {
	t.Helper()
	addr := os.Getenv("TIMELINE_ADDR")
	if addr == "" {
		t.Skip(needsServer)
	}
	return addr
}

// testContext bounds a test's calls, so that a hung stream fails the test instead of the run.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// dial connects to the seeded server, closing the connection when the test ends.
func dial(t *testing.T, opts ...timeline.Option) *timeline.Client {
	t.Helper()
	return dialAddr(t, serverAddr(t), opts...)
}

func dialAddr(t *testing.T, addr string, opts ...timeline.Option) *timeline.Client {
	t.Helper()
	client, err := timeline.Dial(testContext(t), addr, append([]timeline.Option{timeline.WithInsecure()}, opts...)...)
	if err != nil {
		t.Fatalf("Dial(%s): %v", addr, err)
	}
	t.Cleanup(func() { client.Close() })
	return client
}

// collect drains an iterator into a slice, failing the test on an error.
func collect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var items []T
	for item, err := range seq {
		if err != nil {
			t.Fatalf("after %d items: %v", len(items), err)
		}
		items = append(items, item)
	}
	return items
}

// names maps resources to their names.
func names[T interface{ GetName() string }](items []T) []string {
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = item.GetName()
	}
	return out
}
