// WatchActors and WatchPlaces: the registry's change feeds as iterators that survive a broken
// connection, as Watch does for events. The curating calls themselves (UpdateActor, MergeActors,
// SplitPlace, UpdateSource...) are unary and go through the stubs, Client.ActorService,
// Client.PlaceService and Client.SourceService, with errors typed like every call's.

package timeline

import (
	"context"
	"iter"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

// WatchActors follows the changes to actors (those req.Actors names, or all): creations,
// updates, deletions, merges and splits, each with its Reason, in the order they were committed,
// for as long as ctx lasts. Cursors and reconnection work as in Watch; the cursors of every
// watch are positions in one change log.
//
//	for change, err := range client.WatchActors(ctx, &timelinepb.WatchActorsRequest{StartTime: since}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(change.GetKind(), change.GetActor().GetName(), change.GetReason())
//	}
func (c *Client) WatchActors(ctx context.Context, req *timelinepb.WatchActorsRequest, opts ...StreamOption) iter.Seq2[*timelinepb.WatchActorsResponse, error] {
	req = cloneOrNew(req)
	fromNextChange := req.GetCursor() == "" && req.GetStartTime() == nil
	return func(yield func(*timelinepb.WatchActorsResponse, error) bool) {
		next := cloneOrNew(req)
		started := time.Now()
		resume(ctx, c.conn, newStreamSettings(opts), resumable[*timelinepb.WatchActorsResponse]{
			open: func(ctx context.Context, reopening bool) (receiver[*timelinepb.WatchActorsResponse], error) {
				if reopening && fromNextChange && next.GetCursor() == "" {
					next.StartTime = timestamppb.New(started)
				}
				return c.ActorService.WatchActors(ctx, next)
			},
			advance: func(change *timelinepb.WatchActorsResponse) {
				next.Cursor = change.GetCursor()
			},
			endless: true,
		}, yield)
	}
}

// WatchPlaces follows the changes to places (those req.Places names, or all), as WatchActors
// does for actors.
func (c *Client) WatchPlaces(ctx context.Context, req *timelinepb.WatchPlacesRequest, opts ...StreamOption) iter.Seq2[*timelinepb.WatchPlacesResponse, error] {
	req = cloneOrNew(req)
	fromNextChange := req.GetCursor() == "" && req.GetStartTime() == nil
	return func(yield func(*timelinepb.WatchPlacesResponse, error) bool) {
		next := cloneOrNew(req)
		started := time.Now()
		resume(ctx, c.conn, newStreamSettings(opts), resumable[*timelinepb.WatchPlacesResponse]{
			open: func(ctx context.Context, reopening bool) (receiver[*timelinepb.WatchPlacesResponse], error) {
				if reopening && fromNextChange && next.GetCursor() == "" {
					next.StartTime = timestamppb.New(started)
				}
				return c.PlaceService.WatchPlaces(ctx, next)
			},
			advance: func(change *timelinepb.WatchPlacesResponse) {
				next.Cursor = change.GetCursor()
			},
			endless: true,
		}, yield)
	}
}
