package ssh_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsh/opsh/internal/sshdtest"
)

func TestSFTPRoundTrips(t *testing.T) {
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	h := e.dial(s)
	dir := s.MkdirTemp(t)
	f, err := h.SFTP()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	// WriteFile, ReadFile, modes.
	conf := filepath.Join(dir, "app.conf")
	if err := f.WriteFile(conf, []byte("port = 8080\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFile(conf, "port = 9090\n", 0o640); err != nil { // replaces
		t.Fatal(err)
	}
	b, err := f.ReadFile(conf)
	if err != nil || string(b) != "port = 9090\n" {
		t.Fatalf("ReadFile = %q, %v", b, err)
	}
	fi, err := f.Stat(conf)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fi.Mode.Perm(), os.FileMode(0o640); got != want {
		t.Errorf("mode after WriteFile = %v, want %v", got, want)
	}
	if fi.Size != int64(len("port = 9090\n")) || fi.IsDir {
		t.Errorf("stat = %+v", fi)
	}
	if err := f.Chmod(conf, 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, _ := f.Stat(conf); fi.Mode.Perm() != 0o600 {
		t.Errorf("mode after Chmod = %v", fi.Mode.Perm())
	}
	// The local file is what the server wrote, seen from outside.
	if local, err := os.ReadFile(conf); err != nil || string(local) != "port = 9090\n" {
		t.Errorf("on disk: %q, %v", local, err)
	}
	if err := f.Chown(conf, fi.UID, fi.GID); err != nil {
		t.Errorf("chown to the owner: %v", err)
	}

	// Put and Get, binary content and modes kept.
	payload := bytes.Repeat([]byte{0, 1, 2, 255, '\n'}, 300_000)
	local := filepath.Join(t.TempDir(), "blob.bin")
	if err := os.WriteFile(local, payload, 0o751); err != nil {
		t.Fatal(err)
	}
	remote := filepath.Join(dir, "blob.bin")
	if err := f.Put(local, remote); err != nil {
		t.Fatal(err)
	}
	if fi, _ := f.Stat(remote); fi == nil || fi.Mode.Perm() != 0o751 || fi.Size != int64(len(payload)) {
		t.Errorf("after Put: %+v", fi)
	}
	back := filepath.Join(t.TempDir(), "back.bin")
	if err := f.Get(remote, back); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(back)
	if err != nil || !bytes.Equal(got, payload) {
		t.Fatalf("Get returned %d bytes (%v), want the %d put", len(got), err, len(payload))
	}
	if st, _ := os.Stat(back); st.Mode().Perm() != 0o751 {
		t.Errorf("Get mode = %v", st.Mode().Perm())
	}

	// Lstat of a symlink, List.
	link := filepath.Join(dir, "current.conf")
	if err := f.Symlink(conf, link); err != nil {
		t.Fatal(err)
	}
	li, err := f.Lstat(link)
	if err != nil || li.Mode&os.ModeSymlink == 0 || li.Link != conf {
		t.Errorf("Lstat = %+v, %v", li, err)
	}
	if si, err := f.Stat(link); err != nil || si.Mode&os.ModeSymlink != 0 {
		t.Errorf("Stat follows the link: %+v, %v", si, err)
	}
	list, err := f.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(list.Names(), " "), "app.conf blob.bin current.conf"; got != want {
		t.Errorf("List = %s, want %s (no temporary files left)", got, want)
	}
	if d := list.Display(); !strings.Contains(d, "current.conf -> "+conf) || !strings.Contains(d, "-rw-------") {
		t.Errorf("listing display:\n%s", d)
	}

	// Errors name the host and path.
	if _, err := f.ReadFile(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("reading a missing file: %v", err)
	}
	if err := f.WriteFile("/root/forbidden/x", "x", 0o600); err == nil {
		t.Errorf("writing where the user cannot succeeded")
	}
}
