// Curating the registry against the seeded server: an actor's etag guards its update, a merge
// re-links events and a split restores them, a referenced actor cannot be deleted, WatchActors
// reports merges with their reason, a moved place takes its events along, and a source's new
// url shows in the events citing it. Each test writes rows of its own (at places/dz, where the
// seed has no event) and deletes them afterwards, events first.

package timeline_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/timeline-events/timeline/clients/go/timeline"
	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

// uniqueID makes a resource id no other test run uses.
func uniqueID(prefix string) string {
	return prefix + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
}

func createActor(t *testing.T, client *timeline.Client, id, displayName string) *timelinepb.Actor {
	t.Helper()
	actor, err := client.ActorService.CreateActor(testContext(t), &timelinepb.CreateActorRequest{
		ActorId: id,
		Actor: &timelinepb.Actor{DisplayName: displayName, Kind: timelinepb.ActorKind_ARMED_GROUP,
			CountryCode: "DZ"},
	})
	if err != nil {
		t.Fatalf("CreateActor %s: %v", id, err)
	}
	// Retired after the test's events (cleanups run last first), so listings see the seed's only.
	t.Cleanup(func() {
		client.ActorService.DeleteActor(context.Background(), &timelinepb.DeleteActorRequest{Name: actor.GetName()})
	})
	return actor
}

// createEvent makes an event at the given place (places/dz by default) naming actors as
// INITIATOR, and deletes it when the test ends.
func createEvent(t *testing.T, client *timeline.Client, event *timelinepb.Event) *timelinepb.Event {
	t.Helper()
	if event.Time == nil {
		start, _ := timeline.Day(2023, time.May, 17, time.UTC)
		event.Time = timeline.Span{Start: start, Precision: timelinepb.Precision_PRECISION_DAY}.Proto()
	}
	if len(event.Places) == 0 {
		event.Places = []*timelinepb.EventPlace{{Place: "places/dz", Role: timelinepb.PlaceRole_LOCATION}}
	}
	created, err := client.EventService.CreateEvent(testContext(t), &timelinepb.CreateEventRequest{
		EventId: uniqueID("go-curation"), Event: event})
	if err != nil {
		t.Fatalf("CreateEvent: %v", err)
	}
	t.Cleanup(func() {
		client.EventService.DeleteEvent(context.Background(), &timelinepb.DeleteEventRequest{Name: created.GetName()})
	})
	return created
}

func initiators(names ...string) []*timelinepb.EventActor {
	var out []*timelinepb.EventActor
	for _, name := range names {
		out = append(out, &timelinepb.EventActor{Actor: name, Role: timelinepb.ActorRole_INITIATOR})
	}
	return out
}

// eventActors is the "ROLE actors/x" lines of an event as the server returns it now.
func eventActors(t *testing.T, client *timeline.Client, name string) []string {
	t.Helper()
	event, err := client.EventService.GetEvent(testContext(t), &timelinepb.GetEventRequest{Name: name})
	if err != nil {
		t.Fatalf("GetEvent %s: %v", name, err)
	}
	var out []string
	for _, a := range event.GetActors() {
		out = append(out, a.GetRole().String()+" "+a.GetActor())
	}
	slices.Sort(out)
	return out
}

func sorted(lines ...string) []string {
	slices.Sort(lines)
	return lines
}

func TestUpdateActorChecksTheEtag(t *testing.T) {
	client := dial(t)
	ctx := testContext(t)
	actor := createActor(t, client, uniqueID("go-etag"), "Etag Brigade")

	updated, err := client.ActorService.UpdateActor(ctx, &timelinepb.UpdateActorRequest{
		Actor:      &timelinepb.Actor{Name: actor.GetName(), Etag: actor.GetEtag(), Description: "first"},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"description"}},
		Reason:     "a description",
	})
	if err != nil {
		t.Fatalf("UpdateActor with the current etag: %v", err)
	}
	if updated.GetDescription() != "first" || updated.GetEtag() == actor.GetEtag() {
		t.Errorf("updated: description %q etag %q (was %q)", updated.GetDescription(), updated.GetEtag(), actor.GetEtag())
	}

	_, err = client.ActorService.UpdateActor(ctx, &timelinepb.UpdateActorRequest{
		Actor:      &timelinepb.Actor{Name: actor.GetName(), Etag: actor.GetEtag(), Description: "second"},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"description"}},
	})
	if !errors.Is(err, timeline.ErrAborted) {
		t.Errorf("UpdateActor with a stale etag: %v, want ErrAborted", err)
	}
}

func TestMergeRelinksEventsAndSplitRestoresThem(t *testing.T) {
	client := dial(t)
	ctx := testContext(t)
	since := timestamppb.Now()
	duplicate := createActor(t, client, uniqueID("go-aqim"), "AQIM")
	survivor := createActor(t, client, uniqueID("go-al-qaeda-maghreb"), "Al Qaeda in the Islamic Maghreb")
	both := createEvent(t, client, &timelinepb.Event{Title: "Both named", EventType: "attack",
		Actors: initiators(duplicate.GetName(), survivor.GetName())})
	one := createEvent(t, client, &timelinepb.Event{Title: "The duplicate named", EventType: "attack",
		Actors: initiators(duplicate.GetName())})

	reason := "the same group under its acronym"
	merged, err := client.ActorService.MergeActors(ctx, &timelinepb.MergeActorsRequest{
		Name: duplicate.GetName(), Into: survivor.GetName(), Etag: duplicate.GetEtag(), Reason: reason})
	if err != nil {
		t.Fatalf("MergeActors: %v", err)
	}
	if merged.GetName() != survivor.GetName() {
		t.Errorf("MergeActors returned %s, want the survivor %s", merged.GetName(), survivor.GetName())
	}
	if got, want := eventActors(t, client, both.GetName()), sorted("INITIATOR "+survivor.GetName()); !slices.Equal(got, want) {
		t.Errorf("after the merge, the event naming both names %q, want %q", got, want)
	}
	if got, want := eventActors(t, client, one.GetName()), sorted("INITIATOR "+survivor.GetName()); !slices.Equal(got, want) {
		t.Errorf("after the merge, the duplicate's event names %q, want %q", got, want)
	}
	tombstone, err := client.ActorService.GetActor(ctx, &timelinepb.GetActorRequest{Name: duplicate.GetName()})
	if err != nil {
		t.Fatal(err)
	}
	if tombstone.GetDeleteTime() == nil || tombstone.GetMergedInto() != survivor.GetName() {
		t.Errorf("the merged actor: delete_time %v merged_into %q", tombstone.GetDeleteTime(), tombstone.GetMergedInto())
	}

	// The watch from before the creations sees both created, then the merge with its reason.
	var seen []string
	var mergeReason string
	watch := &timelinepb.WatchActorsRequest{Actors: []string{duplicate.GetName(), survivor.GetName()}, StartTime: since}
	for change, err := range client.WatchActors(ctx, watch) {
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, change.GetKind().String()+" "+change.GetActor().GetName())
		if change.GetKind() == timelinepb.WatchActorsResponse_MERGED {
			mergeReason = change.GetReason()
			if change.GetMergedInto() != survivor.GetName() {
				t.Errorf("MERGED change: merged_into %q", change.GetMergedInto())
			}
			break
		}
	}
	for _, want := range []string{"CREATED " + duplicate.GetName(), "CREATED " + survivor.GetName(), "MERGED " + duplicate.GetName()} {
		if !slices.Contains(seen, want) {
			t.Errorf("WatchActors gave %q, without %q", seen, want)
		}
	}
	if mergeReason != reason {
		t.Errorf("MERGED change: reason %q, want %q", mergeReason, reason)
	}

	restored, err := client.ActorService.SplitActor(ctx, &timelinepb.SplitActorRequest{Name: duplicate.GetName(), Reason: "not the same after all"})
	if err != nil {
		t.Fatalf("SplitActor: %v", err)
	}
	if restored.GetDeleteTime() != nil || restored.GetMergedInto() != "" {
		t.Errorf("the split actor: delete_time %v merged_into %q", restored.GetDeleteTime(), restored.GetMergedInto())
	}
	if got, want := eventActors(t, client, both.GetName()), sorted("INITIATOR "+duplicate.GetName(), "INITIATOR "+survivor.GetName()); !slices.Equal(got, want) {
		t.Errorf("after the split, the event naming both names %q, want %q", got, want)
	}
	if got, want := eventActors(t, client, one.GetName()), sorted("INITIATOR "+duplicate.GetName()); !slices.Equal(got, want) {
		t.Errorf("after the split, the duplicate's event names %q, want %q", got, want)
	}
}

func TestDeletingAReferencedActorFailsItsPrecondition(t *testing.T) {
	client := dial(t)
	actor := createActor(t, client, uniqueID("go-referenced"), "Referenced Front")
	event := createEvent(t, client, &timelinepb.Event{Title: "Names the front", EventType: "attack",
		Actors: initiators(actor.GetName())})

	_, err := client.ActorService.DeleteActor(testContext(t), &timelinepb.DeleteActorRequest{Name: actor.GetName()})
	if !errors.Is(err, timeline.ErrFailedPrecondition) {
		t.Fatalf("DeleteActor of an actor an event names: %v, want ErrFailedPrecondition", err)
	}
	if want := event.GetName(); !strings.Contains(err.Error(), want) {
		t.Errorf("the error %q does not name %s", err, want)
	}
}

func createPlace(t *testing.T, client *timeline.Client, id, displayName string) *timelinepb.Place {
	t.Helper()
	place, err := client.PlaceService.CreatePlace(testContext(t), &timelinepb.CreatePlaceRequest{
		PlaceId: id,
		Place: &timelinepb.Place{DisplayName: displayName, Kind: timelinepb.PlaceKind_ADMIN_REGION,
			Parent: "places/dz", CountryCode: "DZ", TimeZone: "Africa/Algiers"},
	})
	if err != nil {
		t.Fatalf("CreatePlace %s: %v", id, err)
	}
	t.Cleanup(func() {
		client.PlaceService.DeletePlace(context.Background(), &timelinepb.DeletePlaceRequest{Name: place.GetName()})
	})
	return place
}

func TestUpdatePlaceMovesItsEventsUnderTheNewParent(t *testing.T) {
	client := dial(t)
	ctx := testContext(t)
	region := createPlace(t, client, uniqueID("go-region"), "New Region")
	town := createPlace(t, client, uniqueID("go-town"), "Moving Town")
	event := createEvent(t, client, &timelinepb.Event{Title: "In the town", EventType: "protest",
		Places: []*timelinepb.EventPlace{{Place: town.GetName(), Role: timelinepb.PlaceRole_LOCATION}}})
	inRegion := func() []string {
		return names(collect(t, client.Events(ctx, &timelinepb.ListEventsRequest{Places: []string{region.GetName()}})))
	}
	if got := inRegion(); len(got) != 0 {
		t.Fatalf("before the move, the region has events %q", got)
	}

	moved, err := client.PlaceService.UpdatePlace(ctx, &timelinepb.UpdatePlaceRequest{
		Place:      &timelinepb.Place{Name: town.GetName(), Parent: region.GetName(), Etag: town.GetEtag()},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"parent"}},
		Reason:     "the town lies in the new region",
	})
	if err != nil {
		t.Fatalf("UpdatePlace: %v", err)
	}
	if moved.GetParent() != region.GetName() || !slices.Contains(moved.GetAncestors(), "places/dz") {
		t.Errorf("moved: parent %q ancestors %q", moved.GetParent(), moved.GetAncestors())
	}
	if got, want := inRegion(), []string{event.GetName()}; !slices.Equal(got, want) {
		t.Errorf("after the move, the region has events %q, want %q", got, want)
	}
}

func TestUpdateSourceShowsInTheEventsCitingIt(t *testing.T) {
	client := dial(t)
	ctx := testContext(t)
	source, err := client.SourceService.CreateSource(ctx, &timelinepb.CreateSourceRequest{
		SourceId: uniqueID("go-source"),
		Source:   &timelinepb.Source{Url: "https://example.org/first", Publisher: "Example", Language: "en"},
	})
	if err != nil {
		t.Fatalf("CreateSource: %v", err)
	}
	t.Cleanup(func() {
		client.SourceService.DeleteSource(context.Background(), &timelinepb.DeleteSourceRequest{Name: source.GetName()})
	})
	event := createEvent(t, client, &timelinepb.Event{Title: "Cited", EventType: "statement",
		Sources: []*timelinepb.EventSource{{Source: source.GetName(), Quote: "As the article says."}}})

	const moved = "https://example.org/moved"
	if _, err := client.SourceService.UpdateSource(ctx, &timelinepb.UpdateSourceRequest{
		Source:     &timelinepb.Source{Name: source.GetName(), Url: moved, Etag: source.GetEtag()},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"url"}},
		Reason:     "the article moved",
	}); err != nil {
		t.Fatalf("UpdateSource: %v", err)
	}
	got, err := client.EventService.GetEvent(ctx, &timelinepb.GetEventRequest{Name: event.GetName()})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.GetSources()) != 1 || got.GetSources()[0].GetUrl() != moved {
		t.Errorf("the citing event's sources: %v, want the url %s", got.GetSources(), moved)
	}
}
