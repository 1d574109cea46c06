package dockertest_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

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
	if err := syscall.Kill(e.PID(), 0); err == nil {
		t.Fatalf("dockerd still running after Stop")
	}
}

// TestEngineGoneAfterCrash: when the test binary dies without Stop (a
// panic, a -timeout), the daemon gets TERM and goes; the next Start removes
// what it left.
func TestEngineGoneAfterCrash(t *testing.T) {
	if os.Getenv("OPSH_DOCKERTEST_CHILD") == "1" {
		e, err := dockertest.Start(dockertest.Options{NoImage: true})
		if err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		fmt.Println(e.PID(), e.Dir)
		os.Exit(3) // no Stop
	}
	testenv.LookPath(t, "dockerd")
	if os.Geteuid() != 0 {
		testenv.Missing(t, "dockerd needs root")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestEngineGoneAfterCrash$")
	cmd.Env = append(os.Environ(), "OPSH_DOCKERTEST_CHILD=1")
	out, _ := cmd.Output()
	var pid int
	var dir string
	if _, err := fmt.Sscan(string(out), &pid, &dir); err != nil {
		t.Fatalf("child said %q: %v", out, err)
	}
	testenv.WaitFor(t, 30*time.Second, "orphaned dockerd to exit", func() error {
		if syscall.Kill(pid, 0) == nil {
			return fmt.Errorf("pid %d still alive", pid)
		}
		return nil
	})
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the crashed run's %s: %v (expected it left behind)", dir, err)
	}
	// Its pid file is gone (clean shutdown) or names a dead process; make
	// it look old enough either way.
	os.WriteFile(filepath.Join(dir, "d.pid"), []byte(fmt.Sprint(pid)), 0o644)
	dockertest.RemoveStale(filepath.Dir(dir))
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("stale %s not removed: %v", dir, err)
	}
}
