// WatchActors and WatchPlaces: the registry's change feeds as iterators that survive a broken
// connection, as Watch does for events. The curating calls themselves (UpdateActor, MergeActors,
// SplitPlace, UpdateSource...) are unary and go through the stubs, Client.ActorService,
// Client.PlaceService and Client.SourceService, with errors typed like every call's.

package timeline

import (
	"context"
	"iter"

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
	return followChanges(ctx, c, req, opts,
		func(ctx context.Context, r *timelinepb.WatchActorsRequest) (receiver[*timelinepb.WatchActorsResponse], error) {
			return c.ActorService.WatchActors(ctx, r)
		})
}

// WatchPlaces follows the changes to places (those req.Places names, or all), as WatchActors
// does for actors.
func (c *Client) WatchPlaces(ctx context.Context, req *timelinepb.WatchPlacesRequest, opts ...StreamOption) iter.Seq2[*timelinepb.WatchPlacesResponse, error] {
	return followChanges(ctx, c, req, opts,
		func(ctx context.Context, r *timelinepb.WatchPlacesRequest) (receiver[*timelinepb.WatchPlacesResponse], error) {
			return c.PlaceService.WatchPlaces(ctx, r)
		})
}
