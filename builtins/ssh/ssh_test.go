package ssh_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	xssh "golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/builtins/ssh"
	"github.com/opsh/opsh/internal/sshdtest"
	"github.com/opsh/opsh/internal/testenv"
)

func TestRunExitCodesAndStderr(t *testing.T) {
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	h := e.dial(s)
	defer h.Close()

	r, err := h.Run("echo out; echo err >&2")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Stdout, "out\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
	if got, want := r.Stderr, "err\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	if r.ExitCode != 0 || r.Duration <= 0 {
		t.Errorf("exit %d, duration %v", r.ExitCode, r.Duration)
	}

	r, err = h.Run("echo partial; echo 'it broke' >&2; exit 3")
	var ee *ssh.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("exit 3: err = %v, want *ssh.ExitError", err)
	}
	if r == nil || r != ee.Result {
		t.Fatalf("the error does not carry the returned result")
	}
	if got, want := r.ExitCode, 3; got != want {
		t.Errorf("exit code = %d, want %d", got, want)
	}
	if r.Stdout != "partial\n" || r.Stderr != "it broke\n" {
		t.Errorf("output = %q / %q", r.Stdout, r.Stderr)
	}
	if !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "it broke") {
		t.Errorf("error %q does not give the status and stderr", err)
	}

	r, err = h.Run("kill -TERM $$")
	if !errors.As(err, &ee) || r.Signal != "TERM" {
		t.Errorf("killed by TERM: err = %v, signal %q", err, r.Signal)
	}
	if !strings.Contains(r.Display(), "killed by SIGTERM") {
		t.Errorf("display %q does not say the signal", r.Display())
	}
}

func TestRunArgsHostileValues(t *testing.T) {
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	h := e.dial(s)
	canary := filepath.Join(s.MkdirTemp(t), "canary")
	if err := os.WriteFile(canary, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	hostile := []string{
		"; rm -rf " + canary,
		"$(rm " + canary + ")",
		"`rm " + canary + "`",
		"it's",
		`say "hi"`,
		"two\nlines",
		"trailing newline\n",
		"$HOME",
		"*",
		"back\\slash",
		"",
		"  spaces  ",
		"a|b&c>d<e",
		"-n",
		"ümlaut ✓",
	}
	args := append([]string{"printf", "[%s]\n"}, hostile...)
	r, err := h.RunArgs(args...)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for _, a := range hostile {
		want.WriteString("[" + a + "]\n")
	}
	if r.Stdout != want.String() {
		t.Errorf("printf printed\n%q\nwant\n%q", r.Stdout, want.String())
	}
	if _, err := os.Stat(canary); err != nil {
		t.Errorf("a quoted value ran a command: %v", err)
	}
	if got, want := ssh.Quote("ls", "-l", "my dir", "it's"), `ls -l 'my dir' 'it'\''s'`; got != want {
		t.Errorf("Quote = %s, want %s", got, want)
	}
}

func TestUnknownHostRefused(t *testing.T) {
	e := newEnv(t)
	s := sshdtest.Start(t, sshdtest.Options{AuthorizedKeys: nil, Plain: true})
	_, err := e.Client.Dial(s.Addr)
	if !errors.Is(err, ssh.ErrUnknownHost) {
		t.Fatalf("dial an unknown host: err = %v, want ErrUnknownHost", err)
	}
	if fp := strings.Fields(s.HostKeyLine)[2]; !strings.Contains(err.Error(), "SHA256:") || fp == "" {
		t.Errorf("error %q does not show the offered fingerprint", err)
	}
	if !strings.Contains(err.Error(), "TrustOnFirstUse") {
		t.Errorf("error %q gives no hint", err)
	}
	if _, err := os.Stat(e.KnownHosts); !os.IsNotExist(err) {
		t.Errorf("a refused host was recorded in known_hosts")
	}
}

func TestTrustOnFirstUse(t *testing.T) {
	e := newEnv(t)
	sAuth := sshdtest.Start(t, sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{e.Key.Pub}, Plain: true})
	h, err := e.Client.Dial(sAuth.User+"@"+sAuth.Addr, ssh.TrustOnFirstUse())
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	b, err := os.ReadFile(e.KnownHosts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.TrimSpace(string(b)), sAuth.HostKeyLine; got != want {
		t.Errorf("known_hosts = %q, want %q", got, want)
	}
	// Known now: a strict dial succeeds.
	e.Client.CloseAll()
	h, err = e.Client.Dial(sAuth.User + "@" + sAuth.Addr)
	if err != nil {
		t.Fatalf("strict dial after TOFU: %v", err)
	}
	h.Close()
}

func TestChangedHostKeyRefused(t *testing.T) {
	e := newEnv(t)
	a := e.server(sshdtest.Options{})
	h := e.dial(a)
	h.Close()
	e.Client.CloseAll()
	a.Stop()
	// Same address, another host key: a rebuilt host, or an attacker.
	b := sshdtest.Start(t, sshdtest.Options{Port: a.Port, AuthorizedKeys: []xssh.PublicKey{e.Key.Pub}, Plain: true})
	for _, opts := range [][]ssh.Option{nil, {ssh.TrustOnFirstUse()}} {
		_, err := e.Client.Dial(b.User+"@"+b.Addr, opts...)
		if !errors.Is(err, ssh.ErrHostKeyMismatch) {
			t.Fatalf("dial %v: err = %v, want ErrHostKeyMismatch", opts, err)
		}
		old, nw := fingerprint(a), fingerprint(b)
		if !strings.Contains(err.Error(), old) || !strings.Contains(err.Error(), nw) {
			t.Errorf("error %q does not name both fingerprints %s and %s", err, old, nw)
		}
	}
	kh, _ := os.ReadFile(e.KnownHosts)
	if strings.Contains(string(kh), strings.Fields(b.HostKeyLine)[2]) {
		t.Errorf("the changed key was written to known_hosts")
	}
}

func fingerprint(s *sshdtest.Server) string {
	return ssh.Fingerprint(s.HostKey)
}

func TestAgentAuth(t *testing.T) {
	e := newEnv(t)
	agentKey := newKey(t, "")
	// The server accepts both the agent's key and the key file: the agent
	// is asked first, as OpenSSH does.
	s := e.server(sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{agentKey.Pub}})
	e.Client.AgentSocket = sshdtest.Agent(t, t.TempDir(), agentKey.Path)

	h := e.dial(s)
	if r, err := h.Run("echo via agent"); err != nil || r.String() != "via agent" {
		t.Fatalf("run: %v %v", r, err)
	}
	accepted := "Accepted publickey for " + s.User + " from 127.0.0.1"
	logged := func(k testKey) bool {
		fp := xssh.FingerprintSHA256(k.Pub)
		for _, l := range strings.Split(s.Log(), "\n") {
			if strings.Contains(l, accepted) && strings.Contains(l, fp) {
				return true
			}
		}
		return false
	}
	if !logged(agentKey) || logged(e.Key) {
		t.Errorf("sshd did not log in with the agent's key first:\n%s", s.Log())
	}
	h.Close()
	e.Client.CloseAll()

	// Without the agent, the key file logs in.
	h = e.dial(s, ssh.NoAgent())
	h.Close()
	if !logged(e.Key) {
		t.Errorf("NoAgent did not fall back to the key file")
	}
	e.Client.CloseAll()

	// Only the agent holds an accepted key: NoAgent fails.
	e.Client.IdentityFiles = nil
	if _, err := e.Client.Dial(s.User+"@"+s.Addr, ssh.NoAgent()); err == nil {
		t.Errorf("NoAgent still logged in with the agent's key")
	}
}

func TestEncryptedKeyAskedOnce(t *testing.T) {
	e := newEnv(t)
	locked := newKey(t, "correct horse")
	s1 := e.server(sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{locked.Pub}})
	s2 := e.server(sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{locked.Pub}})
	e.Client.IdentityFiles = nil
	asked := 0
	e.Client.Prompt = func(label string) (secret.Value, error) {
		asked++
		if !strings.Contains(label, locked.Path) {
			t.Errorf("prompt %q does not name the key", label)
		}
		return secret.New("passphrase", []byte("correct horse")), nil
	}
	for _, s := range []*sshdtest.Server{s1, s2} {
		h := e.dial(s, ssh.Key(locked.Path))
		if _, err := h.Run("true"); err != nil {
			t.Fatal(err)
		}
	}
	if asked != 1 {
		t.Errorf("passphrase asked %d times, want once", asked)
	}

	// A key the server does not accept is never decrypted.
	e2 := newEnv(t)
	other := newKey(t, "never asked")
	s3 := e2.server(sshdtest.Options{})
	e2.Client.Prompt = func(string) (secret.Value, error) {
		t.Error("asked for the passphrase of a key the server did not accept")
		return secret.Value{}, errors.New("no")
	}
	e2.dial(s3, ssh.Key(other.Path), ssh.Key(e2.Key.Path))
}

func TestProxyJump(t *testing.T) {
	e := newEnv(t)
	bastion := e.server(sshdtest.Options{Config: []string{"LogLevel DEBUG1"}})
	outer := e.server(sshdtest.Options{Config: []string{"LogLevel DEBUG1"}})
	target := e.server(sshdtest.Options{})
	e.alias("bastion", bastion)
	e.alias("inside", target, "ProxyJump bastion")

	h, err := e.Client.Dial("inside")
	if err != nil {
		t.Fatalf("dial through bastion: %v\n%s", err, bastion.Log())
	}
	if r, err := h.Run("echo inside"); err != nil || r.String() != "inside" {
		t.Fatalf("run: %v %v", r, err)
	}
	if want := "target 127.0.0.1 port " + strconv.Itoa(target.Port); !strings.Contains(bastion.Log(), want) {
		t.Errorf("bastion did not forward to the target (%q not in its log)", want)
	}
	// The Jump option does the same without ssh_config, through two hops.
	e.Client.CloseAll()
	h2, err := e.Client.Dial(target.User+"@"+target.Addr, ssh.Jump(outer.User+"@"+outer.Addr+",bastion"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h2.Run("true"); err != nil {
		t.Fatal(err)
	}
	if want := "target 127.0.0.1 port " + strconv.Itoa(bastion.Port); !strings.Contains(outer.Log(), want) {
		t.Errorf("the first hop did not forward to the second (%q not in its log)", want)
	}
	bastion.Stop()
	e.Client.CloseAll()
	if _, err := e.Client.Dial("inside"); err == nil {
		t.Errorf("dial succeeded with the bastion down: the jump was not used")
	}
}

func TestSudoNeverHangs(t *testing.T) {
	testenv.LookPath(t, "sudo")
	if os.Geteuid() != 0 {
		t.Skip("needs root to log in as the plain test user")
	}
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	h := e.dial(s)
	start := time.Now()
	_, err := h.Run("id -u", ssh.Sudo())
	var ee *ssh.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("sudo without rights: err = %v, want an ExitError", err)
	}
	if !strings.Contains(err.Error(), "sudo wants a password") {
		t.Errorf("error %q does not say sudo wants a password", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("sudo took %v: it waited for a password", d)
	}
	if !strings.Contains(ee.Result.Command, "id -u") {
		t.Errorf("result command = %q", ee.Result.Command)
	}
}

func TestSudoAsRoot(t *testing.T) {
	testenv.LookPath(t, "sudo")
	e := newEnv(t)
	s := sshdtest.Start(t, sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{e.Key.Pub}}) // the tests' own user
	e.trust(s)
	if s.User != "root" {
		t.Skip("needs root: only root runs sudo without a password here")
	}
	h := e.dial(s)
	r, err := h.Run(`echo "$(id -u) $X"`, ssh.Sudo(), ssh.Env("X", "it's here"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.String(), "0 it's here"; got != want {
		t.Errorf("sudo with env printed %q, want %q", got, want)
	}
}

func TestInterruptStopsRemoteCommand(t *testing.T) {
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	h := e.dial(s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// A duration no other test or run uses, to find the process by.
	sleep := fmt.Sprintf("sleep %d.%d", 900+time.Now().Nanosecond()%99, os.Getpid())
	var out testenv.Buffer
	done := make(chan error, 1)
	go func() {
		_, err := h.StreamTo(&out, &out, "echo started; "+sleep+"; echo done", ssh.WithContext(ctx))
		done <- err
	}()
	testenv.WaitFor(t, 10*time.Second, "remote command to start", func() error {
		if !strings.Contains(out.String(), "started") {
			return errors.New("no output yet")
		}
		return nil
	})
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to stop", d)
	}
	testenv.WaitFor(t, 10*time.Second, "remote sleep to end", func() error {
		r, err := h.Run("pgrep -x -f '" + sleep + "' || true")
		if err != nil {
			return err
		}
		if r.String() != "" {
			return errors.New("still running: pid " + r.String())
		}
		return nil
	})
}

func TestRunTimeout(t *testing.T) {
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	h := e.dial(s)
	start := time.Now()
	_, err := h.Run("sleep 30", ssh.Timeout(200*time.Millisecond))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "timed out after 200ms") {
		t.Errorf("err = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a 200ms timeout took %v", d)
	}
}

func TestStream(t *testing.T) {
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	h := e.dial(s)
	var out, errOut bytes.Buffer
	r, err := h.StreamTo(&out, &errOut, "for i in 1 2 3; do echo line $i; done; echo oops >&2")
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != "line 1\nline 2\nline 3\n" || errOut.String() != "oops\n" {
		t.Errorf("streamed %q / %q", out.String(), errOut.String())
	}
	if r.Stdout != "" || r.ExitCode != 0 {
		t.Errorf("stream result = %+v", r)
	}
}

func TestConnectionReuseAndRedial(t *testing.T) {
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	h1 := e.dial(s)
	h2 := e.dial(s)
	if _, err := h2.Run("true"); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(s.Log(), "Accepted publickey"); n != 1 {
		t.Errorf("two dials made %d logins, want 1 (reused)", n)
	}
	h1.Close()
	if _, err := h2.Run("true"); err != nil {
		t.Fatalf("closing one handle closed the other's connection: %v", err)
	}

	// The server hangs up: the next Run redials.
	fr := newFreezer(t, s.Addr)
	addr := fr.l.Addr().String()
	known := ssh.KnownHosts(writeKnown(t, addr, s))
	h3, err := e.Client.Dial(s.User+"@"+addr, known)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h3.Run("true"); err != nil {
		t.Fatal(err)
	}
	fr.cut()
	testenv.WaitFor(t, 10*time.Second, "the hang-up to be seen", func() error {
		if h3.Alive() {
			return errors.New("still alive")
		}
		return nil
	})
	r, err := h3.Run("echo again")
	if err != nil || r.String() != "again" {
		t.Fatalf("run after the server hung up: %v %v", r, err)
	}
	if n := strings.Count(s.Log(), "Accepted publickey"); n != 3 {
		t.Errorf("%d logins, want 3 (direct, through the proxy, redial)", n)
	}
}

// TestUnansweredSessionOpen: a server that stops answering (but keeps the
// TCP connection) does not hang a Run: it is given up after the connect
// timeout and the connection redialed.
func TestUnansweredSessionOpen(t *testing.T) {
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	fr := newFreezer(t, s.Addr)
	addr := fr.l.Addr().String()
	h, err := e.Client.Dial(s.User+"@"+addr, ssh.KnownHosts(writeKnown(t, addr, s)),
		ssh.KeepAlive(0), ssh.ConnectTimeout(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	fr.frozen.Store(true)
	start := time.Now()
	if _, err := h.Run("true"); err == nil {
		t.Fatal("a run over a frozen connection succeeded")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gave up after %v", d)
	}
	fr.frozen.Store(false)
	if _, err := h.Run("true"); err != nil {
		t.Fatalf("after the server came back: %v", err)
	}
}

func TestConcurrentRunsShareOneConnection(t *testing.T) {
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	h := e.dial(s)
	const n = 25 // more than sshd's MaxSessions (10): the rest wait their turn
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			_, err := h.Run("sleep 0.2")
			errs <- err
		}()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestHostKeyAlgorithmFromKnownHosts: a server with ed25519 and ECDSA host
// keys, known only by its ed25519 key, is accepted: the algorithm is chosen
// from known_hosts (golang/go#29286). x/crypto/ssh alone prefers ECDSA and
// would refuse the host as changed.
func TestHostKeyAlgorithmFromKnownHosts(t *testing.T) {
	e := newEnv(t)
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s := sshdtest.Start(t, sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{e.Key.Pub}, Plain: true,
		ExtraHostKeys: []crypto.Signer{ecKey}})
	e.trust(s) // the ed25519 key only
	h := e.dial(s)
	if _, err := h.Run("true"); err != nil {
		t.Fatal(err)
	}
}

// TestHashedKnownHosts: entries hashed by OpenSSH's own ssh-keygen -H match.
func TestHashedKnownHosts(t *testing.T) {
	keygen := testenv.LookPath(t, "ssh-keygen")
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	if out, err := exec.Command(keygen, "-H", "-f", e.KnownHosts).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen -H: %v: %s", err, out)
	}
	kh, _ := os.ReadFile(e.KnownHosts)
	if !strings.HasPrefix(string(kh), "|1|") {
		t.Fatalf("known_hosts not hashed: %s", kh)
	}
	h := e.dial(s)
	h.Close()
}

func TestDisplay(t *testing.T) {
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	e.alias("web-1", s)
	h, err := e.Client.Dial("web-1")
	if err != nil {
		t.Fatal(err)
	}
	if d := h.Display(); !strings.HasPrefix(d, "ssh "+s.User+"@web-1 ("+s.Addr+") connected, SSH-2.0-OpenSSH_") {
		t.Errorf("host display = %q", d)
	}
	r, _ := h.Run("echo one; echo two; echo warn >&2; exit 1")
	d := r.Display()
	if !strings.HasPrefix(d, "web-1: exit 1 in ") || !strings.HasSuffix(d, "\none\ntwo\nstderr:\nwarn") {
		t.Errorf("result display = %q", d)
	}
	h.Close()
	if d := h.Display(); !strings.Contains(d, " closed,") {
		t.Errorf("closed host display = %q", d)
	}
	if _, err := h.Run("true"); err == nil {
		t.Errorf("a closed host ran a command")
	}
	var nilHost *ssh.Host
	if _, err := nilHost.Run("true"); err == nil || !strings.Contains(err.Error(), "did Dial fail") {
		t.Errorf("nil host: %v", err)
	}
}

// TestProxyCommand: ProxyCommand in ssh_config, here OpenSSH's own
// `ssh -W %h:%p bastion`, the way a host behind a bastion or AWS SSM is
// reached.
func TestProxyCommand(t *testing.T) {
	sshBin := testenv.LookPath(t, "ssh")
	e := newEnv(t)
	bastion := e.server(sshdtest.Options{Config: []string{"LogLevel DEBUG1"}})
	target := e.server(sshdtest.Options{})
	proxy := ssh.Quote(append([]string{sshBin, "-W", "%h:%p"}, bastion.SSHArgs(e.Key.Path)...)...)
	e.alias("behind", target, "ProxyCommand "+proxy)
	h, err := e.Client.Dial("behind")
	if err != nil {
		t.Fatalf("dial through ProxyCommand: %v\n%s", err, bastion.Log())
	}
	if r, err := h.Run("echo behind"); err != nil || r.String() != "behind" {
		t.Fatalf("run: %v %v", r, err)
	}
	if want := "target 127.0.0.1 port " + strconv.Itoa(target.Port); !strings.Contains(bastion.Log(), want) {
		t.Errorf("the ProxyCommand did not go through the bastion (%q not in its log)", want)
	}
	h.Close()
	e.Client.CloseAll()
	bastion.Stop()
	if _, err := e.Client.Dial("behind", ssh.ConnectTimeout(5*time.Second)); err == nil {
		t.Errorf("dial succeeded with the bastion down")
	}
}
