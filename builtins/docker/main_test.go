package docker_test

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	osexec "os/exec"
	"path"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/docker"
	"github.com/opsh/opsh/internal/dockertest"
	"github.com/opsh/opsh/internal/testenv"
)

// The package's tests share one private dockerd (see internal/dockertest),
// started here and stopped by PID when they are done.
var (
	engine    *dockertest.Engine
	engineErr error
)

func TestMain(m *testing.M) {
	engine, engineErr = dockertest.Start(dockertest.Options{TLS: true})
	code := m.Run()
	engine.Stop()
	os.Exit(code)
}

// connect returns a client of the private engine, or ends the test when
// there is none. Containers the test makes should be passed to cleanup.
func connect(t testing.TB) *docker.Client {
	t.Helper()
	e := dockertest.Need(t, engine, engineErr)
	d, err := docker.Connect(e.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// cleanup removes the containers when the test ends, whatever state they
// are in.
func cleanup(t testing.TB, cs ...*docker.Container) {
	t.Helper()
	t.Cleanup(func() {
		for _, c := range cs {
			if c == nil {
				continue
			}
			if err := c.Remove(docker.Force()); err != nil && !errors.Is(err, docker.ErrNotFound) {
				t.Errorf("cleanup: %v", err)
			}
		}
	})
}

// run starts a busybox container with the script sh -c script, no network.
func run(t testing.TB, d *docker.Client, script string, opts ...docker.Option) *docker.Container {
	t.Helper()
	opts = append([]docker.Option{docker.Network("none")}, opts...)
	c, err := d.Run(dockertest.Image, []string{"sh", "-c", script}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	cleanup(t, c)
	return c
}

// uniq returns a container or image name unique to this test run.
func uniq(t testing.TB, base string) string {
	name := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())
	return fmt.Sprintf("%s-%s-%d", base, strings.ToLower(name), time.Now().UnixNano()%1e6)
}

// within returns a context cancelled after d, cancelled at the test's end.
func within(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func command(t testing.TB, name string, args ...string) *osexec.Cmd {
	t.Helper()
	return osexec.Command(testenv.LookPath(t, name), args...)
}

func itoa(n int) string { return strconv.Itoa(n) }

// tarOf makes a tar archive of files (name to content), with the
// directories their names need.
func tarOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dirs := map[string]bool{}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for d := path.Dir(n); d != "."; d = path.Dir(d) {
			if !dirs[d] {
				dirs[d] = true
				if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o755, ModTime: time.Now()}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: n, Mode: 0o644, Size: int64(len(files[n])), ModTime: time.Now()}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(files[n]))
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
