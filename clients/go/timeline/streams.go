// Watch and Export as iterators that survive a broken connection: each remembers where the
// stream got to (the last change's cursor, the last event's resume token) and reopens it from
// there, so the loop sees every change or event once.

package timeline

import (
	"context"
	"errors"
	"io"
	"iter"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

// Watch follows the changes to the events req selects (creations, updates, deletions and
// merges), in the order they were committed, for as long as ctx lasts. req.Cursor "0" replays
// the whole change log first; another cursor continues after that change; req.StartTime replays
// from a moment; neither starts with the next change.
//
// When the stream breaks with UNAVAILABLE (the server restarted, the network dropped) Watch waits
// (see WithBackoff) and reopens it after the last change received, so the loop sees each change
// exactly once. If it breaks before the first change of a watch that started at the next change,
// it reopens from the time the watch began, by this machine's clock. Any other failure, the
// retries running out (WithMaxRetries) or ctx ending is yielded as an error and ends the loop.
// Keep the last change's Cursor to continue in a later process.
//
//	for change, err := range client.Watch(ctx, &timelinepb.WatchEventsRequest{Places: []string{"places/ml"}}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(change.GetKind(), change.GetEvent().GetName(), change.GetCursor())
//	}
func (c *Client) Watch(ctx context.Context, req *timelinepb.WatchEventsRequest, opts ...StreamOption) iter.Seq2[*timelinepb.WatchEventsResponse, error] {
	return followChanges(ctx, c, req, opts,
		func(ctx context.Context, r *timelinepb.WatchEventsRequest) (receiver[*timelinepb.WatchEventsResponse], error) {
			return c.EventService.WatchEvents(ctx, r)
		})
}

// watchRequest is what every Watch request has: a cursor and a start time.
type watchRequest[T any] interface {
	*T
	proto.Message
	GetCursor() string
	GetStartTime() *timestamppb.Timestamp
}

// followChanges follows a change feed that open starts (WatchEvents, WatchActors, WatchPlaces)
// without end: each change moves the request's cursor, so a reopened stream continues exactly
// after the last change delivered; a watch of "the next change made" that breaks before its
// first change reopens from the time it began.
func followChanges[T any, Req watchRequest[T], Resp interface{ GetCursor() string }](
	ctx context.Context, c *Client, req Req, opts []StreamOption,
	open func(context.Context, Req) (receiver[Resp], error),
) iter.Seq2[Resp, error] {
	req = cloneOrNew[T, Req](req)
	fromNextChange := req.GetCursor() == "" && req.GetStartTime() == nil
	return func(yield func(Resp, error) bool) {
		next := cloneOrNew[T, Req](req)
		started := time.Now()
		resume(ctx, c.conn, newStreamSettings(opts), resumable[Resp]{
			open: func(ctx context.Context, reopening bool) (receiver[Resp], error) {
				if reopening && fromNextChange && next.GetCursor() == "" {
					setWatchField(next, "start_time",
						protoreflect.ValueOfMessage(timestamppb.New(started).ProtoReflect()))
				}
				return open(ctx, next)
			},
			advance: func(change Resp) {
				setWatchField(next, "cursor", protoreflect.ValueOfString(change.GetCursor()))
			},
			endless: true,
		}, yield)
	}
}

// setWatchField sets one of the fields every Watch request has, by its name in the proto.
func setWatchField(req proto.Message, name protoreflect.Name, value protoreflect.Value) {
	m := req.ProtoReflect()
	m.Set(m.Descriptor().Fields().ByName(name), value)
}

// Export streams every event req selects, in the order ListEvents would page through them,
// however many there are. When the stream breaks with UNAVAILABLE, Export waits (see
// WithBackoff) and continues after the last event received, so the loop sees each event once.
// Each message's ResumeToken can also be kept to continue in a later process, as
// req.ResumeToken.
//
// Resume tokens are signed by the server: after a server restart they stay valid only if the
// server's page token secret (--page_token_secret) did not change, and otherwise the resumed
// export fails with INVALID_ARGUMENT.
func (c *Client) Export(ctx context.Context, req *timelinepb.ExportEventsRequest, opts ...StreamOption) iter.Seq2[*timelinepb.ExportEventsResponse, error] {
	req = cloneOrNew(req)
	return func(yield func(*timelinepb.ExportEventsResponse, error) bool) {
		next := cloneOrNew(req)
		resume(ctx, c.conn, newStreamSettings(opts), resumable[*timelinepb.ExportEventsResponse]{
			open: func(ctx context.Context, _ bool) (receiver[*timelinepb.ExportEventsResponse], error) {
				return c.EventService.ExportEvents(ctx, next)
			},
			advance: func(m *timelinepb.ExportEventsResponse) {
				next.ResumeToken = m.GetResumeToken()
			},
		}, yield)
	}
}

// receiver is the receiving half of a server stream.
type receiver[M any] interface {
	Recv() (M, error)
}

// resumable says how to (re)open one kind of stream and remember where it got to.
type resumable[M any] struct {
	// open opens the stream from the last position advance recorded.
	open func(ctx context.Context, reopening bool) (receiver[M], error)
	// advance records a message received as the position to reopen after.
	advance func(M)
	// endless streams (Watch) are reopened when the server ends them; others are complete.
	endless bool
}

// resume receives from s until the loop stops, ctx ends, the stream completes or a failure is
// final, reopening it after failures worth a retry.
func resume[M any](ctx context.Context, conn *grpc.ClientConn, settings streamSettings,
	s resumable[M], yield func(M, error) bool) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	retries := retrier{settings: settings}
	for reopening := false; ; reopening = true {
		err := receiveAll(ctx, s, reopening, &retries, yield)
		switch {
		case err == errStopped:
			return
		case err == io.EOF && !s.endless:
			return
		case err == io.EOF:
			err = newError(status.New(codes.Unavailable, "the server ended the stream"))
		}
		if err := retries.wait(ctx, err); err != nil {
			var none M
			yield(none, err)
			return
		}
		// The connection backs off its own reconnections too; this retry is the one to make now.
		conn.ResetConnectBackoff()
	}
}

// errStopped tells resume that the loop broke off.
var errStopped = errors.New("timeline: the loop stopped")

// receiveAll opens the stream once and hands each message to yield until the stream fails or
// ends (its error, io.EOF) or the loop breaks (errStopped).
func receiveAll[M any](ctx context.Context, s resumable[M], reopening bool, retries *retrier,
	yield func(M, error) bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := s.open(ctx, reopening)
	if err != nil {
		return asStreamError(err)
	}
	for {
		m, err := stream.Recv()
		if err != nil {
			return asStreamError(err)
		}
		retries.received()
		s.advance(m)
		if !yield(m, nil) {
			return errStopped
		}
	}
}
