// Options of Dial: transport security, a per-call token, the default deadline, and raw gRPC
// dial options for anything else.

package timeline

import (
	"context"
	"crypto/tls"
	"time"

	"google.golang.org/grpc"
)

// DefaultTimeout is the deadline given to a unary call whose context has none, unless
// WithTimeout says otherwise. The server also uses a call's deadline as its database
// statement timeout.
const DefaultTimeout = 30 * time.Second

// An Option configures Dial.
type Option func(*settings)

type settings struct {
	tls         *tls.Config
	insecure    bool
	token       string
	timeout     time.Duration
	dialOptions []grpc.DialOption
	tokens      *consistencyTokens // the Client's, shared with its interceptors
}

func defaultSettings() settings {
	return settings{timeout: DefaultTimeout}
}

// WithTLS dials over TLS configured by config (nil: the system's root certificates and the
// address's host name). TLS is the default; use this to trust a private CA or present a client
// certificate.
func WithTLS(config *tls.Config) Option {
	return func(s *settings) {
		s.tls = config
		s.insecure = false
	}
}

// WithInsecure dials without TLS, in plaintext: for a server on loopback or behind a proxy that
// terminates TLS (timelined serves plaintext unless started with --tls_cert_file). Dial refuses
// it together with WithToken.
func WithInsecure() Option {
	return func(s *settings) {
		s.insecure = true
	}
}

// WithToken sends token on every call as "authorization: Bearer <token>". It needs TLS.
func WithToken(token string) Option {
	return func(s *settings) {
		s.token = token
	}
}

// WithTimeout sets the deadline of unary calls (and Dial's health check) whose context has
// none; 0 leaves such calls without a deadline. Streams (Watch, Export, the raw streaming stubs)
// never get one: they are meant to last; bound them with their context. The default is
// DefaultTimeout.
func WithTimeout(d time.Duration) Option {
	return func(s *settings) {
		s.timeout = d
	}
}

// WithDialOptions passes options to grpc.NewClient as they are, after the client's own (keepalive
// parameters, interceptors, a custom resolver...).
func WithDialOptions(options ...grpc.DialOption) Option {
	return func(s *settings) {
		s.dialOptions = append(s.dialOptions, options...)
	}
}

// bearerToken is a per-call credential carrying a fixed token.
type bearerToken string

func (t bearerToken) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(t)}, nil
}

// RequireTransportSecurity keeps the token off plaintext connections.
func (bearerToken) RequireTransportSecurity() bool {
	return true
}
