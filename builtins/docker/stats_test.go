package docker_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/docker"
	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/internal/redact"
)

func TestStats(t *testing.T) {
	d := connect(t)
	label := uniq(t, "stats")
	// One container burns a CPU and holds 16 MiB; one idles.
	busy := run(t, d, `x=$(head -c 16777216 /dev/zero | tr '\0' a); while :; do :; done`, docker.Memory("256m"), docker.Label("opsh.stats", label))
	idle := run(t, d, "sleep 60", docker.Label("opsh.stats", label))
	waitFor := func(c *docker.Container, cond func(docker.Stats) bool) docker.Stats {
		t.Helper()
		var s docker.Stats
		var err error
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); {
			if s, err = c.Stats(); err == nil && cond(s) {
				return s
			}
		}
		t.Fatalf("stats of %s: %+v %v", c.Name, s, err)
		return s
	}
	s := waitFor(busy, func(s docker.Stats) bool { return s.CPUPercent > 30 && s.Memory >= 16<<20 })
	if s.MemoryLimit != 256<<20 || s.PIDs < 1 || s.Name != busy.Name {
		t.Fatalf("busy stats: %+v", s)
	}
	if !strings.HasPrefix(s.Display(), "NAME") || !strings.Contains(s.Display(), "256MiB") {
		t.Fatalf("stats display:\n%s", s.Display())
	}
	l, err := d.Stats(docker.Label("opsh.stats", label))
	if err != nil {
		t.Fatal(err)
	}
	if len(l) != 2 || !slices.ContainsFunc(l, func(s docker.Stats) bool { return s.Name == idle.Name && s.CPUPercent < 20 }) {
		t.Fatalf("d.Stats: %+v", l)
	}
	if lines := strings.Split(l.Display(), "\n"); len(lines) != 3 {
		t.Fatalf("d.Stats display:\n%s", l.Display())
	}
}

func TestDiff(t *testing.T) {
	d := connect(t)
	c, err := d.Create("busybox:local", []string{"true"}, docker.Network("none"))
	if err != nil {
		t.Fatal(err)
	}
	cleanup(t, c)
	if err := c.WriteFile("/app/conf/x.conf", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteFile("/etc/passwd", []byte("root:x:0:0::/:/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cs, err := c.Diff()
	if err != nil {
		t.Fatal(err)
	}
	want := "A /app\nA /app/conf\nA /app/conf/x.conf\nC /etc\nC /etc/passwd"
	if got := cs.Display(); got != want {
		t.Fatalf("Diff:\n%s\nwant:\n%s", got, want)
	}
}

func TestInfo(t *testing.T) {
	d := connect(t)
	in, err := d.Info()
	if err != nil {
		t.Fatal(err)
	}
	if in.StorageDriver != engine.Driver || in.Images < 1 || in.CPUs < 1 || in.DockerRootDir == "" ||
		!strings.Contains(in.DockerRootDir, engine.Dir) {
		t.Fatalf("Info: %+v (engine %s in %s)", in, engine.Driver, engine.Dir)
	}
	if !strings.Contains(in.Display(), "storage: "+engine.Driver) {
		t.Fatalf("Info display:\n%s", in.Display())
	}
}

func TestExecStdinAndEnvSecret(t *testing.T) {
	d := connect(t)
	c := run(t, d, "sleep 60", docker.EnvSecret("DB_PASSWORD", "hunter2-in-container"))
	r, err := c.ExecWith([]string{"sh", "-c", "wc -l; echo $DB_PASSWORD $TOKEN"},
		docker.Stdin("a\nb\nc\n"), docker.EnvSecret("TOKEN", secret.New("api token", []byte("tok-123456789"))))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Stdout, "3\nhunter2-in-container tok-123456789\n"; got != want {
		t.Fatalf("exec with stdin: %q, want %q", got, want)
	}
	if got := redact.String(r.Stdout); strings.Contains(got, "hunter2") || strings.Contains(got, "tok-123") {
		t.Fatalf("secrets not registered: %q", got)
	}
	if _, err := c.ExecWith([]string{"cat"}, docker.Stdin(42)); err == nil || !strings.Contains(err.Error(), "int") {
		t.Fatalf("Stdin(42): %v", err)
	}
}
