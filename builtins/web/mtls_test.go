package web_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/builtins/web"
	"github.com/opsh/opsh/internal/redact"
)

// clientCertFiles makes a client certificate for cn signed by ca and
// writes it and its key as PEM files.
func (ca *testCA) clientCertFiles(t *testing.T, cn string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "client.pem"), filepath.Join(dir, "client.key")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600)
	return certFile, keyFile
}

// mtlsServer is a TLS server that requires a client certificate signed by
// ca and greets the certificate's name.
func mtlsServer(t *testing.T, ca *testCA) *httptest.Server {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello "+r.TLS.PeerCertificates[0].Subject.CommonName)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{ca.issue(t, time.Now().Add(time.Hour), "127.0.0.1")},
		ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

// TestClientCertificate talks to a TLS server that requires a client
// certificate signed by the test's CA: refused without one, served with
// ClientCert (files) and ClientCertData (memory, the key as a secret),
// and the server sees the certificate's name.
func TestClientCertificate(t *testing.T) {
	ca := newCA(t, "opsh test CA")
	srv := mtlsServer(t, ca)
	certFile, keyFile := ca.clientCertFiles(t, "deploy-bot")

	s := web.Session(srv.URL)
	if err := s.CA(ca.pemFile); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("/"); err == nil {
		t.Fatal("served without a client certificate")
	}
	if err := s.ClientCert(certFile, keyFile); err != nil {
		t.Fatal(err)
	}
	r, err := s.Get("/")
	if err != nil || r.Text() != "hello deploy-bot" {
		t.Fatalf("with ClientCert: %v %v", r, err)
	}
	if d := s.Display(); !strings.Contains(d, "cert      deploy-bot ("+certFile) {
		t.Errorf("Display does not show the certificate:\n%s", d)
	}

	certPEM, _ := os.ReadFile(certFile)
	keyPEM, _ := os.ReadFile(keyFile)
	s2 := web.Session(srv.URL)
	s2.CA(ca.pemFile)
	if err := s2.ClientCertData(string(certPEM), secret.New("client key", keyPEM)); err != nil {
		t.Fatal(err)
	}
	if r, err := s2.Get("/"); err != nil || r.Text() != "hello deploy-bot" {
		t.Fatalf("with ClientCertData: %v %v", r, err)
	}
	if strings.Contains(redact.String(string(keyPEM)), "PRIVATE KEY-----\nM") {
		t.Error("the key is not registered as a secret")
	}
	if err := s2.ClientCert(certFile, certFile); err == nil {
		t.Error("ClientCert with a certificate as the key")
	}
}
