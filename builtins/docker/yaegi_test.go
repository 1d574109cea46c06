package docker_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/opsh/opsh/builtins/docker"
	"github.com/opsh/opsh/builtins/docker/symbols"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/dockertest"
	"github.com/opsh/opsh/internal/testenv"
	"github.com/opsh/opsh/internal/yaegitest"
)

// newInterp returns a yaegi interpreter with the standard library and this
// package loaded, as the REPL sets it up.
func newInterp(t testing.TB) *interp.Interpreter {
	t.Helper()
	return yaegitest.New(t, []interp.Exports{symbols.Symbols}, "github.com/opsh/opsh/builtins/docker")
}

// eval evaluates src, given a minute, and fails the test if it does not.
func eval(t testing.TB, i *interp.Interpreter, src string) reflect.Value {
	t.Helper()
	return yaegitest.EvalTimeout(t, i, time.Minute, src)
}

// TestInterpreted runs the calls as written, in the interpreter,
// against the private engine, one cell at a time as the REPL would.
func TestInterpreted(t *testing.T) {
	e := dockertest.Need(t, engine, engineErr)
	t.Setenv("DOCKER_HOST", e.Host)
	t.Setenv("DOCKER_CERT_PATH", "")
	t.Setenv("DOCKER_TLS_VERIFY", "")
	t.Setenv("DOCKER_CONTEXT", "")
	t.Chdir(t.TempDir()) // GetArchive("/etc", "./etc-copy") writes here
	d := connect(t)
	t.Cleanup(func() {
		for _, n := range []string{"t1", "t2", "c2-yaegi", "t3"} {
			if c, err := d.Container(n); err == nil {
				c.Remove(docker.Force())
			}
		}
		for _, ref := range []string{"local/app:step1", "local/base:1", "local/base:2"} {
			d.RemoveImage(ref, docker.Force())
		}
	})
	rootfs, err := dockertest.BusyboxRootfs("")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("rootfs.tar", rootfs, 0o600); err != nil {
		t.Fatal(err)
	}

	i := newInterp(t)
	eval(t, i, `import ("archive/tar"; "bytes"; "time")`)
	// value evaluates src into a fresh variable and returns that: yaegi
	// returns a pointer, not the value, for a called func literal.
	n := 0
	value := func(src string) any {
		n++
		name := fmt.Sprintf("check%d", n)
		eval(t, i, name+" := "+src)
		return eval(t, i, name).Interface()
	}
	str := func(src string) string { return fmt.Sprint(value(src)) }
	integer := func(src string) int64 { return reflect.ValueOf(value(src)).Int() }

	eval(t, i, `d, err := docker.FromEnv()`)
	eval(t, i, `d.Ping()`)
	if got := str(`func() string { p, err := d.Ping(); if err != nil { return err.Error() }; return p.Display() }()`); !strings.HasPrefix(got, "ok: "+e.Host) {
		t.Fatalf("d.Ping() display %q", got)
	}
	eval(t, i, `d.Containers()`)
	eval(t, i, `d.Containers(docker.All())`)

	eval(t, i, `c, err := d.Run("busybox:local", []string{"sh", "-c", "echo hi; exit 3"}, docker.Name("t1"), docker.Env("A=1"), docker.Memory("64m"))`)
	if got := str(`func() string { if err != nil { return err.Error() }; return "" }()`); got != "" {
		t.Fatalf("d.Run: %s", got)
	}
	eval(t, i, `code, err := c.Wait(10 * time.Second)`)
	if got := integer(`code`); got != 3 {
		t.Fatalf("c.Wait: code %d, want 3", got)
	}
	eval(t, i, `c.Logs()`)
	if got := str(`func() string { l, _ := c.Logs(); return l.Output }()`); got != "hi\n" {
		t.Fatalf("c.Logs(): %q", got)
	}
	eval(t, i, `c.Follow()`)
	if got := str(`func() string { l, _ := d.Containers(docker.All()); return l.Display() }()`); !strings.Contains(got, "t1") || !strings.HasPrefix(got, "ID") {
		t.Fatalf("d.Containers(docker.All()) display:\n%s", got)
	}

	// A running container for exec and top; c is rebound as at the prompt.
	// (It ends on TERM, so c.Stop() below need not wait 10s to kill it.)
	eval(t, i, `c, err = d.Run("busybox:local", []string{"sh", "-c", "trap 'exit 0' TERM; sleep 60 & wait"}, docker.Name("t2"))`)
	eval(t, i, `r, err := c.Exec("ls", "/")`)
	if got, code := str(`r.Stdout`), integer(`r.ExitCode`); !strings.Contains(got, "bin\n") || code != 0 || str(`r.Stderr`) != "" {
		t.Fatalf("c.Exec: %q exit %d", got, code)
	}
	eval(t, i, `c.Top()`)
	if got := str(`func() string { p, _ := c.Top(); return p.Display() }()`); !strings.Contains(got, "sleep 60") {
		t.Fatalf("c.Top():\n%s", got)
	}

	eval(t, i, `c2, err := d.Create("busybox:local", []string{"httpd", "-f"}, docker.Name("c2-yaegi"))`)
	eval(t, i, `data := []byte("listen=80\n")`)
	eval(t, i, `c2.WriteFile("/etc/app.conf", data, 0o644)`)
	eval(t, i, `buf := new(bytes.Buffer)
tw := tar.NewWriter(buf)
tw.WriteHeader(&tar.Header{Name: "index.html", Mode: 0o644, Size: 3})
tw.Write([]byte("hi\n"))
tw.Close()
tarReader := buf`)
	eval(t, i, `c2.PutArchive("/srv", tarReader)`)
	eval(t, i, `c2.Start()`)
	if got := str(`func() string { r, _ := c2.Exec("cat", "/etc/app.conf", "/srv/index.html"); return r.Stdout }()`); got != "listen=80\nhi\n" {
		t.Fatalf("files written before start: %q", got)
	}

	eval(t, i, `b, err := c.ReadFile("/etc/hostname")`)
	if got := str(`string(b)`); got != str(`c.ShortID()`)+"\n" {
		t.Fatalf("c.ReadFile: %q", got)
	}
	eval(t, i, `c.GetArchive("/etc", "./etc-copy")`)
	if b, err := os.ReadFile(filepath.Join("etc-copy", "passwd")); err != nil || !strings.HasPrefix(string(b), "root:") {
		t.Fatalf("./etc-copy/passwd: %q %v", b, err)
	}

	eval(t, i, `img, err := c.Commit("local/app:step1")`)
	if got := str(`img.Ref()`); got != "local/app:step1" {
		t.Fatalf("c.Commit: %q", got)
	}
	eval(t, i, `c3, err := d.Run("local/app:step1", []string{"cat", "/etc/hostname"}, docker.Name("t3"))`)
	if got := integer(`func() int { n, _ := c3.Wait(10 * time.Second); return n }()`); got != 0 {
		t.Fatalf("run of the committed image: exit %d", got)
	}

	eval(t, i, `d.Images()`)
	ref := "127.0.0.1:" + itoa(testenv.FreePort(t)) + "/nosuch:1"
	eval(t, i, `_, err = d.Pull("`+ref+`")`)
	if got := str(`err.Error()`); !strings.Contains(got, ref) {
		t.Fatalf("d.Pull of a missing image: %s", got)
	}
	eval(t, i, `d.Import("rootfs.tar", "local/base:1")`)
	eval(t, i, `src, dst := "local/base:1", "local/base:2"`)
	eval(t, i, `d.Tag(src, dst)`)
	if _, err := d.Image("local/base:2"); err != nil {
		t.Fatalf("after d.Tag: %v", err)
	}
	eval(t, i, `ref := dst`)
	eval(t, i, `d.RemoveImage(ref)`)
	if _, err := d.Image("local/base:2"); !errors.Is(err, docker.ErrNotFound) {
		t.Fatalf("after d.RemoveImage: %v", err)
	}

	eval(t, i, `c.Stop(); c.Kill(); c.Remove()`)
	if _, err := d.Container("t2"); !errors.Is(err, docker.ErrNotFound) {
		t.Fatalf("after c.Stop(); c.Kill(); c.Remove(): %v", err)
	}
	eval(t, i, `c2.Remove(docker.Force())`)
	if _, err := d.Container("c2-yaegi"); !errors.Is(err, docker.ErrNotFound) {
		t.Fatalf("after c2.Remove(docker.Force()): %v", err)
	}
	// errors.Is with the package's sentinels works from interpreted code.
	eval(t, i, `import "errors"`)
	if got := str(`func() string { _, err := d.Container("t2"); if errors.Is(err, docker.ErrNotFound) { return "not found" }; return "?" }()`); got != "not found" {
		t.Fatalf("errors.Is(err, docker.ErrNotFound) in the interpreter: %s", got)
	}
}

// TestInterpretedNetworksVolumesBuild runs the docker-py habits users
// bring (networks, volumes, a build from a directory) as typed at the
// prompt, against the private engine.
func TestInterpretedNetworksVolumesBuild(t *testing.T) {
	e := dockertest.Need(t, engine, engineErr)
	t.Setenv("DOCKER_HOST", e.Host)
	t.Setenv("DOCKER_CERT_PATH", "")
	t.Setenv("DOCKER_TLS_VERIFY", "")
	t.Setenv("DOCKER_CONTEXT", "")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM "+dockertest.Image+"\nRUN echo built > /b\n"), 0o644)
	d := connect(t)
	net, vol, tag := uniq(t, "ynet"), uniq(t, "yvol"), uniq(t, "ybuild")+":1"
	t.Cleanup(func() {
		if c, err := d.Container(net + "-c"); err == nil {
			c.Remove(docker.Force())
		}
		if n, err := d.Network(net); err == nil {
			n.Remove()
		}
		if v, err := d.Volume(vol); err == nil {
			v.Remove(docker.Force())
		}
		d.RemoveImage(tag, docker.Force())
	})
	var out testenv.Buffer
	prev := cell.Set(&cell.State{Ctx: within(t, 2*time.Minute), Stdout: &out, Stderr: &out})
	defer cell.Set(prev)

	i := newInterp(t)
	eval(t, i, fmt.Sprintf("net, vol, tag, dir := %q, %q, %q, %q", net, vol, tag, dir))
	eval(t, i, `d, err := docker.FromEnv()`)
	for _, tc := range []struct{ src, want string }{
		{`n, err := d.CreateNetwork(net, docker.Internal()); err == nil`, "true"},
		{`c, err := d.Run("busybox:local", []string{"sleep", "30"}, docker.Name(net + "-c"), docker.Network(net)); err == nil`, "true"},
		{`n2, err := d.Network(net); len(n2.Containers)`, "1"},
		{`nl, err := d.Networks(); len(nl) > 0`, "true"},
		{`v, err := d.CreateVolume(vol); v.Name == vol`, "true"},
		{`vl, err := d.Volumes(); len(vl) > 0`, "true"},
		{`img, err := d.Build(dir, docker.Tag(tag), docker.Network("none")); err == nil && img.Ref() == tag`, "true"},
		{`c.Remove(docker.Force()) == nil && n.Remove() == nil && v.Remove() == nil`, "true"},
	} {
		if got := fmt.Sprint(eval(t, i, tc.src).Interface()); got != tc.want {
			t.Errorf("%s = %s, want %s\n%s", tc.src, got, tc.want, out.String())
		}
	}
	if !strings.Contains(out.String(), "Step 2/2") {
		t.Errorf("the build's output did not reach the cell:\n%s", out.String())
	}
}
