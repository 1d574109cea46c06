package docker_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/docker"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/dockertest"
	"github.com/opsh/opsh/internal/testenv"
)

func TestPingNegotiatesAPIVersion(t *testing.T) {
	d := connect(t)
	p, err := d.Ping()
	if err != nil {
		t.Fatal(err)
	}
	if p.EngineAPIVersion == "" || p.APIVersion != p.EngineAPIVersion {
		// The Debian engine (API 1.41) is older than the client: the client
		// must speak the engine's version.
		t.Fatalf("API version %q, engine's %q: want the engine's", p.APIVersion, p.EngineAPIVersion)
	}
	if p.OSType != "linux" {
		t.Fatalf("OSType %q", p.OSType)
	}
	if !strings.Contains(p.Display(), engine.Host) {
		t.Fatalf("Display %q does not name the engine", p.Display())
	}
	v, err := d.Version()
	if err != nil {
		t.Fatal(err)
	}
	if v.APIVersion != p.EngineAPIVersion || v.Version == "" {
		t.Fatalf("Version %+v, ping %+v", v, p)
	}
}

func TestFromEnv(t *testing.T) {
	e := dockertest.Need(t, engine, engineErr)
	t.Setenv("DOCKER_HOST", e.Host)
	t.Setenv("DOCKER_CERT_PATH", "")
	t.Setenv("DOCKER_TLS_VERIFY", "")
	t.Setenv("DOCKER_API_VERSION", "")
	d, err := docker.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Ping(); err != nil {
		t.Fatal(err)
	}
	if got := d.Display(); !strings.Contains(got, "DOCKER_HOST") {
		t.Fatalf("Display %q does not say the host came from DOCKER_HOST", got)
	}
}

// TestFromEnvTLS: DOCKER_HOST=tcp://..., DOCKER_TLS_VERIFY and
// DOCKER_CERT_PATH, as docker-machine and CI set them; the engine's
// certificate is verified.
func TestFromEnvTLS(t *testing.T) {
	e := dockertest.Need(t, engine, engineErr)
	t.Setenv("DOCKER_HOST", e.TLSHost)
	t.Setenv("DOCKER_TLS_VERIFY", "1")
	t.Setenv("DOCKER_CERT_PATH", e.CertDir)
	t.Setenv("DOCKER_API_VERSION", "")
	d, err := docker.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Ping(); err != nil {
		t.Fatal(err)
	}
	if l, err := d.Containers(docker.All()); err != nil || l == nil {
		t.Fatalf("Containers over TLS: %v", err)
	}

	// The same with Connect and TLSCerts.
	d2, err := docker.Connect(e.TLSHost, docker.TLSCerts(e.CertDir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d2.Ping(); err != nil {
		t.Fatal(err)
	}

	// Without DOCKER_TLS_VERIFY the certificate is still verified: a CA
	// that did not sign the engine's certificate fails.
	other := t.TempDir()
	if err := dockertest.WriteCerts(filepath.Join(other, "srv"), filepath.Join(other, "cli")); err != nil {
		t.Fatal(err)
	}
	wrong := t.TempDir()
	for _, f := range []string{"cert.pem", "key.pem"} {
		b, _ := os.ReadFile(filepath.Join(e.CertDir, f))
		os.WriteFile(filepath.Join(wrong, f), b, 0o600)
	}
	b, _ := os.ReadFile(filepath.Join(other, "cli", "ca.pem"))
	os.WriteFile(filepath.Join(wrong, "ca.pem"), b, 0o600)
	t.Setenv("DOCKER_TLS_VERIFY", "")
	t.Setenv("DOCKER_CERT_PATH", wrong)
	d3, err := docker.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d3.Ping(); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("Ping with the wrong CA: %v, want a certificate error", err)
	}

	// Plain HTTP to the TLS port fails with an error naming the engine.
	t.Setenv("DOCKER_CERT_PATH", "")
	d4, err := docker.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d4.Ping(); err == nil || !strings.Contains(err.Error(), e.TLSHost) {
		t.Fatalf("Ping without TLS: %v", err)
	}
}

// TestFromEnvContext: with no DOCKER_HOST, FromEnv follows the docker
// CLI's current context, as `docker context use` leaves it.
func TestFromEnvContext(t *testing.T) {
	e := dockertest.Need(t, engine, engineErr)
	cfg := t.TempDir()
	t.Setenv("DOCKER_HOST", "")
	t.Setenv("DOCKER_CONTEXT", "")
	t.Setenv("DOCKER_CERT_PATH", "")
	t.Setenv("DOCKER_TLS_VERIFY", "")
	t.Setenv("DOCKER_CONFIG", cfg)
	testenv.LookPath(t, "docker")
	cli := func(args ...string) {
		t.Helper()
		cmd := command(t, "docker", args...)
		cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+cfg)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("docker %v: %v\n%s", args, err, out)
		}
	}
	cli("context", "create", "private", "--docker", "host="+e.Host)
	cli("context", "use", "private")

	d, err := docker.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Host(), e.Host; got != want {
		t.Fatalf("Host %q, want %q from the context", got, want)
	}
	if _, err := d.Ping(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Display(), "context private") {
		t.Fatalf("Display %q does not name the context", d.Display())
	}

	// A context that does not exist is named as such, not as a missing
	// meta.json (the docker CLI names the context and says it is not
	// found).
	t.Setenv("DOCKER_CONTEXT", "nosuch")
	_, err = docker.FromEnv()
	if err == nil || !strings.Contains(err.Error(), `context "nosuch" does not exist`) || strings.Contains(err.Error(), "meta.json") {
		t.Fatalf("FromEnv with a missing context: %v", err)
	}
	cmd := command(t, "docker", "context", "use", "nosuch")
	cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+cfg)
	if out, _ := cmd.CombinedOutput(); !strings.Contains(string(out), `context "nosuch"`) || !strings.Contains(string(out), "not found") {
		t.Errorf("the docker CLI says %q", out)
	}
}

// TestRunWaitLogs runs the call as written: detached, named, with
// an environment variable and a memory limit.
func TestRunWaitLogs(t *testing.T) {
	d := connect(t)
	name := uniq(t, "t1")
	c, err := d.Run("busybox:local", []string{"sh", "-c", "echo hi; echo $A; exit 3"}, docker.Name(name), docker.Env("A=1"), docker.Memory("64m"))
	if err != nil {
		t.Fatal(err)
	}
	cleanup(t, c)
	if c.Name != name || len(c.ID) != 64 {
		t.Fatalf("container %q %q", c.Name, c.ID)
	}
	code, err := c.Wait(10 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if code != 3 {
		t.Fatalf("exit code %d, want 3", code)
	}
	if c.State != "exited" || c.ExitCode != 3 || !strings.HasPrefix(c.Status, "Exited (3)") {
		t.Fatalf("after Wait: state %q, code %d, status %q", c.State, c.ExitCode, c.Status)
	}
	if got, want := c.Display(), "container "+name+" ("+c.ShortID()+") busybox:local: Exited (3)"; !strings.HasPrefix(got, want) {
		t.Fatalf("Display %q, want it to start %q", got, want)
	}
	logs, err := c.Logs()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := logs.Output, "hi\n1\n"; got != want {
		t.Fatalf("logs %q, want %q", got, want)
	}
	in, err := c.Inspect()
	if err != nil {
		t.Fatal(err)
	}
	if in.Memory != 64<<20 {
		t.Fatalf("memory limit %d, want %d", in.Memory, 64<<20)
	}
	if !slices.Contains(in.Env, "A=1") {
		t.Fatalf("env %v lacks A=1", in.Env)
	}
	// The handle can be found again by name.
	again, err := d.Container(name)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != c.ID {
		t.Fatalf("Container(%q) is %s, want %s", name, again.ID, c.ID)
	}
}

// TestRunOptions checks each Run option reaches the container.
func TestRunOptions(t *testing.T) {
	d := connect(t)
	rw, ro := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(ro, "in.txt"), []byte("from host\n"), 0o644)
	os.Chmod(rw, 0o777) // the container runs as nobody
	os.Chmod(ro, 0o755)
	c, err := d.Run(dockertest.Image, []string{"-c", "pwd; id -u; hostname; cat /ro/in.txt; echo out > /rw/out.txt; touch /ro/x 2>/dev/null || echo ro; echo to-stderr >&2"},
		docker.Network("none"), docker.Entrypoint("sh"), docker.Workdir("/tmp"), docker.User("65534"),
		docker.Hostname("web-1"), docker.Volume(rw+":/rw"), docker.Volume(ro+":/ro:ro"),
		docker.CPUs(0.5), docker.Restart("on-failure:2"), docker.Label("team", "ops"), docker.TTY())
	if err != nil {
		t.Fatal(err)
	}
	cleanup(t, c)
	if code, err := c.Wait(10 * time.Second); err != nil {
		t.Fatal(err)
	} else if code != 0 {
		l, _ := c.Logs()
		t.Fatalf("exit %d: %s", code, l.Output)
	}
	l, err := c.Logs()
	if err != nil {
		t.Fatal(err)
	}
	// With a terminal, everything comes as one stream, with CRLF.
	got := strings.ReplaceAll(l.Output, "\r\n", "\n")
	if want := "/tmp\n65534\nweb-1\nfrom host\nro\nto-stderr\n"; got != want {
		t.Fatalf("output %q, want %q", got, want)
	}
	if b, err := os.ReadFile(filepath.Join(rw, "out.txt")); err != nil || string(b) != "out\n" {
		t.Fatalf("bind-mounted file: %q %v", b, err)
	}
	in, err := c.Inspect()
	if err != nil {
		t.Fatal(err)
	}
	if in.CPUs != 0.5 || in.RestartPolicy != "on-failure:2" || in.Labels["team"] != "ops" || !in.TTY ||
		!slices.Equal(in.Entrypoint, []string{"sh"}) || !slices.Contains(in.Mounts, ro+":/ro:ro") {
		t.Fatalf("inspect: %+v", in)
	}
}

func TestWaitTimeoutLeavesContainerRunning(t *testing.T) {
	d := connect(t)
	c := run(t, d, "sleep 60")
	start := time.Now()
	_, err := c.Wait(300 * time.Millisecond)
	if !errors.Is(err, docker.ErrTimeout) {
		t.Fatalf("Wait: %v, want ErrTimeout", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("Wait(300ms) took %s", el)
	}
	if !strings.Contains(err.Error(), c.Name) || !strings.Contains(err.Error(), "left running") {
		t.Fatalf("error %q should name the container and say it is still running", err)
	}
	if err := c.Refresh(); err != nil {
		t.Fatal(err)
	}
	if c.State != "running" {
		t.Fatalf("after a Wait timeout the container is %q, want running", c.State)
	}
	if err := c.Kill(); err != nil {
		t.Fatal(err)
	}
	code, err := c.Wait(10 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if code != 137 {
		t.Fatalf("killed container exit code %d, want 137", code)
	}
}

// TestWaitHonoursCellContext: Ctrl-C (the cell's context) ends a Wait
// with no timeout, with ErrInterrupted, not ErrTimeout.
func TestWaitHonoursCellContext(t *testing.T) {
	d := connect(t)
	c := run(t, d, "sleep 60")
	ctx, cancel := context.WithCancel(context.Background())
	prev := cell.Set(&cell.State{Ctx: ctx, Stdout: os.Stdout, Stderr: os.Stderr})
	t.Cleanup(func() { cell.Set(prev) })
	time.AfterFunc(200*time.Millisecond, cancel)
	_, err := c.Wait(0)
	if !errors.Is(err, docker.ErrInterrupted) || errors.Is(err, docker.ErrTimeout) {
		t.Fatalf("Wait after Ctrl-C: %v, want ErrInterrupted", err)
	}
	cell.Set(prev)
	if err := c.Refresh(); err != nil || c.State != "running" {
		t.Fatalf("after an interrupted Wait: %v, state %q; want running", err, c.State)
	}
}

func TestLogsDemultiplexed(t *testing.T) {
	d := connect(t)
	c := run(t, d, "echo out1; echo err1 >&2; sleep 0.1; echo out2; echo err2 >&2")
	if _, err := c.Wait(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	l, err := c.Logs()
	if err != nil {
		t.Fatal(err)
	}
	if l.Stdout != "out1\nout2\n" || l.Stderr != "err1\nerr2\n" {
		t.Fatalf("stdout %q, stderr %q", l.Stdout, l.Stderr)
	}
	// The engine reads the two streams apart, so lines written together
	// may swap; lines written 0.1s apart keep their order.
	lines := l.Lines()
	sorted := slices.Sorted(slices.Values(lines))
	if !slices.Equal(sorted, []string{"err1", "err2", "out1", "out2"}) ||
		slices.Index(lines, "out1") > slices.Index(lines, "err2") || slices.Index(lines, "err1") > slices.Index(lines, "out2") {
		t.Fatalf("interleaved output %q", l.Output)
	}
	// Tail counts lines of both streams together, as docker logs --tail.
	tail, err := c.Logs(docker.Tail(2))
	if err != nil {
		t.Fatal(err)
	}
	if tail.Stdout != "out2\n" || tail.Stderr != "err2\n" {
		t.Fatalf("Tail(2): stdout %q, stderr %q", tail.Stdout, tail.Stderr)
	}
}

func TestFollowStreamsUntilExit(t *testing.T) {
	d := connect(t)
	c := run(t, d, "for i in 1 2 3; do echo line$i; echo warn$i >&2; sleep 0.1; done")
	var out, errb bytes.Buffer
	if err := c.WithContext(within(t, 20*time.Second)).FollowTo(&out, &errb); err != nil {
		t.Fatal(err)
	}
	if out.String() != "line1\nline2\nline3\n" || errb.String() != "warn1\nwarn2\nwarn3\n" {
		t.Fatalf("followed stdout %q, stderr %q", out.String(), errb.String())
	}
}

func TestFollowStopsOnCancel(t *testing.T) {
	d := connect(t)
	c := run(t, d, "echo started; sleep 60")
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w := &notify{ch: make(chan struct{}, 1)}
	go func() { <-w.ch; cancel() }()
	start := time.Now()
	err := c.WithContext(ctx).FollowTo(w, w)
	if !errors.Is(err, docker.ErrInterrupted) {
		t.Fatalf("Follow after cancel: %v, want ErrInterrupted", err)
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Fatalf("Follow took %s to stop", el)
	}
	if !strings.Contains(w.buf.String(), "started") {
		t.Fatalf("followed %q", w.buf.String())
	}
}

// notify is a writer that signals its first write.
type notify struct {
	buf bytes.Buffer
	ch  chan struct{}
}

func (n *notify) Write(p []byte) (int, error) {
	select {
	case n.ch <- struct{}{}:
	default:
	}
	return n.buf.Write(p)
}

func TestExec(t *testing.T) {
	d := connect(t)
	c := run(t, d, "sleep 60")
	r, err := c.Exec("ls", "/")
	if err != nil {
		t.Fatal(err)
	}
	if r.ExitCode != 0 || !slices.Contains(strings.Fields(r.Stdout), "bin") || r.Stderr != "" {
		t.Fatalf("ls /: %+v", r)
	}
	r, err = c.Exec("sh", "-c", "echo to-out; echo to-err >&2; exit 4")
	if err != nil {
		t.Fatal(err)
	}
	if r.Stdout != "to-out\n" || r.Stderr != "to-err\n" || r.ExitCode != 4 || r.OK() {
		t.Fatalf("exec: %+v", r)
	}
	if !strings.Contains(r.Display(), "(exit 4)") {
		t.Fatalf("Display %q does not show the exit code", r.Display())
	}
	r, err = c.ExecWith([]string{"sh", "-c", "echo $B $(pwd) $(id -u)"}, docker.Env("B=2"), docker.Workdir("/tmp"), docker.User("nobody"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Stdout, "2 /tmp 65534\n"; got != want {
		t.Fatalf("ExecWith: %q, want %q", got, want)
	}
	// A command that cannot start exits 126 or 127 with the runtime's
	// message, as with docker exec.
	r, err = c.Exec("/no/such/binary")
	if err != nil || (r.ExitCode != 126 && r.ExitCode != 127) || !strings.Contains(r.Stdout+r.Stderr, "/no/such/binary") {
		t.Fatalf("exec of a missing binary: %+v, %v", r, err)
	}
	if r, err := c.Exec("sh", "-c", "exit 0"); err != nil || !r.OK() {
		t.Fatalf("exec after a failed one: %+v %v", r, err)
	}
}

// TestExecInterrupted: Ctrl-C ends the wait for an exec'd command.
func TestExecInterrupted(t *testing.T) {
	d := connect(t)
	c := run(t, d, "sleep 60")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.WithContext(ctx).Exec("sleep", "30")
	if !errors.Is(err, docker.ErrInterrupted) {
		t.Fatalf("Exec after cancel: %v, want ErrInterrupted", err)
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Fatalf("Exec took %s to stop", el)
	}
	// The handle without the cancelled context still works.
	if r, err := c.Exec("true"); err != nil || !r.OK() {
		t.Fatalf("Exec after an interrupted one: %+v %v", r, err)
	}
}

func TestExecOnStoppedContainer(t *testing.T) {
	d := connect(t)
	c := run(t, d, "exit 0")
	if _, err := c.Wait(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	_, err := c.Exec("ls")
	if err == nil || !strings.Contains(err.Error(), c.Name) || !strings.Contains(err.Error(), "not running") {
		t.Fatalf("exec in a stopped container: %v", err)
	}
}

func TestTop(t *testing.T) {
	d := connect(t)
	c := run(t, d, "sleep 61")
	p, err := c.Top()
	if err != nil {
		t.Fatal(err)
	}
	cmds := p.Column("CMD")
	if !slices.ContainsFunc(cmds, func(s string) bool { return strings.Contains(s, "sleep 61") }) {
		t.Fatalf("Top CMD column %q lacks sleep 61\n%s", cmds, p.Display())
	}
	if !strings.HasPrefix(p.Display(), "UID") || !strings.Contains(p.Display(), "sleep 61") {
		t.Fatalf("Top display:\n%s", p.Display())
	}
}

func TestStopKillRemove(t *testing.T) {
	d := connect(t)
	c := run(t, d, "trap 'exit 0' TERM; while :; do sleep 0.1; done")
	if err := c.Remove(); !errors.Is(err, docker.ErrConflict) || !strings.Contains(err.Error(), "docker.Force()") {
		t.Fatalf("Remove of a running container: %v, want ErrConflict with a hint", err)
	}
	if err := c.Stop(docker.Timeout(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if c.State != "exited" || c.ExitCode != 0 {
		t.Fatalf("after Stop: %q exit %d, want exited 0 (the trap ran)", c.State, c.ExitCode)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	if c.State != "running" {
		t.Fatalf("after Start: %q", c.State)
	}
	if err := c.Kill(docker.Signal("TERM")); err != nil {
		t.Fatal(err)
	}
	if code, err := c.Wait(10 * time.Second); err != nil || code != 0 {
		t.Fatalf("after Kill(TERM): %d, %v; want 0 (the trap ran)", code, err)
	}
	if err := c.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Container(c.ID); !errors.Is(err, docker.ErrNotFound) {
		t.Fatalf("Container after Remove: %v, want ErrNotFound", err)
	}
	if err := c.Kill(); !errors.Is(err, docker.ErrNotFound) || !strings.Contains(err.Error(), c.Name) {
		t.Fatalf("Kill of a removed container: %v", err)
	}
}

func TestContainersList(t *testing.T) {
	d := connect(t)
	label := uniq(t, "lbl")
	up := run(t, d, "sleep 60", docker.Name(uniq(t, "up")), docker.Label("opsh.test", label))
	down := run(t, d, "exit 2", docker.Name(uniq(t, "down")), docker.Label("opsh.test", label))
	if _, err := down.Wait(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	l, err := d.Containers()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(l.Names(), up.Name) || slices.Contains(l.Names(), down.Name) {
		t.Fatalf("Containers() = %v: want %s, not the exited %s", l.Names(), up.Name, down.Name)
	}
	all, err := d.Containers(docker.All(), docker.Label("opsh.test", label))
	if err != nil {
		t.Fatal(err)
	}
	if got := all.Names(); len(got) != 2 || !slices.Contains(got, up.Name) || !slices.Contains(got, down.Name) {
		t.Fatalf("Containers(All, Label) = %v", got)
	}
	disp := all.Display()
	lines := strings.Split(disp, "\n")
	if len(lines) != 3 || strings.Join(strings.Fields(lines[0]), " ") != "ID IMAGE STATUS NAMES" {
		t.Fatalf("display:\n%s", disp)
	}
	if !strings.Contains(disp, up.ShortID()) || !strings.Contains(disp, "Exited (2)") || !strings.Contains(disp, "busybox:local") {
		t.Fatalf("display:\n%s", disp)
	}
	exited, err := d.Containers(docker.Filter("status=exited"), docker.Label("opsh.test", label))
	if err != nil {
		t.Fatal(err)
	}
	if got := exited.Names(); len(got) != 1 || got[0] != down.Name {
		t.Fatalf("Filter(status=exited) = %v", got)
	}
	// Handles from the list act on the containers.
	for _, c := range all {
		if c.Name == up.Name {
			if err := c.Kill(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := up.Refresh(); err != nil || up.State != "exited" {
		t.Fatalf("after Kill through the list: %v %q", err, up.State)
	}
}

func TestOptionThatDoesNotApply(t *testing.T) {
	d := connect(t)
	_, err := d.Containers(docker.Force())
	if err == nil || !strings.Contains(err.Error(), "docker.Force does not apply") {
		t.Fatalf("Containers(Force()): %v", err)
	}
	_, err = d.Run(dockertest.Image, nil, docker.Memory("lots"))
	if err == nil || !strings.Contains(err.Error(), "docker.Memory") {
		t.Fatalf("Memory(lots): %v", err)
	}
}

func TestContainerThatExitsAtOnce(t *testing.T) {
	d := connect(t)
	c, err := d.Run(dockertest.Image, []string{"true"}, docker.Network("none"))
	if err != nil {
		t.Fatal(err)
	}
	cleanup(t, c)
	if code, err := c.Wait(10 * time.Second); err != nil || code != 0 {
		t.Fatalf("Wait: %d, %v", code, err)
	}
	l, err := c.Logs()
	if err != nil || l.Output != "" {
		t.Fatalf("logs of a silent container: %q, %v", l.Output, err)
	}

	// Removed by the engine as it exits: Wait still has the exit code.
	c, err = d.Run(dockertest.Image, []string{"sh", "-c", "exit 5"}, docker.Network("none"), docker.AutoRemove())
	if err != nil {
		t.Fatal(err)
	}
	if code, err := c.Wait(10 * time.Second); err != nil || code != 5 {
		t.Fatalf("Wait on an auto-removed container: %d, %v; want 5", code, err)
	}
	testenv.WaitFor(t, 10*time.Second, "auto-removed container gone", func() error {
		if _, err := d.Container(c.ID); !errors.Is(err, docker.ErrNotFound) {
			return errors.New("still there")
		}
		return nil
	})

	// A command that cannot start: an error, and no container left behind
	// holding the name.
	name := uniq(t, "nostart")
	_, err = d.Run(dockertest.Image, []string{"/no/such/cmd"}, docker.Name(name), docker.Network("none"))
	if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "/no/such/cmd") {
		t.Fatalf("Run of a missing command: %v", err)
	}
	if _, err := d.Container(name); !errors.Is(err, docker.ErrNotFound) {
		t.Fatalf("after a failed start, Container(%q): %v, want ErrNotFound", name, err)
	}
}

func TestMissingImage(t *testing.T) {
	d := connect(t)
	_, err := d.Run("busybox:nosuch", []string{"true"}, docker.Network("none"))
	if !errors.Is(err, docker.ErrNotFound) || !strings.Contains(err.Error(), "busybox:nosuch") || !strings.Contains(err.Error(), `d.Pull("busybox:nosuch")`) {
		t.Fatalf("Run of a missing image: %v", err)
	}
	if _, err := d.Image("busybox:nosuch"); !errors.Is(err, docker.ErrNotFound) {
		t.Fatalf("Image of a missing image: %v", err)
	}
	// No registry is reachable here: a pull from a closed local port fails,
	// naming the image and what the engine said.
	ref := "127.0.0.1:" + itoa(testenv.FreePort(t)) + "/nosuch:1"
	var progress bytes.Buffer
	prev := cell.Set(&cell.State{Ctx: within(t, 60*time.Second), Stdout: &progress, Stderr: &progress})
	_, err = d.Pull(ref)
	cell.Set(prev)
	if err == nil || !strings.Contains(err.Error(), "docker pull "+ref) || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("Pull from a closed port: %v", err)
	}
}

func TestCreateWriteFilePutArchiveStart(t *testing.T) {
	d := connect(t)
	c2, err := d.Create("busybox:local", []string{"httpd", "-f"}, docker.Network("none"))
	if err != nil {
		t.Fatal(err)
	}
	cleanup(t, c2)
	if c2.State != "created" {
		t.Fatalf("after Create: %q", c2.State)
	}
	data := []byte("listen = 8080\n")
	if err := c2.WriteFile("/etc/app.conf", data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c2.WriteFile("/opt/app/conf.d/secret.conf", []byte("k=v\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := c2.WriteFile("/usr/bin/helper", []byte("#!/bin/sh\n"), 0o755|os.ModeSetuid); err != nil {
		t.Fatal(err)
	}
	tarball := tarOf(t, map[string]string{"index.html": "<h1>hi</h1>\n", "css/site.css": "body{}\n"})
	if err := c2.PutArchive("/srv", bytes.NewReader(tarball)); err != nil {
		t.Fatal(err)
	}
	if err := c2.PutArchive("/no/such/dir", bytes.NewReader(tarball)); err == nil || !strings.Contains(err.Error(), "/no/such/dir") {
		t.Fatalf("PutArchive to a missing directory: %v", err)
	}
	if err := c2.Start(); err != nil {
		t.Fatal(err)
	}
	r, err := c2.Exec("sh", "-c", "cat /etc/app.conf; stat -c '%a %u' /etc/app.conf /opt/app/conf.d/secret.conf /opt/app /usr/bin/helper; cat /srv/index.html /srv/css/site.css; ls -ld /etc | cut -c1-10")
	if err != nil {
		t.Fatal(err)
	}
	want := "listen = 8080\n644 0\n600 0\n755 0\n4755 0\n<h1>hi</h1>\nbody{}\ndrwxr-xr-x\n"
	if r.Stdout != want {
		t.Fatalf("in the container:\n%s\nwant:\n%s\n(stderr %s)", r.Stdout, want, r.Stderr)
	}
	if top, err := c2.Top(); err != nil || !slices.ContainsFunc(top.Column("CMD"), func(s string) bool { return strings.Contains(s, "httpd -f") }) {
		t.Fatalf("httpd not running: %v %v", top, err)
	}
	if err := c2.WriteFile("etc/relative", nil, 0o644); err == nil {
		t.Fatalf("WriteFile of a relative path: no error")
	}
}

func TestReadFileAndGetArchive(t *testing.T) {
	d := connect(t)
	c := run(t, d, "mkdir -p /srv/site/sub; echo one > /srv/site/a.txt; echo two > /srv/site/sub/b.txt; chmod 640 /srv/site/a.txt; ln -s a.txt /srv/site/link; ln -s /srv/site/a.txt /srv/alink; ln /srv/site/sub/b.txt /srv/site/hard; echo ready; sleep 60")
	waitLogs(t, c, "ready")

	b, err := c.ReadFile("/etc/hostname")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), c.ShortID()+"\n"; got != want {
		t.Fatalf("/etc/hostname %q, want %q", got, want)
	}
	if b, err := c.ReadFile("/srv/alink"); err != nil || string(b) != "one\n" {
		t.Fatalf("ReadFile through a symlink: %q, %v", b, err)
	}
	if _, err := c.ReadFile("/srv/site"); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Fatalf("ReadFile of a directory: %v", err)
	}
	if _, err := c.ReadFile("/no/such"); !errors.Is(err, docker.ErrNotFound) || !strings.Contains(err.Error(), "/no/such") {
		t.Fatalf("ReadFile of a missing file: %v", err)
	}

	dst := filepath.Join(t.TempDir(), "site-copy")
	cp, err := c.GetArchive("/srv/site", dst)
	if err != nil {
		t.Fatal(err)
	}
	if cp.Entries != 6 || cp.Bytes != 8 || len(cp.Skipped) != 0 { // site/, a.txt, sub/, sub/b.txt, link, hard
		t.Fatalf("GetArchive: %+v, want 6 entries, 8 bytes, none skipped", cp)
	}
	for name, want := range map[string]string{"a.txt": "one\n", "sub/b.txt": "two\n", "link": "one\n", "hard": "two\n"} {
		if b, err := os.ReadFile(filepath.Join(dst, name)); err != nil || string(b) != want {
			t.Fatalf("%s: %q, %v; want %q", name, b, err, want)
		}
	}
	if fi, err := os.Stat(filepath.Join(dst, "a.txt")); err != nil || fi.Mode().Perm() != 0o640 {
		t.Fatalf("a.txt mode: %v %v, want 0640", fi.Mode(), err)
	}
	if l, err := os.Readlink(filepath.Join(dst, "link")); err != nil || l != "a.txt" {
		t.Fatalf("link: %q %v", l, err)
	}

	// A whole directory, into a new local directory. The engine puts the
	// link mtab -> /proc/mounts in every container's /etc: it is skipped,
	// and said so.
	etc := filepath.Join(t.TempDir(), "etc-copy")
	cp, err = c.GetArchive("/etc", etc)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(etc, "passwd")); err != nil || !strings.HasPrefix(string(b), "root:x:0:0") {
		t.Fatalf("etc-copy/passwd: %q %v", b, err)
	}
	if len(cp.Skipped) != 1 || !strings.HasPrefix(cp.Skipped[0], "mtab -> /proc/mounts") || !strings.Contains(cp.Display(), "skipped 1") {
		t.Fatalf("copy of /etc: %+v\n%s", cp, cp.Display())
	}
	if _, err := os.Lstat(filepath.Join(etc, "mtab")); !os.IsNotExist(err) {
		t.Fatalf("etc-copy/mtab: %v, want it not created", err)
	}
	// A single file: to a new name, then into an existing directory.
	one := filepath.Join(t.TempDir(), "hostname.txt")
	if _, err := c.GetArchive("/etc/hostname", one); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(one); string(b) != c.ShortID()+"\n" {
		t.Fatalf("single file copy: %q", b)
	}
	into := t.TempDir()
	if _, err := c.GetArchive("/etc/hostname", into); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(into, "hostname")); string(b) != c.ShortID()+"\n" {
		t.Fatalf("file copied into a directory: %q", b)
	}
}

// TestGetArchiveSkipsLinksOutside: a container can hold links that point
// anywhere; copying it out must not create a way out of the target.
func TestGetArchiveSkipsLinksOutside(t *testing.T) {
	d := connect(t)
	c := run(t, d, "mkdir -p /x/deep; echo ok > /x/ok; ln -s /etc/passwd /x/abs; ln -s ../../../../../../etc /x/deep/up; ln -s ../ok /x/deep/fine; echo ready; sleep 60")
	waitLogs(t, c, "ready")
	dst := filepath.Join(t.TempDir(), "copy")
	cp, err := c.GetArchive("/x", dst)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"abs -> /etc/passwd (points outside the copy)", "deep/up -> ../../../../../../etc (points outside the copy)"}
	if !slices.Equal(cp.Skipped, want) {
		t.Fatalf("skipped %q, want %q", cp.Skipped, want)
	}
	for _, l := range []string{"abs", "deep/up"} {
		if _, err := os.Lstat(filepath.Join(dst, l)); !os.IsNotExist(err) {
			t.Fatalf("%s: %v, want it not created", l, err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dst, "deep", "fine")); err != nil || string(b) != "ok\n" {
		t.Fatalf("deep/fine, a link inside the copy: %q %v", b, err)
	}
}

func waitLogs(t *testing.T, c *docker.Container, want string) {
	t.Helper()
	testenv.WaitFor(t, 10*time.Second, "container output "+want, func() error {
		l, err := c.Logs()
		if err != nil {
			return err
		}
		if !strings.Contains(l.Output, want) {
			return errors.New("not yet: " + l.Output)
		}
		return nil
	})
}
