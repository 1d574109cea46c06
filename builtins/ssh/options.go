package ssh

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/opsh/opsh/builtins/secret"
)

// Option changes how a call connects or runs a command. The same options
// serve Dial, Run and a fleet's Run: ssh.User("deploy") given to fl.Run
// applies to every host it dials.
type Option func(*settings)

// settings is what the options set; the zero value means "as configured".
type settings struct {
	ctx context.Context

	// connecting
	user         string
	port         int
	keys         []string
	knownHosts   []string
	tofu         bool
	jump         string
	hostName     string
	password     *secret.Value
	timeout      time.Duration
	connTimeout  time.Duration
	keepAlive    time.Duration
	noAgent      bool
	maxSessions  int
	keyData      []secret.Value
	passphrase   *secret.Value
	certs        []string
	forwardAgent bool
	err          error // an option given a value it cannot use

	// running
	sudo        bool
	sudoUser    string
	stdin       io.Reader
	env         map[string]string
	concurrency int
}

func apply(opts []Option) settings {
	var s settings
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	return s
}

// User logs in as name, overriding the target's user@ and ~/.ssh/config.
func User(name string) Option { return func(s *settings) { s.user = name } }

// Port connects to port, overriding ~/.ssh/config.
func Port(port int) Option { return func(s *settings) { s.port = port } }

// Key offers the private key in path ("~/" is the home directory) after the
// agent's keys. An encrypted key asks for its passphrase once, without echo,
// and only if the server accepts the key. Give Key more than once to offer
// several keys.
func Key(path string) Option { return func(s *settings) { s.keys = append(s.keys, path) } }

// KeyData offers a private key held in memory (OpenSSH PEM, PKCS#1/#8),
// as paramiko's pkey=: a string, []byte or secret.Value (which keeps it
// out of transcripts). An encrypted key is decrypted with Passphrase, or
// asks for its passphrase without echo.
func KeyData(pem any) Option {
	return func(s *settings) {
		v, err := secret.From("ssh key", pem)
		if err != nil {
			s.err = fmt.Errorf("ssh.KeyData: %w", err)
			return
		}
		s.keyData = append(s.keyData, v)
	}
}

// Passphrase decrypts encrypted keys (from Key, KeyData or IdentityFile)
// with v, a string, []byte or secret.Value, instead of asking for it.
func Passphrase(v any) Option {
	return func(s *settings) {
		p, err := secret.From("ssh key passphrase", v)
		if err != nil {
			s.err = fmt.Errorf("ssh.Passphrase: %w", err)
			return
		}
		s.passphrase = &p
	}
}

// Certificate offers the OpenSSH user certificate in path (id_ed25519-cert.pub,
// signed by a CA the server trusts) with the key it certifies, as
// CertificateFile in ssh_config does.
func Certificate(path string) Option { return func(s *settings) { s.certs = append(s.certs, path) } }

// ForwardAgent lets commands on the host use the local ssh-agent (ssh -A,
// ForwardAgent yes): a git pull or ssh from there signs with your keys.
// Forward only to hosts you trust: their root can use the agent while the
// connection lasts.
func ForwardAgent() Option { return func(s *settings) { s.forwardAgent = true } }

// KnownHosts checks host keys against the known_hosts file in path instead
// of ~/.ssh/known_hosts (give it more than once for several files); the
// first file is the one TrustOnFirstUse writes to.
func KnownHosts(path string) Option {
	return func(s *settings) { s.knownHosts = append(s.knownHosts, path) }
}

// TrustOnFirstUse accepts the key of a host that known_hosts does not know
// and records it there (OpenSSH's StrictHostKeyChecking=accept-new). A key
// that differs from a recorded one is still refused.
func TrustOnFirstUse() Option { return func(s *settings) { s.tofu = true } }

// Jump connects through one or more bastion hosts, comma-separated, each
// dialed the way Dial dials it (OpenSSH's ProxyJump, ssh -J). "none" turns
// off a ProxyJump from ~/.ssh/config.
func Jump(hosts string) Option { return func(s *settings) { s.jump = hosts } }

// HostName connects to addr (a name or IP) while keeping the name given to
// Dial for display and ~/.ssh/config (OpenSSH's HostName).
func HostName(addr string) Option { return func(s *settings) { s.hostName = addr } }

// Password authenticates with a password (a string, []byte or
// secret.Value, which keeps it out of transcripts) when no key is accepted.
func Password(v any) Option {
	return func(s *settings) {
		if p, err := secret.From("ssh password", v); err == nil {
			s.password = &p
		}
	}
}

// NoAgent does not ask ssh-agent for keys (OpenSSH's IdentityAgent none).
func NoAgent() Option { return func(s *settings) { s.noAgent = true } }

// Timeout bounds connecting (TCP and the SSH handshake) when given to Dial,
// and the whole command when given to Run.
func Timeout(d time.Duration) Option { return func(s *settings) { s.timeout = d } }

// ConnectTimeout bounds connecting (TCP and the SSH handshake) only
// (OpenSSH's ConnectTimeout; default 15s).
func ConnectTimeout(d time.Duration) Option { return func(s *settings) { s.connTimeout = d } }

// KeepAlive sets how often an idle connection is probed; a connection that
// misses three probes is closed and the next call redials. 0 turns probing
// off. The default is 15s (or ServerAliveInterval from ~/.ssh/config).
func KeepAlive(every time.Duration) Option {
	return func(s *settings) {
		s.keepAlive = every
		if every == 0 {
			s.keepAlive = -1
		}
	}
}

// MaxSessions bounds how many commands run at once over one connection
// (sshd's MaxSessions, 10 by default); more wait their turn.
func MaxSessions(n int) Option { return func(s *settings) { s.maxSessions = n } }

// Sudo runs the command as root through `sudo -n`: when sudo wants a
// password, the command fails at once with an error saying so instead of
// waiting for a password nobody will type.
func Sudo() Option { return func(s *settings) { s.sudo = true } }

// SudoUser runs the command as user through `sudo -n -u user`.
func SudoUser(user string) Option {
	return func(s *settings) { s.sudo, s.sudoUser = true, user }
}

// Stdin feeds r to the command's standard input.
func Stdin(r io.Reader) Option { return func(s *settings) { s.stdin = r } }

// Env sets an environment variable for the command, exported by the remote
// shell before it runs (not through the SSH "env" request, which sshd
// refuses unless AcceptEnv allows the name).
func Env(name, value string) Option {
	return func(s *settings) {
		if s.env == nil {
			s.env = map[string]string{}
		}
		s.env[name] = value
	}
}

// Concurrency bounds how many hosts a fleet's Run works on at once
// (default 10).
func Concurrency(n int) Option { return func(s *settings) { s.concurrency = n } }

// WithContext makes the call stop when ctx is done, instead of when the
// running cell is interrupted (for use as a Go library).
func WithContext(ctx context.Context) Option { return func(s *settings) { s.ctx = ctx } }
