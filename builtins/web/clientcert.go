package web

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/internal/redact"
)

// clientCert is the certificate a session presents (mutual TLS).
type clientCert struct {
	cert tls.Certificate
	desc string // subject and where it came from, for Display
}

// ClientCert presents the certificate in certFile (PEM, intermediates
// after it) with the private key in keyFile (PEM) to servers that ask for
// one: mutual TLS, as curl --cert/--key and requests' cert= do. The key is
// registered as a secret.
func (c *Client) ClientCert(certFile, keyFile string) error {
	certPEM, err := os.ReadFile(certFile)
	if err != nil {
		return fmt.Errorf("web ClientCert: %w", err)
	}
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		return fmt.Errorf("web ClientCert: %w", err)
	}
	return c.setClientCert(certPEM, keyPEM, certFile)
}

// ClientCertData is ClientCert with the certificate and key in memory:
// PEM text as a string, []byte or secret.Value (the key from a vault,
// never written to disk).
func (c *Client) ClientCertData(certPEM, keyPEM any) error {
	var cert []byte
	switch v := certPEM.(type) {
	case string:
		cert = []byte(v)
	case []byte:
		cert = v
	case secret.Value:
		cert = v.Reveal()
	default:
		return fmt.Errorf("web ClientCertData: certificate: want a string, []byte or secret.Value, got %T", certPEM)
	}
	key, err := secret.From("web client key", keyPEM)
	if err != nil {
		return fmt.Errorf("web ClientCertData: %w", err)
	}
	return c.setClientCert(cert, key.Reveal(), "memory")
}

func (c *Client) setClientCert(certPEM, keyPEM []byte, from string) error {
	redact.Register("web client key", keyPEM)
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return fmt.Errorf("web ClientCert: %w", err)
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return fmt.Errorf("web ClientCert: %w", err)
	}
	pair.Leaf = leaf
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cert = &clientCert{cert: pair, desc: fmt.Sprintf("%s (%s, until %s)", leaf.Subject.CommonName, from, leaf.NotAfter.Format("2006-01-02"))}
	c.resetLocked()
	return nil
}

// ClientCert presents a client certificate with the default session (see
// Client.ClientCert).
func ClientCert(certFile, keyFile string) error { return defaultSession.ClientCert(certFile, keyFile) }
