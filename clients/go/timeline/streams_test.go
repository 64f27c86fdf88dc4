// Watch and Export against the seed data: replay in cursor order, resuming after a cursor or a
// resume token, and continuing after a stream that breaks.

package timeline_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/timeline-events/timeline/clients/go/timeline"
	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

// The seed's events in the order the seed loader created them: the change log's first six
// event changes. Their cursors are opaque (the log records the seed's registry rows too), so
// the tests know only their order.
var seedChanges = []string{
	"events/goita-receives-turkish-parliamentary-delegation",
	"events/bamako-attacks-2024-09",
	"events/tinzaouaten-drone-strikes",
	"events/tessalit-retaken-by-malian-army",
	"events/turkey-supplies-drones-to-mali",
	"events/diop-lavrov-press-conference-moscow",
}

// changeLine renders a change as "CURSOR KIND NAME" for comparisons.
func changeLine(change *timelinepb.WatchEventsResponse) string {
	return change.GetCursor() + " " + change.GetKind().String() + " " + change.GetEvent().GetName()
}

// kindAndName renders a change as "KIND NAME", for comparisons that leave the cursor out.
func kindAndName(change *timelinepb.WatchEventsResponse) string {
	return change.GetKind().String() + " " + change.GetEvent().GetName()
}

// replaySeed reads the first count changes a watch gives.
func replaySeed(t *testing.T, client *timeline.Client, request *timelinepb.WatchEventsRequest, count int) []*timelinepb.WatchEventsResponse {
	t.Helper()
	var got []*timelinepb.WatchEventsResponse
	for change, err := range client.Watch(testContext(t), request) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, change)
		if len(got) == count {
			break
		}
	}
	return got
}

// checkCursorsIncrease fails unless the changes' cursors are strictly increasing numbers.
func checkCursorsIncrease(t *testing.T, changes []*timelinepb.WatchEventsResponse) {
	t.Helper()
	previous := int64(0)
	for _, change := range changes {
		cursor, err := strconv.ParseInt(change.GetCursor(), 10, 64)
		if err != nil || cursor <= previous {
			t.Errorf("cursor %q after %d: want a larger number", change.GetCursor(), previous)
			return
		}
		previous = cursor
	}
}

func TestWatchReplaysTheSeedInCursorOrder(t *testing.T) {
	client := dial(t)

	changes := replaySeed(t, client, &timelinepb.WatchEventsRequest{Cursor: "0"}, len(seedChanges))

	var got, want []string
	for _, change := range changes {
		got = append(got, kindAndName(change))
	}
	for _, name := range seedChanges {
		want = append(want, "CREATED "+name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("replay from the start:\n got %q\nwant %q", got, want)
	}
	checkCursorsIncrease(t, changes)
}

func TestWatchFromACursorGivesExactlyTheRest(t *testing.T) {
	client := dial(t)
	// Long enough for any further change of the selection to arrive; there is none.
	ctx, cancel := context.WithTimeout(testContext(t), 1500*time.Millisecond)
	defer cancel()

	// Mali's five seed events, as a replay from the start gives them; resume after the second.
	replay := replaySeed(t, client, &timelinepb.WatchEventsRequest{Places: []string{"places/ml"}, Cursor: "0"}, 5)
	if len(replay) != 5 {
		t.Fatalf("replay of Mali gave %d changes, want 5", len(replay))
	}
	checkCursorsIncrease(t, replay)
	var want []string
	for _, change := range replay[2:] {
		want = append(want, changeLine(change))
	}

	var got []string
	var final error
	for change, err := range client.Watch(ctx, &timelinepb.WatchEventsRequest{Places: []string{"places/ml"}, Cursor: replay[1].GetCursor()}) {
		if err != nil {
			final = err
			break
		}
		got = append(got, changeLine(change))
	}

	if !slices.Equal(got, want) {
		t.Errorf("Mali's changes after the second:\n got %q\nwant %q", got, want)
	}
	// Every seed event but the press conference in Moscow (the last one) is in Mali.
	for i, name := range seedChanges[:5] {
		if kindAndName(replay[i]) != "CREATED "+name {
			t.Errorf("Mali's change %d is %q, want CREATED %s", i+1, kindAndName(replay[i]), name)
		}
	}
	if !errors.Is(final, context.DeadlineExceeded) {
		t.Errorf("the watch ended with %v, want the context's deadline", final)
	}
}

func TestExportStreamsTheSelectionInListOrder(t *testing.T) {
	client := dial(t)

	messages := collect(t, client.Export(testContext(t), &timelinepb.ExportEventsRequest{Places: []string{"places/ml"}}))

	if got := exportedNames(messages); !slices.Equal(got, maliEvents) {
		t.Errorf("export of Mali:\n got %q\nwant %q", got, maliEvents)
	}
}

func TestExportContinuesFromAResumeToken(t *testing.T) {
	client := dial(t)
	ctx := testContext(t)
	req := &timelinepb.ExportEventsRequest{Places: []string{"places/ml"}}
	messages := collect(t, client.Export(ctx, req))

	req.ResumeToken = messages[1].GetResumeToken()
	rest := collect(t, client.Export(ctx, req))

	if got := exportedNames(rest); !slices.Equal(got, maliEvents[2:]) {
		t.Errorf("export after the second event:\n got %q\nwant %q", got, maliEvents[2:])
	}
}

func TestExportResumesABrokenStream(t *testing.T) {
	breaker := &streamBreaker{after: 2}
	client := dial(t, timeline.WithDialOptions(grpc.WithChainStreamInterceptor(breaker.intercept)))
	var retries atomic.Int32

	messages := collect(t, client.Export(testContext(t), &timelinepb.ExportEventsRequest{Places: []string{"places/ml"}},
		timeline.WithBackoff(time.Millisecond, 10*time.Millisecond),
		timeline.OnRetry(func(err error, _ time.Duration) {
			if !errors.Is(err, timeline.ErrUnavailable) {
				t.Errorf("retried after %v", err)
			}
			retries.Add(1)
		})))

	if got := exportedNames(messages); !slices.Equal(got, maliEvents) {
		t.Errorf("export broken after 2 events:\n got %q\nwant %q", got, maliEvents)
	}
	if n := retries.Load(); n != 1 {
		t.Errorf("%d retries, want 1", n)
	}
	requests := breaker.requests()
	if len(requests) != 2 || requests[0].GetResumeToken() != "" ||
		requests[1].GetResumeToken() != messages[1].GetResumeToken() {
		t.Errorf("want a first export from the start and a second from the second event's token; got %v", requests)
	}
}

func TestExportGivesUpOnAFinalError(t *testing.T) {
	client := dial(t)
	var retries atomic.Int32

	var errs []error
	for _, err := range client.Export(testContext(t), &timelinepb.ExportEventsRequest{Places: []string{"places/nowhere"}},
		timeline.OnRetry(func(error, time.Duration) { retries.Add(1) })) {
		errs = append(errs, err)
	}

	if len(errs) != 1 || !errors.Is(errs[0], timeline.ErrNotFound) || retries.Load() != 0 {
		t.Errorf("export of an unknown place: got %v after %d retries, want one NotFound and no retry", errs, retries.Load())
	}
}

func exportedNames(messages []*timelinepb.ExportEventsResponse) []string {
	out := make([]string, len(messages))
	for i, m := range messages {
		out[i] = m.GetEvent().GetName()
	}
	return out
}

// streamBreaker fails the first export stream with UNAVAILABLE after a number of messages, as
// a dropped connection would, and records the request of every export stream.
type streamBreaker struct {
	after int

	mu      sync.Mutex
	opened  int
	started []*timelinepb.ExportEventsRequest
}

func (b *streamBreaker) intercept(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn,
	method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	stream, err := streamer(ctx, desc, cc, method, opts...)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.opened++
	return &breakingStream{ClientStream: stream, breaker: b, breaks: b.opened == 1}, nil
}

func (b *streamBreaker) requests() []*timelinepb.ExportEventsRequest {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.started)
}

type breakingStream struct {
	grpc.ClientStream
	breaker  *streamBreaker
	breaks   bool
	received int
}

func (s *breakingStream) SendMsg(m any) error {
	if req, ok := m.(*timelinepb.ExportEventsRequest); ok {
		s.breaker.mu.Lock()
		s.breaker.started = append(s.breaker.started, proto.CloneOf(req))
		s.breaker.mu.Unlock()
	}
	return s.ClientStream.SendMsg(m)
}

func (s *breakingStream) RecvMsg(m any) error {
	if s.breaks && s.received == s.breaker.after {
		return status.Error(codes.Unavailable, "connection dropped by the test")
	}
	s.received++
	return s.ClientStream.RecvMsg(m)
}
