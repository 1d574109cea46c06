package ssh_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	xssh "golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/builtins/ssh"
	"github.com/opsh/opsh/internal/sshdtest"
)

// testKey is a private key on disk and its public half.
type testKey struct {
	Path string
	Pub  xssh.PublicKey
}

// newKey writes a fresh ed25519 key, encrypted with passphrase if it is
// not empty.
func newKey(t testing.TB, passphrase string) testKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var block *pem.Block
	if passphrase == "" {
		block, err = xssh.MarshalPrivateKey(priv, "opsh test")
	} else {
		block, err = xssh.MarshalPrivateKeyWithPassphrase(priv, "opsh test", []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, err := xssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{Path: path, Pub: signer.PublicKey()}
}

// env is a client isolated from the user's ~/.ssh: its own ssh_config,
// known_hosts and key, no agent.
type env struct {
	t          testing.TB
	Client     *ssh.Client
	Key        testKey
	KnownHosts string
	ConfigFile string
	config     strings.Builder
}

func newEnv(t testing.TB) *env {
	t.Helper()
	dir := t.TempDir()
	e := &env{t: t, Key: newKey(t, ""), KnownHosts: filepath.Join(dir, "known_hosts"), ConfigFile: filepath.Join(dir, "config")}
	c := ssh.NewClient()
	c.Home = dir
	c.ConfigFiles = []string{e.ConfigFile}
	c.KnownHostsFiles = []string{e.KnownHosts}
	c.IdentityFiles = []string{e.Key.Path}
	e.Client = c
	t.Cleanup(c.CloseAll)
	return e
}

// server starts an sshd that accepts the env's key, logging in the plain
// user, and records its host key in the env's known_hosts.
func (e *env) server(o sshdtest.Options) *sshdtest.Server {
	e.t.Helper()
	o.AuthorizedKeys = append(o.AuthorizedKeys, e.Key.Pub)
	o.Plain = true
	s := sshdtest.Start(e.t, o)
	e.trust(s)
	return s
}

func (e *env) trust(s *sshdtest.Server) {
	e.t.Helper()
	f, err := os.OpenFile(e.KnownHosts, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		e.t.Fatal(err)
	}
	defer f.Close()
	fmt.Fprintln(f, s.HostKeyLine)
}

// alias adds a Host block for s to the env's ssh_config. Call it before
// the client's first Dial (the config is read once).
func (e *env) alias(name string, s *sshdtest.Server, extra ...string) {
	e.t.Helper()
	fmt.Fprintf(&e.config, "Host %s\n  HostName %s\n  Port %d\n  User %s\n", name, s.Host, s.Port, s.User)
	for _, l := range extra {
		fmt.Fprintf(&e.config, "  %s\n", l)
	}
	if err := os.WriteFile(e.ConfigFile, []byte(e.config.String()), 0o600); err != nil {
		e.t.Fatal(err)
	}
}

// dial dials s as its login user.
func (e *env) dial(s *sshdtest.Server, opts ...ssh.Option) *ssh.Host {
	e.t.Helper()
	h, err := e.Client.Dial(s.User+"@"+s.Addr, opts...)
	if err != nil {
		e.t.Fatalf("dial %s: %v\n%s", s.Addr, err, s.Log())
	}
	return h
}

func writeFile(p, s string) error { return os.WriteFile(p, []byte(s), 0o600) }
