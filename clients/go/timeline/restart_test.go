// Watch across a real server restart: a second timelined on the test database is killed under
// a watcher, changes are written meanwhile through the first, and the watcher must see each of
// them once when the second server comes back on the same port.

package timeline_test

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/timeline-events/timeline/clients/go/timeline"
	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

func TestWatchResumesAcrossServerRestart(t *testing.T) {
	seeded := dial(t)
	binary, databaseURL := os.Getenv("TIMELINE_TIMELINED"), os.Getenv("TIMELINE_DATABASE_URL")
	if binary == "" || databaseURL == "" {
		t.Skip("TIMELINE_TIMELINED and TIMELINE_DATABASE_URL are not set: this needs the server binary " +
			"and its database (tests/e2e/with-server.sh sets them)")
	}
	ctx := testContext(t)
	addr := freeLoopbackAddr(t)
	second := startTimelined(t, binary, databaseURL, addr)
	watcher := dialAddr(t, addr)
	eventID := "go-client-restart-" + strconv.FormatInt(time.Now().UnixNano(), 36)

	var retries atomic.Int32
	changes, failure := make(chan *timelinepb.WatchEventsResponse), make(chan error, 1)
	go func() {
		// The changes to this test's event, from the start of the log: whatever else the database
		// has seen does not match.
		req := &timelinepb.WatchEventsRequest{Filter: `title:"` + eventID + `"`, Cursor: "0"}
		for change, err := range watcher.Watch(ctx, req,
			timeline.WithBackoff(50*time.Millisecond, 500*time.Millisecond),
			timeline.OnRetry(func(error, time.Duration) { retries.Add(1) })) {
			if err != nil {
				failure <- err
				return
			}
			changes <- change
		}
	}()
	next := func() *timelinepb.WatchEventsResponse {
		t.Helper()
		select {
		case change := <-changes:
			return change
		case err := <-failure:
			t.Fatalf("the watch failed: %v", err)
		case <-time.After(20 * time.Second):
			t.Fatal("no change within 20s")
		}
		return nil
	}

	event := createMeetingInMoscow(ctx, t, watcher, eventID)
	received := []*timelinepb.WatchEventsResponse{next()}
	second.kill(t)

	// While the watcher's server is down, the event changes twice through the other server.
	for _, summary := range []string{"First correction.", "Second correction."} {
		event.Summary = summary
		var err error
		event, err = seeded.EventService.UpdateEvent(ctx, &timelinepb.UpdateEventRequest{
			Event: event, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"summary"}}})
		if err != nil {
			t.Fatal(err)
		}
	}

	startTimelined(t, binary, databaseURL, addr)
	received = append(received, next(), next())
	// And once more through the restarted server, which the resumed stream gets live.
	if _, err := watcher.EventService.DeleteEvent(ctx, &timelinepb.DeleteEventRequest{Name: event.GetName()}); err != nil {
		t.Fatal(err)
	}
	received = append(received, next())

	var got []string
	for _, change := range received {
		got = append(got, change.GetKind().String()+" "+change.GetEvent().GetName())
	}
	want := []string{
		"CREATED " + event.GetName(),
		"UPDATED " + event.GetName(),
		"UPDATED " + event.GetName(),
		"DELETED " + event.GetName(),
	}
	if !slices.Equal(got, want) {
		t.Errorf("changes seen across the restart:\n got %q\nwant %q", got, want)
	}
	for i := 1; i < len(received); i++ {
		if cursorOf(t, received[i]) <= cursorOf(t, received[i-1]) {
			t.Errorf("cursor %s follows %s", received[i].GetCursor(), received[i-1].GetCursor())
		}
	}
	if retries.Load() == 0 {
		t.Error("the watch never had to reconnect: the server was not really restarted under it")
	}
	select {
	case change := <-changes:
		t.Errorf("a change twice or out of place: %s", changeLine(change))
	case err := <-failure:
		t.Errorf("the watch failed: %v", err)
	case <-time.After(500 * time.Millisecond):
	}
}

func createMeetingInMoscow(ctx context.Context, t *testing.T, client *timeline.Client, id string) *timelinepb.Event {
	t.Helper()
	moscow, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	start, _ := timeline.Day(2024, time.November, 5, moscow)
	event, err := client.EventService.CreateEvent(ctx, &timelinepb.CreateEventRequest{
		EventId: id,
		Event: &timelinepb.Event{
			Title:     "Meeting in Moscow (" + id + ")",
			EventType: "meeting",
			Time: timeline.Span{Start: start, Precision: timelinepb.Precision_PRECISION_DAY,
				TimeZone: "Europe/Moscow"}.Proto(),
			Actors: []*timelinepb.EventActor{{Actor: "actors/russia", Role: timelinepb.ActorRole_MENTIONED}},
			Places: []*timelinepb.EventPlace{{Place: "places/ru-moscow", Role: timelinepb.PlaceRole_LOCATION}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := timeline.SpanOf(event.GetTime()).String(); got != "[2024-11-04T21:00:00Z, 2024-11-05T21:00:00Z) DAY" {
		t.Errorf("5 November 2024 in Moscow was stored as %s", got)
	}
	return event
}

func cursorOf(t *testing.T, change *timelinepb.WatchEventsResponse) int64 {
	t.Helper()
	n, err := strconv.ParseInt(change.GetCursor(), 10, 64)
	if err != nil {
		t.Fatalf("cursor %q: %v", change.GetCursor(), err)
	}
	return n
}

// freeLoopbackAddr finds a port nothing listens on.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	return listener.Addr().String()
}

// timelined is a server started by a test.
type timelined struct {
	cmd    *exec.Cmd
	log    *bytes.Buffer
	exited chan struct{}
}

// startTimelined serves the already migrated and seeded database at addr and waits until the
// server answers its health check. The server is killed when the test ends.
func startTimelined(t *testing.T, binary, databaseURL, addr string) *timelined {
	t.Helper()
	return startTimelinedWith(t, binary, databaseURL, addr, timeline.WithInsecure())
}

// startTimelinedWith is startTimelined with more flags for the server, and the option with which
// to reach it (TLS, say).
func startTimelinedWith(t *testing.T, binary, databaseURL, addr string, reach timeline.Option,
	flags ...string) *timelined {
	t.Helper()
	args := append([]string{"serve", "--database_url=" + databaseURL, "--listen=" + addr}, flags...)
	s := &timelined{
		cmd:    exec.Command(binary, args...),
		log:    &bytes.Buffer{},
		exited: make(chan struct{}),
	}
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() { s.kill(t) })

	deadline := time.Now().Add(20 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		client, err := timeline.Dial(ctx, addr, reach)
		cancel()
		if err == nil {
			client.Close()
			return s
		}
		select {
		case <-s.exited:
			t.Fatalf("timelined exited: %s", s.log)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("timelined is not serving at %s after 20s: %v\n%s", addr, err, s.log)
		}
	}
}

// kill ends the server at once, as a crash would.
func (s *timelined) kill(t *testing.T) {
	t.Helper()
	select {
	case <-s.exited:
		return
	default:
	}
	if err := s.cmd.Process.Kill(); err != nil {
		t.Errorf("killing timelined: %v", err)
	}
	<-s.exited
}
