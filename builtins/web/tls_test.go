package web_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mccutchen/go-httpbin/v2/httpbin"
	"github.com/opsh/opsh/builtins/web"
)

// testCA is a certificate authority made by the test.
type testCA struct {
	cert    *x509.Certificate
	key     *ecdsa.PrivateKey
	pemFile string
}

func newCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name, Organization: []string{"opsh tests"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	return &testCA{cert: cert, key: key, pemFile: file}
}

// issue makes a server certificate for the given DNS names and IPs.
func (ca *testCA) issue(t *testing.T, notAfter time.Time, names ...string) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: names[0]},
		NotBefore:    time.Now().Add(-2 * time.Hour),
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// tlsBin is go-httpbin over TLS with a certificate from ca.
func tlsBin(t *testing.T, cert tls.Certificate) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(httpbin.New().Handler())
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the point
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func TestTLSCustomCA(t *testing.T) {
	ca := newCA(t, "opsh test CA")
	srv := tlsBin(t, ca.issue(t, time.Now().Add(time.Hour), "localhost", "127.0.0.1"))

	s := web.Session(srv.URL)
	_, err := s.Get("/get")
	var cv *tls.CertificateVerificationError
	if !errors.As(err, &cv) {
		t.Fatalf("without s.CA: %v", err)
	}
	for _, want := range []string{`certificate for 127.0.0.1 is signed by "opsh test CA"`, "system roots", `s.CA("ca.pem")`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if err := s.CA(ca.pemFile); err != nil {
		t.Fatal(err)
	}
	r, err := s.Get("/get")
	if err != nil || r.StatusCode != 200 {
		t.Fatalf("with s.CA: %v", err)
	}
	if r.Proto != "HTTP/1.1" && r.Proto != "HTTP/2.0" {
		t.Errorf("Proto %q", r.Proto)
	}
	if d := s.Display(); !strings.Contains(d, "CA        "+ca.pemFile+" (opsh test CA)") {
		t.Errorf("Display:\n%s", d)
	}

	// Another CA's certificate is still refused, naming what is trusted.
	other := newCA(t, "someone else's CA")
	s2 := web.Session(srv.URL)
	if err := s2.CA(other.pemFile); err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Get("/get"); err == nil || !strings.Contains(err.Error(), other.pemFile) {
		t.Errorf("with the wrong CA: %v", err)
	}

	// SSL_CERT_FILE adds roots too, read when the session first connects.
	t.Setenv("SSL_CERT_FILE", ca.pemFile)
	if r, err := web.Session(srv.URL).Get("/get"); err != nil || r.StatusCode != 200 {
		t.Errorf("with SSL_CERT_FILE: %v", err)
	}
	t.Setenv("SSL_CERT_FILE", filepath.Join(t.TempDir(), "missing.pem"))
	if _, err := web.Session(srv.URL).Get("/get"); err == nil || !strings.Contains(err.Error(), "SSL_CERT_FILE") {
		t.Errorf("with a missing SSL_CERT_FILE: %v", err)
	}
}

func TestTLSErrors(t *testing.T) {
	ca := newCA(t, "opsh test CA")
	// A certificate for another name.
	srv := tlsBin(t, ca.issue(t, time.Now().Add(time.Hour), "db.internal"))
	s := web.Session(srv.URL)
	if err := s.CA(ca.pemFile); err != nil {
		t.Fatal(err)
	}
	_, err := s.Get("/get")
	if err == nil || !strings.Contains(err.Error(), `the certificate is for db.internal, not "127.0.0.1"`) {
		t.Errorf("name mismatch: %v", err)
	}
	// An expired certificate.
	srv = tlsBin(t, ca.issue(t, time.Now().Add(-time.Hour), "127.0.0.1"))
	s = web.Session(srv.URL)
	if err := s.CA(ca.pemFile); err != nil {
		t.Fatal(err)
	}
	_, err = s.Get("/get")
	if err == nil || !strings.Contains(err.Error(), `certificate "127.0.0.1" is not valid: it expired at`) {
		t.Errorf("expired: %v", err)
	}
	// Plain HTTP spoken to as HTTPS.
	plain := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(plain.Close)
	_, err = web.Get(strings.Replace(plain.URL, "http:", "https:", 1))
	if err == nil || !strings.Contains(err.Error(), "did not answer in TLS") {
		t.Errorf("https to http: %v", err)
	}
	// CA files that are not.
	if err := s.CA(filepath.Join(t.TempDir(), "none.pem")); err == nil {
		t.Error("CA of a missing file")
	}
	bad := filepath.Join(t.TempDir(), "bad.pem")
	os.WriteFile(bad, []byte("not a certificate"), 0o600)
	if err := s.CA(bad); err == nil || !strings.Contains(err.Error(), "no PEM certificate") {
		t.Errorf("CA of a non-PEM file: %v", err)
	}
}

// TestHTTPSProxy sends an HTTPS request through a CONNECT proxy named by
// HTTPS_PROXY, to a server whose certificate comes from the test's CA.
func TestHTTPSProxy(t *testing.T) {
	ca := newCA(t, "opsh test CA")
	srv := tlsBin(t, ca.issue(t, time.Now().Add(time.Hour), "api.example.invalid"))
	var connects []string
	var mu sync.Mutex
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		mu.Lock()
		connects = append(connects, r.Host)
		mu.Unlock()
		// Every tunnel goes to the test server, whatever the name.
		up, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusOK)
		down, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			up.Close()
			return
		}
		go func() {
			io.Copy(up, buf)
			up.Close()
		}()
		io.Copy(down, up)
		down.Close()
	}))
	t.Cleanup(proxy.Close)
	t.Setenv("HTTPS_PROXY", proxy.URL)
	t.Setenv("NO_PROXY", "")

	s := web.Session("https://api.example.invalid")
	if err := s.CA(ca.pemFile); err != nil {
		t.Fatal(err)
	}
	r, err := s.Get("/get", web.Query{"via": "proxy"})
	if err != nil {
		t.Fatal(err)
	}
	if got := path(t, r, "args.via.0"); got != "proxy" {
		t.Errorf("args.via = %v", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(connects) != 1 || connects[0] != "api.example.invalid:443" {
		t.Errorf("proxy saw CONNECT %v", connects)
	}
	s.Close()
}
