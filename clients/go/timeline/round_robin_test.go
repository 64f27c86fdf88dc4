// Client-side round robin over replicas, as docs/kubernetes.md tells Go clients to spread calls:
// two timelined on the suite's database reading one page-token key file
// (--page_token_secret_file), one connection to both with gRPC's round_robin policy. The pages of
// a listing go to both servers and still give every event once, in order.

package timeline_test

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"

	"github.com/timeline-events/timeline/clients/go/timeline"
	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

// servedBy counts the ListEvents calls each server (by address) answered.
type servedBy struct {
	mu    sync.Mutex
	calls map[string]int
}

func (s *servedBy) option() timeline.Option {
	return timeline.WithDialOptions(grpc.WithChainUnaryInterceptor(
		func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn,
			invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
			var p peer.Peer
			err := invoker(ctx, method, req, reply, cc, append(opts, grpc.Peer(&p))...)
			if method == "/timeline.v1.EventService/ListEvents" && p.Addr != nil {
				s.mu.Lock()
				s.calls[p.Addr.String()]++
				s.mu.Unlock()
			}
			return err
		}))
}

func (s *servedBy) snapshot() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.calls)
}

func TestRoundRobinPagesContinueOnTheOtherReplica(t *testing.T) {
	binary, databaseURL := os.Getenv("TIMELINE_TIMELINED"), os.Getenv("TIMELINE_DATABASE_URL")
	if binary == "" || databaseURL == "" {
		t.Skip("TIMELINE_TIMELINED and TIMELINE_DATABASE_URL are not set: run through tests/e2e/with-server.sh")
	}
	key := filepath.Join(t.TempDir(), "page-token-secret")
	if err := os.WriteFile(key, []byte("a key both replicas of this test read\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	addrs := []string{freeLoopbackAddr(t), freeLoopbackAddr(t)}
	for _, addr := range addrs {
		startTimelinedWith(t, binary, databaseURL, addr, timeline.WithInsecure(),
			"--page_token_secret_file="+key)
	}
	// Both addresses under one name, as DNS gives a headless Service's pods.
	replicas := manual.NewBuilderWithScheme("replicas")
	replicas.InitialState(resolver.State{Addresses: []resolver.Address{{Addr: addrs[0]}, {Addr: addrs[1]}}})
	served := &servedBy{calls: map[string]int{}}
	client := dialAddr(t, "replicas:///timelined", served.option(),
		timeline.WithDialOptions(grpc.WithResolvers(replicas),
			grpc.WithDefaultServiceConfig(`{"loadBalancingConfig": [{"round_robin": {}}]}`)))
	ctx := testContext(t)

	// round_robin uses the servers it has connected to; until both are, calls go to one.
	for deadline := time.Now().Add(10 * time.Second); len(served.snapshot()) < 2; {
		if time.Now().After(deadline) {
			t.Fatalf("calls reached only %v of %v", served.snapshot(), addrs)
		}
		collect(t, client.Events(ctx, &timelinepb.ListEventsRequest{PageSize: 100}))
	}
	before := served.snapshot()

	req := &timelinepb.ListEventsRequest{Places: []string{"places/ml"}, PageSize: 2}
	if got := names(collect(t, client.Events(ctx, req))); !slices.Equal(got, maliEvents) {
		t.Errorf("events in Mali through both replicas:\n got %q\nwant %q", got, maliEvents)
	}
	after := served.snapshot()
	pages := 0
	for _, addr := range addrs {
		n := after[addr] - before[addr]
		if n == 0 {
			t.Errorf("no page came from %s (pages per server: before %v, after %v)", addr, before, after)
		}
		pages += n
	}
	if pages != 3 {
		t.Errorf("5 events in pages of 2 took %d ListEvents calls, want 3", pages)
	}
}
