package docker_test

import (
	"bytes"
	"encoding/base64"
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
	"github.com/opsh/opsh/internal/redact"
)

// TestCommitLayerByLayer builds an image without a Dockerfile: create,
// write a file, commit with a new CMD, run the committed image; then a
// second layer on top of the first.
func TestCommitLayerByLayer(t *testing.T) {
	d := connect(t)
	repo := uniq(t, "local/app")
	c, err := d.Create(dockertest.Image, []string{"true"}, docker.Network("none"))
	if err != nil {
		t.Fatal(err)
	}
	cleanup(t, c)
	if err := c.WriteFile("/app/hello.txt", []byte("hello from step1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	img, err := c.Commit(repo+":step1", docker.Message("add hello"), docker.Author("ops"), docker.Change(`CMD ["cat", "/app/hello.txt"]`))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.RemoveImage(repo+":step1", docker.Force()) })
	if !slices.Contains(img.Tags, repo+":step1") || img.Comment != "add hello" || img.Author != "ops" {
		t.Fatalf("committed image %+v", img)
	}
	if !slices.Equal(img.Cmd, []string{"cat", "/app/hello.txt"}) {
		t.Fatalf("committed CMD %q", img.Cmd)
	}
	base, err := d.Image(dockertest.Image)
	if err != nil {
		t.Fatal(err)
	}
	if img.Layers != base.Layers+1 {
		t.Fatalf("step1 has %d layers, base %d: want one more", img.Layers, base.Layers)
	}

	r, err := d.Run(repo+":step1", nil, docker.Network("none"))
	if err != nil {
		t.Fatal(err)
	}
	cleanup(t, r)
	if code, err := r.Wait(10 * time.Second); err != nil || code != 0 {
		t.Fatalf("run of the committed image: %d %v", code, err)
	}
	if l, err := r.Logs(); err != nil || l.Stdout != "hello from step1\n" {
		t.Fatalf("committed image said %q, %v", l.Stdout, err)
	}

	// Step 2 on top of step 1.
	c2, err := d.Create(repo+":step1", nil, docker.Network("none"))
	if err != nil {
		t.Fatal(err)
	}
	cleanup(t, c2)
	if err := c2.WriteFile("/app/two.txt", []byte("2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	img2, err := c2.Commit(repo+":step2", docker.Change(`CMD ["sh", "-c", "cat /app/hello.txt /app/two.txt"]`))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.RemoveImage(repo+":step2", docker.Force()) })
	r2, err := d.Run(img2.Ref(), nil, docker.Network("none"))
	if err != nil {
		t.Fatal(err)
	}
	cleanup(t, r2)
	r2.Wait(10 * time.Second)
	if l, _ := r2.Logs(); l.Stdout != "hello from step1\n2\n" {
		t.Fatalf("step2 said %q", l.Stdout)
	}
}

func TestImportTagRemoveImage(t *testing.T) {
	d := connect(t)
	rootfs, err := dockertest.BusyboxRootfs("")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "rootfs.tar")
	if err := os.WriteFile(file, rootfs, 0o600); err != nil {
		t.Fatal(err)
	}
	base := uniq(t, "local/base")
	var progress bytes.Buffer
	prev := cell.Set(&cell.State{Ctx: within(t, time.Minute), Stdout: &progress, Stderr: &progress})
	img, err := d.Import(file, base+":1")
	cell.Set(prev)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.RemoveImage(img.ID, docker.Force()) })
	if !slices.Contains(img.Tags, base+":1") || !strings.HasPrefix(img.ID, "sha256:") {
		t.Fatalf("imported %+v", img)
	}
	// Not a terminal: the bar writes one final line, at 100%.
	if !strings.Contains(progress.String(), "import rootfs.tar") || !strings.Contains(progress.String(), "100%") {
		t.Fatalf("import progress: %q", progress.String())
	}

	c, err := d.Run(base+":1", []string{"echo", "imported"}, docker.Network("none"))
	if err != nil {
		t.Fatal(err)
	}
	cleanup(t, c)
	c.Wait(10 * time.Second)
	if l, _ := c.Logs(); l.Output != "imported\n" {
		t.Fatalf("imported image said %q", l.Output)
	}

	if err := d.Tag(base+":1", base+":2"); err != nil {
		t.Fatal(err)
	}
	l, err := d.Images()
	if err != nil {
		t.Fatal(err)
	}
	refs := l.Refs()
	if !slices.Contains(refs, base+":1") || !slices.Contains(refs, base+":2") || !slices.Contains(refs, dockertest.Image) {
		t.Fatalf("Images() refs %q", refs)
	}
	disp := l.Display()
	if !strings.HasPrefix(disp, "REPOSITORY") || !strings.Contains(disp, base+"  ") || !strings.Contains(disp, img.ShortID()) {
		t.Fatalf("Images display:\n%s", disp)
	}

	if err := d.RemoveImage(base + ":2"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Image(base + ":2"); !errors.Is(err, docker.ErrNotFound) {
		t.Fatalf("Image of a removed tag: %v", err)
	}
	if _, err := d.Image(base + ":1"); err != nil {
		t.Fatalf("removing one tag removed the other: %v", err)
	}
	// In use by a stopped container: refused without Force.
	if err := d.RemoveImage(base + ":1"); !errors.Is(err, docker.ErrConflict) || !strings.Contains(err.Error(), base+":1") {
		t.Fatalf("RemoveImage of an image in use: %v, want ErrConflict", err)
	}
	if err := c.Remove(); err != nil {
		t.Fatal(err)
	}
	if err := d.RemoveImage(base + ":1"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Image(img.ID); !errors.Is(err, docker.ErrNotFound) {
		t.Fatalf("image still there after its last tag went: %v", err)
	}
	if err := d.RemoveImage(base + ":1"); !errors.Is(err, docker.ErrNotFound) {
		t.Fatalf("RemoveImage of a missing image: %v", err)
	}
	if _, err := d.Import(filepath.Join(t.TempDir(), "missing.tar"), base+":3"); err == nil || !strings.Contains(err.Error(), "missing.tar") {
		t.Fatalf("Import of a missing file: %v", err)
	}
}

// TestPull pulls from a registry run by the test on 127.0.0.1 (no other
// registry is reachable here), with the credentials docker login would
// have stored, and shows a progress bar.
func TestPull(t *testing.T) {
	d := connect(t)
	reg := dockertest.NewRegistry(t, "ops", "s3cret-registry-pass")
	rootfs, err := dockertest.BusyboxRootfs("")
	if err != nil {
		t.Fatal(err)
	}
	name := strings.ToLower(uniq(t, "opsh/bb"))
	ref, err := reg.Add(name, "1", rootfs, "sh")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.RemoveImage(ref, docker.Force()) })
	cfg := t.TempDir()
	t.Setenv("DOCKER_CONFIG", cfg)
	auth := base64.StdEncoding.EncodeToString([]byte("ops:s3cret-registry-pass"))
	if err := os.WriteFile(filepath.Join(cfg, "config.json"), []byte(`{"auths": {"`+reg.Host+`": {"auth": "`+auth+`"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}

	var progress bytes.Buffer
	prev := cell.Set(&cell.State{Ctx: within(t, time.Minute), Stdout: &progress, Stderr: &progress})
	img, err := d.Pull(ref)
	cell.Set(prev)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(img.Tags, ref) || reg.Pulls.Load() == 0 {
		t.Fatalf("pulled %+v (%d manifest fetches)", img, reg.Pulls.Load())
	}
	t.Logf("progress: %s", progress.String())
	if p := progress.String(); !strings.Contains(p, "pull "+ref) || !strings.Contains(p, "100%") {
		t.Fatalf("pull progress: %q", p)
	}
	if got := redact.String("pass=s3cret-registry-pass"); strings.Contains(got, "s3cret") {
		t.Fatalf("registry password not registered as a secret: %q", got)
	}
	c, err := d.Run(ref, []string{"echo", "pulled"}, docker.Network("none"))
	if err != nil {
		t.Fatal(err)
	}
	cleanup(t, c)
	c.Wait(10 * time.Second)
	if l, _ := c.Logs(); l.Output != "pulled\n" {
		t.Fatalf("pulled image said %q", l.Output)
	}

	// A tag the registry does not have: the error names the image and
	// carries the registry's words.
	missing := reg.Host + "/" + name + ":nosuch"
	if _, err := d.Pull(missing); err == nil || !strings.Contains(err.Error(), "docker pull "+missing) || !strings.Contains(err.Error(), "manifest unknown") {
		t.Fatalf("Pull of a missing tag: %v", err)
	}
	// No credentials: the registry refuses.
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	d.RemoveImage(ref, docker.Force())
	if _, err := d.Pull(ref); err == nil || !strings.Contains(strings.ToLower(err.Error()), "auth") {
		t.Fatalf("Pull without credentials: %v", err)
	}
}
