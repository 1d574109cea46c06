package docker_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	xssh "golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/builtins/docker"
	"github.com/opsh/opsh/builtins/ssh"
	"github.com/opsh/opsh/internal/dockertest"
	"github.com/opsh/opsh/internal/sshdtest"
	"github.com/opsh/opsh/internal/testenv"
)

// sshToEngine starts an sshd whose sessions reach the private engine (its
// DOCKER_HOST set by sshd's SetEnv, the docker CLI on the PATH there), and
// makes it the default ssh client's host "buildbox" (an ssh_config alias),
// with a key and known_hosts of its own.
func sshToEngine(t *testing.T, e *dockertest.Engine) *sshdtest.Server {
	t.Helper()
	testenv.LookPath(t, "docker") // run on the far side
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := xssh.NewSignerFromKey(priv)
	block, _ := xssh.MarshalPrivateKey(priv, "docker over ssh")
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "id_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	// The engine's socket belongs to root: log in as the user running the
	// tests (root in CI), not the plain test user.
	srv := sshdtest.Start(t, sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{signer.PublicKey()},
		Config: []string{"SetEnv DOCKER_HOST=" + e.Host}})
	cfg := filepath.Join(dir, "config")
	conf := fmt.Sprintf("Host buildbox\n  HostName %s\n  Port %d\n  User %s\n", srv.Host, srv.Port, srv.User)
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	c := ssh.NewClient()
	c.ConfigFiles = []string{cfg}
	c.KnownHostsFiles = []string{srv.KnownHostsFile}
	c.IdentityFiles = []string{keyFile}
	prev := ssh.SetDefault(c)
	t.Cleanup(func() { c.CloseAll(); ssh.SetDefault(prev) })
	return srv
}

// TestSSHEngine reaches the private engine as DOCKER_HOST=ssh://buildbox,
// through a docker context made by the docker CLI, and through
// docker.Connect("ssh://user@host:port"): opsh's ssh logs in
// (sshd logs it) and runs `docker system dial-stdio`, as the docker CLI
// does; the API calls, a container run included, go through it.
func TestSSHEngine(t *testing.T) {
	e := dockertest.Need(t, engine, engineErr)
	srv := sshToEngine(t, e)
	t.Setenv("DOCKER_HOST", "ssh://buildbox")
	t.Setenv("DOCKER_CONTEXT", "")
	t.Setenv("DOCKER_CERT_PATH", "")
	t.Setenv("DOCKER_TLS_VERIFY", "")

	d, err := docker.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Ping(); err != nil {
		t.Fatalf("ping over ssh: %v\n%s", err, srv.Log())
	}
	v, err := d.Version()
	if err != nil || v.APIVersion == "" {
		t.Fatalf("version over ssh: %v %v", v, err)
	}
	c, err := d.Run(dockertest.Image, []string{"echo", "over ssh"}, docker.Network("none"))
	if err != nil {
		t.Fatal(err)
	}
	cleanup(t, c)
	if _, err := c.Wait(30 * time.Second); err != nil {
		t.Fatal(err)
	}
	logs, err := c.Logs()
	if err != nil || strings.TrimSpace(logs.Stdout) != "over ssh" {
		t.Fatalf("logs over ssh: %q %v", logs, err)
	}
	if n := strings.Count(srv.Log(), "Accepted publickey for "+srv.User); n != 1 {
		t.Errorf("sshd logged %d logins, want 1 (one SSH connection for every API connection)", n)
	}

	// A docker context whose endpoint is ssh://, made by the docker CLI.
	cfgDir := t.TempDir()
	cli := command(t, "docker", "context", "create", "remote", "--docker", "host=ssh://buildbox")
	cli.Env = append(os.Environ(), "DOCKER_CONFIG="+cfgDir)
	if out, err := cli.CombinedOutput(); err != nil {
		t.Fatalf("docker context create: %v\n%s", err, out)
	}
	t.Setenv("DOCKER_HOST", "")
	t.Setenv("DOCKER_CONFIG", cfgDir)
	t.Setenv("DOCKER_CONTEXT", "remote")
	dc, err := docker.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	defer dc.Close()
	if _, err := dc.Ping(); err != nil || !strings.Contains(dc.Display(), "context remote") {
		t.Fatalf("ssh context: %v (%s)", err, dc.Display())
	}

	d2, err := docker.Connect(fmt.Sprintf("ssh://%s@%s", srv.User, srv.Addr))
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	if _, err := d2.Ping(); err != nil {
		t.Fatalf("Connect(ssh://…): %v", err)
	}

	// The same known_hosts check as ssh.Dial: an unknown host is refused.
	strict := ssh.NewClient()
	strict.ConfigFiles = ssh.Default().ConfigFiles
	strict.IdentityFiles = ssh.Default().IdentityFiles
	strict.KnownHostsFiles = []string{filepath.Join(t.TempDir(), "none")}
	prev := ssh.SetDefault(strict)
	defer ssh.SetDefault(prev)
	d3, err := docker.Connect("ssh://buildbox")
	if err != nil {
		t.Fatal(err)
	}
	defer d3.Close()
	if _, err := d3.Ping(); err == nil || !strings.Contains(err.Error(), "not known") {
		t.Errorf("ping of an engine whose ssh host key is unknown: %v", err)
	}
}
