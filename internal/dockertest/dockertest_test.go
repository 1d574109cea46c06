package dockertest_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/opsh/opsh/internal/dockertest"
	"github.com/opsh/opsh/internal/testenv"
)

// TestEngine starts a private engine, runs a container from busybox:local
// with the docker CLI, reaches it over TLS, and checks Stop leaves nothing
// behind.
func TestEngine(t *testing.T) {
	e, err := dockertest.Start(dockertest.Options{TLS: true})
	e = dockertest.Need(t, e, err)
	dir := e.Dir
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			e.Stop()
		}
	})

	testenv.LookPath(t, "docker")
	out, err := e.Docker("run", "--rm", "--network", "none", dockertest.Image, "sh", "-c", "echo hi from $(busybox | head -1 | cut -d' ' -f1)")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.TrimSpace(out), "hi from BusyBox"; got != want {
		t.Fatalf("container said %q, want %q", got, want)
	}

	// Over TCP with TLS, with the client certificate, as the CLI does it.
	cmd := exec.Command(testenv.LookPath(t, "docker"), "ps", "-q")
	cmd.Env = append(os.Environ(), "DOCKER_HOST="+e.TLSHost, "DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH="+e.CertDir, "DOCKER_CONFIG="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("docker ps over TLS: %v\n%s", err, out)
	}
	// Without a client certificate the engine refuses.
	cmd = exec.Command(testenv.LookPath(t, "docker"), "ps", "-q")
	cmd.Env = append(os.Environ(), "DOCKER_HOST="+e.TLSHost, "DOCKER_CONFIG="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("docker ps over TCP without TLS succeeded:\n%s", out)
	}

	e.Stop()
	stopped = true
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("after Stop, %s: %v, want it removed", dir, err)
	}
	if err := dockertest.SyscallKill0(e); err == nil {
		t.Fatalf("dockerd still running after Stop")
	}
}
