package crypto_test

import (
	"crypto/tls"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/crypto"
)

// TestTLSServerWithIssuedCert serves TLS on 127.0.0.1 with a certificate
// issued here and connects with clients that trust the CA, or do not.
func TestTLSServerWithIssuedCert(t *testing.T) {
	ca, err := crypto.NewCA("TLS Test CA")
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
}
