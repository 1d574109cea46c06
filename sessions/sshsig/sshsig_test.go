package sshsig_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/internal/sshdtest"
	"github.com/opsh/opsh/sessions/sshsig"
	"github.com/opsh/opsh/sessions/sshsig/sshsigtest"
)

const ns = "opsh-transcript"

var message = []byte("<!-- opsh transcript v1 -->\n# a message\n\nwith `backticks` and «unicode»\n")

// TestSignedHereVerifiesWithSSHKeygen signs with keys of each type read
// from files and checks that stock ssh-keygen -Y verify accepts the
// signatures, and refuses them for another namespace or message.
func TestSignedHereVerifiesWithSSHKeygen(t *testing.T) {
	for _, typ := range []string{"ed25519", "ecdsa", "rsa"} {
		t.Run(typ, func(t *testing.T) {
			dir := t.TempDir()
			key := sshsigtest.Keygen(t, dir, typ, "", "alice@example.com")
			s, err := sshsig.LoadSigner(key, "")
			if err != nil {
				t.Fatal(err)
			}
			armored, err := sshsig.Sign(s, ns, message)
			if err != nil {
				t.Fatal(err)
			}
			file, sig := filepath.Join(dir, "msg"), filepath.Join(dir, "msg.sig")
			write(t, file, message)
			write(t, sig, armored)
			allowed := sshsigtest.AllowedSigners(t, dir, "alice@example.com", key)
			if out, ok := sshsigtest.Verify(t, ns, allowed, "alice@example.com", sig, file); !ok {
				t.Fatalf("ssh-keygen refused the signature: %s\n%s", out, armored)
			}
			if out, ok := sshsigtest.Verify(t, "git", allowed, "alice@example.com", sig, file); ok {
				t.Errorf("ssh-keygen accepted the signature for another namespace: %s", out)
			}
			if out, ok := sshsigtest.Verify(t, ns, allowed, "bob@example.com", sig, file); ok {
				t.Errorf("ssh-keygen accepted the signature for another identity: %s", out)
			}
			write(t, file, append([]byte("x"), message...))
			if out, ok := sshsigtest.Verify(t, ns, allowed, "alice@example.com", sig, file); ok {
				t.Errorf("ssh-keygen accepted the signature for a changed message: %s", out)
			}
		})
	}
}

// TestSSHKeygenSignatureVerifiesHere verifies what ssh-keygen -Y sign
// wrote, and finds every change to the message or namespace.
func TestSSHKeygenSignatureVerifiesHere(t *testing.T) {
	for _, typ := range []string{"ed25519", "ecdsa", "rsa"} {
		t.Run(typ, func(t *testing.T) {
			dir := t.TempDir()
			key := sshsigtest.Keygen(t, dir, typ, "", "alice@example.com")
			file := filepath.Join(dir, "msg")
			write(t, file, message)
			sig, err := sshsig.Parse(sshsigtest.Sign(t, ns, key, file))
			if err != nil {
				t.Fatal(err)
			}
			if err := sig.Verify(message, ns); err != nil {
				t.Fatalf("ssh-keygen's signature does not verify: %v", err)
			}
			if got, want := sig.PublicKey.Type(), pubType(t, key); got != want {
				t.Errorf("key type %s, want %s", got, want)
			}
			changed := append([]byte(nil), message...)
			changed[len(changed)/2] ^= 1
			if err := sig.Verify(changed, ns); err == nil {
				t.Error("a changed message verified")
			}
			if err := sig.Verify(message, "git"); err == nil {
				t.Error("verified for another namespace")
			}
		})
	}
}

func pubType(t *testing.T, priv string) string {
	return strings.Fields(sshsigtest.PublicKey(t, priv))[0]
}

// TestAgentSigner signs through a real ssh-agent: chosen as "agent", by
// fingerprint, by public key file, and by an encrypted private key file
// whose key the agent holds. ssh-keygen verifies each.
func TestAgentSigner(t *testing.T) {
	dir := t.TempDir()
	ed := sshsigtest.Keygen(t, dir, "ed25519", "", "alice@example.com")
	rsaDir := filepath.Join(dir, "rsa")
	os.Mkdir(rsaDir, 0o700)
	enc := sshsigtest.Keygen(t, rsaDir, "rsa", "correct horse", "alice@example.com")
	sock := sshdtest.Agent(t, dir, ed)
	sshsigtest.AddEncrypted(t, sock, enc, "correct horse")

	edPub, _, _, _, _ := ssh.ParseAuthorizedKey([]byte(sshsigtest.PublicKey(t, ed)))
	for _, tc := range []struct{ name, key, want string }{
		{"agent", "agent", ed},
		{"fingerprint", ssh.FingerprintSHA256(edPub), ed},
		{"public key file", ed + ".pub", ed},
		{"encrypted key file", enc, enc},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := sshsig.LoadSigner(tc.key, sock)
			if err != nil {
				t.Fatal(err)
			}
			armored, err := sshsig.Sign(s, ns, message)
			if err != nil {
				t.Fatal(err)
			}
			d := t.TempDir()
			file, sigPath := filepath.Join(d, "msg"), filepath.Join(d, "msg.sig")
			write(t, file, message)
			write(t, sigPath, armored)
			allowed := sshsigtest.AllowedSigners(t, d, "alice@example.com", tc.want)
			if out, ok := sshsigtest.Verify(t, ns, allowed, "alice@example.com", sigPath, file); !ok {
				t.Fatalf("ssh-keygen refused the agent's signature: %s", out)
			}
		})
	}
	if _, err := sshsig.LoadSigner(enc, ""); err == nil || !strings.Contains(err.Error(), "ssh-add") {
		t.Errorf("an encrypted key without an agent: %v, want a hint to ssh-add it", err)
	}
	if _, err := sshsig.LoadSigner("SHA256:nosuchkey", sock); err == nil {
		t.Error("a fingerprint the agent does not hold was accepted")
	}
}

func TestAllowedSigners(t *testing.T) {
	dir := t.TempDir()
	key := sshsigtest.Keygen(t, dir, "ed25519", "", "")
	pubLine := sshsigtest.PublicKey(t, key)
	pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(pubLine))
	if err != nil {
		t.Fatal(err)
	}
	file := "# team\n\n" +
		`"alice@example.com,ops@example.com" ` + pubLine + " laptop\n" +
		"*@corp.example,!mallory@corp.example namespaces=\"opsh-transcript,git\" " + pubLine + "\n" +
		"old@example.com valid-before=\"20200101Z\" " + pubLine + "\n" +
		"ca@example.com cert-authority " + pubLine + "\n"
	a, err := sshsig.ParseAllowedSigners([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		id, ns string
		ok     bool
	}{
		{"alice@example.com", ns, true},
		{"bob@corp.example", ns, true},
		{"bob@corp.example", "file", false},
		{"mallory@corp.example", ns, false},
		{"old@example.com", ns, false},
		{"ca@example.com", ns, false},
		{"eve@example.com", ns, false},
	} {
		if err := a.Allow(tc.id, pub, tc.ns, now); (err == nil) != tc.ok {
			t.Errorf("Allow(%s, %s) = %v, want ok=%v", tc.id, tc.ns, err, tc.ok)
		}
	}
	if got := a.Principals(pub, ns, now); len(got) != 2 || got[0] != "alice@example.com,ops@example.com" {
		t.Errorf("Principals = %q", got)
	}
	if _, err := sshsig.ParseAllowedSigners([]byte("alice@example.com bogus-options ssh-ed25519\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a bad line: %v", err)
	}
}

func TestParseRejectsGarbage(t *testing.T) {
	for _, s := range []string{"", "-----BEGIN SSH SIGNATURE-----\n!!!\n-----END SSH SIGNATURE-----\n",
		"-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"} {
		if _, err := sshsig.Parse([]byte(s)); err == nil {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
