package ssh

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	xssh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/internal/cell"
)

// Host is a connection to one SSH server, made by Dial. Its methods are
// safe for concurrent use: commands run at once share the connection.
type Host struct {
	Name string // the name given to Dial (an alias in ~/.ssh/config, or a host)
	User string // the login user
	Addr string // host:port connected to

	c  *Client
	ep *endpoint

	mu     sync.Mutex
	cn     *conn
	closed bool
}

// conn is a live SSH connection shared by the Hosts dialed to the same
// user@host:port.
type conn struct {
	key    string
	client *xssh.Client
	jump   *conn
	refs   int // guarded by Client.mu
	sem    chan struct{}
	dead   atomic.Bool
	done   chan struct{}
	server string
}

func (cn *conn) alive() bool { return !cn.dead.Load() }

func (cn *conn) kill() {
	if cn.dead.CompareAndSwap(false, true) {
		cn.client.Close()
	}
}

// Dial connects to target ("host", "user@host", "host:port", or an alias
// from ~/.ssh/config) with the Default client. See Client.Dial.
func Dial(target string, opts ...Option) (*Host, error) { return Default().Dial(target, opts...) }

// DialContext is Dial stopped by ctx instead of the running cell.
func DialContext(ctx context.Context, target string, opts ...Option) (*Host, error) {
	return Default().DialContext(ctx, target, opts...)
}

// Dial connects to target the way OpenSSH's ssh does: ~/.ssh/config
// (Host aliases, HostName, User, Port, IdentityFile, ProxyJump), keys from
// ssh-agent first, then key files; the host key checked against
// known_hosts. A connection to the same user@host:port that is still alive
// is reused instead of dialing again.
func (c *Client) Dial(target string, opts ...Option) (*Host, error) {
	s := apply(opts)
	return c.dial(ctxOf(s), target, &s)
}

// DialContext is Dial stopped by ctx instead of the running cell.
func (c *Client) DialContext(ctx context.Context, target string, opts ...Option) (*Host, error) {
	s := apply(opts)
	return c.dial(ctx, target, &s)
}

func ctxOf(s settings) context.Context {
	if s.ctx != nil {
		return s.ctx
	}
	return cell.Context()
}

func (c *Client) dial(ctx context.Context, target string, s *settings) (*Host, error) {
	if s.err != nil {
		return nil, fmt.Errorf("ssh dial %s: %w", target, s.err)
	}
	e, err := c.resolve(ctx, target, s)
	if err != nil {
		return nil, fmt.Errorf("ssh dial %s: %w", target, err)
	}
	if s.forwardAgent && e.agent == "" {
		return nil, fmt.Errorf("ssh dial %s: ForwardAgent: no agent to forward (SSH_AUTH_SOCK is not set)", target)
	}
	cn, err := c.get(ctx, e)
	if err != nil {
		return nil, fmt.Errorf("ssh dial %s: %w", target, err)
	}
	return &Host{Name: e.alias, User: e.user, Addr: e.addr(), c: c, ep: e, cn: cn}, nil
}

// get returns a live pooled connection for e, dialing if needed, with one
// more reference.
func (c *Client) get(ctx context.Context, e *endpoint) (*conn, error) {
	key := e.key()
	c.mu.Lock()
	if c.dialing == nil {
		c.dialing = map[string]*sync.Mutex{}
		c.conns = map[string]*conn{}
	}
	dm := c.dialing[key]
	if dm == nil {
		dm = &sync.Mutex{}
		c.dialing[key] = dm
	}
	c.mu.Unlock()

	// One dial per key at a time: a fleet naming a host twice, or two
	// goroutines dialing it, share one connection.
	dm.Lock()
	defer dm.Unlock()
	c.mu.Lock()
	if cn := c.conns[key]; cn != nil && cn.alive() {
		cn.refs++
		c.mu.Unlock()
		return cn, nil
	}
	c.mu.Unlock()

	cn, err := c.connect(ctx, e)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	cn.refs = 1
	c.conns[key] = cn
	c.mu.Unlock()
	return cn, nil
}

// release drops a reference; the last one closes the connection.
func (c *Client) release(cn *conn) {
	c.mu.Lock()
	cn.refs--
	last := cn.refs <= 0
	if last && c.conns[cn.key] == cn {
		delete(c.conns, cn.key)
	}
	c.mu.Unlock()
	if last {
		cn.kill()
		if cn.jump != nil {
			c.release(cn.jump)
		}
	}
}

// CloseAll closes every connection the client holds.
func (c *Client) CloseAll() {
	c.mu.Lock()
	conns := c.conns
	c.conns = map[string]*conn{}
	c.mu.Unlock()
	for _, cn := range conns {
		cn.kill()
	}
}

func (c *Client) connect(ctx context.Context, e *endpoint) (cn *conn, err error) {
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()

	nc, jump, err := c.open(ctx, e)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			nc.Close()
			if jump != nil {
				c.release(jump)
			}
		}
	}()

	hostKeys, algos, err := c.hostKeys(e)
	if err != nil {
		return nil, err
	}
	auth, closeAuth := c.auth(e)
	defer closeAuth()
	cfg := &xssh.ClientConfig{
		User:              e.user,
		Auth:              auth,
		HostKeyCallback:   hostKeys,
		HostKeyAlgorithms: algos,
		Timeout:           e.timeout,
	}
	e.algos.apply(cfg)

	// The handshake does not take a context: a deadline bounds it and a
	// cancelled context closes the socket.
	if dl, ok := ctx.Deadline(); ok {
		nc.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { nc.Close() })
	sc, chans, reqs, err := xssh.NewClientConn(nc, e.addr(), cfg)
	stopped := stop()
	if err != nil {
		if terr := timedOut(ctx, err, e, "the SSH handshake with "+e.addr()); terr != nil {
			return nil, terr
		}
		if !stopped && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, explainAuth(err, e)
	}
	if !stopped {
		sc.Close()
		if terr := timedOut(ctx, ctx.Err(), e, "the SSH handshake with "+e.addr()); terr != nil {
			return nil, terr
		}
		return nil, ctx.Err()
	}
	nc.SetDeadline(time.Time{})

	cn = &conn{
		key:    e.key(),
		client: xssh.NewClient(sc, chans, reqs),
		jump:   jump,
		sem:    make(chan struct{}, e.sessions),
		done:   make(chan struct{}),
		server: string(sc.ServerVersion()),
	}
	go func() {
		cn.client.Wait()
		cn.dead.Store(true)
		close(cn.done)
	}()
	if e.forward {
		if err := agent.ForwardToRemote(cn.client, e.agent); err != nil {
			cn.kill()
			return nil, fmt.Errorf("ForwardAgent: %w", err)
		}
	}
	if e.keepAlive > 0 {
		go cn.keepAlive(e.keepAlive, e.aliveMax)
	}
	return cn, nil
}

// open makes the transport to e: a TCP connection, a channel through the
// jump hosts, or a ProxyCommand's pipes. jump is the pooled connection to
// the last hop, released by the caller when it is done with it.
func (c *Client) open(ctx context.Context, e *endpoint) (nc net.Conn, jump *conn, err error) {
	switch {
	case e.jump != "":
		// "a,b": reach b through a, then the target through b. Each hop
		// is dialed as Dial would dial it (its own config, keys and
		// known_hosts check) and pooled like any connection.
		hops := strings.Split(e.jump, ",")
		last := strings.TrimSpace(hops[len(hops)-1])
		s := settings{jump: "none"}
		if len(hops) > 1 {
			s.jump = strings.Join(hops[:len(hops)-1], ",")
		}
		he, err := c.resolve(ctx, last, &s)
		if err != nil {
			return nil, nil, fmt.Errorf("jump host %s: %w", last, err)
		}
		if jump, err = c.get(ctx, he); err != nil {
			if terr := timedOut(ctx, err, e, "the connection to jump host "+last); terr != nil {
				return nil, nil, terr
			}
			return nil, nil, fmt.Errorf("jump host %s: %w", last, err)
		}
		if nc, err = jump.client.DialContext(ctx, "tcp", e.addr()); err != nil {
			c.release(jump)
			if terr := timedOut(ctx, err, e, "the connection from "+last+" to "+e.addr()); terr != nil {
				return nil, nil, terr
			}
			return nil, nil, fmt.Errorf("connect through %s: %w", e.jump, err)
		}
		return nc, jump, nil
	case e.proxyCmd != "":
		if nc, err = dialProxyCommand(e.proxyCmd, e.addr()); err != nil {
			return nil, nil, fmt.Errorf("ProxyCommand %q: %w", e.proxyCmd, err)
		}
		return nc, nil, nil
	}
	d := net.Dialer{}
	if nc, err = d.DialContext(ctx, "tcp", e.addr()); err != nil {
		if terr := timedOut(ctx, err, e, "the TCP connection to "+e.addr()); terr != nil {
			return nil, nil, terr
		}
		return nil, nil, err
	}
	return nc, nil, nil
}

// timedOut says which phase of connecting the connect timeout cut short,
// when it did (the timeout's deadline passed, not an interrupt); nil
// otherwise. The error matches context.DeadlineExceeded.
func timedOut(ctx context.Context, err error, e *endpoint, phase string) error {
	var ne net.Error
	deadline := errors.Is(ctx.Err(), context.DeadlineExceeded) ||
		errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
	if err == nil || !deadline || errors.Is(ctx.Err(), context.Canceled) {
		return nil
	}
	return fmt.Errorf("connect timeout (%v) expired during %s: %w", e.timeout, phase, context.DeadlineExceeded)
}

// keepAlive probes the server while the connection lives; after max
// unanswered probes it closes the connection so the next call redials.
func (cn *conn) keepAlive(every time.Duration, max int) {
	t := time.NewTicker(every)
	defer t.Stop()
	missed := 0
	for {
		select {
		case <-cn.done:
			return
		case <-t.C:
		}
		reply := make(chan error, 1)
		go func() {
			_, _, err := cn.client.SendRequest("keepalive@openssh.com", true, nil)
			reply <- err
		}()
		select {
		case <-cn.done:
			return
		case err := <-reply:
			if err != nil {
				cn.kill()
				return
			}
			missed = 0
		case <-time.After(every):
			if missed++; missed >= max {
				cn.kill()
				return
			}
		}
	}
}

func explainAuth(err error, e *endpoint) error {
	var hk *HostKeyError
	if errors.As(err, &hk) {
		return hk
	}
	if strings.Contains(err.Error(), "unable to authenticate") {
		tried := "the agent's keys"
		if e.agent == "" {
			tried = "no agent"
		}
		return fmt.Errorf("%s@%s refused every key offered (%s; key files %s): %w",
			e.user, e.addr(), tried, strings.Join(e.keys, ", "), err)
	}
	return err
}

// auth returns the authentication methods for e: one public-key method
// offering certificates, then the agent's keys, then the key files and
// in-memory keys (decrypted on demand), then a password if one was given.
// x/crypto/ssh tries a method kind once, so every key goes through the one
// callback.
func (c *Client) auth(e *endpoint) ([]xssh.AuthMethod, func()) {
	var agentConn net.Conn
	closeAuth := func() {
		if agentConn != nil {
			agentConn.Close()
		}
	}
	keys := func() ([]xssh.Signer, error) {
		own, err := c.ownSigners(e)
		if err != nil {
			return nil, err
		}
		var fromAgent []xssh.Signer
		if e.agent != "" {
			if ac, err := net.Dial("unix", e.agent); err == nil {
				agentConn = ac
				if as, err := agent.NewClient(ac).Signers(); err == nil {
					fromAgent = as
				}
			}
		}
		if e.keysOnly {
			fromAgent = onlyKeysOf(fromAgent, own)
		}
		certs, err := c.certSigners(e, append(slices.Clone(fromAgent), own...))
		if err != nil {
			return nil, err
		}
		var signers []xssh.Signer
		seen := map[string]bool{}
		for _, s := range slices.Concat(certs, fromAgent, own) {
			id := string(s.PublicKey().Marshal())
			if seen[id] {
				continue
			}
			seen[id] = true
			if rs, ok := e.algos.restrictSigner(s); ok {
				signers = append(signers, rs)
			}
		}
		return signers, nil
	}
	methods := []xssh.AuthMethod{xssh.PublicKeysCallback(keys)}
	if e.password != nil {
		pw := string(e.password.Reveal())
		methods = append(methods, xssh.Password(pw),
			xssh.KeyboardInteractive(func(_, _ string, qs []string, _ []bool) ([]string, error) {
				answers := make([]string, len(qs))
				for i := range qs {
					answers[i] = pw
				}
				return answers, nil
			}))
	}
	return methods, closeAuth
}

// ownSigners are the keys e names itself: key files (missing ones are
// skipped) and keys given in memory.
func (c *Client) ownSigners(e *endpoint) ([]xssh.Signer, error) {
	var signers []xssh.Signer
	for _, path := range e.keys {
		s, err := c.keySigner(path, nil, e.passphrase)
		if err != nil {
			if os.IsNotExist(err) {
				continue
			}
			return nil, err
		}
		signers = append(signers, s)
	}
	for i, k := range e.keyData {
		s, err := c.keySigner(fmt.Sprintf("ssh.KeyData #%d", i+1), k.Reveal(), e.passphrase)
		if err != nil {
			return nil, err
		}
		signers = append(signers, s)
	}
	return signers, nil
}

// onlyKeysOf keeps the agent's keys that are also among own
// (IdentitiesOnly).
func onlyKeysOf(agentKeys, own []xssh.Signer) []xssh.Signer {
	var out []xssh.Signer
	for _, a := range agentKeys {
		for _, o := range own {
			if bytes.Equal(a.PublicKey().Marshal(), o.PublicKey().Marshal()) {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// certSigners pairs each certificate (those named, and KEY-cert.pub next
// to each key file, as OpenSSH loads them) with the signer of the key it
// certifies.
func (c *Client) certSigners(e *endpoint, keys []xssh.Signer) ([]xssh.Signer, error) {
	paths := slices.Clone(e.certs)
	for _, k := range e.keys {
		if _, err := os.Stat(k + "-cert.pub"); err == nil {
			paths = append(paths, k+"-cert.pub")
		}
	}
	var out []xssh.Signer
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("certificate %s: %w", p, err)
		}
		pub, _, _, _, err := xssh.ParseAuthorizedKey(b)
		if err != nil {
			return nil, fmt.Errorf("certificate %s: %w", p, err)
		}
		cert, ok := pub.(*xssh.Certificate)
		if !ok {
			return nil, fmt.Errorf("certificate %s: a plain public key, not a certificate", p)
		}
		for _, k := range keys {
			if bytes.Equal(k.PublicKey().Marshal(), cert.Key.Marshal()) {
				cs, err := xssh.NewCertSigner(cert, k)
				if err != nil {
					return nil, fmt.Errorf("certificate %s: %w", p, err)
				}
				out = append(out, cs)
				break
			}
		}
	}
	return out, nil
}

// keyEntry is a key file loaded once per client: an encrypted key asks for
// its passphrase once, not once per host of a fleet.
type keyEntry struct {
	once   sync.Mutex
	pub    xssh.PublicKey
	signer xssh.Signer
	data   []byte
	path   string
	pass   *secret.Value
	c      *Client
}

// setPass gives a key still encrypted the passphrase a later Dial brought.
func (k *keyEntry) setPass(p *secret.Value) {
	k.once.Lock()
	defer k.once.Unlock()
	if k.pass == nil {
		k.pass = p
	}
}

// keySigner returns a signer for the key in path. An encrypted key's
// signer knows its public key (from the file or path.pub) and asks for the
// passphrase only when the server accepts the key and a signature is
// needed.
//
// A key held in memory comes as data, named by path for messages; it is
// cached by its contents. A passphrase, when given, decrypts the key
// instead of asking.
func (c *Client) keySigner(path string, data []byte, pass *secret.Value) (xssh.Signer, error) {
	c.keyMu.Lock()
	defer c.keyMu.Unlock()
	if c.keys == nil {
		c.keys = map[string]*keyEntry{}
	}
	id := path
	if data != nil {
		id = "data:" + secretDigest(data)
	}
	if k := c.keys[id]; k != nil {
		if pass != nil {
			k.setPass(pass)
		}
		return k.get()
	}
	if data == nil {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return nil, err
		}
	}
	k := &keyEntry{data: data, path: path, c: c, pass: pass}
	signer, err := xssh.ParsePrivateKey(data)
	var missing *xssh.PassphraseMissingError
	switch {
	case err == nil:
		k.signer, k.pub = signer, signer.PublicKey()
	case errors.As(err, &missing):
		k.pub = missing.PublicKey
		if k.pub == nil {
			if b, err := os.ReadFile(path + ".pub"); err == nil {
				k.pub, _, _, _, _ = xssh.ParseAuthorizedKey(b)
			}
		}
		if k.pub == nil { // no way to know the key without decrypting it
			if err := k.decrypt(); err != nil {
				return nil, err
			}
		}
	default:
		return nil, fmt.Errorf("key %s: %w", path, err)
	}
	c.keys[id] = k
	return k.get()
}

func (k *keyEntry) get() (xssh.Signer, error) {
	if k.signer != nil {
		return k.signer, nil
	}
	return lazySigner{k}, nil
}

func (k *keyEntry) decrypt() error {
	k.once.Lock()
	defer k.once.Unlock()
	if k.signer != nil {
		return nil
	}
	var pass secret.Value
	if k.pass != nil {
		pass = *k.pass
	} else {
		prompt := k.c.Prompt
		if prompt == nil {
			prompt = secret.Prompt
		}
		var err error
		if pass, err = prompt("Passphrase for key " + k.path); err != nil {
			return fmt.Errorf("key %s: %w", k.path, err)
		}
	}
	s, err := xssh.ParsePrivateKeyWithPassphrase(k.data, pass.Reveal())
	if err != nil {
		return fmt.Errorf("key %s: %w", k.path, err)
	}
	k.signer, k.pub = s, s.PublicKey()
	return nil
}

// lazySigner decrypts its key on the first signature.
type lazySigner struct{ k *keyEntry }

func (l lazySigner) PublicKey() xssh.PublicKey { return l.k.pub }

func (l lazySigner) Sign(rand io.Reader, data []byte) (*xssh.Signature, error) {
	if err := l.k.decrypt(); err != nil {
		return nil, err
	}
	return l.k.signer.Sign(rand, data)
}

func (l lazySigner) SignWithAlgorithm(rand io.Reader, data []byte, algo string) (*xssh.Signature, error) {
	if err := l.k.decrypt(); err != nil {
		return nil, err
	}
	if as, ok := l.k.signer.(xssh.AlgorithmSigner); ok {
		return as.SignWithAlgorithm(rand, data, algo)
	}
	return l.k.signer.Sign(rand, data)
}

// conn returns the host's live connection, redialing one that died (a
// keep-alive went unanswered or the server closed it). Nothing that was
// running is retried.
func (h *Host) conn(ctx context.Context) (*conn, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, fmt.Errorf("ssh %s: connection closed", h.Name)
	}
	if h.cn.alive() {
		return h.cn, nil
	}
	cn, err := h.c.get(ctx, h.ep)
	if err != nil {
		return nil, fmt.Errorf("ssh %s: redial: %w", h.Name, err)
	}
	h.c.release(h.cn)
	h.cn = cn
	return cn, nil
}

// session opens a session, waiting for a free slot under MaxSessions, and
// redials once if the connection turns out to be dead.
func (h *Host) session(ctx context.Context) (*xssh.Session, func(), error) {
	for attempt := 0; ; attempt++ {
		cn, err := h.conn(ctx)
		if err != nil {
			return nil, nil, err
		}
		select {
		case cn.sem <- struct{}{}:
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-cn.done:
			continue
		}
		release := func() { <-cn.sem }
		s, err := h.newSession(ctx, cn)
		if err == nil {
			return s, release, nil
		}
		release()
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		if attempt == 0 && !isOpenRefused(err) {
			cn.kill()
			continue
		}
		// sshd frees a session slot a moment after the client sees the
		// session end, and refuses ("open failed") while it is over
		// MaxSessions: wait and retry, for a while.
		if isOpenRefused(err) && attempt < 200 {
			select {
			case <-time.After(time.Duration(min(attempt+1, 20)) * time.Millisecond):
				continue
			case <-ctx.Done():
				return nil, nil, ctx.Err()
			}
		}
		return nil, nil, fmt.Errorf("ssh %s: open session: %w", h.Name, err)
	}
}

// newSession opens a session channel, giving up when ctx is done or when
// the server does not answer within the connect timeout; a server that
// does not answer is dead and its connection is closed.
func (h *Host) newSession(ctx context.Context, cn *conn) (*xssh.Session, error) {
	type opened struct {
		s   *xssh.Session
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		s, err := cn.client.NewSession()
		if err == nil && h.ep.forward {
			if ferr := agent.RequestAgentForwarding(s); ferr != nil {
				fmt.Fprintf(cell.Stderr(), "ssh: %s refused agent forwarding: %v\n", h.Name, ferr)
			}
		}
		ch <- opened{s, err}
	}()
	abandon := func() {
		go func() {
			if o := <-ch; o.s != nil {
				o.s.Close()
			}
		}()
	}
	timer := time.NewTimer(h.ep.timeout)
	defer timer.Stop()
	select {
	case o := <-ch:
		return o.s, o.err
	case <-ctx.Done():
		abandon()
		return nil, ctx.Err()
	case <-timer.C:
		abandon()
		cn.kill()
		return nil, fmt.Errorf("the server did not answer within %v", h.ep.timeout)
	}
}

func isOpenRefused(err error) bool {
	var oe *xssh.OpenChannelError
	return errors.As(err, &oe)
}

// Close closes the connection unless another Dial to the same host still
// uses it. A closed Host cannot run commands.
func (h *Host) Close() error {
	if h == nil {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	h.closed = true
	h.c.release(h.cn)
	return nil
}

// Alive reports whether the connection is up (as far as the last
// keep-alive knows).
func (h *Host) Alive() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return !h.closed && h.cn.alive()
}

// ServerVersion is the server's identification ("SSH-2.0-OpenSSH_9.2p1 …").
func (h *Host) ServerVersion() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.cn.server
}

// Display shows the host as the REPL prints it.
func (h *Host) Display() string {
	state := "connected"
	if !h.Alive() {
		state = "closed"
	}
	via := ""
	if h.ep.jump != "" {
		via = " via " + h.ep.jump
	}
	return fmt.Sprintf("ssh %s@%s (%s%s) %s, %s", h.User, h.Name, h.Addr, via, state, h.ServerVersion())
}

// String is Display.
func (h *Host) String() string { return h.Display() }
