package dockertest_test

import (
	"os"
	"strings"
	"testing"

	"github.com/opsh/opsh/internal/dockertest"
	"github.com/opsh/opsh/internal/testenv"
)

// TestEngine starts a private engine, runs a container from busybox:local
// with the docker CLI, and checks Stop leaves nothing behind.
func TestEngine(t *testing.T) {
	e, err := dockertest.Start(dockertest.Options{})
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

	e.Stop()
	stopped = true
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("after Stop, %s: %v, want it removed", dir, err)
	}
	if err := dockertest.SyscallKill0(e); err == nil {
		t.Fatalf("dockerd still running after Stop")
	}
}
