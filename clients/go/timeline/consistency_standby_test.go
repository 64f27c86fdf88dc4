//go:build pausedstandby

package timeline_test

import (
	"errors"
	"testing"

	"google.golang.org/grpc/metadata"

	"github.com/timeline-events/timeline/clients/go/timeline"
	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

// Run by tests/e2e/replica_reads_e2e.sh (go test -tags pausedstandby) against a timelined whose
// standby has paused replay; run-tests, which refuses skipped tests, leaves it out. One Client
// reads its own write, a fresh one misses it (the standby answered), one given the token sees it.
func TestReadsItsOwnWritesFromAPausedStandby(t *testing.T) {
	writer := dial(t)
	id := uniqueID("go-replica")
	actor, err := writer.ActorService.CreateActor(testContext(t), &timelinepb.CreateActorRequest{
		ActorId: id,
		Actor:   &timelinepb.Actor{DisplayName: "Go Replica Group", Kind: timelinepb.ActorKind_ARMED_GROUP, CountryCode: "ML"},
	})
	if err != nil {
		t.Fatal(err)
	}
	token := writer.ConsistencyToken()
	if token == "" {
		t.Fatal("the write returned no consistency token")
	}
	get := &timelinepb.GetActorRequest{Name: actor.GetName()}

	if _, err := writer.ActorService.GetActor(testContext(t), get); err != nil {
		t.Errorf("the writer did not read its own write: %v", err)
	}
	if _, err := dial(t).ActorService.GetActor(testContext(t), get); !errors.Is(err, timeline.ErrNotFound) {
		t.Errorf("a client without the token: got %v, want NotFound from the paused standby", err)
	}
	ctx := metadata.AppendToOutgoingContext(testContext(t), timeline.ConsistencyTokenKey, token)
	if _, err := dial(t).ActorService.GetActor(ctx, get); err != nil {
		t.Errorf("a client given the token did not read the write: %v", err)
	}
}
