package docker

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/moby/moby/client"

	"github.com/opsh/opsh/internal/cell"
)

// Client is a connection to one Docker engine. Make one with FromEnv or
// Connect; it connects on first use and negotiates the API version down to
// the engine's. A Client is safe for concurrent use.
type Client struct {
	api  *client.Client
	host string
	from string // where the host came from: "DOCKER_HOST", "context NAME", "default"
	ctx  context.Context
	ssh  *sshEngine // for an ssh:// engine
	// target is the engine's identity, told to the session (target.go).
	target *engineTarget
}

// DefaultHost is where the engine listens when nothing says otherwise.
const DefaultHost = client.DefaultDockerHost

// FromEnv connects the way the docker CLI does: DOCKER_HOST
// (unix:///path, tcp://host:port, or ssh://[user@]host[:port], reached with
// opsh's ssh builtin running `docker system dial-stdio` there), with TLS from DOCKER_CERT_PATH
// (ca.pem, cert.pem, key.pem) when DOCKER_TLS_VERIFY or DOCKER_CERT_PATH is
// set; else the current docker context (DOCKER_CONTEXT, or currentContext
// in $DOCKER_CONFIG/config.json, default ~/.docker); else the default
// socket. DOCKER_API_VERSION pins the API version; otherwise it is
// negotiated on first use. Nothing is dialled until the first call.
//
// Unlike the docker CLI, a TLS connection always verifies the engine's
// certificate against ca.pem, even when DOCKER_TLS_VERIFY is unset.
func FromEnv() (*Client, error) {
	host, from := os.Getenv("DOCKER_HOST"), "DOCKER_HOST"
	certDir := os.Getenv("DOCKER_CERT_PATH")
	if certDir == "" && os.Getenv("DOCKER_TLS_VERIFY") != "" {
		certDir = configDir()
	}
	if host == "" {
		name, h, tlsDir, err := currentContext()
		if err != nil {
			return nil, fmt.Errorf("docker: %w", err)
		}
		switch {
		case h != "":
			host, from = h, "context "+name
			if certDir == "" {
				certDir = tlsDir
			}
		default:
			host, from = DefaultHost, "default"
		}
	}
	opts := []client.Opt{client.WithHost(host), client.WithAPIVersionFromEnv()}
	if certDir != "" {
		opts = append(opts, tlsFrom(certDir))
	}
	return newClient(host, from, opts)
}

// Connect connects to the engine at host: "unix:///var/run/docker.sock",
// "tcp://10.0.0.5:2376", "ssh://deploy@build-1" (through opsh's ssh: the
// same ~/.ssh/config, agent and known_hosts checks as ssh.Dial; the docker
// CLI must be installed there). With TLSCerts(dir) it uses TLS with dir's ca.pem,
// cert.pem and key.pem. The API version is negotiated on first use.
func Connect(host string, opts ...Option) (*Client, error) {
	s, err := collect("connect", useConnect, opts)
	if err != nil {
		return nil, err
	}
	copts := []client.Opt{client.WithHost(host)}
	if s.certDir != "" {
		copts = append(copts, tlsFrom(s.certDir))
	}
	return newClient(host, "Connect", copts)
}

// tlsFrom configures TLS from dir's ca.pem (verifying the engine against
// it) and, when present, the client certificate cert.pem and key.pem.
func tlsFrom(dir string) client.Opt {
	cert, key := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if _, err := os.Stat(cert); err != nil {
		cert, key = "", ""
	}
	return client.WithTLSClientConfig(filepath.Join(dir, "ca.pem"), cert, key)
}

func newClient(host, from string, opts []client.Opt) (*Client, error) {
	var se *sshEngine
	if strings.HasPrefix(host, "ssh://") {
		var err error
		if se, err = newSSHEngine(host); err != nil {
			return nil, fmt.Errorf("docker: %s (from %s): %w", host, from, err)
		}
		// The engine's own host option is replaced by the dialer's.
		opts = append(opts, se.opts()...)
	}
	api, err := client.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("docker: connect %s (from %s): %w", host, from, err)
	}
	return &Client{api: api, host: host, from: from, ssh: se, target: &engineTarget{}}, nil
}

// configDir is $DOCKER_CONFIG or ~/.docker.
func configDir() string {
	if d := os.Getenv("DOCKER_CONFIG"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".docker")
}

// currentContext returns the docker CLI's current context, its engine host
// and its TLS directory (if it has one); an empty host means the default.
func currentContext() (name, host, tlsDir string, err error) {
	dir := configDir()
	name = os.Getenv("DOCKER_CONTEXT")
	if name == "" && dir != "" {
		b, err := os.ReadFile(filepath.Join(dir, "config.json"))
		if err == nil {
			var cfg struct{ CurrentContext string }
			if json.Unmarshal(b, &cfg) == nil {
				name = cfg.CurrentContext
			}
		}
	}
	if name == "" || name == "default" {
		return name, "", "", nil
	}
	sum := sha256.Sum256([]byte(name))
	id := hex.EncodeToString(sum[:])
	b, err := os.ReadFile(filepath.Join(dir, "contexts", "meta", id, "meta.json"))
	if os.IsNotExist(err) {
		return name, "", "", fmt.Errorf("context %q does not exist", name)
	}
	if err != nil {
		return name, "", "", fmt.Errorf("docker context %q: %w", name, err)
	}
	var meta struct {
		Endpoints map[string]struct {
			Host          string
			SkipTLSVerify bool
		}
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return name, "", "", fmt.Errorf("docker context %q: %w", name, err)
	}
	ep := meta.Endpoints["docker"]
	if ep.Host == "" {
		return name, "", "", fmt.Errorf("docker context %q has no docker endpoint", name)
	}
	t := filepath.Join(dir, "contexts", "tls", id, "docker")
	if _, err := os.Stat(filepath.Join(t, "ca.pem")); err == nil {
		tlsDir = t
	}
	return name, ep.Host, tlsDir, nil
}

// WithContext returns a client whose calls use ctx instead of the running
// cell's context: for library users with their own deadlines. Containers
// obtained from it use ctx too.
func (d *Client) WithContext(ctx context.Context) *Client {
	c := *d
	c.ctx = ctx
	return &c
}

func (d *Client) context() context.Context {
	ctx := d.ctx
	if ctx == nil {
		ctx = cell.Context()
	}
	if err := d.reach(ctx); err != nil {
		return refusedContext(ctx, err)
	}
	return ctx
}

// Host is the engine address the client talks to.
func (d *Client) Host() string { return d.host }

// Display shows the engine the client talks to, and where that came from.
func (d *Client) Display() string {
	return fmt.Sprintf("docker engine %s (from %s)", d.host, d.from)
}

// Close releases idle connections (and the SSH connection to an ssh://
// engine).
func (d *Client) Close() error {
	err := d.api.Close()
	if d.ssh != nil {
		if serr := d.ssh.Close(); err == nil {
			err = serr
		}
	}
	return err
}

// Pong is the engine's answer to Ping.
type Pong struct {
	Host string
	// APIVersion is the API version the client now speaks: the engine's,
	// or the client's newest if that is lower.
	APIVersion string
	// EngineAPIVersion is the newest API version the engine speaks.
	EngineAPIVersion string
	OSType           string
	Experimental     bool
	Took             time.Duration
}

// Display shows the engine, the API version in use and the round trip.
func (p Pong) Display() string {
	return fmt.Sprintf("ok: %s, API %s (%s), %s", p.Host, p.APIVersion, p.OSType, p.Took.Round(10*time.Microsecond))
}

// Ping checks that the engine answers and negotiates the API version.
func (d *Client) Ping() (Pong, error) {
	start := time.Now()
	r, err := d.api.Ping(d.context(), client.PingOptions{NegotiateAPIVersion: true})
	if err != nil {
		return Pong{}, d.fail("ping", d.host, err)
	}
	return Pong{
		Host:             d.host,
		APIVersion:       d.api.ClientVersion(),
		EngineAPIVersion: r.APIVersion,
		OSType:           r.OSType,
		Experimental:     r.Experimental,
		Took:             time.Since(start),
	}, nil
}

// Version describes the engine.
type Version struct {
	Version       string
	APIVersion    string
	MinAPIVersion string
	OS            string
	Arch          string
	// Components are the engine's parts and their versions: Engine,
	// containerd, runc, docker-init.
	Components map[string]string
}

// Display shows the engine version on one line.
func (v Version) Display() string {
	return fmt.Sprintf("Docker Engine %s (API %s, min %s) %s/%s", v.Version, v.APIVersion, v.MinAPIVersion, v.OS, v.Arch)
}

// Version asks the engine for its version, as docker version does.
func (d *Client) Version() (Version, error) {
	r, err := d.api.ServerVersion(d.context(), client.ServerVersionOptions{})
	if err != nil {
		return Version{}, d.fail("version", d.host, err)
	}
	v := Version{Version: r.Version, APIVersion: r.APIVersion, MinAPIVersion: r.MinAPIVersion,
		OS: r.Os, Arch: r.Arch, Components: map[string]string{}}
	for _, c := range r.Components {
		v.Components[c.Name] = c.Version
	}
	return v, nil
}

// fail wraps an engine error with the operation and what it was about.
func (d *Client) fail(op, target string, err error) error {
	if err == nil {
		return nil
	}
	if refused := d.refusal(); refused != nil {
		return &Error{Op: op, Target: target, Err: refused}
	}
	if ctxErr := d.context().Err(); ctxErr != nil && errors.Is(err, ctxErr) {
		return &Error{Op: op, Target: target, Err: err, kind: ErrInterrupted}
	}
	return &Error{Op: op, Target: target, Err: err}
}
