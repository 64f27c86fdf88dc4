// The Client: one gRPC connection to a Timeline server, the generated service stubs on it, and
// the interceptors that give every call a default deadline and typed errors.

package timeline

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

// Client is a connection to a Timeline server. Its service fields are the generated stubs, for
// every call as the API defines it; its methods add paging (Events, Actors, Places, ...) and
// resumable streams (Watch, Export). Every call through it returns failures as *Error.
// A Client is safe for concurrent use; Close it when done.
type Client struct {
	// EventService gets, lists, counts, writes, merges, exports and watches events.
	EventService timelinepb.EventServiceClient
	// ActorService gets, finds and creates actors, and lists related actors.
	ActorService timelinepb.ActorServiceClient
	// PlaceService gets, finds and creates places.
	PlaceService timelinepb.PlaceServiceClient
	// SourceService gets, lists and creates sources.
	SourceService timelinepb.SourceServiceClient
	// IngestService takes raw records (client streams) and normalizes and resolves them.
	IngestService timelinepb.IngestServiceClient
	// DateService finds and reads the dates written in a text (see ParseDates).
	DateService timelinepb.DateServiceClient

	conn   *grpc.ClientConn
	tokens *consistencyTokens
}

// Dial connects to the Timeline server at addr ("host:port") and checks that it is serving
// (grpc.health.v1), so that a wrong address or a server without its database fails here, as an
// *Error with code UNAVAILABLE, rather than at the first call. ctx bounds that check; without a
// deadline it gets the default timeout.
//
// The connection uses TLS unless WithInsecure is given. Once dialled, the connection reconnects
// by itself after a failure; Watch and Export also resume their streams.
func Dial(ctx context.Context, addr string, opts ...Option) (*Client, error) {
	s := defaultSettings()
	for _, opt := range opts {
		opt(&s)
	}
	s.tokens = &consistencyTokens{}
	dialOptions, err := s.grpcDialOptions()
	if err != nil {
		return nil, err
	}
	conn, err := grpc.NewClient(addr, dialOptions...)
	if err != nil {
		return nil, fmt.Errorf("timeline: dial %s: %w", addr, err)
	}
	c := newClient(conn)
	c.tokens = s.tokens
	if err := c.checkServing(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

func newClient(conn *grpc.ClientConn) *Client {
	return &Client{
		EventService:  timelinepb.NewEventServiceClient(conn),
		ActorService:  timelinepb.NewActorServiceClient(conn),
		PlaceService:  timelinepb.NewPlaceServiceClient(conn),
		SourceService: timelinepb.NewSourceServiceClient(conn),
		IngestService: timelinepb.NewIngestServiceClient(conn),
		DateService:   timelinepb.NewDateServiceClient(conn),
		conn:          conn,
	}
}

// Conn returns the underlying gRPC connection, for other services on the same server (such as
// grpc.health.v1).
func (c *Client) Conn() *grpc.ClientConn {
	return c.conn
}

// Close closes the connection; calls in progress fail with CANCELED.
func (c *Client) Close() error {
	return c.conn.Close()
}

func (c *Client) checkServing(ctx context.Context) error {
	resp, err := healthpb.NewHealthClient(c.conn).Check(ctx, &healthpb.HealthCheckRequest{})
	if err != nil {
		return asError(err)
	}
	if got := resp.GetStatus(); got != healthpb.HealthCheckResponse_SERVING {
		return newError(status.Newf(codes.Unavailable, "server at %s is %s", c.conn.Target(), got))
	}
	return nil
}

// grpcDialOptions turns settings into gRPC's options: credentials first, then the interceptors,
// then the caller's own.
func (s settings) grpcDialOptions() ([]grpc.DialOption, error) {
	var options []grpc.DialOption
	if s.insecure {
		if s.token != "" {
			return nil, errors.New("timeline: WithToken needs TLS; it is not sent over WithInsecure")
		}
		options = append(options, grpc.WithTransportCredentials(insecure.NewCredentials()))
	} else {
		config := s.tls
		if config == nil {
			config = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		options = append(options, grpc.WithTransportCredentials(credentials.NewTLS(config)))
	}
	if s.token != "" {
		options = append(options, grpc.WithPerRPCCredentials(bearerToken(s.token)))
	}
	options = append(options,
		grpc.WithChainUnaryInterceptor(unaryInterceptor(s)),
		grpc.WithChainStreamInterceptor(streamInterceptor(s)))
	return append(options, s.dialOptions...), nil
}

// unaryInterceptor gives calls without a deadline the default one, carries consistency tokens
// (consistency.go) and returns *Error.
func unaryInterceptor(s settings) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn,
		invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		if _, ok := ctx.Deadline(); !ok && s.timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, s.timeout)
			defer cancel()
		}
		var trailer metadata.MD
		err := invoker(s.tokens.outgoing(ctx), method, req, reply, cc,
			append(opts, grpc.Trailer(&trailer))...)
		s.tokens.remember(trailer)
		return asError(err)
	}
}

// streamInterceptor sends the kept consistency token, keeps the one a client stream (ingest)
// answers with, and returns *Error from opening a stream and from every message sent or
// received on it.
func streamInterceptor(s settings) grpc.StreamClientInterceptor {
	return func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn,
		method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		stream, err := streamer(s.tokens.outgoing(ctx), desc, cc, method, opts...)
		if err != nil {
			return nil, asError(err)
		}
		return typedErrorStream{stream, desc.ServerStreams, s.tokens}, nil
	}
}

type typedErrorStream struct {
	grpc.ClientStream
	serverStreams bool
	tokens        *consistencyTokens
}

func (s typedErrorStream) SendMsg(m any) error {
	return asStreamError(s.ClientStream.SendMsg(m))
}

func (s typedErrorStream) RecvMsg(m any) error {
	err := s.ClientStream.RecvMsg(m)
	// A client stream's one response comes with the status, so its trailers are there now.
	if err == nil && !s.serverStreams {
		s.tokens.remember(s.ClientStream.Trailer())
	}
	return asStreamError(err)
}

func (s typedErrorStream) CloseSend() error {
	return asStreamError(s.ClientStream.CloseSend())
}

// asStreamError keeps io.EOF as it is: it is how a stream says it ended, not a failure.
func asStreamError(err error) error {
	if err == io.EOF {
		return err
	}
	return asError(err)
}
