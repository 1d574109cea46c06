package crypto_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/crypto"
)

// tlsTestCA is made once per process: Go reads the system roots (which the
// test points at this CA through SSL_CERT_FILE) once per process too, so a
// second run of the test (-count=2) must find the same CA there.
var tlsTestCA = sync.OnceValues(func() (*crypto.CA, error) { return crypto.NewCA("TLS Test CA") })

// TestTLSServerWithIssuedCert serves TLS on 127.0.0.1 with a certificate
// issued here and connects with clients that trust the CA, or do not.
func TestTLSServerWithIssuedCert(t *testing.T) {
	ca, err := tlsTestCA()
	if err != nil {
		t.Fatal(err)
	}
	c, err := ca.Issue("service.test.local", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	tc, err := c.TLSCertificate()
	if err != nil {
		t.Fatal(err)
	}
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{tc}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { l.Close(); <-done })
	go func() {
		defer close(done)
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				conn.SetDeadline(time.Now().Add(10 * time.Second))
				if tlsConn, ok := conn.(*tls.Conn); ok && tlsConn.Handshake() == nil {
					io.WriteString(conn, "hello\n")
				}
			}()
		}
	}()
	dial := func(serverName string, ca *crypto.CA) error {
		d := &net.Dialer{Timeout: 10 * time.Second}
		conn, err := tls.DialWithDialer(d, "tcp", l.Addr().String(), &tls.Config{RootCAs: ca.Pool(), ServerName: serverName})
		if err != nil {
			return err
		}
		defer conn.Close()
		b := make([]byte, 6)
		_, err = io.ReadFull(conn, b)
		return err
	}
	for _, name := range []string{"service.test.local", "127.0.0.1"} {
		if err := dial(name, ca); err != nil {
			t.Errorf("TLS to %s: %v", name, err)
		}
		if err := c.VerifyHostname(name); err != nil {
			t.Errorf("VerifyHostname(%s): %v", name, err)
		}
	}
	if err := dial("other.test.local", ca); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("TLS to a name not in the certificate: %v, want a certificate error", err)
	}
	if err := c.VerifyHostname("other.test.local"); err == nil {
		t.Error("VerifyHostname(other.test.local) succeeded")
	}
	other, _ := crypto.NewCA("Other CA")
	if err := dial("service.test.local", other); err == nil || !strings.Contains(err.Error(), "unknown authority") {
		t.Errorf("TLS trusting another CA: %v, want unknown authority", err)
	}

	// FetchCert reads the certificate a server presents; with the CA as
	// the system's roots (SSL_CERT_FILE) it is trusted for 127.0.0.1, and
	// not for localhost, a name it lacks. (Go reads the system roots once
	// per process; no other test here uses them.)
	caFile := filepath.Join(t.TempDir(), "ca.crt")
	if err := ca.WriteCertPEM(caFile); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SSL_CERT_FILE", caFile)
	t.Setenv("SSL_CERT_DIR", t.TempDir())
	_, port, _ := net.SplitHostPort(l.Addr().String())
	got, err := crypto.FetchCert("127.0.0.1:" + port)
	if err != nil {
		t.Fatal(err)
	}
	if got.Fingerprint() != c.Fingerprint() || got.HasKey() {
		t.Errorf("FetchCert = %s", got.Display())
	}
	if err := got.TrustError(); err != nil {
		t.Errorf("TrustError for 127.0.0.1 = %v, want nil", err)
	}
	if d := got.Display(); !strings.Contains(d, "trusted      yes, for 127.0.0.1") {
		t.Errorf("Display:\n%s", d)
	}
	got, err = crypto.FetchCert("localhost:" + port)
	if err != nil {
		t.Fatal(err)
	}
	if err := got.TrustError(); err == nil || !strings.Contains(err.Error(), "localhost") {
		t.Errorf("TrustError for localhost = %v, want a name mismatch", err)
	}
	if d := got.Display(); !strings.Contains(d, "trusted      NO: ") {
		t.Errorf("Display:\n%s", d)
	}
	if err := c.TrustError(); err == nil {
		t.Error("TrustError of an issued certificate is nil")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := crypto.FetchCertContext(ctx, "127.0.0.1:"+port); !errors.Is(err, context.Canceled) {
		t.Errorf("FetchCertContext(cancelled) = %v", err)
	}
	if _, err := crypto.FetchCert("127.0.0.1:1"); err == nil {
		t.Error("FetchCert of a closed port succeeded")
	}
}
