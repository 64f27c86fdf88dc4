// The List iterators against the seed data: every item once, in order, across small pages.

package timeline_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"google.golang.org/grpc"

	"github.com/timeline-events/timeline/clients/go/timeline"
	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

// callCounter counts the unary calls made through a client, by method.
type callCounter struct {
	mu    sync.Mutex
	calls map[string]int
}

func countCalls() (*callCounter, timeline.Option) {
	c := &callCounter{calls: map[string]int{}}
	return c, timeline.WithDialOptions(grpc.WithChainUnaryInterceptor(
		func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn,
			invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
			c.mu.Lock()
			c.calls[method[strings.LastIndex(method, "/")+1:]]++
			c.mu.Unlock()
			return invoker(ctx, method, req, reply, cc, opts...)
		}))
}

func (c *callCounter) of(method string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[method]
}

func TestEventsFollowsPageTokens(t *testing.T) {
	counter, counting := countCalls()
	client := dial(t, counting)
	req := &timelinepb.ListEventsRequest{Places: []string{"places/ml"}, PageSize: 2}

	got := names(collect(t, client.Events(testContext(t), req)))

	if !slices.Equal(got, maliEvents) {
		t.Errorf("events in Mali:\n got %q\nwant %q", got, maliEvents)
	}
	if n := counter.of("ListEvents"); n != 3 {
		t.Errorf("5 events in pages of 2 took %d ListEvents calls, want 3", n)
	}
	if req.GetPageToken() != "" {
		t.Errorf("the caller's request was changed: page_token %q", req.GetPageToken())
	}
}

func TestEventsFetchesNoMorePagesAfterBreak(t *testing.T) {
	counter, counting := countCalls()
	client := dial(t, counting)
	req := &timelinepb.ListEventsRequest{Places: []string{"places/ml"}, PageSize: 2}

	var first []string
	for event, err := range client.Events(testContext(t), req) {
		if err != nil {
			t.Fatal(err)
		}
		first = append(first, event.GetName())
		if len(first) == 2 {
			break
		}
	}

	if !slices.Equal(first, maliEvents[:2]) {
		t.Errorf("first page: got %q, want %q", first, maliEvents[:2])
	}
	if n := counter.of("ListEvents"); n != 1 {
		t.Errorf("breaking after the first page made %d ListEvents calls, want 1", n)
	}
}

func TestEventsStartsAgainOnEachRange(t *testing.T) {
	client := dial(t)
	events := client.Events(testContext(t), &timelinepb.ListEventsRequest{
		Actors: []string{"actors/assimi-goita"}, PageSize: 1})

	for round := range 2 {
		got := names(collect(t, events))
		want := []string{"events/goita-receives-turkish-parliamentary-delegation"}
		if !slices.Equal(got, want) {
			t.Errorf("round %d: Assimi Goïta's events: got %q, want %q", round, got, want)
		}
	}
}

func TestActorsFollowsPageTokens(t *testing.T) {
	counter, counting := countCalls()
	client := dial(t, counting)

	got := names(collect(t, client.Actors(testContext(t), &timelinepb.ListActorsRequest{PageSize: 3})))

	want := []string{
		"actors/abdoulaye-diop", "actors/assimi-goita", "actors/azawad-rebels", "actors/mali",
		"actors/malian-armed-forces", "actors/orhan-diliguz", "actors/russia", "actors/sergey-lavrov",
		"actors/turkey", "actors/turkish-parliamentary-delegation-mali-2024", "actors/wagner-group",
	}
	if !slices.Equal(got, want) {
		t.Errorf("actors:\n got %q\nwant %q", got, want)
	}
	if n := counter.of("ListActors"); n != 4 {
		t.Errorf("11 actors in pages of 3 took %d ListActors calls, want 4", n)
	}
}

func TestActorsFindsANameInAnotherScript(t *testing.T) {
	client := dial(t)

	got := collect(t, client.Actors(testContext(t), &timelinepb.ListActorsRequest{Query: "غويتا"}))

	if len(got) != 1 || got[0].GetName() != "actors/assimi-goita" || got[0].GetDisplayName() != "Assimi Goïta" {
		t.Errorf("actors named غويتا: got %v, want only actors/assimi-goita (Assimi Goïta)", got)
	}
}

func TestPlacesFollowsPageTokens(t *testing.T) {
	counter, counting := countCalls()
	client := dial(t, counting)

	got := collect(t, client.Places(testContext(t), &timelinepb.ListPlacesRequest{Query: "bamako", PageSize: 2}))

	want := []string{"places/ml-bamako", "places/ml-bamako-gendarmerie-school", "places/ml-bamako-military-airport"}
	if !slices.Equal(names(got), want) {
		t.Errorf("places named bamako: got %q, want %q", names(got), want)
	}
	if n := counter.of("ListPlaces"); n != 2 {
		t.Errorf("3 places in pages of 2 took %d ListPlaces calls, want 2", n)
	}
	if ancestors := got[1].GetAncestors(); !slices.Equal(ancestors, []string{"places/ml-bamako", "places/ml"}) {
		t.Errorf("ancestors of the gendarmerie school: got %q", ancestors)
	}
}

func TestPlacesUnderAParent(t *testing.T) {
	client := dial(t)

	got := names(collect(t, client.Places(testContext(t), &timelinepb.ListPlacesRequest{Parent: "places/ml", PageSize: 1})))

	want := []string{"places/ml-bamako", "places/ml-kidal-region"}
	if !slices.Equal(got, want) {
		t.Errorf("places directly under Mali: got %q, want %q", got, want)
	}
}
