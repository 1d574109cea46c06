package docker_test

import (
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

// TestNetworks creates a network on the private engine, connects a
// container to it (with an alias) and disconnects it, lists and removes
// it, as docker network create/connect/ls/rm do.
func TestNetworks(t *testing.T) {
	d := connect(t)
	name := uniq(t, "net")
	n, err := d.CreateNetwork(name, docker.Internal(), docker.Label("opsh.test", "networks"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Remove() })
	if n.Name != name || n.Driver != "bridge" || !n.Internal || n.Labels["opsh.test"] != "networks" {
		t.Errorf("created %+v", n)
	}
	l, err := d.Networks(docker.Label("opsh.test", "networks"))
	if err != nil || !slices.Contains(l.Names(), name) {
		t.Fatalf("Networks = %v, %v", l.Names(), err)
	}
	if !strings.Contains(l.Display(), name) {
		t.Errorf("Display:\n%s", l.Display())
	}

	// A container starts on another network (the engine has no default
	// bridge), then joins this one.
	first, err := d.CreateNetwork(uniq(t, "first"), docker.Internal())
	if err != nil {
		t.Fatal(err)
	}
	c, err := d.Run(dockertest.Image, []string{"sleep", "30"}, docker.Network(first.Name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Remove(docker.Force()); first.Remove() })
	if err := n.Connect(c, docker.Alias("db")); err != nil {
		t.Fatal(err)
	}
	got, err := d.Network(name)
	if err != nil || !slices.Contains(got.Containers, c.Name) {
		t.Fatalf("after Connect: %v, %v", got, err)
	}
	// The engine agrees: the container's own view lists the network.
	out, err := dockertest.Need(t, engine, engineErr).Docker("inspect", "-f", "{{json .NetworkSettings.Networks}}", c.ID)
	if err != nil || !strings.Contains(out, name) || !strings.Contains(out, `"db"`) {
		t.Errorf("docker inspect: %s %v", out, err)
	}
	if err := n.Disconnect(c.Name); err != nil {
		t.Fatal(err)
	}
	if err := n.Refresh(); err != nil || len(n.Containers) != 0 {
		t.Errorf("after Disconnect: %v, %v", n.Containers, err)
	}
	if err := n.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Network(name); !errors.Is(err, docker.ErrNotFound) {
		t.Errorf("after Remove: %v", err)
	}
	if _, err := d.CreateNetwork(uniq(t, "n"), docker.Tail(3)); err == nil {
		t.Error("an option for Logs was accepted by CreateNetwork")
	}
}

// TestVolumes creates a named volume, writes to it from one container and
// reads it from another, lists and removes it.
func TestVolumes(t *testing.T) {
	d := connect(t)
	name := uniq(t, "vol")
	v, err := d.CreateVolume(name, docker.Label("opsh.test", "volumes"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Remove(docker.Force()) })
	if v.Name != name || v.Driver != "local" || v.Mountpoint == "" {
		t.Errorf("created %+v", v)
	}
	w := run(t, d, "echo kept > /data/f", docker.Volume(name+":/data"))
	if code, err := w.Wait(30 * time.Second); err != nil || code != 0 {
		t.Fatalf("writer: %d %v", code, err)
	}
	r := run(t, d, "cat /data/f", docker.Volume(name+":/data:ro"))
	r.Wait(30 * time.Second)
	if logs, err := r.Logs(); err != nil || logs.Stdout != "kept\n" {
		t.Fatalf("reader: %q %v", logs.Stdout, err)
	}
	l, err := d.Volumes(docker.Label("opsh.test", "volumes"))
	if err != nil || !slices.Contains(l.Names(), name) {
		t.Fatalf("Volumes = %v, %v", l.Names(), err)
	}
	if err := v.Remove(); err == nil {
		t.Error("removed a volume two containers use")
	}
	w.Remove(docker.Force())
	r.Remove(docker.Force())
	if err := v.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Volume(name); !errors.Is(err, docker.ErrNotFound) {
		t.Errorf("after Remove: %v", err)
	}
}

// TestBuild builds an image from a directory (with a .dockerignore) and
// from a tar of it, FROM the busybox image the tests import (no
// registry), with the engine's output streamed to the cell, then runs it.
func TestBuild(t *testing.T) {
	d := connect(t)
	e := dockertest.Need(t, engine, engineErr)
	dir := t.TempDir()
	files := map[string]string{
		"Dockerfile": "FROM " + dockertest.Image + "\nARG GREETING=hi\nCOPY . /ctx/\n" +
			"RUN test ! -e /ctx/secret.txt && test ! -e /ctx/logs/a.log && test -e /ctx/logs/keep.log\n" +
			"RUN echo \"$GREETING from the build\" > /greeting\nCMD [\"cat\", \"/greeting\"]\n",
		".dockerignore": "secret.txt\nlogs/*.log\n!logs/keep.log\n",
		"secret.txt":    "not for the image",
		"logs/a.log":    "x", "logs/keep.log": "y",
	}
	for n, c := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, n)), 0o755)
		os.WriteFile(filepath.Join(dir, n), []byte(c), 0o644)
	}
	var out testenv.Buffer
	prev := cell.Set(&cell.State{Ctx: within(t, 2*time.Minute), Stdout: &out, Stderr: &out})
	defer cell.Set(prev)

	tag := uniq(t, "built") + ":1"
	img, err := d.Build(dir, docker.Tag(tag), docker.BuildArg("GREETING", "hello"), docker.Network("none"))
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out.String())
	}
	t.Cleanup(func() { d.RemoveImage(tag, docker.Force()) })
	if !slices.Contains(img.Tags, tag) {
		t.Errorf("image tags %v, want %s", img.Tags, tag)
	}
	if !strings.Contains(out.String(), "Step 1/") || !strings.Contains(out.String(), "FROM "+dockertest.Image) {
		t.Errorf("the build's output was not streamed to the cell:\n%s", out.String())
	}
	got, err := e.Docker("run", "--rm", "--network", "none", tag)
	if err != nil || got != "hello from the build\n" {
		t.Errorf("docker run %s: %q %v", tag, got, err)
	}

	tarFile := filepath.Join(t.TempDir(), "ctx.tar")
	tf, _ := os.Create(tarFile)
	tf.Write(tarOf(t, map[string]string{"Dockerfile": "FROM " + dockertest.Image + "\nCOPY note /note\nCMD [\"cat\", \"/note\"]\n", "note": "from a tar\n"}))
	tf.Close()
	tag2 := uniq(t, "fromtar") + ":1"
	if _, err := d.Build(tarFile, docker.Tag(tag2), docker.Network("none")); err != nil {
		t.Fatalf("build from a tar: %v", err)
	}
	t.Cleanup(func() { d.RemoveImage(tag2, docker.Force()) })
	if got, err := e.Docker("run", "--rm", "--network", "none", tag2); err != nil || got != "from a tar\n" {
		t.Errorf("docker run %s: %q %v", tag2, got, err)
	}

	os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM "+dockertest.Image+"\nRUN exit 7\n"), 0o644)
	if _, err := d.Build(dir, docker.Network("none")); err == nil || !strings.Contains(err.Error(), "7") {
		t.Errorf("a failing RUN: %v", err)
	}
}
