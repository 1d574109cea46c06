package ssh_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	xssh "golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/builtins/ssh"
	"github.com/opsh/opsh/internal/sshdtest"
)

// pemKey makes an ed25519 key and returns its OpenSSH PEM (encrypted with
// passphrase unless it is empty) and public key.
func pemKey(t *testing.T, passphrase string) (string, xssh.PublicKey) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var block *pem.Block
	if passphrase == "" {
		block, err = xssh.MarshalPrivateKey(priv, "in memory")
	} else {
		block, err = xssh.MarshalPrivateKeyWithPassphrase(priv, "in memory", []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	s, _ := xssh.NewSignerFromKey(priv)
	return string(pem.EncodeToMemory(block)), s.PublicKey()
}

// TestKeyData logs in to sshd with keys that never touch the disk: a PEM
// string, a secret.Value, and an encrypted key whose passphrase comes from
// a secret (nothing is prompted).
func TestKeyData(t *testing.T) {
	e := newEnv(t)
	plain, plainPub := pemKey(t, "")
	locked, lockedPub := pemKey(t, "s3cret pass")
	s := e.server(sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{plainPub, lockedPub}})
	e.Client.IdentityFiles = nil
	e.Client.Prompt = func(string) (secret.Value, error) {
		t.Error("prompted for a passphrase that was given")
		return secret.Value{}, errors.New("no prompt here")
	}
	logins := func() int {
		return strings.Count(s.Log(), "Accepted publickey for "+s.User+" from 127.0.0.1 port")
	}
	cases := []struct {
		name string
		opts []ssh.Option
	}{
		{"pem string", []ssh.Option{ssh.KeyData(plain)}},
		{"secret", []ssh.Option{ssh.KeyData(secret.New("deploy key", []byte(plain)))}},
		{"encrypted, passphrase from a secret", []ssh.Option{ssh.KeyData(locked),
			ssh.Passphrase(secret.New("deploy key passphrase", []byte("s3cret pass")))}},
	}
	for i, tc := range cases {
		e.Client.CloseAll() // each case logs in anew
		h, err := e.Client.Dial(s.User+"@"+s.Addr, tc.opts...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if r, err := h.Run("echo in"); err != nil || r.String() != "in" {
			t.Fatalf("%s: run: %v %v", tc.name, r, err)
		}
		if got := logins(); got != i+1 {
			t.Errorf("%s: %d logins, want %d", tc.name, got, i+1)
		}
	}
	if !strings.Contains(s.Log(), xssh.FingerprintSHA256(lockedPub)) {
		t.Error("sshd did not log the encrypted key's login")
	}
	if _, err := e.Client.Dial(s.User+"@"+s.Addr, ssh.KeyData(42)); err == nil {
		t.Error("KeyData(42) dialed")
	}
}

// userCA is a certificate authority made by the test: its public key goes
// to sshd's TrustedUserCAKeys.
type userCA struct {
	signer xssh.Signer
	file   string
}

func newUserCA(t *testing.T) *userCA {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := xssh.NewSignerFromKey(priv)
	file := filepath.Join(t.TempDir(), "user_ca.pub")
	if err := os.WriteFile(file, xssh.MarshalAuthorizedKey(s.PublicKey()), 0o644); err != nil {
		t.Fatal(err)
	}
	return &userCA{signer: s, file: file}
}

// sign writes an OpenSSH user certificate for pub, valid for principal,
// to path.
func (ca *userCA) sign(t *testing.T, pub xssh.PublicKey, principal, path string) {
	t.Helper()
	now := time.Now()
	cert := &xssh.Certificate{
		Key: pub, Serial: 7, CertType: xssh.UserCert, KeyId: "opsh-test-cert",
		ValidPrincipals: []string{principal},
		ValidAfter:      uint64(now.Add(-time.Minute).Unix()), ValidBefore: uint64(now.Add(time.Hour).Unix()),
		Permissions: xssh.Permissions{Extensions: map[string]string{"permit-pty": ""}},
	}
	if err := cert.SignCert(rand.Reader, ca.signer); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, xssh.MarshalAuthorizedKey(cert), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestUserCertificate logs in to an sshd that trusts a user CA the test
// made and lists no authorized key: the key alone is refused; with its
// certificate, given by ssh.Certificate, by CertificateFile in ssh_config,
// or found as KEY-cert.pub, it logs in.
func TestUserCertificate(t *testing.T) {
	e := newEnv(t)
	ca := newUserCA(t)
	s := sshdtest.Start(t, sshdtest.Options{Plain: true, Config: []string{"TrustedUserCAKeys " + ca.file}})
	e.trust(s)
	key := newKey(t, "")
	e.Client.IdentityFiles = []string{key.Path}
	certFile := filepath.Join(t.TempDir(), "user-cert.pub")
	ca.sign(t, key.Pub, s.User, certFile)

	if _, err := e.Client.Dial(s.User + "@" + s.Addr); err == nil {
		t.Fatal("logged in with the bare key")
	}
	h, err := e.Client.Dial(s.User+"@"+s.Addr, ssh.Certificate(certFile))
	if err != nil {
		t.Fatalf("with the certificate: %v\n%s", err, s.Log())
	}
	if r, err := h.Run("whoami"); err != nil || r.String() != s.User {
		t.Fatalf("whoami: %v %v", r, err)
	}
	if !strings.Contains(s.Log(), `ID opsh-test-cert (serial 7)`) {
		t.Errorf("sshd did not log the certificate login:\n%s", s.Log())
	}
	e.Client.CloseAll()

	e.alias("certified", s, "CertificateFile "+certFile)
	if _, err := e.Client.Dial("certified"); err != nil {
		t.Fatalf("CertificateFile from ssh_config: %v", err)
	}
	e.Client.CloseAll()

	ca.sign(t, key.Pub, s.User, key.Path+"-cert.pub")
	if _, err := e.Client.Dial(s.User + "@" + s.Addr); err != nil {
		t.Fatalf("KEY-cert.pub next to the key: %v", err)
	}
}

// TestForwardAgent: with ssh.ForwardAgent(), `ssh-add -l` on the far side
// lists the local agent's key; without it, there is no agent there.
func TestForwardAgent(t *testing.T) {
	e := newEnv(t)
	agentKey := newKey(t, "")
	s := e.server(sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{agentKey.Pub}})
	e.Client.AgentSocket = sshdtest.Agent(t, t.TempDir(), agentKey.Path)

	h := e.dial(s)
	if r, err := h.Run("ssh-add -l"); err == nil {
		t.Fatalf("an agent on the far side without ForwardAgent: %s", r.Stdout)
	}
	h2 := e.dial(s, ssh.ForwardAgent())
	r, err := h2.Run("ssh-add -l")
	if err != nil {
		t.Fatalf("ssh-add -l with ForwardAgent: %v", err)
	}
	if fp := xssh.FingerprintSHA256(agentKey.Pub); !strings.Contains(r.Stdout, fp) {
		t.Errorf("ssh-add -l on the far side = %q, want the agent's key %s", r.Stdout, fp)
	}
	if n := strings.Count(s.Log(), "Accepted publickey"); n != 2 {
		t.Errorf("the forwarding dial reused the connection without forwarding")
	}

	e.Client.AgentSocket = ""
	if _, err := e.Client.Dial(s.User+"@"+s.Addr, ssh.ForwardAgent()); err == nil || !strings.Contains(err.Error(), "no agent") {
		t.Errorf("ForwardAgent without an agent: %v", err)
	}
}

// TestCommandConn speaks to a remote command's stdin and stdout as a
// connection: cat echoes what is written, and a command that fails says
// why when its output ends.
func TestCommandConn(t *testing.T) {
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	h := e.dial(s)
	c, err := h.CommandConn(context.Background(), "cat")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("ping\n")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 5)
	if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "ping\n" {
		t.Fatalf("read %q, %v", buf, err)
	}
	c.Close()

	c, err = h.CommandConn(context.Background(), "sh", "-c", "echo no engine here >&2; exit 1")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.ReadAll(c); err == nil || !strings.Contains(err.Error(), "no engine here") {
		t.Errorf("read from a failed command: %v", err)
	}
}
