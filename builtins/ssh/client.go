package ssh

import (
	"fmt"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	sshconfig "github.com/kevinburke/ssh_config"

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
	cfgOnce  sync.Once
	cfgs     []*sshconfig.Config
	cfgErr   error
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

func (c *Client) sshConfigs() ([]*sshconfig.Config, error) {
	c.cfgOnce.Do(func() {
		for _, f := range c.ConfigFiles {
			b, err := os.ReadFile(c.expand(f))
			if os.IsNotExist(err) {
				continue
			}
			if err != nil {
				c.cfgErr = fmt.Errorf("read ssh config: %w", err)
				return
			}
			cfg, err := sshconfig.DecodeBytes(b)
			if err != nil {
				c.cfgErr = fmt.Errorf("parse %s: %w", f, err)
				return
			}
			c.cfgs = append(c.cfgs, cfg)
		}
	})
	return c.cfgs, c.cfgErr
}

// lookup returns the first value of key for alias in the ssh_config files.
func (c *Client) lookup(alias, key string) string {
	cfgs, _ := c.sshConfigs()
	for _, cfg := range cfgs {
		if v, err := cfg.Get(alias, key); err == nil && v != "" {
			return v
		}
	}
	return ""
}

func (c *Client) lookupAll(alias, key string) []string {
	cfgs, _ := c.sshConfigs()
	var all []string
	for _, cfg := range cfgs {
		if v, err := cfg.GetAll(alias, key); err == nil {
			all = append(all, v...)
		}
	}
	return all
}

// endpoint is a target resolved against the options and ssh_config.
type endpoint struct {
	alias      string // as given, for display and errors
	user       string
	host       string // to connect to (HostName)
	port       int
	keys       []string
	keysOnly   bool // IdentitiesOnly
	agent      string
	jump       string
	proxyCmd   string // ProxyCommand, tokens expanded
	knownHosts []string
	tofu       bool
	hashKnown  bool
	password   *secret.Value
	timeout    time.Duration
	keepAlive  time.Duration
	aliveMax   int
	sessions   int
}

func (e *endpoint) addr() string { return net.JoinHostPort(e.host, strconv.Itoa(e.port)) }

// key identifies a connection in the pool.
func (e *endpoint) key() string {
	return e.user + "@" + e.addr() + " via " + e.jump + " " + e.proxyCmd
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
// target string, then ssh_config, then defaults.
func (c *Client) resolve(target string, s *settings) (*endpoint, error) {
	user, alias, port, err := splitTarget(target)
	if err != nil {
		return nil, err
	}
	if _, err := c.sshConfigs(); err != nil {
		return nil, err
	}
	e := &endpoint{alias: alias}
	get := func(key string) string { return c.lookup(alias, key) }

	e.host = firstNonEmpty(s.hostName, get("HostName"), alias)
	e.host = strings.ReplaceAll(e.host, "%h", alias)
	e.user = firstNonEmpty(s.user, user, get("User"), c.LocalUser)
	e.port = port
	if s.port != 0 {
		e.port = s.port
	}
	if e.port == 0 {
		if p, err := strconv.Atoi(get("Port")); err == nil {
			e.port = p
		} else {
			e.port = 22
		}
	}
	for _, k := range s.keys {
		e.keys = append(e.keys, c.expand(k))
	}
	for _, k := range c.lookupAll(alias, "IdentityFile") {
		e.keys = append(e.keys, c.expand(c.tokens(k, e)))
	}
	if len(s.keys) == 0 && len(e.keys) == 0 {
		for _, k := range c.IdentityFiles {
			e.keys = append(e.keys, c.expand(k))
		}
	}
	e.keysOnly = strings.EqualFold(get("IdentitiesOnly"), "yes")
	e.agent = c.AgentSocket
	if a := get("IdentityAgent"); a != "" {
		switch {
		case strings.EqualFold(a, "none"):
			e.agent = ""
		case a == "SSH_AUTH_SOCK":
		case strings.HasPrefix(a, "$"):
			e.agent = os.Getenv(a[1:])
		default:
			e.agent = c.expand(a)
		}
	}
	if s.noAgent {
		e.agent = ""
	}
	e.jump = firstNonEmpty(s.jump, get("ProxyJump"))
	if strings.EqualFold(e.jump, "none") {
		e.jump = ""
	}
	// As in OpenSSH, the first of ProxyJump and ProxyCommand wins; an
	// explicit Jump option wins over both.
	if pc := get("ProxyCommand"); pc != "" && !strings.EqualFold(pc, "none") && s.jump == "" {
		if e.jump == "" || c.firstOf(alias, "ProxyCommand", "ProxyJump") == "ProxyCommand" {
			e.jump = ""
			e.proxyCmd = c.tokens(pc, e)
		}
	}
	if len(s.knownHosts) > 0 {
		for _, k := range s.knownHosts {
			e.knownHosts = append(e.knownHosts, c.expand(k))
		}
	} else {
		user := strings.Fields(get("UserKnownHostsFile"))
		global := strings.Fields(get("GlobalKnownHostsFile"))
		if len(user) == 0 && len(global) == 0 {
			for _, k := range c.KnownHostsFiles {
				e.knownHosts = append(e.knownHosts, c.expand(k))
			}
		} else {
			for _, k := range append(user, global...) {
				e.knownHosts = append(e.knownHosts, c.expand(c.tokens(k, e)))
			}
		}
	}
	switch strings.ToLower(get("StrictHostKeyChecking")) {
	case "no", "off", "accept-new":
		e.tofu = true
	}
	e.tofu = e.tofu || s.tofu
	e.hashKnown = strings.EqualFold(get("HashKnownHosts"), "yes")
	e.password = s.password
	e.timeout = s.connTimeout
	if e.timeout == 0 {
		e.timeout = s.timeout
	}
	if e.timeout == 0 {
		if n, err := strconv.Atoi(get("ConnectTimeout")); err == nil && n > 0 {
			e.timeout = time.Duration(n) * time.Second
		} else if c.ConnectTimeout > 0 {
			e.timeout = c.ConnectTimeout
		} else {
			e.timeout = 15 * time.Second
		}
	}
	e.keepAlive = 15 * time.Second
	if n, err := strconv.Atoi(get("ServerAliveInterval")); err == nil && n > 0 {
		e.keepAlive = time.Duration(n) * time.Second
	}
	if s.keepAlive != 0 {
		e.keepAlive = s.keepAlive
	}
	e.aliveMax = 3
	if n, err := strconv.Atoi(get("ServerAliveCountMax")); err == nil && n > 0 {
		e.aliveMax = n
	}
	e.sessions = 10
	if s.maxSessions > 0 {
		e.sessions = s.maxSessions
	}
	return e, nil
}

// firstOf returns which of the keywords ssh_config sets first for alias.
func (c *Client) firstOf(alias string, keywords ...string) string {
	cfgs, _ := c.sshConfigs()
	for _, cfg := range cfgs {
		for _, h := range cfg.Hosts {
			if !h.Matches(alias) {
				continue
			}
			for _, n := range h.Nodes {
				kv, ok := n.(*sshconfig.KV)
				if !ok {
					continue
				}
				for _, k := range keywords {
					if strings.EqualFold(kv.Key, k) {
						return k
					}
				}
			}
		}
	}
	return ""
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
