package crypto

import (
	gocrypto "crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/mail"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/internal/readonly"
	"github.com/opsh/opsh/internal/redact"
)

// Default validity periods.
const (
	CAValidity   = 10 * 365 * 24 * time.Hour
	CertValidity = 365 * 24 * time.Hour
)

// backdate is how far before now certificates start, for clocks that lag.
const backdate = 5 * time.Minute

// CertOptions are the choices behind NewCAWith and IssueWith. The zero value
// of each field means its default.
type CertOptions struct {
	// Names: the first is the subject's common name; for issued
	// certificates all are subject alternative names (IP addresses as IP
	// SANs, "user@host" as e-mail, "scheme://…" as URI, the rest DNS).
	Names []string
	// Validity is how long the certificate is valid; default CAValidity
	// for a CA, CertValidity for an issued certificate.
	Validity time.Duration
	// KeyType is "ecdsa" (P-256, the default), "ecdsa-p384", "rsa"
	// (2048 bits), "rsa-3072", "rsa-4096" or "ed25519".
	KeyType string
	// Organization, when set, is the subject's O.
	Organization string
}

// Cert is an X.509 certificate, with its private key when it was issued
// here or read from a file that holds the key, and any chain that followed
// it in the file.
type Cert struct {
	cert  *x509.Certificate
	key   gocrypto.Signer
	chain []*x509.Certificate

	fetchedFrom string // the host FetchCert read it from
	trustErr    error  // why it does not verify for that host
}

// CA is a certificate authority: a self-signed CA certificate and its key,
// which signs certificates for services.
type CA struct {
	*Cert
}

func newKey(kind string) (gocrypto.Signer, error) {
	switch strings.ToLower(kind) {
	case "", "ecdsa", "ecdsa-p256", "p256", "ec":
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case "ecdsa-p384", "p384":
		return ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case "rsa", "rsa-2048":
		return rsa.GenerateKey(rand.Reader, 2048)
	case "rsa-3072":
		return rsa.GenerateKey(rand.Reader, 3072)
	case "rsa-4096":
		return rsa.GenerateKey(rand.Reader, 4096)
	case "ed25519":
		_, k, err := ed25519.GenerateKey(rand.Reader)
		return k, err
	}
	return nil, fmt.Errorf("unknown key type %q (want ecdsa, ecdsa-p384, rsa, rsa-3072, rsa-4096 or ed25519)", kind)
}

// serialNumber is a random positive 159-bit number, as Python's
// x509.random_serial_number() makes.
func serialNumber() *big.Int {
	b := randomBytes(20)
	b[0] &= 0x7f
	n := new(big.Int).SetBytes(b)
	if n.Sign() == 0 {
		n.SetInt64(1)
	}
	return n
}

// keyID is a subject key identifier: the SHA-1 of the encoded public key
// (RFC 7093, method 4's input with RFC 5280's hash).
func keyID(pub gocrypto.PublicKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil
	}
	sum := sha1.Sum(der)
	return sum[:]
}

// NewCA makes a certificate authority named name: a new key and a
// self-signed certificate with the CA basic constraint, a random serial and
// a ten-year validity.
func NewCA(name string) (*CA, error) {
	return NewCAWith(CertOptions{Names: []string{name}})
}

// NewCAWith is NewCA with options; Names[0] is the CA's name.
func NewCAWith(o CertOptions) (*CA, error) {
	if len(o.Names) == 0 || strings.TrimSpace(o.Names[0]) == "" {
		return nil, errors.New("new CA: a name is required")
	}
	key, err := newKey(o.KeyType)
	if err != nil {
		return nil, fmt.Errorf("new CA: %w", err)
	}
	if o.Validity <= 0 {
		o.Validity = CAValidity
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serialNumber(),
		Subject:               subject(o.Names[0], o.Organization),
		NotBefore:             now.Add(-backdate),
		NotAfter:              now.Add(o.Validity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		SubjectKeyId:          keyID(key.Public()),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("new CA %q: %w", o.Names[0], err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("new CA %q: %w", o.Names[0], err)
	}
	registerPrivateKey(key)
	return &CA{&Cert{cert: cert, key: key}}, nil
}

func subject(cn, org string) pkix.Name {
	n := pkix.Name{CommonName: cn}
	if org != "" {
		n.Organization = []string{org}
	}
	return n
}

// ReadCA reads a CA's key and certificate from a PEM file, as CA.WritePEM
// writes it (or as openssl or Python's cryptography write them, in any
// order), to issue more certificates later.
func ReadCA(path string) (*CA, error) {
	c, err := ReadCert(path)
	if err != nil {
		return nil, fmt.Errorf("read CA: %w", err)
	}
	if !c.cert.IsCA {
		return nil, fmt.Errorf("read CA %s: %s is not a CA certificate (no CA basic constraint)", path, c.Subject())
	}
	if c.key == nil {
		return nil, fmt.Errorf("read CA %s: the file holds no private key, so it cannot sign (write it with ca.WritePEM)", path)
	}
	return &CA{c}, nil
}

// Issue makes a key and a certificate signed by the CA for names: the first
// is the common name, and all are subject alternative names (IP addresses as
// IP SANs). It is valid for a year, for TLS servers and clients.
//
//	c, err := ca.Issue("service.test.local", "127.0.0.1")
func (ca *CA) Issue(names ...string) (*Cert, error) {
	return ca.IssueWith(CertOptions{Names: names})
}

// IssueWith is Issue with options.
func (ca *CA) IssueWith(o CertOptions) (*Cert, error) {
	if ca == nil || ca.Cert == nil || ca.key == nil {
		return nil, errors.New("issue: the CA has no private key")
	}
	if len(o.Names) == 0 {
		return nil, errors.New("issue: at least one name is required (the first is the common name)")
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serialNumber(),
		Subject:               subject(o.Names[0], o.Organization),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
	}
	for _, n := range o.Names {
		if err := addName(tmpl, n); err != nil {
			return nil, fmt.Errorf("issue: %w", err)
		}
	}
	key, err := newKey(o.KeyType)
	if err != nil {
		return nil, fmt.Errorf("issue: %w", err)
	}
	if _, ok := key.(*rsa.PrivateKey); ok {
		tmpl.KeyUsage |= x509.KeyUsageKeyEncipherment
	}
	if o.Validity <= 0 {
		o.Validity = CertValidity
	}
	now := time.Now()
	tmpl.NotBefore = now.Add(-backdate)
	tmpl.NotAfter = now.Add(o.Validity)
	if tmpl.NotAfter.After(ca.cert.NotAfter) {
		tmpl.NotAfter = ca.cert.NotAfter
	}
	tmpl.SubjectKeyId = keyID(key.Public())
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		return nil, fmt.Errorf("issue %s: %w", o.Names[0], err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("issue %s: %w", o.Names[0], err)
	}
	registerPrivateKey(key)
	return &Cert{cert: cert, key: key, chain: []*x509.Certificate{ca.cert}}, nil
}

// SignCSR issues a certificate for a certificate signing request (PEM text,
// as `openssl req -new` or Python's CertificateSigningRequestBuilder make
// it), for a service that keeps its own key: the request's common name and
// subject alternative names, valid for a year, for TLS servers and clients.
// The returned certificate has no private key; write it with WriteCertPEM.
func (ca *CA) SignCSR(csrPEM any) (*Cert, error) {
	if ca == nil || ca.Cert == nil || ca.key == nil {
		return nil, errors.New("sign csr: the CA has no private key")
	}
	var data []byte
	switch x := csrPEM.(type) {
	case string:
		data = []byte(x)
	case []byte:
		data = x
	default:
		return nil, fmt.Errorf("sign csr: want PEM text as a string or []byte, got %T", csrPEM)
	}
	block, _ := pem.Decode(data)
	if block == nil || (block.Type != "CERTIFICATE REQUEST" && block.Type != "NEW CERTIFICATE REQUEST") {
		return nil, errors.New("sign csr: no PEM CERTIFICATE REQUEST block")
	}
	csr, err := x509.ParseCertificateRequest(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("sign csr: %w", err)
	}
	if err := csr.CheckSignature(); err != nil {
		return nil, fmt.Errorf("sign csr: the request's signature does not verify: %w", err)
	}
	cn := csr.Subject.CommonName
	if cn == "" && len(csr.DNSNames) > 0 {
		cn = csr.DNSNames[0]
	}
	if cn == "" {
		return nil, errors.New("sign csr: the request names no common name and no DNS name")
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serialNumber(),
		Subject:               pkix.Name{CommonName: cn, Organization: csr.Subject.Organization},
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		NotBefore:             now.Add(-backdate),
		NotAfter:              now.Add(CertValidity),
		DNSNames:              csr.DNSNames,
		IPAddresses:           csr.IPAddresses,
		EmailAddresses:        csr.EmailAddresses,
		URIs:                  csr.URIs,
		SubjectKeyId:          keyID(csr.PublicKey),
	}
	if _, ok := csr.PublicKey.(*rsa.PublicKey); ok {
		tmpl.KeyUsage |= x509.KeyUsageKeyEncipherment
	}
	if len(tmpl.DNSNames)+len(tmpl.IPAddresses)+len(tmpl.EmailAddresses)+len(tmpl.URIs) == 0 {
		if err := addName(tmpl, cn); err != nil {
			return nil, fmt.Errorf("sign csr: %w", err)
		}
	}
	if tmpl.NotAfter.After(ca.cert.NotAfter) {
		tmpl.NotAfter = ca.cert.NotAfter
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, csr.PublicKey, ca.key)
	if err != nil {
		return nil, fmt.Errorf("sign csr for %s: %w", cn, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("sign csr for %s: %w", cn, err)
	}
	return &Cert{cert: cert, chain: []*x509.Certificate{ca.cert}}, nil
}

func addName(t *x509.Certificate, n string) error {
	n = strings.TrimSpace(n)
	if ip := net.ParseIP(n); ip != nil {
		t.IPAddresses = append(t.IPAddresses, ip)
		return nil
	}
	if strings.Contains(n, "://") {
		u, err := url.Parse(n)
		if err != nil {
			return fmt.Errorf("name %q: %w", n, err)
		}
		t.URIs = append(t.URIs, u)
		return nil
	}
	if strings.Contains(n, "@") {
		if _, err := mail.ParseAddress(n); err != nil {
			return fmt.Errorf("name %q is not an e-mail address: %w", n, err)
		}
		t.EmailAddresses = append(t.EmailAddresses, n)
		return nil
	}
	if !validDNSName(n) {
		return fmt.Errorf("name %q is not a DNS name, IP address, e-mail address or URI", n)
	}
	t.DNSNames = append(t.DNSNames, strings.ToLower(strings.TrimSuffix(n, ".")))
	return nil
}

func validDNSName(n string) bool {
	n = strings.TrimSuffix(n, ".")
	if n == "" || len(n) > 253 {
		return false
	}
	for i, label := range strings.Split(n, ".") {
		if label == "*" && i == 0 {
			continue
		}
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

// registerPrivateKey registers a key's PEM text, so a transcript masks it.
func registerPrivateKey(key gocrypto.Signer) {
	if der, err := x509.MarshalPKCS8PrivateKey(key); err == nil {
		redact.Register("private-key", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	}
}

// ReadCert reads a certificate from a PEM file (or a DER one): the first
// certificate in the file, any that follow as its chain, and the private key
// if the file holds one. Its display shows subject, issuer, names, validity
// and SHA-256 fingerprint.
func ReadCert(path string) (*Cert, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read cert: %w", err)
	}
	c, err := ParseCert(data)
	if err != nil {
		return nil, fmt.Errorf("read cert %s: %w", path, err)
	}
	return c, nil
}

// ParseCert parses PEM text (or DER bytes), as a string, []byte or
// secret.Value, as ReadCert reads a file.
func ParseCert(pemText any) (*Cert, error) {
	var data []byte
	switch x := pemText.(type) {
	case string:
		data = []byte(x)
	case []byte:
		data = x
	case secret.Value:
		data = x.Reveal()
	default:
		return nil, fmt.Errorf("parse cert: want PEM text as a string, []byte or secret.Value, got %T", pemText)
	}
	c := &Cert{}
	var certs []*x509.Certificate
	rest := data
	sawPEM := false
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		sawPEM = true
		switch {
		case block.Type == "CERTIFICATE" || block.Type == "TRUSTED CERTIFICATE":
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("parse certificate: %w", err)
			}
			certs = append(certs, cert)
		case strings.HasSuffix(block.Type, "PRIVATE KEY"):
			if c.key != nil {
				return nil, errors.New("more than one private key in the file")
			}
			if block.Type == "ENCRYPTED PRIVATE KEY" || block.Headers["Proc-Type"] != "" {
				return nil, errors.New("the private key is encrypted; decrypt it first (openssl pkey -in FILE)")
			}
			key, err := parsePrivateKey(block)
			if err != nil {
				return nil, err
			}
			c.key = key
		}
	}
	if !sawPEM {
		cert, err := x509.ParseCertificate(data)
		if err != nil {
			return nil, errors.New("no PEM certificate in the file, and it is not a DER certificate")
		}
		certs = append(certs, cert)
	}
	if len(certs) == 0 {
		return nil, errors.New("no certificate in the file")
	}
	c.cert, c.chain = certs[0], certs[1:]
	if c.key != nil {
		if !publicKeysEqual(c.key.Public(), c.cert.PublicKey) {
			// A CA file may list the key with another certificate first.
			for i, other := range c.chain {
				if publicKeysEqual(c.key.Public(), other.PublicKey) {
					c.cert, c.chain[i] = other, certs[0]
					break
				}
			}
			if !publicKeysEqual(c.key.Public(), c.cert.PublicKey) {
				return nil, errors.New("the private key does not belong to the certificate")
			}
		}
		registerPrivateKey(c.key)
	}
	return c, nil
}

func publicKeysEqual(a, b gocrypto.PublicKey) bool {
	ea, ok := a.(interface{ Equal(gocrypto.PublicKey) bool })
	return ok && ea.Equal(b)
}

func parsePrivateKey(block *pem.Block) (gocrypto.Signer, error) {
	var (
		key any
		err error
	)
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("unsupported private key type %q", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("parse private key: %w", err)
	}
	s, ok := key.(gocrypto.Signer)
	if !ok {
		return nil, fmt.Errorf("unsupported private key %T", key)
	}
	return s, nil
}

// Subject is the certificate's subject, as "CN=service.test.local".
func (c *Cert) Subject() string { return c.cert.Subject.String() }

// Issuer is the subject of the certificate that signed it.
func (c *Cert) Issuer() string { return c.cert.Issuer.String() }

// CommonName is the subject's CN.
func (c *Cert) CommonName() string { return c.cert.Subject.CommonName }

// Names are the subject alternative names: DNS names, IP addresses, e-mail
// addresses and URIs, in that order.
func (c *Cert) Names() []string {
	var out []string
	out = append(out, c.cert.DNSNames...)
	for _, ip := range c.cert.IPAddresses {
		out = append(out, ip.String())
	}
	out = append(out, c.cert.EmailAddresses...)
	for _, u := range c.cert.URIs {
		out = append(out, u.String())
	}
	return out
}

// NotBefore is when the certificate becomes valid.
func (c *Cert) NotBefore() time.Time { return c.cert.NotBefore }

// NotAfter is when the certificate expires.
func (c *Cert) NotAfter() time.Time { return c.cert.NotAfter }

// ExpiresIn is the time left until the certificate expires (negative once
// it has).
func (c *Cert) ExpiresIn() time.Duration { return time.Until(c.cert.NotAfter) }

// IsCA reports whether the certificate may sign others.
func (c *Cert) IsCA() bool { return c.cert.IsCA }

// Serial is the serial number in colon-separated hex, as openssl shows it.
func (c *Cert) Serial() string { return colonHex(c.cert.SerialNumber.Bytes()) }

// Fingerprint is the SHA-256 of the certificate, colon-separated uppercase
// hex, as `openssl x509 -fingerprint -sha256` prints it.
func (c *Cert) Fingerprint() string {
	sum := sha256.Sum256(c.cert.Raw)
	return colonHex(sum[:])
}

func colonHex(b []byte) string {
	const digits = "0123456789ABCDEF"
	var s strings.Builder
	for i, x := range b {
		if i > 0 {
			s.WriteByte(':')
		}
		s.WriteByte(digits[x>>4])
		s.WriteByte(digits[x&0xf])
	}
	return s.String()
}

// HasKey reports whether the private key is at hand.
func (c *Cert) HasKey() bool { return c.key != nil }

// CertPEM is the certificate alone in PEM, to hand out (a CA's goes into
// trust stores).
func (c *Cert) CertPEM() string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.cert.Raw}))
}

// KeyPEM is the private key in PKCS#8 PEM, as a secret. It is empty when the
// key is not at hand.
func (c *Cert) KeyPEM() secret.Value {
	if c.key == nil {
		return secret.Value{}
	}
	der, err := x509.MarshalPKCS8PrivateKey(c.key)
	if err != nil {
		return secret.Value{}
	}
	return secret.New("private-key", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// WritePEM writes the private key and the certificate to a new file that
// only its owner can read (0600), the form nginx, haproxy and Apache take.
// An existing file is never overwritten.
func (c *Cert) WritePEM(path string) error {
	if err := readonly.Check("writes", "Cert.WritePEM", path); err != nil {
		return err
	}
	if c.key == nil {
		return fmt.Errorf("write %s: no private key at hand (WriteCertPEM writes the certificate alone)", path)
	}
	data := append(c.KeyPEM().Reveal(), c.CertPEM()...)
	if err := writeNew(path, data, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// WriteCertPEM writes the certificate alone to a new world-readable file
// (0644): a CA certificate to install as a trust root, a service's to share.
func (c *Cert) WriteCertPEM(path string) error {
	if err := readonly.Check("writes", "Cert.WriteCertPEM", path); err != nil {
		return err
	}
	if err := writeNew(path, []byte(c.CertPEM()), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Verify checks that the certificate was signed by ca, is valid now, and
// may serve TLS.
func (c *Cert) Verify(ca *CA) error {
	if ca == nil || ca.Cert == nil {
		return errors.New("verify: no CA given")
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca.cert)
	inter := x509.NewCertPool()
	for _, x := range c.chain {
		if !x.Equal(ca.cert) {
			inter.AddCert(x)
		}
	}
	if _, err := c.cert.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		return fmt.Errorf("verify %s: %w", c.Subject(), err)
	}
	return nil
}

// VerifyHostname checks that the certificate is valid for a host name or
// IP address, as a TLS client checks it.
func (c *Cert) VerifyHostname(host string) error {
	if err := c.cert.VerifyHostname(host); err != nil {
		return fmt.Errorf("verify %s: %w", c.Subject(), err)
	}
	return nil
}

// TLSCertificate is the certificate and key for a Go TLS server or client
// (tls.Config.Certificates).
func (c *Cert) TLSCertificate() (tls.Certificate, error) {
	if c.key == nil {
		return tls.Certificate{}, errors.New("tls certificate: no private key at hand")
	}
	tc := tls.Certificate{Certificate: [][]byte{c.cert.Raw}, PrivateKey: c.key, Leaf: c.cert}
	for _, x := range c.chain {
		if !x.Equal(c.cert) && !isSelfSigned(x) {
			tc.Certificate = append(tc.Certificate, x.Raw)
		}
	}
	return tc, nil
}

func isSelfSigned(c *x509.Certificate) bool {
	return c.CheckSignatureFrom(c) == nil
}

// Pool is a certificate pool holding the CA's certificate, for
// tls.Config.RootCAs or ClientCAs.
func (ca *CA) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.cert)
	return p
}

// Certificate is the CA's own certificate, without its key.
func (ca *CA) Certificate() *Cert { return &Cert{cert: ca.cert} }

func keyDescription(pub gocrypto.PublicKey) string {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		return "ECDSA " + k.Curve.Params().Name
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d", k.N.BitLen())
	case ed25519.PublicKey:
		return "Ed25519"
	}
	return fmt.Sprintf("%T", pub)
}

// Display shows subject, issuer, names, validity, fingerprint and key.
func (c *Cert) Display() string {
	if c == nil || c.cert == nil {
		return "certificate (none)"
	}
	var b strings.Builder
	kind := "certificate"
	if c.cert.IsCA {
		kind = "CA cert"
	}
	line := func(k, v string) { fmt.Fprintf(&b, "%-12s %s\n", k, v) }
	line(kind, c.Subject())
	line("issuer", c.Issuer())
	if names := c.Names(); len(names) > 0 {
		line("names", strings.Join(names, ", "))
	}
	left := time.Until(c.cert.NotAfter)
	state := ""
	switch {
	case time.Now().Before(c.cert.NotBefore):
		state = " (not yet valid)"
	case left < 0:
		state = fmt.Sprintf(" (EXPIRED %s ago)", humanDuration(-left))
	default:
		state = fmt.Sprintf(" (%s left)", humanDuration(left))
	}
	line("valid", c.cert.NotBefore.UTC().Format("2006-01-02 15:04 MST")+" → "+c.cert.NotAfter.UTC().Format("2006-01-02 15:04 MST")+state)
	if c.fetchedFrom != "" {
		if c.trustErr != nil {
			line("trusted", "NO: "+c.trustErr.Error())
		} else {
			line("trusted", "yes, for "+c.fetchedFrom+" (system roots)")
		}
	}
	line("serial", c.Serial())
	line("sha256", c.Fingerprint())
	key := keyDescription(c.cert.PublicKey)
	if c.key != nil {
		key += ", private key «redacted:private-key»"
	}
	line("key", key)
	if len(c.chain) > 0 {
		var ch []string
		for _, x := range c.chain {
			ch = append(ch, x.Subject.String())
		}
		line("chain", strings.Join(ch, " ← "))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// String is Display.
func (c *Cert) String() string { return c.Display() }

// Display shows the CA's certificate.
func (ca *CA) Display() string {
	if ca == nil || ca.Cert == nil {
		return "CA (none)"
	}
	return ca.Cert.Display()
}

func humanDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d.Hours()))
	case d >= 2*time.Minute:
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	}
	return d.Truncate(time.Second).String()
}
