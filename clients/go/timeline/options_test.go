// Dial's options against an in-process gRPC server that stands in for timelined: what the
// client sends (TLS with a private certificate, the bearer token), seen from the server side, and
// a server that is not serving. tls_test.go runs the same options against timelined itself.

package timeline_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/timeline-events/timeline/clients/go/timeline"
)

func TestTokenIsSentOverTLS(t *testing.T) {
	certificate, roots := selfSignedCertificate(t)
	var seen []string
	addr := serveHealth(t, healthpb.HealthCheckResponse_SERVING,
		grpc.Creds(credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{certificate}})),
		grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo,
			handler grpc.UnaryHandler) (any, error) {
			md, _ := metadata.FromIncomingContext(ctx)
			seen = md.Get("authorization")
			if len(seen) != 1 || seen[0] != "Bearer s3cret" {
				return nil, status.Error(codes.Unauthenticated, "no token")
			}
			return handler(ctx, req)
		}))

	client, err := timeline.Dial(testContext(t), addr,
		timeline.WithTLS(&tls.Config{RootCAs: roots, ServerName: "localhost"}), timeline.WithToken("s3cret"))

	if err != nil {
		t.Fatalf("Dial over TLS with a token: %v (server saw authorization %q)", err, seen)
	}
	client.Close()
}

func TestMissingTokenIsUnauthenticated(t *testing.T) {
	addr := serveHealth(t, healthpb.HealthCheckResponse_SERVING,
		grpc.UnaryInterceptor(func(context.Context, any, *grpc.UnaryServerInfo, grpc.UnaryHandler) (any, error) {
			return nil, status.Error(codes.Unauthenticated, "no token")
		}))

	_, err := timeline.Dial(testContext(t), addr, timeline.WithInsecure())

	if !errors.Is(err, timeline.ErrUnauthenticated) {
		t.Errorf("got %v, want Unauthenticated", err)
	}
}

func TestTokenIsNeverSentInPlaintext(t *testing.T) {
	_, err := timeline.Dial(testContext(t), "127.0.0.1:1", timeline.WithInsecure(), timeline.WithToken("s3cret"))

	if err == nil || !strings.Contains(err.Error(), "WithToken needs TLS") {
		t.Errorf("Dial with a token in plaintext: got %v, want a refusal", err)
	}
}

func TestDialFailsWhenTheServerIsNotServing(t *testing.T) {
	addr := serveHealth(t, healthpb.HealthCheckResponse_NOT_SERVING)

	_, err := timeline.Dial(testContext(t), addr, timeline.WithInsecure())

	var e *timeline.Error
	if !errors.As(err, &e) || e.Code != codes.Unavailable || !strings.HasSuffix(e.Message, " is NOT_SERVING") {
		t.Errorf("got %v, want Unavailable saying the server is NOT_SERVING", err)
	}
}

// serveHealth serves the standard health service, reporting serving as the test says, on a
// loopback port until the test ends, and returns its address.
func serveHealth(t *testing.T, serving healthpb.HealthCheckResponse_ServingStatus, opts ...grpc.ServerOption) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	server := grpc.NewServer(opts...)
	healthServer := health.NewServer()
	healthServer.SetServingStatus("", serving)
	healthpb.RegisterHealthServer(server, healthServer)
	go server.Serve(listener)
	t.Cleanup(server.Stop)
	return listener.Addr().String()
}

// selfSignedCertificate makes a certificate for localhost and a pool that trusts it.
func selfSignedCertificate(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "localhost"},
		DNSNames:              []string{"localhost"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(parsed)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, roots
}
