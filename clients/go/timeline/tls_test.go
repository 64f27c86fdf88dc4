// The client against a real timelined serving TLS with bearer tokens (--tls_cert_file,
// --tls_key_file, --auth_tokens_file): the options of Dial as a deployment uses them.

package timeline_test

import (
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/timeline-events/timeline/clients/go/timeline"
	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

func TestRealServerOverTLSWithATokenAndWithout(t *testing.T) {
	binary, databaseURL := os.Getenv("TIMELINE_TIMELINED"), os.Getenv("TIMELINE_DATABASE_URL")
	if binary == "" || databaseURL == "" {
		t.Skip("TIMELINE_TIMELINED and TIMELINE_DATABASE_URL are not set: run through tests/e2e/with-server.sh")
	}
	certificate, roots := selfSignedCertificate(t)
	dir := t.TempDir()
	certFile, keyFile, tokensFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem"),
		filepath.Join(dir, "tokens")
	writePEM(t, certFile, "CERTIFICATE", certificate.Certificate[0])
	key, err := x509.MarshalECPrivateKey(certificate.PrivateKey.(*ecdsa.PrivateKey))
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, keyFile, "EC PRIVATE KEY", key)
	const token = "go-client-token-0123456789"
	if err := os.WriteFile(tokensFile, []byte("# the Go client's tests\n"+token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	trust := timeline.WithTLS(&tls.Config{RootCAs: roots, ServerName: "localhost"})
	addr := freeLoopbackAddr(t)
	startTimelinedWith(t, binary, databaseURL, addr, trust,
		"--tls_cert_file="+certFile, "--tls_key_file="+keyFile, "--auth_tokens_file="+tokensFile)
	ctx := testContext(t)
	request := &timelinepb.GetActorRequest{Name: "actors/assimi-goita"}

	withToken := dialAddr(t, addr, trust, timeline.WithToken(token))
	actor, err := withToken.ActorService.GetActor(ctx, request)
	if err != nil {
		t.Fatalf("GetActor over TLS with a token: %v", err)
	}
	if actor.GetDisplayName() != "Assimi Goïta" {
		t.Errorf("display name %q, want Assimi Goïta", actor.GetDisplayName())
	}

	without := dialAddr(t, addr, trust)
	_, err = without.ActorService.GetActor(ctx, request)
	var timelineErr *timeline.Error
	if !errors.As(err, &timelineErr) || !errors.Is(err, timeline.ErrUnauthenticated) {
		t.Fatalf("GetActor without a token: %v, want an Unauthenticated *timeline.Error", err)
	}

	wrong := dialAddr(t, addr, trust, timeline.WithToken("go-client-token-9876543210"))
	if _, err := wrong.ActorService.GetActor(ctx, request); !errors.Is(err, timeline.ErrUnauthenticated) {
		t.Fatalf("GetActor with a wrong token: %v, want Unauthenticated", err)
	}
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
