package crypto

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/opsh/opsh/internal/cell"
)

// FetchCert connects to a TLS server (addr is "host:port", or "host" for
// port 443) and returns the certificate it presents, with its chain, to
// inspect: names, expiry, fingerprint. It reads the certificate even when it
// is not trusted (expired, self-signed, another name); TrustError says
// whether it verifies against the system's roots (SSL_CERT_FILE honoured)
// for that host name, and the display shows it. Nothing is sent but the TLS
// handshake. It stops when the running cell is interrupted.
func FetchCert(addr string) (*Cert, error) {
	return FetchCertContext(cell.Context(), addr)
}

// FetchCertContext is FetchCert with an explicit context.
func FetchCertContext(ctx context.Context, addr string) (*Cert, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		host, port = addr, "443"
	}
	d := tls.Dialer{
		NetDialer: &net.Dialer{Timeout: 30 * time.Second},
		// Not trusting: the certificate is only read, and verified below
		// so that an invalid one can still be shown.
		Config: &tls.Config{ServerName: host, InsecureSkipVerify: true},
	}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, fmt.Errorf("fetch cert %s: %w", addr, err)
	}
	state := conn.(*tls.Conn).ConnectionState()
	conn.Close()
	if len(state.PeerCertificates) == 0 {
		return nil, fmt.Errorf("fetch cert %s: the server sent no certificate", addr)
	}
	certs := state.PeerCertificates
	c := &Cert{cert: certs[0], chain: certs[1:], fetchedFrom: host}
	inter := x509.NewCertPool()
	for _, x := range certs[1:] {
		inter.AddCert(x)
	}
	if _, err := certs[0].Verify(x509.VerifyOptions{DNSName: host, Intermediates: inter}); err != nil {
		c.trustErr = fmt.Errorf("not trusted for %s: %w", host, err)
	}
	return c, nil
}

// TrustError is, for a certificate read with FetchCert, why it does not
// verify against the system's roots for the host name asked for, or nil
// when it does. For other certificates it is an error saying no check was
// made.
func (c *Cert) TrustError() error {
	if c.fetchedFrom == "" {
		return errors.New("trust: only certificates read with crypto.FetchCert are checked against the system roots; use Verify(ca)")
	}
	return c.trustErr
}
