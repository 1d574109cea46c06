package ssh_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	xssh "golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/builtins/ssh"
	"github.com/opsh/opsh/internal/sshdtest"
	"github.com/opsh/opsh/internal/testenv"
)

// poolCase is a pair of Dial option sets for the same user@host:port: the
// first reaches the server, the second must not, whichever is dialed first.
type poolCase struct {
	name       string
	good, weak func(e *env, s *sshdtest.Server) (string, []ssh.Option)
	wantErr    error // errors.Is target for the weak dial, nil for any error
}

// TestPoolNeverLendsAConnectionMadeUnderOtherChecks dials one real sshd
// twice in one client, once with settings that reach it and once with
// settings that must be refused, in both orders: the refused dial is
// refused even while the good connection is pooled, as it is in a fresh
// process.
func TestPoolNeverLendsAConnectionMadeUnderOtherChecks(t *testing.T) {
	empty := func(t *testing.T) string {
		p := filepath.Join(t.TempDir(), "empty_known_hosts")
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	direct := func(s *sshdtest.Server) string { return s.User + "@" + s.Addr }
	cases := []poolCase{
		{name: "known_hosts files",
			good: func(e *env, s *sshdtest.Server) (string, []ssh.Option) {
				return direct(s), []ssh.Option{ssh.KnownHosts(s.KnownHostsFile)}
			},
			weak: func(e *env, s *sshdtest.Server) (string, []ssh.Option) {
				return direct(s), []ssh.Option{ssh.KnownHosts(empty(e.t.(*testing.T)))}
			},
			wantErr: ssh.ErrUnknownHost},
		{name: "trust on first use",
			good: func(e *env, s *sshdtest.Server) (string, []ssh.Option) {
				tofu := filepath.Join(e.Client.Home, "tofu_known_hosts") // the same file each time
				return direct(s), []ssh.Option{ssh.TrustOnFirstUse(), ssh.KnownHosts(tofu)}
			},
			weak: func(e *env, s *sshdtest.Server) (string, []ssh.Option) {
				return direct(s), []ssh.Option{ssh.KnownHosts(empty(e.t.(*testing.T)))}
			},
			wantErr: ssh.ErrUnknownHost},
		{name: "key",
			good: func(e *env, s *sshdtest.Server) (string, []ssh.Option) {
				return direct(s), []ssh.Option{ssh.Key(e.Key.Path)}
			},
			weak: func(e *env, s *sshdtest.Server) (string, []ssh.Option) {
				return direct(s), []ssh.Option{ssh.Key(newKey(e.t, "").Path)}
			}},
		{name: "HostKeyAlgorithms",
			good:    func(e *env, s *sshdtest.Server) (string, []ssh.Option) { return "good", nil },
			weak:    func(e *env, s *sshdtest.Server) (string, []ssh.Option) { return "rsaonly", nil },
			wantErr: ssh.ErrUnknownHost},
		{name: "Ciphers",
			good: func(e *env, s *sshdtest.Server) (string, []ssh.Option) { return "good", nil },
			weak: func(e *env, s *sshdtest.Server) (string, []ssh.Option) { return "cbconly", nil }},
		{name: "jump host",
			good: func(e *env, s *sshdtest.Server) (string, []ssh.Option) { return direct(s), nil },
			weak: func(e *env, s *sshdtest.Server) (string, []ssh.Option) {
				return direct(s), []ssh.Option{ssh.Jump("downbastion")}
			}},
	}
	for _, tc := range cases {
		for _, order := range []string{"good first", "weak first"} {
			t.Run(tc.name+"/"+order, func(t *testing.T) {
				e := newEnv(t)
				rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
				if err != nil {
					t.Fatal(err)
				}
				s := e.server(sshdtest.Options{ExtraHostKeys: []crypto.Signer{rsaKey}})
				e.alias("good", s)
				e.alias("rsaonly", s, "HostKeyAlgorithms rsa-sha2-512")
				e.alias("cbconly", s, "Ciphers aes128-cbc") // sshd offers no CBC cipher
				e.alias("downbastion", &sshdtest.Server{Host: "127.0.0.1", Port: 1, User: s.User})
				tc.run(t, e, s, order == "weak first")
			})
		}
	}
}

func (tc poolCase) run(t *testing.T, e *env, s *sshdtest.Server, weakFirst bool) {
	t.Helper()
	dialGood := func() {
		target, opts := tc.good(e, s)
		h, err := e.Client.Dial(target, opts...)
		if err != nil {
			t.Fatalf("good dial: %v\n%s", err, s.Log())
		}
		if _, err := h.Run("true"); err != nil {
			t.Fatal(err)
		}
	}
	dialWeak := func() {
		target, opts := tc.weak(e, s)
		h, err := e.Client.Dial(target, opts...)
		if err == nil {
			h.Close()
			t.Fatalf("the dial that must be refused got a connection")
		}
		if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
			t.Fatalf("refused with %v, want %v", err, tc.wantErr)
		}
	}
	if weakFirst {
		dialWeak()
		dialGood()
		dialWeak()
		return
	}
	dialGood()
	dialWeak()
	dialGood() // and the good connection is still reused
	if n := strings.Count(s.Log(), "Accepted publickey"); n != 1 {
		t.Errorf("%d logins for two good dials, want 1 (pooled)", n)
	}
}

// TestPoolUserIsPartOfTheKey: a Dial as another user of the same host
// logs in as that user (sshd logs both logins), in both orders, instead of
// borrowing the other user's connection.
func TestPoolUserIsPartOfTheKey(t *testing.T) {
	for _, first := range []string{"", "nobody"} {
		e := newEnv(t)
		s := e.server(sshdtest.Options{})
		users := []string{s.User, "nobody"}
		if first == "nobody" {
			users = []string{"nobody", s.User}
		}
		for _, u := range users {
			h, err := e.Client.Dial(s.Addr, ssh.User(u))
			if err != nil {
				t.Fatalf("dial as %s: %v", u, err)
			}
			if h.User != u {
				t.Errorf("dialed as %s, got %s", u, h.User)
			}
		}
		for _, u := range users {
			if n := strings.Count(s.Log(), "Accepted publickey for "+u+" "); n != 1 {
				t.Errorf("sshd logged %d logins as %s, want 1", n, u)
			}
		}
	}
}

// TestHostKeyAlgorithmsAsOpenSSH: with HostKeyAlgorithms rsa-sha2-512 and
// only the server's ed25519 key known, OpenSSH's ssh negotiates RSA and
// refuses the host; so does opsh. With +ssh-ed25519 removed from nothing
// (the default order), both connect, and sshd logs which algorithm each
// negotiated.
func TestHostKeyAlgorithmsAsOpenSSH(t *testing.T) {
	e := newEnv(t)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s := e.server(sshdtest.Options{ExtraHostKeys: []crypto.Signer{rsaKey}, Config: []string{"LogLevel DEBUG1"}})
	e.alias("rsaonly", s, "HostKeyAlgorithms rsa-sha2-512", "UserKnownHostsFile "+e.KnownHosts,
		"IdentityFile "+e.Key.Path, "IdentitiesOnly yes", "BatchMode yes", "StrictHostKeyChecking yes")
	e.alias("plain", s, "UserKnownHostsFile "+e.KnownHosts,
		"IdentityFile "+e.Key.Path, "IdentitiesOnly yes", "BatchMode yes", "StrictHostKeyChecking yes")

	native := func(alias string) error {
		cmd := exec.Command(testenv.LookPath(t, "ssh"), "-F", e.ConfigFile, "-o", "GlobalKnownHostsFile=/dev/null", alias, "true")
		out, err := cmd.CombinedOutput()
		if err != nil {
			return errors.New(string(out))
		}
		return nil
	}
	if err := native("rsaonly"); err == nil {
		t.Fatal("OpenSSH connected with HostKeyAlgorithms rsa-sha2-512 and only the ed25519 key known")
	}
	if _, err := e.Client.Dial("rsaonly"); !errors.Is(err, ssh.ErrUnknownHost) {
		t.Fatalf("opsh with HostKeyAlgorithms rsa-sha2-512: %v, want ErrUnknownHost", err)
	}
	if n := strings.Count(s.Log(), "kex: host key algorithm: rsa-sha2-512"); n != 2 {
		t.Errorf("sshd negotiated rsa-sha2-512 %d times, want 2 (ssh and opsh)", n)
	}
	if err := native("plain"); err != nil {
		t.Fatalf("OpenSSH: %v", err)
	}
	if _, err := e.Client.Dial("plain"); err != nil {
		t.Fatalf("opsh: %v", err)
	}
	if n := strings.Count(s.Log(), "kex: host key algorithm: ssh-ed25519"); n != 2 {
		t.Errorf("sshd negotiated ssh-ed25519 %d times, want 2", n)
	}
}

// TestCipherKexMACPinned: a server that offers one cipher, one key
// exchange and one MAC is reached only when ssh_config's lists allow them,
// with +, - and ^ edits of the defaults as OpenSSH reads them.
func TestCipherKexMACPinned(t *testing.T) {
	e := newEnv(t)
	s := e.server(sshdtest.Options{Config: []string{"LogLevel DEBUG1",
		"Ciphers aes256-ctr", "KexAlgorithms diffie-hellman-group14-sha256", "MACs hmac-sha2-512"}})
	e.alias("nocipher", s, "Ciphers -aes256-ctr")
	e.alias("nokex", s, "KexAlgorithms -diffie-hellman-group14-*")
	e.alias("nomac", s, "MACs hmac-sha2-256,hmac-sha2-256-etm@openssh.com")
	e.alias("pinned", s, "Ciphers aes256-ctr", "KexAlgorithms ^diffie-hellman-group14-sha256", "MACs +hmac-sha1")
	for _, alias := range []string{"nocipher", "nokex", "nomac"} {
		if h, err := e.Client.Dial(alias); err == nil {
			h.Close()
			t.Errorf("%s: connected although the server offers nothing the config allows", alias)
		}
	}
	h, err := e.Client.Dial("pinned")
	if err != nil {
		t.Fatalf("pinned: %v\n%s", err, s.Log())
	}
	h.Close()
	for _, want := range []string{"kex: algorithm: diffie-hellman-group14-sha256",
		"kex: client->server cipher: aes256-ctr MAC: hmac-sha2-512"} {
		if !strings.Contains(s.Log(), want) {
			t.Errorf("sshd log lacks %q", want)
		}
	}
}

// TestPubkeyAcceptedAlgorithms: an RSA key whose only algorithm the config
// allows is one the server refuses does not log in; rsa-sha2-256, which
// the server takes, does.
func TestPubkeyAcceptedAlgorithms(t *testing.T) {
	e := newEnv(t)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := xssh.NewSignerFromKey(rsaKey)
	keyPath := writePrivateKey(t, rsaKey)
	e.Client.IdentityFiles = []string{keyPath}
	s := e.server(sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{signer.PublicKey()},
		Config: []string{"PubkeyAcceptedAlgorithms rsa-sha2-256", "LogLevel DEBUG1"}})
	e.alias("sha512", s, "PubkeyAcceptedAlgorithms rsa-sha2-512", "IdentitiesOnly yes")
	e.alias("sha256", s, "PubkeyAcceptedAlgorithms rsa-sha2-256,ssh-ed25519", "IdentitiesOnly yes")
	if h, err := e.Client.Dial("sha512"); err == nil {
		h.Close()
		t.Fatal("logged in with rsa-sha2-512, which the server refuses")
	}
	if _, err := e.Client.Dial("sha256"); err != nil {
		t.Fatalf("rsa-sha2-256: %v\n%s", err, s.Log())
	}
	if !strings.Contains(s.Log(), "Accepted publickey for "+s.User) {
		t.Error("sshd did not log the RSA login")
	}
}

func writePrivateKey(t *testing.T, k crypto.PrivateKey) string {
	t.Helper()
	block, err := xssh.MarshalPrivateKey(k, "opsh test")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "id_key")
	if err := os.WriteFile(p, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestConnectTimeoutNamesThePhase: a server that accepts the TCP
// connection and then says nothing times out in the SSH handshake, and
// the error says so (and still matches context.DeadlineExceeded).
func TestConnectTimeoutNamesThePhase(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	held := make(chan net.Conn, 4)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			held <- c // keep it open, silent
		}
	}()
	t.Cleanup(func() {
		for len(held) > 0 {
			(<-held).Close()
		}
	})
	e := newEnv(t)
	start := time.Now()
	_, err = e.Client.Dial("x@"+l.Addr().String(), ssh.ConnectTimeout(300*time.Millisecond))
	if err == nil {
		t.Fatal("dial of a silent server succeeded")
	}
	if !strings.Contains(err.Error(), "during the SSH handshake") || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %q does not name the handshake as the phase that timed out", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gave up after %v", d)
	}
}
