// Read-your-writes when the server reads from a replica (docs/replicas.md in the repository): a
// write answers with the timeline-consistency-token trailer, the primary's WAL position after its
// commit, and a read that sends it back as metadata sees that write. A Client keeps the newest
// token its calls were given and sends it with every later call.

package timeline

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"google.golang.org/grpc/metadata"
)

// ConsistencyTokenKey is the metadata key of the consistency token, in a write's trailers and in
// a read's request metadata.
const ConsistencyTokenKey = "timeline-consistency-token"

// consistencyTokens holds the newest token one Client was given; safe for concurrent use.
type consistencyTokens struct {
	mu       sync.Mutex
	token    string
	position uint64
}

// walPosition reads a token in PostgreSQL's text form ("16/B374D848").
func walPosition(token string) (uint64, bool) {
	high, low, found := strings.Cut(token, "/")
	if !found {
		return 0, false
	}
	h, err := strconv.ParseUint(high, 16, 32)
	if err != nil {
		return 0, false
	}
	l, err := strconv.ParseUint(low, 16, 32)
	if err != nil {
		return 0, false
	}
	return h<<32 | l, true
}

// remember keeps the token among a call's trailers when it is newer than the one kept: a write
// that finishes late must not take a later write's token back.
func (t *consistencyTokens) remember(trailer metadata.MD) {
	if t == nil {
		return
	}
	for _, token := range trailer.Get(ConsistencyTokenKey) {
		position, ok := walPosition(token)
		if !ok {
			continue
		}
		t.mu.Lock()
		if t.token == "" || position > t.position {
			t.token, t.position = token, position
		}
		t.mu.Unlock()
	}
}

func (t *consistencyTokens) get() string {
	if t == nil {
		return ""
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.token
}

// outgoing adds the kept token to a call's metadata (the server takes the newest when the caller
// added one of its own).
func (t *consistencyTokens) outgoing(ctx context.Context) context.Context {
	if token := t.get(); token != "" {
		return metadata.AppendToOutgoingContext(ctx, ConsistencyTokenKey, token)
	}
	return ctx
}

// ConsistencyToken returns the newest consistency token a write through this Client returned
// ("" before any, or when the server reads no replica). This Client's calls send it by
// themselves; another client reads this one's writes by sending it too:
//
//	ctx = metadata.AppendToOutgoingContext(ctx, timeline.ConsistencyTokenKey, token)
func (c *Client) ConsistencyToken() string {
	return c.tokens.get()
}
