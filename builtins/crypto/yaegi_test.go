package crypto_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/opsh/opsh/builtins/crypto/symbols"
	secretsym "github.com/opsh/opsh/builtins/secret/symbols"
	"github.com/opsh/opsh/internal/yaegitest"
)

// TestIssueCallsInInterpreter evaluates the issue's calls as written, in
// yaegi, one cell at a time.
func TestIssueCallsInInterpreter(t *testing.T) {
	// An interpreter set up as the REPL sets it up, with crypto imported.
	i := yaegitest.New(t, []interp.Exports{symbols.Symbols, secretsym.Symbols}, "github.com/opsh/opsh/builtins/crypto", "time", "errors")
	dir := t.TempDir()
	yaegitest.Eval(t, i, `dir := `+"`"+dir+"`")
	cells := []struct{ src, want string }{
		// Fernet
		{`k := crypto.FernetKey()`, ""},
		{`k.String()`, "«redacted:fernet-key»"},
		{`f, err := crypto.Fernet(k)`, ""},
		{`err == nil`, "true"},
		{`tok, err := f.Encrypt([]byte("x marks the spot"))`, ""},
		{`tok[:5]`, "gAAAA"},
		{`msg, err := f.Decrypt(tok)`, ""},
		{`string(msg)`, "x marks the spot"},
		{`msg, err = f.DecryptTTL(tok, 5*time.Second)`, ""},
		{`string(msg)`, "x marks the spot"},
		{`old, _ := f.EncryptAt([]byte("x"), time.Now().Add(-time.Hour))`, ""},
		{`_, err = f.DecryptTTL(old, 5*time.Second)`, ""},
		{`errors.Is(err, crypto.ErrTokenExpired) && errors.Is(err, crypto.ErrInvalidToken)`, "true"},
		{`_, err = f.Decrypt(tok[:len(tok)-4] + "AAA=")`, ""},
		{`errors.Is(err, crypto.ErrInvalidToken)`, "true"},
		{`_, err = crypto.Fernet("not a key")`, ""},
		{`err != nil`, "true"},
		// Box
		{`sk := crypto.BoxKey()`, ""},
		{`len(sk.Bytes())`, "32"},
		{`peerSK := crypto.BoxKey()`, ""},
		{`peerPK := peerSK.Public()`, ""},
		{`sk2, err := crypto.BoxKeyFrom(sk.Bytes())`, ""},
		{`pk := sk.Public()`, ""},
		{`pk2, err := crypto.PublicKeyFrom(pk.Bytes())`, ""},
		{`pk2.Equal(sk2.Public())`, "true"},
		{`ct, err := crypto.Box(sk, peerPK).Encrypt(msg)`, ""},
		{`pt, err := crypto.Box(peerSK, pk).Decrypt(ct)`, ""},
		{`string(pt)`, "x marks the spot"},
		{`ct[30] ^= 1`, ""},
		{`pt, err = crypto.Box(peerSK, pk).Decrypt(ct)`, ""},
		{`pt == nil && errors.Is(err, crypto.ErrForged)`, "true"},
		{`sb, err := crypto.SecretBox(crypto.SecretBoxKey())`, ""},
		{`sbct, err := sb.Encrypt(msg)`, ""},
		{`pt, err = sb.Decrypt(sbct)`, ""},
		{`string(pt)`, "x marks the spot"},
		// Signing
		{`sg := crypto.SigningKey()`, ""},
		{`len(sg.Bytes())`, "32"},
		{`sg2, err := crypto.SigningKeyFrom(sg.Bytes())`, ""},
		{`signed := sg.Sign(msg)`, ""},
		{`vk := sg.VerifyKey()`, ""},
		{`vk2, err := crypto.VerifyKeyFrom(vk.Bytes())`, ""},
		{`vk2.Equal(sg2.VerifyKey())`, "true"},
		{`msg, err = vk.Verify(signed)`, ""},
		{`string(msg)`, "x marks the spot"},
		{`sig := signed[:64]`, ""},
		{`err = vk.VerifyDetached(msg, sig)`, ""},
		{`err == nil`, "true"},
		{`err = vk.VerifyDetached([]byte("other"), sig)`, ""},
		{`errors.Is(err, crypto.ErrForged)`, "true"},
		// Passwords
		{`pw := crypto.Passwords([]string{"argon2", "bcrypt", "pbkdf2_sha256", "sha512_crypt", "md5_crypt", "des_crypt"}, []string{"md5_crypt", "des_crypt"})`, ""},
		{`h, err := pw.Hash("good password")`, ""},
		{`h[:10]`, "$argon2id$"},
		{`ok, err := pw.Verify("good password", h)`, ""},
		{`ok`, "true"},
		{`ok, err = pw.Verify("bad password", h)`, ""},
		{`ok`, "false"},
		{`pw.NeedsUpdate(h)`, "false"},
		{`pw.NeedsUpdate("SAEmC5UwrAl2A")`, "true"},
		{`ok, newHash, err := pw.VerifyAndUpdate("foobar", "SAEmC5UwrAl2A")`, ""},
		{`ok && newHash[:10] == "$argon2id$"`, "true"},
		{`s := pw.String()`, ""},
		{`pw2, err := crypto.PasswordsFrom(s)`, ""},
		{`pw2.String() == s`, "true"},
		{`pw.Display()`, "password policy (passlib CryptContext)\nSCHEME"},
		{`bad := crypto.Passwords([]string{"rot13"}, nil)`, ""},
		{`_, err = bad.Hash("x")`, ""},
		{`err.Error()`, `passwords: unknown scheme "rot13"`},
		// X.509
		{`ca, err := crypto.NewCA("Ops Test CA")`, ""},
		{`err = ca.WritePEM(dir + "/ca.pem")`, ""},
		{`err == nil`, "true"},
		{`c, err := ca.Issue("service.test.local", "127.0.0.1")`, ""},
		{`err = c.WritePEM(dir + "/service.pem")`, ""},
		{`err == nil`, "true"},
		{`rc, err := crypto.ReadCert(dir + "/service.pem")`, ""},
		{`rc.Display()`, "certificate  CN=service.test.local"},
		{`rc.Fingerprint() == c.Fingerprint()`, "true"},
		{`ca2, err := crypto.ReadCA(dir + "/ca.pem")`, ""},
		{`c3, err := ca2.IssueWith(crypto.CertOptions{Names: []string{"db.test.local"}, KeyType: "rsa", Validity: 24 * time.Hour})`, ""},
		{`c3.Verify(ca) == nil && c3.Names()[0] == "db.test.local"`, "true"},
		// SSH
		{`k2 := crypto.SSHKey()`, ""},
		{`k2.AuthorizedKey()[:12]`, "ssh-ed25519 "},
		{`k2.Fingerprint()[:7]`, "SHA256:"},
		{`k2.PrivatePEM().String()`, "«redacted:ssh-key»"},
		{`k2.Comment = "deploy@ci"`, ""},
		{`k2.AuthorizedKey()[len(k2.AuthorizedKey())-10:]`, " deploy@ci"},
		{`err = k2.WriteFiles(dir + "/id_opsh")`, ""},
		{`err == nil`, "true"},
		// Utilities
		{`sum, err := crypto.SHA256File(dir + "/id_opsh.pub")`, ""},
		{`len(sum)`, "64"},
		{`len(crypto.RandomToken(32).Reveal())`, "43"},
	}
	for _, c := range cells {
		got := yaegitest.Value(t, i, c.src)
		if c.want == "" {
			continue
		}
		s := toString(got)
		if !strings.HasPrefix(s, c.want) {
			t.Errorf("%s = %q, want prefix %q", c.src, s, c.want)
		}
	}
}

func toString(v any) string {
	if d, ok := v.(interface{ Display() string }); ok {
		return d.Display()
	}
	return fmt.Sprint(v)
}
