package docker

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"sync"

	"github.com/moby/moby/client"

	"github.com/opsh/opsh/builtins/ssh"
)

// sshEngine reaches an engine at ssh://[user@]host[:port] the way the
// docker CLI does: it logs in with opsh's ssh (the same ~/.ssh/config,
// agent and known_hosts checks as ssh.Dial) and runs `docker system
// dial-stdio` there for each connection the API client opens, over one
// SSH connection.
type sshEngine struct {
	target string

	mu   sync.Mutex
	host *ssh.Host
}

// dummyHost is the HTTP host of requests to an engine reached over ssh,
// as the docker CLI names it: the dialer decides where they go.
const dummyHost = "http://docker.example.com"

func newSSHEngine(raw string) (*sshEngine, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("bad ssh host %q: %w", raw, err)
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("ssh host %q: extra path after the host: %q", raw, u.Path)
	}
	if u.RawQuery != "" || u.Hostname() == "" {
		return nil, fmt.Errorf("ssh host %q: want ssh://[user@]host[:port]", raw)
	}
	target := u.Host
	if u.User != nil {
		if _, has := u.User.Password(); has {
			return nil, fmt.Errorf("ssh host %q: a password in the URL is not accepted; use keys or the agent", u.Redacted())
		}
		target = u.User.Username() + "@" + target
	}
	return &sshEngine{target: target}, nil
}

// opts are the API client's options for the engine.
func (e *sshEngine) opts() []client.Opt {
	return []client.Opt{client.WithHost(dummyHost), client.WithDialContext(e.dial)}
}

// dial opens one connection to the engine: a dial-stdio session.
func (e *sshEngine) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	h, err := e.sshHost(ctx)
	if err != nil {
		return nil, err
	}
	return h.CommandConn(ctx, "docker", "system", "dial-stdio")
}

func (e *sshEngine) sshHost(ctx context.Context) (*ssh.Host, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.host == nil {
		h, err := ssh.DialContext(ctx, e.target)
		if err != nil {
			return nil, err
		}
		e.host = h
	}
	return e.host, nil
}

// Close releases the SSH connection.
func (e *sshEngine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.host == nil {
		return nil
	}
	err := e.host.Close()
	e.host = nil
	return err
}
