// Range-over-func iterators over the List calls: each follows next_page_token until the last
// page, fetching a page only when the loop has used up the one before.

package timeline

import (
	"context"
	"iter"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

// Events iterates over every event ListEvents selects with req, page after page, in the
// request's order_by. req.PageSize sets the page size (0: the server's 50) and req.PageToken,
// when set, the page to start at; req itself is not changed. A failed call is yielded as an
// *Error and ends the iteration; breaking out of the loop stops fetching.
//
//	for ev, err := range client.Events(ctx, &timelinepb.ListEventsRequest{Places: []string{"places/ml"}}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(ev.GetName())
//	}
func (c *Client) Events(ctx context.Context, req *timelinepb.ListEventsRequest) iter.Seq2[*timelinepb.Event, error] {
	return pages(ctx, cloneOrNew(req), c.EventService.ListEvents,
		func(r *timelinepb.ListEventsRequest, token string) { r.PageToken = token },
		func(r *timelinepb.ListEventsResponse) ([]*timelinepb.Event, string) {
			return r.GetEvents(), r.GetNextPageToken()
		})
}

// Actors iterates over every actor ListActors returns for req (all of them, or those whose
// names match req.Query, best match first), page after page, as Events does.
func (c *Client) Actors(ctx context.Context, req *timelinepb.ListActorsRequest) iter.Seq2[*timelinepb.Actor, error] {
	return pages(ctx, cloneOrNew(req), c.ActorService.ListActors,
		func(r *timelinepb.ListActorsRequest, token string) { r.PageToken = token },
		func(r *timelinepb.ListActorsResponse) ([]*timelinepb.Actor, string) {
			return r.GetActors(), r.GetNextPageToken()
		})
}

// Places iterates over every place ListPlaces returns for req (by name, parent, circle or box),
// page after page, as Events does.
func (c *Client) Places(ctx context.Context, req *timelinepb.ListPlacesRequest) iter.Seq2[*timelinepb.Place, error] {
	return pages(ctx, cloneOrNew(req), c.PlaceService.ListPlaces,
		func(r *timelinepb.ListPlacesRequest, token string) { r.PageToken = token },
		func(r *timelinepb.ListPlacesResponse) ([]*timelinepb.Place, string) {
			return r.GetPlaces(), r.GetNextPageToken()
		})
}

// Sources iterates over every source, page after page, as Events does.
func (c *Client) Sources(ctx context.Context, req *timelinepb.ListSourcesRequest) iter.Seq2[*timelinepb.Source, error] {
	return pages(ctx, cloneOrNew(req), c.SourceService.ListSources,
		func(r *timelinepb.ListSourcesRequest, token string) { r.PageToken = token },
		func(r *timelinepb.ListSourcesResponse) ([]*timelinepb.Source, string) {
			return r.GetSources(), r.GetNextPageToken()
		})
}

// RelatedActors iterates over the actors sharing events with req.Actor, most shared events
// first, page after page, as Events does.
func (c *Client) RelatedActors(ctx context.Context, req *timelinepb.ListRelatedActorsRequest) iter.Seq2[*timelinepb.RelatedActor, error] {
	return pages(ctx, cloneOrNew(req), c.ActorService.ListRelatedActors,
		func(r *timelinepb.ListRelatedActorsRequest, token string) { r.PageToken = token },
		func(r *timelinepb.ListRelatedActorsResponse) ([]*timelinepb.RelatedActor, string) {
			return r.GetRelatedActors(), r.GetNextPageToken()
		})
}

// pages is the loop behind every List iterator. req is the iterator's own copy: each range over
// the iterator starts again from the token it had.
func pages[Req proto.Message, Resp, Item any](
	ctx context.Context,
	req Req,
	list func(context.Context, Req, ...grpc.CallOption) (Resp, error),
	setPageToken func(Req, string),
	itemsOf func(Resp) ([]Item, string),
) iter.Seq2[Item, error] {
	return func(yield func(Item, error) bool) {
		page := proto.Clone(req).(Req)
		for {
			resp, err := list(ctx, page)
			if err != nil {
				var none Item
				yield(none, asError(err))
				return
			}
			items, next := itemsOf(resp)
			for _, item := range items {
				if !yield(item, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			setPageToken(page, next)
		}
	}
}

// cloneOrNew copies a request so that iterating never changes the caller's; nil is an empty
// request.
func cloneOrNew[T any, PT interface {
	*T
	proto.Message
}](req PT) PT {
	if req == nil {
		return new(T)
	}
	return proto.Clone(req).(PT)
}
