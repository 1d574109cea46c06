// Package sshdtest starts real OpenSSH sshd servers for tests: each on
// 127.0.0.1 with its own configuration, host key and authorized keys in a
// temporary directory, stopped by PID when the test ends.
//
//	key, _ := ssh.NewSignerFromKey(priv)          // golang.org/x/crypto/ssh
//	srv := sshdtest.Start(t, sshdtest.Options{
//		AuthorizedKeys: []ssh.PublicKey{key.PublicKey()},
//		Plain:          true, // log in as a user whose shell is /bin/sh
//	})
//	// srv.Addr, srv.User, srv.KnownHostsFile, srv.HostKey
//
// The server runs with UsePAM no and StrictModes no, logs to a file in its
// directory (srv.Log() returns it, and a failing test prints it), and offers
// the SFTP subsystem (internal-sftp). Without sshd installed, Start ends the
// test through testenv.Missing.
//
// Logins: sshd checks the user it logs in, so when the tests run as root,
// Options.Plain logs in as PlainUser, a local account with /bin/sh and no
// shell rc files, created once by Start (useradd) if missing. Root's own
// shell here reads a ~/.bashrc that costs ~60 ms on every remote command,
// which hides the protocol's cost in benchmarks. As any other user, sshd can
// only log in the user it runs as, and Plain changes nothing.
package sshdtest

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/internal/testenv"
)

// PlainUser is the account Options.Plain logs in as when tests run as root:
// shell /bin/sh, home /home/opsh-test.
const PlainUser = "opsh-test"

// Options say how to start a server. The zero value starts one on a free
// port with a fresh ed25519 host key, logging in the user running the tests.
type Options struct {
	// AuthorizedKeys may log in. Keys are also accepted as
	// authorized_keys lines in AuthorizedKeyLines.
	AuthorizedKeys     []ssh.PublicKey
	AuthorizedKeyLines []string

	// HostKey is the server's private host key; nil makes a fresh ed25519
	// key. Give the same key to two servers to make them the same host.
	HostKey ed25519.PrivateKey

	// ExtraHostKeys are more host keys (an *rsa.PrivateKey, an
	// *ecdsa.PrivateKey…), offered after the ed25519 one, as servers that
	// have one of each type do.
	ExtraHostKeys []crypto.Signer

	// Port to listen on, on 127.0.0.1; 0 picks a free one.
	Port int

	// Plain logs in as PlainUser (see the package comment).
	Plain bool

	// Config holds extra sshd_config lines ("MaxSessions 64").
	Config []string

	// NoReexec runs sshd -r: a connection's sshd is forked but not
	// re-executed. Real servers re-execute (for address-space
	// randomisation); benchmarks that run many servers on one machine use
	// this to charge less of the servers' work to the client's cores.
	NoReexec bool
}

// Server is a running sshd.
type Server struct {
	Addr string // 127.0.0.1:port
	Host string // 127.0.0.1
	Port int

	// User is the account keys log in as; Home its home directory.
	User string
	Home string

	// HostKey is the server's public host key; HostKeyLine its known_hosts
	// line ("[127.0.0.1]:port ssh-ed25519 AAAA…"), also written to
	// KnownHostsFile.
	HostKey        ssh.PublicKey
	HostKeyLine    string
	KnownHostsFile string
	HostKeyFile    string // the private host key, OpenSSH PEM

	// HostKeys are all the public host keys, HostKey first, then those of
	// Options.ExtraHostKeys.
	HostKeys []ssh.PublicKey

	Dir        string // the temporary directory: config, keys, pid file, log
	ConfigFile string

	t             testing.TB
	noReexec      bool
	extraKeyFiles []string
	mu            sync.Mutex
	cmd           *exec.Cmd
	done          chan struct{}
	stopped       bool
}

// Start starts sshd and registers its stop with t.Cleanup.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	sshd := testenv.LookPath(t, "sshd")
	s := &Server{t: t, Host: "127.0.0.1", Dir: t.TempDir()}
	s.setUser(o.Plain)

	if os.Geteuid() == 0 {
		if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
			t.Fatalf("sshdtest: privilege separation directory: %v", err)
		}
	}
	// sshd reads authorized_keys as the user it logs in.
	for _, d := range []string{filepath.Dir(s.Dir), s.Dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s.writeHostKey(o.HostKey)
	for i, k := range o.ExtraHostKeys {
		s.writeExtraHostKey(i, k)
	}
	s.writeAuthorizedKeys(o)

	ports := []int{o.Port}
	if o.Port == 0 {
		ports = []int{testenv.FreePort(t), testenv.FreePort(t), testenv.FreePort(t)}
	}
	var err error
	s.noReexec = o.NoReexec
	for _, port := range ports {
		if err = s.start(sshd, port, o.Config); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("sshdtest: %v\n%s", err, s.Log())
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("sshd %s log:\n%s", s.Addr, s.Log())
		}
		s.Stop()
	})
	return s
}

func (s *Server) setUser(plain bool) {
	t := s.t
	t.Helper()
	if plain && os.Geteuid() == 0 {
		EnsurePlainUser(t)
		s.User = PlainUser
	} else {
		u, err := user.Current()
		if err != nil {
			t.Fatalf("sshdtest: current user: %v", err)
		}
		s.User = u.Username
	}
	u, err := user.Lookup(s.User)
	if err != nil {
		t.Fatalf("sshdtest: %v", err)
	}
	s.Home = u.HomeDir
}

var plainOnce sync.Mutex

// EnsurePlainUser creates PlainUser (useradd, shell /bin/sh, home
// /home/opsh-test) unless it exists. It needs root.
func EnsurePlainUser(t testing.TB) {
	t.Helper()
	plainOnce.Lock()
	defer plainOnce.Unlock()
	if _, err := user.Lookup(PlainUser); err != nil {
		// --password '*': no password, but not locked (sshd without PAM
		// refuses a locked account even with a key).
		useradd := testenv.LookPath(t, "useradd")
		out, err := exec.Command(useradd, "--create-home", "--home-dir", "/home/"+PlainUser,
			"--shell", "/bin/sh", "--password", "*", "--comment", "opsh tests", PlainUser).CombinedOutput()
		if _, err2 := user.Lookup(PlainUser); err != nil && err2 != nil {
			t.Fatalf("sshdtest: useradd %s: %v: %s", PlainUser, err, out)
		}
	}
	if shadow, err := os.ReadFile("/etc/shadow"); err == nil && strings.Contains(string(shadow), "\n"+PlainUser+":!") {
		usermod := testenv.LookPath(t, "usermod")
		if out, err := exec.Command(usermod, "--password", "*", PlainUser).CombinedOutput(); err != nil {
			t.Fatalf("sshdtest: unlock %s: %v: %s", PlainUser, err, out)
		}
	}
}

func (s *Server) writeHostKey(priv ed25519.PrivateKey) {
	t := s.t
	t.Helper()
	if priv == nil {
		var err error
		if _, priv, err = ed25519.GenerateKey(rand.Reader); err != nil {
			t.Fatal(err)
		}
	}
	block, err := ssh.MarshalPrivateKey(priv, "sshdtest host key")
	if err != nil {
		t.Fatal(err)
	}
	s.HostKeyFile = filepath.Join(s.Dir, "ssh_host_ed25519_key")
	if err := os.WriteFile(s.HostKeyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	s.HostKey = signer.PublicKey()
	s.HostKeys = []ssh.PublicKey{s.HostKey}
}

func (s *Server) writeExtraHostKey(i int, k crypto.Signer) {
	t := s.t
	t.Helper()
	block, err := ssh.MarshalPrivateKey(k, "sshdtest host key")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(s.Dir, fmt.Sprintf("ssh_host_extra%d_key", i))
	if err := os.WriteFile(p, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromSigner(k)
	if err != nil {
		t.Fatal(err)
	}
	s.extraKeyFiles = append(s.extraKeyFiles, p)
	s.HostKeys = append(s.HostKeys, signer.PublicKey())
}

func (s *Server) writeAuthorizedKeys(o Options) {
	t := s.t
	var b bytes.Buffer
	for _, k := range o.AuthorizedKeys {
		b.Write(ssh.MarshalAuthorizedKey(k))
	}
	for _, l := range o.AuthorizedKeyLines {
		b.WriteString(strings.TrimSpace(l) + "\n")
	}
	if err := os.WriteFile(filepath.Join(s.Dir, "authorized_keys"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (s *Server) start(sshd string, port int, extra []string) error {
	s.Port = port
	s.Addr = net.JoinHostPort(s.Host, strconv.Itoa(port))
	s.HostKeyLine = KnownHostsLine(s.Addr, s.HostKey)
	s.KnownHostsFile = filepath.Join(s.Dir, "known_hosts")
	if err := os.WriteFile(s.KnownHostsFile, []byte(s.HostKeyLine+"\n"), 0o644); err != nil {
		return err
	}
	conf := []string{
		"ListenAddress " + s.Addr,
		"HostKey " + s.HostKeyFile,
	}
	for _, f := range s.extraKeyFiles {
		conf = append(conf, "HostKey "+f)
	}
	conf = append(conf,
		"PidFile "+filepath.Join(s.Dir, "sshd.pid"),
		"AuthorizedKeysFile "+filepath.Join(s.Dir, "authorized_keys"),
		"UsePAM no",
		"StrictModes no",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"PermitRootLogin prohibit-password",
		"Subsystem sftp internal-sftp",
		"LogLevel VERBOSE",
	)
	conf = append(extra, conf...) // sshd keeps the first value of a keyword
	s.ConfigFile = filepath.Join(s.Dir, "sshd_config")
	if err := os.WriteFile(s.ConfigFile, []byte(strings.Join(conf, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	logf, err := os.OpenFile(s.logPath(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	logged := len(s.Log())
	args := []string{"-D", "-e", "-f", s.ConfigFile}
	if s.noReexec {
		args = append(args, "-r")
	}
	cmd := exec.Command(sshd, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	// If the test binary dies without cleaning up (a -timeout panic), the
	// kernel stops the server too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start sshd: %w", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	s.mu.Lock()
	s.cmd, s.done, s.stopped = cmd, done, false
	s.mu.Unlock()

	deadline := time.Now().Add(10 * time.Second)
	for delay := 2 * time.Millisecond; ; delay = min(2*delay, 100*time.Millisecond) {
		select {
		case <-done:
			return fmt.Errorf("sshd on %s exited: %v", s.Addr, cmd.ProcessState)
		default:
		}
		// Not a probe connection: sshd forks a child for each, which holds
		// the listening socket for a moment after the server stops.
		if l := s.Log(); len(l) > logged && strings.Contains(l[logged:], "Server listening on ") {
			return nil
		}
		if time.Now().After(deadline) {
			s.Stop()
			return fmt.Errorf("sshd on %s not listening after 10s", s.Addr)
		}
		time.Sleep(delay)
	}
}

func (s *Server) logPath() string { return filepath.Join(s.Dir, "sshd.log") }

// Log returns what sshd logged so far.
func (s *Server) Log() string {
	b, _ := os.ReadFile(s.logPath())
	return string(b)
}

// Stop stops the listening sshd (SIGTERM by PID, then SIGKILL after 5s) and
// waits for it to exit. Connections already open keep their own sshd
// process until the client closes them. Stop is idempotent; a test calls it
// to take a host down.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil || s.stopped {
		return
	}
	s.stopped = true
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	// A connection's child process may still hold the listening socket
	// for a moment; a stopped host refuses connections.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", s.Addr, time.Second)
		if err != nil {
			return
		}
		c.Close()
	}
}

// Restart starts the server again on the same port with the same keys.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	cfg, err := os.ReadFile(s.ConfigFile)
	if err != nil {
		s.t.Fatal(err)
	}
	var extra []string
	for _, l := range strings.Split(strings.TrimSpace(string(cfg)), "\n") {
		if strings.HasPrefix(l, "ListenAddress ") {
			break
		}
		extra = append(extra, l)
	}
	if err := s.start(testenv.LookPath(s.t, "sshd"), s.Port, extra); err != nil {
		s.t.Fatalf("sshdtest: restart: %v\n%s", err, s.Log())
	}
}

// MkdirTemp makes a directory owned by s.User under its home, removed when
// the test ends: a place the login user can write (SFTP tests).
func (s *Server) MkdirTemp(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp(s.Home, "sshdtest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if u, err := user.Lookup(s.User); err == nil && os.Geteuid() == 0 {
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// SSHArgs are the arguments of OpenSSH's ssh client that log in to s with
// the private key in identityFile, checking the host key against
// s.KnownHostsFile and never prompting; append a command to run one.
func (s *Server) SSHArgs(identityFile string) []string {
	return []string{
		"-F", "none",
		"-p", strconv.Itoa(s.Port),
		"-i", identityFile,
		"-o", "IdentitiesOnly=yes",
		"-o", "IdentityAgent=none",
		"-o", "BatchMode=yes",
		"-o", "StrictHostKeyChecking=yes",
		"-o", "UserKnownHostsFile=" + s.KnownHostsFile,
		"-o", "GlobalKnownHostsFile=/dev/null",
		"-l", s.User,
		s.Host,
	}
}

// KnownHostsLine is the known_hosts line for key at addr (host:port), in
// OpenSSH's form: a bare host for port 22, [host]:port otherwise.
func KnownHostsLine(addr string, key ssh.PublicKey) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		host, port = addr, "22"
	}
	if port != "22" {
		host = "[" + host + "]:" + port
	}
	return host + " " + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key)))
}

// Agent starts OpenSSH's ssh-agent on a socket in dir, adds the unencrypted
// keys at privs to it, and returns the socket's path. The agent is stopped
// by PID when the test ends.
func Agent(t testing.TB, dir string, privs ...string) string {
	t.Helper()
	agentBin := testenv.LookPath(t, "ssh-agent")
	add := testenv.LookPath(t, "ssh-add")
	sock := filepath.Join(dir, "agent.sock")
	cmd := exec.Command(agentBin, "-D", "-a", sock)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start ssh-agent: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	// The socket file appears when the agent binds it, a moment before it
	// listens: wait for a connection to be accepted, not for the file.
	testenv.WaitFor(t, 10*time.Second, "ssh-agent to listen", func() error {
		c, err := net.Dial("unix", sock)
		if err == nil {
			c.Close()
		}
		return err
	})
	for _, p := range privs {
		c := exec.Command(add, "-q", p)
		c.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("ssh-add %s: %v\n%s", p, err, out)
		}
	}
	return sock
}
