package ssh

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/opsh/opsh/builtins/secret"
)

// Client is where SSH configuration comes from and where live connections
// are kept: the ssh_config files, known_hosts files, the agent socket and
// the default identities. The package-level functions (Dial, Fleet,
// Inventory, Roster) use Default(), which reads them from the environment
// the way OpenSSH does; a program or a test makes its own Client with the
// paths it wants. Set the fields before the first Dial.
type Client struct {
	// ConfigFiles are ssh_config files, read in order; the first value of
	// a keyword wins, as in OpenSSH (the user's ~/.ssh/config, then
	// /etc/ssh/ssh_config).
	ConfigFiles []string

	// KnownHostsFiles are checked for host keys; TrustOnFirstUse records
	// new keys in the first one. Files that do not exist are skipped.
	KnownHostsFiles []string

	// AgentSocket is ssh-agent's socket ($SSH_AUTH_SOCK); "" uses no agent.
	AgentSocket string

	// IdentityFiles are offered when neither Key nor IdentityFile names a
	// key (~/.ssh/id_ed25519, id_ecdsa, id_rsa); missing ones are skipped.
	IdentityFiles []string

	// Home expands "~/" in paths. LocalUser is the login name used when
	// neither the target, User nor ssh_config names one.
	Home      string
	LocalUser string

	// Prompt asks for a key's passphrase without echo; nil uses
	// secret.Prompt.
	Prompt func(label string) (secret.Value, error)

	// ConnectTimeout bounds the TCP connection and SSH handshake (default
	// 15s).
	ConnectTimeout time.Duration

	mu       sync.Mutex
	conns    map[string]*conn
	dialing  map[string]*sync.Mutex
	cfgMu    sync.Mutex
	cfgFiles map[string]*cfgFile
	keyMu    sync.Mutex
	keys     map[string]*keyEntry
	knownMu  sync.Mutex
	noticeMu sync.Mutex
}

// NewClient returns a Client that reads nothing from the environment: no
// ssh_config, no known_hosts, no agent, no default keys. Fill in what it
// should use.
func NewClient() *Client {
	c := &Client{}
	if u, err := user.Current(); err == nil {
		c.LocalUser = u.Username
		c.Home = u.HomeDir
	}
	return c
}

// FromEnv returns a Client configured the way OpenSSH's ssh would be for
// this user: ~/.ssh/config and /etc/ssh/ssh_config, ~/.ssh/known_hosts and
// /etc/ssh/ssh_known_hosts, $SSH_AUTH_SOCK, and the default identity files.
func FromEnv() *Client {
	c := NewClient()
	if h, err := os.UserHomeDir(); err == nil {
		c.Home = h
	}
	ssh := filepath.Join(c.Home, ".ssh")
	c.ConfigFiles = []string{filepath.Join(ssh, "config"), "/etc/ssh/ssh_config"}
	c.KnownHostsFiles = []string{filepath.Join(ssh, "known_hosts"), "/etc/ssh/ssh_known_hosts"}
	c.AgentSocket = os.Getenv("SSH_AUTH_SOCK")
	for _, n := range []string{"id_ed25519", "id_ecdsa", "id_rsa"} {
		c.IdentityFiles = append(c.IdentityFiles, filepath.Join(ssh, n))
	}
	return c
}

var (
	defaultMu     sync.Mutex
	defaultClient *Client
)

// Default is the Client the package-level functions use: FromEnv, made on
// first use.
func Default() *Client {
	defaultMu.Lock()
	defer defaultMu.Unlock()
	if defaultClient == nil {
		defaultClient = FromEnv()
	}
	return defaultClient
}

// SetDefault makes c the Client the package-level functions use and
// returns the previous one (nil if none was made yet).
func SetDefault(c *Client) (previous *Client) {
	defaultMu.Lock()
	defer defaultMu.Unlock()
	previous, defaultClient = defaultClient, c
	return previous
}

// expand resolves "~/" against the client's home directory.
func (c *Client) expand(p string) string {
	if p == "~" {
		return c.Home
	}
	if strings.HasPrefix(p, "~/") {
		return filepath.Join(c.Home, p[2:])
	}
	return p
}

// endpoint is a target resolved against the options and ssh_config.
type endpoint struct {
	alias      string // as given, for display and errors
	user       string
	host       string // to connect to (HostName)
	port       int
	keys       []string
	keyData    []secret.Value // private keys given in memory (KeyData)
	passphrase *secret.Value  // for encrypted keys (Passphrase)
	certs      []string       // user certificates (CertificateFile, Certificate)
	keysOnly   bool           // IdentitiesOnly
	agent      string
	forward    bool // ForwardAgent
	jump       string
	proxyCmd   string // ProxyCommand, tokens expanded
	knownHosts []string
	tofu       bool
	hashKnown  bool
	password   *secret.Value
	algos      algorithms
	timeout    time.Duration
	keepAlive  time.Duration
	aliveMax   int
	sessions   int
}

func (e *endpoint) addr() string { return net.JoinHostPort(e.host, strconv.Itoa(e.port)) }

// key identifies a connection in the pool. Everything that decides whom
// the connection trusts and as whom it logs in is part of it: a Dial that
// asks for other known_hosts files, strict checking instead of trust on
// first use, another identity, route or algorithm gets a connection of its
// own, never one made under other checks.
func (e *endpoint) key() string {
	var digests []string
	for _, k := range e.keyData {
		digests = append(digests, secretDigest(k.Reveal()))
	}
	pw := ""
	if e.password != nil {
		pw = secretDigest(e.password.Reveal())
	}
	parts := []string{
		e.user, e.addr(), "jump=" + e.jump, "proxy=" + e.proxyCmd,
		"known=" + strings.Join(e.knownHosts, "|"), "tofu=" + strconv.FormatBool(e.tofu),
		"keys=" + strings.Join(e.keys, "|"), "keydata=" + strings.Join(digests, "|"),
		"certs=" + strings.Join(e.certs, "|"), "only=" + strconv.FormatBool(e.keysOnly),
		"agent=" + e.agent, "fwd=" + strconv.FormatBool(e.forward), "pw=" + pw,
		"algos=" + e.algos.String(),
	}
	return strings.Join(parts, "\x00")
}

// splitTarget parses "user@host:port", "host", "[::1]:22", "ssh://user@host:port".
func splitTarget(target string) (user, host string, port int, err error) {
	t := strings.TrimPrefix(target, "ssh://")
	if i := strings.LastIndex(t, "@"); i >= 0 {
		user, t = t[:i], t[i+1:]
	}
	host = t
	if h, p, err2 := net.SplitHostPort(t); err2 == nil {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return "", "", 0, fmt.Errorf("bad port %q", p)
		}
		host, port = h, n
	} else if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
		host = t[1 : len(t)-1]
	}
	if host == "" {
		return "", "", 0, fmt.Errorf("no host in %q", target)
	}
	return user, host, port, nil
}

// resolve works out how to reach target: explicit options first, then the
// target string, then ssh_config, then defaults. Options and the target's
// user and port are given to the ssh_config evaluation the way ssh's
// command line is, so Match user sees them.
func (c *Client) resolve(ctx context.Context, target string, s *settings) (*endpoint, error) {
	user, alias, port, err := splitTarget(target)
	if err != nil {
		return nil, err
	}
	preset := map[string]string{"user": firstNonEmpty(s.user, user), "hostname": s.hostName}
	if s.port != 0 {
		port = s.port
	}
	if port != 0 {
		preset["port"] = strconv.Itoa(port)
	}
	if s.jump != "" {
		preset["proxyjump"] = s.jump
	}
	cfg, err := c.hostSettings(ctx, alias, preset)
	if err != nil {
		return nil, err
	}
	e := &endpoint{alias: alias, host: cfg.host}
	e.user = firstNonEmpty(cfg.get("user"), c.LocalUser)
	e.port = 22
	if p, err := strconv.Atoi(cfg.get("port")); err == nil && p > 0 {
		e.port = p
	}
	c.resolveAuth(e, cfg, s)
	c.resolveRoute(e, cfg)
	c.resolveHostKeys(e, cfg, s)
	if e.algos, err = resolveAlgorithms(cfg); err != nil {
		return nil, err
	}
	c.resolveTimers(e, cfg, s)
	return e, nil
}

// resolveAuth sets the identities: keys from options, IdentityFile, the
// default files; certificates; the agent and whether it is forwarded.
func (c *Client) resolveAuth(e *endpoint, cfg *hostConfig, s *settings) {
	for _, k := range s.keys {
		e.keys = append(e.keys, c.expand(k))
	}
	for _, k := range cfg.all("identityfile") {
		if !strings.EqualFold(k, "none") {
			e.keys = append(e.keys, c.expand(c.tokens(k, e)))
		}
	}
	if len(s.keys) == 0 && len(e.keys) == 0 && len(s.keyData) == 0 {
		for _, k := range c.IdentityFiles {
			e.keys = append(e.keys, c.expand(k))
		}
	}
	e.keyData, e.passphrase = s.keyData, s.passphrase
	for _, k := range s.certs {
		e.certs = append(e.certs, c.expand(k))
	}
	for _, k := range cfg.all("certificatefile") {
		e.certs = append(e.certs, c.expand(c.tokens(k, e)))
	}
	e.keysOnly = strings.EqualFold(cfg.get("identitiesonly"), "yes")
	e.agent = c.AgentSocket
	if a := cfg.get("identityagent"); a != "" {
		switch {
		case strings.EqualFold(a, "none"):
			e.agent = ""
		case a == "SSH_AUTH_SOCK":
		case strings.HasPrefix(a, "$"):
			e.agent = os.Getenv(a[1:])
		default:
			e.agent = c.expand(c.tokens(a, e))
		}
	}
	if s.noAgent {
		e.agent = ""
	}
	e.forward = s.forwardAgent || strings.EqualFold(cfg.get("forwardagent"), "yes")
	e.password = s.password
}

// resolveRoute sets the jump hosts or proxy command.
func (c *Client) resolveRoute(e *endpoint, cfg *hostConfig) {
	if j := cfg.get("proxyjump"); j != "" && !strings.EqualFold(j, "none") {
		e.jump = j
	}
	if pc := cfg.get("proxycommand"); pc != "" && !strings.EqualFold(pc, "none") {
		e.proxyCmd = c.tokens(pc, e)
	}
}

// resolveHostKeys sets the known_hosts files and how strictly they are
// checked.
func (c *Client) resolveHostKeys(e *endpoint, cfg *hostConfig, s *settings) {
	if len(s.knownHosts) > 0 {
		for _, k := range s.knownHosts {
			e.knownHosts = append(e.knownHosts, c.expand(k))
		}
	} else {
		user := strings.Fields(cfg.get("userknownhostsfile"))
		global := strings.Fields(cfg.get("globalknownhostsfile"))
		if len(user) == 0 && len(global) == 0 {
			for _, k := range c.KnownHostsFiles {
				e.knownHosts = append(e.knownHosts, c.expand(k))
			}
		} else {
			for _, k := range append(user, global...) {
				if !strings.EqualFold(k, "none") {
					e.knownHosts = append(e.knownHosts, c.expand(c.tokens(k, e)))
				}
			}
		}
	}
	switch strings.ToLower(cfg.get("stricthostkeychecking")) {
	case "no", "off", "accept-new":
		e.tofu = true
	}
	e.tofu = e.tofu || s.tofu
	e.hashKnown = strings.EqualFold(cfg.get("hashknownhosts"), "yes")
}

// resolveTimers sets the connect timeout, keep-alives and session limit.
func (c *Client) resolveTimers(e *endpoint, cfg *hostConfig, s *settings) {
	e.timeout = s.connTimeout
	if e.timeout == 0 {
		e.timeout = s.timeout
	}
	if e.timeout == 0 {
		if n, err := strconv.Atoi(cfg.get("connecttimeout")); err == nil && n > 0 {
			e.timeout = time.Duration(n) * time.Second
		} else if c.ConnectTimeout > 0 {
			e.timeout = c.ConnectTimeout
		} else {
			e.timeout = 15 * time.Second
		}
	}
	e.keepAlive = 15 * time.Second
	if n, err := strconv.Atoi(cfg.get("serveraliveinterval")); err == nil && n > 0 {
		e.keepAlive = time.Duration(n) * time.Second
	}
	if s.keepAlive != 0 {
		e.keepAlive = s.keepAlive
	}
	e.aliveMax = 3
	if n, err := strconv.Atoi(cfg.get("serveralivecountmax")); err == nil && n > 0 {
		e.aliveMax = n
	}
	e.sessions = 10
	if s.maxSessions > 0 {
		e.sessions = s.maxSessions
	}
}

// tokens expands the ssh_config tokens that make sense here.
func (c *Client) tokens(v string, e *endpoint) string {
	return strings.NewReplacer("%d", c.Home, "%h", e.host, "%n", e.alias,
		"%p", strconv.Itoa(e.port), "%r", e.user, "%u", c.LocalUser, "%%", "%").Replace(v)
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// digestKey keys secretDigest: digests of secrets made with it mean
// nothing outside this process.
var digestKey = func() []byte {
	k := make([]byte, 32)
	rand.Read(k)
	return k
}()

// secretDigest identifies a secret (a password, a key held in memory) in
// the connection pool without keeping it: an HMAC under a key made at start.
func secretDigest(b []byte) string {
	m := hmac.New(sha256.New, digestKey)
	m.Write(b)
	return hex.EncodeToString(m.Sum(nil))
}
