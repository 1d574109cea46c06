package crypto_test

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/crypto"
	"github.com/opsh/opsh/internal/redact"
	"github.com/opsh/opsh/internal/testenv"
)

// Keys never show in a Display, and their bytes are registered so that
// transcripts mask them in the forms users print them in.
func TestSecretsNeverDisplay(t *testing.T) {
	fk := crypto.FernetKey()
	f, _ := crypto.Fernet(fk)
	sk := crypto.BoxKey()
	sg := crypto.SigningKey()
	ssh := crypto.SSHKey()
	ca, err := crypto.NewCA("Display CA")
	if err != nil {
		t.Fatal(err)
	}
	tok := crypto.RandomToken(24)
	type shown interface{ Display() string }
	plain := map[string][]string{
		"fernet": {string(fk.Reveal())},
		"box":    {hex.EncodeToString(sk.Bytes()), base64.StdEncoding.EncodeToString(sk.Bytes())},
		"sign":   {hex.EncodeToString(sg.Bytes()), base64.StdEncoding.EncodeToString(sg.Bytes())},
		"ssh":    {string(ssh.PrivatePEM().Reveal())},
		"ca":     {string(ca.KeyPEM().Reveal())},
	}
	for name, v := range map[string]shown{"fernet": f, "box": sk, "sign": sg, "ssh": ssh, "ca": ca} {
		d := v.Display()
		if !strings.Contains(d, "«redacted:") {
			t.Errorf("%s: Display %q does not say a secret is held", name, d)
		}
		for _, p := range plain[name] {
			if strings.Contains(d, p) {
				t.Errorf("%s: Display reveals the key", name)
			}
			if got := redact.String("printed: " + p); strings.Contains(got, p) {
				t.Errorf("%s: redact.String does not mask %q", name, p[:8])
			}
		}
	}
	if tok.String() != "«redacted:random-token»" || len(tok.Reveal()) != 32 {
		t.Errorf("RandomToken(24) = %s (%d characters)", tok, len(tok.Reveal()))
	}
	if a, b := crypto.RandomToken(32), crypto.RandomToken(32); string(a.Reveal()) == string(b.Reveal()) {
		t.Error("two random tokens are equal")
	}
	// A public key displays in full: it is meant to be shared.
	if d := sk.Public().Display(); !strings.Contains(d, base64.StdEncoding.EncodeToString(sk.Public().Bytes())) {
		t.Errorf("public key Display = %q", d)
	}
}

func TestSHA256File(t *testing.T) {
	path := filepath.Join(t.TempDir(), "blob")
	data := []byte(strings.Repeat("opsh ", 500000)) // spans several reads
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := crypto.SHA256File(path)
	if err != nil {
		t.Fatal(err)
	}
	sha256sum := testenv.LookPath(t, "sha256sum")
	out, err := exec.Command(sha256sum, path).Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Fields(string(out))[0]; got != want {
		t.Errorf("SHA256File = %s, sha256sum says %s", got, want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := crypto.SHA256FileContext(ctx, path); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
	if _, err := crypto.SHA256File(path + ".missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestWritesNeverOverwrite(t *testing.T) {
	dir := t.TempDir()
	ca, err := crypto.NewCA("Overwrite CA")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(path, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := ca.WritePEM(path); !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Errorf("WritePEM over a file = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "precious" {
		t.Error("the existing file was changed")
	}
	k := crypto.SSHKey()
	if err := os.WriteFile(filepath.Join(dir, "id.pub"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := k.WriteFiles(filepath.Join(dir, "id")); err == nil {
		t.Error("WriteFiles with an existing .pub succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "id")); err == nil {
		t.Error("WriteFiles left a private key behind after refusing")
	}
	// The certificate alone is world-readable.
	if err := ca.WriteCertPEM(filepath.Join(dir, "ca.crt")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "ca.crt")); fi.Mode().Perm() != 0o644 {
		t.Errorf("ca.crt mode %v, want 0644", fi.Mode().Perm())
	}
	if c, err := crypto.ReadCert(filepath.Join(dir, "ca.crt")); err != nil || c.HasKey() || !c.IsCA() {
		t.Errorf("ReadCert(ca.crt) = %v, %v", c, err)
	}
	if _, err := crypto.ReadCA(filepath.Join(dir, "ca.crt")); err == nil || !strings.Contains(err.Error(), "no private key") {
		t.Errorf("ReadCA without a key = %v", err)
	}
}

func TestIssueNames(t *testing.T) {
	ca, err := crypto.NewCA("Names CA")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ca.Issue("Service.Test.Local", "10.0.0.1", "::1", "*.svc.test.local", "ops@example.com", "spiffe://test/ns/svc")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"service.test.local", "*.svc.test.local", "10.0.0.1", "::1", "ops@example.com", "spiffe://test/ns/svc"}
	if got := c.Names(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Names = %v, want %v", got, want)
	}
	if c.CommonName() != "Service.Test.Local" || c.IsCA() {
		t.Errorf("CommonName %q, IsCA %v", c.CommonName(), c.IsCA())
	}
	if left := c.ExpiresIn(); left < 364*24*time.Hour || left > 366*24*time.Hour {
		t.Errorf("ExpiresIn = %v, want about a year", left)
	}
	for _, bad := range []string{"has space.local", "-bad.local", "a..b", "*.*.x", ""} {
		if _, err := ca.Issue(bad); err == nil {
			t.Errorf("Issue(%q) succeeded", bad)
		}
	}
	if _, err := ca.Issue(); err == nil {
		t.Error("Issue() with no names succeeded")
	}
	if _, err := crypto.NewCA(""); err == nil {
		t.Error("NewCA(\"\") succeeded")
	}
	if _, err := crypto.NewCAWith(crypto.CertOptions{Names: []string{"x"}, KeyType: "dsa"}); err == nil {
		t.Error("unknown key type accepted")
	}
	// A certificate never outlives its CA.
	short, err := crypto.NewCAWith(crypto.CertOptions{Names: []string{"Short CA"}, Validity: 48 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	c2, err := short.Issue("x.test.local")
	if err != nil {
		t.Fatal(err)
	}
	if c2.NotAfter().After(short.NotAfter()) {
		t.Errorf("certificate ends %v, after its CA %v", c2.NotAfter(), short.NotAfter())
	}
	if d := c2.Display(); !strings.Contains(d, "(2 days left)") && !strings.Contains(d, "(47 hours left)") {
		t.Errorf("Display validity:\n%s", d)
	}
}

func TestReadCertErrors(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"empty.pem":   "",
		"garbage.pem": "hello",
		"keyonly.pem": "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIHx0dW1i\n-----END PRIVATE KEY-----\n",
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o600)
		if _, err := crypto.ReadCert(p); err == nil {
			t.Errorf("ReadCert(%s) succeeded", name)
		}
	}
	// A key that belongs to another certificate is refused.
	a, _ := crypto.NewCA("A")
	b, _ := crypto.NewCA("B")
	mixed := filepath.Join(dir, "mixed.pem")
	os.WriteFile(mixed, append(a.KeyPEM().Reveal(), b.CertPEM()...), 0o600)
	if _, err := crypto.ReadCert(mixed); err == nil || !strings.Contains(err.Error(), "does not belong") {
		t.Errorf("ReadCert(key of another cert) = %v", err)
	}
}
