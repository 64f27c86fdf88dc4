// Consistency tokens against an in-process gRPC server that stands in for a timelined reading
// from a replica: it answers calls with timeline-consistency-token trailers and records the
// tokens calls bring. The real server's side is tested in tests/integration/replica_reads_test.cc
// and tests/e2e/replica_reads_e2e.sh.

package timeline_test

import (
	"context"
	"sync"
	"testing"

	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"

	"github.com/timeline-events/timeline/clients/go/timeline"
)

func TestClientKeepsTheNewestTokenAndSendsIt(t *testing.T) {
	// Each call answers with the next of these trailers, and the server notes what it was sent.
	answers := []string{"0/3000148", "0/2000000", "not a token", "1/0"}
	var mu sync.Mutex
	var sent []string
	addr := serveHealth(t, healthpb.HealthCheckResponse_SERVING,
		grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo,
			handler grpc.UnaryHandler) (any, error) {
			md, _ := metadata.FromIncomingContext(ctx)
			mu.Lock()
			sent = append(sent, md.Get(timeline.ConsistencyTokenKey)...)
			if len(answers) > 0 {
				grpc.SetTrailer(ctx, metadata.Pairs(timeline.ConsistencyTokenKey, answers[0]))
				answers = answers[1:]
			}
			mu.Unlock()
			return handler(ctx, req)
		}))

	client, err := timeline.Dial(testContext(t), addr, timeline.WithInsecure())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if got := client.ConsistencyToken(); got != "0/3000148" {
		t.Errorf("after the first call: token %q, want 0/3000148", got)
	}
	health := healthpb.NewHealthClient(client.Conn())
	for i := 0; i < 3; i++ {
		if _, err := health.Check(testContext(t), &healthpb.HealthCheckRequest{}); err != nil {
			t.Fatal(err)
		}
	}

	// An older token and a malformed one changed nothing; a newer one replaced it.
	if got := client.ConsistencyToken(); got != "1/0" {
		t.Errorf("token %q, want 1/0", got)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"0/3000148", "0/3000148", "0/3000148"}
	if len(sent) != len(want) {
		t.Fatalf("the server was sent %q, want %q", sent, want)
	}
	for i := range want {
		if sent[i] != want[i] {
			t.Errorf("call %d sent %q, want %q", i+2, sent[i], want[i])
		}
	}
}

func TestNoTokenWithoutAReplica(t *testing.T) {
	client := dial(t)

	createActor(t, client, uniqueID("go-token"), "Token Test Group")

	if got := client.ConsistencyToken(); got != "" {
		t.Errorf("a server reading no replica gave the token %q", got)
	}
}
