package sys_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/builtins/sys"
)

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// onlyFiles fails unless dir holds exactly names: no temporary file stayed.
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Fatalf("%s holds %q, want %q", dir, got, names)
	}
}

func TestWriteFileAtomicCreatesAndReplaces(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "app.conf")
	if err := sys.WriteFileAtomic(path, "v1\n", 0o644); err != nil {
		t.Fatal(err)
	}
	fi1, _ := os.Stat(path)
	if got := fi1.Mode().Perm(); got != 0o644 {
		t.Errorf("mode = %v, want 0644 whatever the umask", got)
	}
	if err := sys.WriteFileAtomic(path, []byte("v2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fi2, _ := os.Stat(path)
	if got := read(t, path); got != "v2\n" {
		t.Errorf("contents = %q, want v2", got)
	}
	if os.SameFile(fi1, fi2) {
		t.Error("the file was rewritten in place, not replaced by a rename")
	}
	if got := fi2.Mode().Perm(); got != 0o600 {
		t.Errorf("mode = %v, want 0600", got)
	}
	for name, data := range map[string]any{
		"reader": strings.NewReader("from a reader"),
		"secret": secret.New("key", []byte("from a secret")),
		"nil":    nil,
	} {
		p := filepath.Join(dir, name)
		if err := sys.WriteFileAtomic(p, data, 0o600); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if read(t, filepath.Join(dir, "reader")) != "from a reader" || read(t, filepath.Join(dir, "secret")) != "from a secret" || read(t, filepath.Join(dir, "nil")) != "" {
		t.Error("data of some type was not written as given")
	}
	onlyFiles(t, dir, "app.conf", "nil", "reader", "secret")
}

func TestWriteFileAtomicFollowsSymlinks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real")
	link := filepath.Join(dir, "link")
	os.WriteFile(target, []byte("old"), 0o644)
	if err := os.Symlink("real", link); err != nil {
		t.Fatal(err)
	}
	if err := sys.WriteFileAtomic(link, "new", 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if got := read(t, target); got != "new" {
		t.Errorf("target = %q, want new", got)
	}
	onlyFiles(t, dir, "link", "real")
}

type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, bytes.Repeat([]byte("x"), min(len(p), r.n)))
	r.n -= n
	return n, nil
}

func TestWriteFileAtomicLeavesNothingOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "keep")
	os.WriteFile(path, []byte("original"), 0o644)
	err := sys.WriteFileAtomic(path, &failingReader{n: 100000}, 0o644)
	if err == nil || err.Error() != "write "+path+": disk on fire" {
		t.Fatalf("err = %v, want the reader's error", err)
	}
	if got := read(t, path); got != "original" {
		t.Errorf("contents = %q after a failed write, want the original", got)
	}
	onlyFiles(t, dir, "keep")

	missing := filepath.Join(dir, "no", "such", "dir", "f")
	if err := sys.WriteFileAtomic(missing, "x", 0o644); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("write into a missing directory: %v, want os.ErrNotExist", err)
	}
	if err := sys.WriteFileAtomic(path, 42, 0o644); err == nil {
		t.Error("an int was accepted as data")
	}
	// Renaming onto a directory fails after the temporary file was written.
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	os.WriteFile(filepath.Join(sub, "f"), nil, 0o644)
	if err := sys.WriteFileAtomic(sub, "x", 0o644); err == nil {
		t.Error("replacing a non-empty directory succeeded")
	}
	onlyFiles(t, dir, "keep", "sub")
}

// Readers racing the writer see one whole version or the other, never a
// mix or an empty file.
func TestWriteFileAtomicReadersSeeWholeVersions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	a, b := strings.Repeat("a", 256<<10), strings.Repeat("b", 256<<10)
	if err := sys.WriteFileAtomic(path, a, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	var bad error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			default:
			}
			f, err := os.Open(path)
			if err != nil {
				bad = err
				return
			}
			got, err := io.ReadAll(f)
			f.Close()
			if err != nil || (string(got) != a && string(got) != b) {
				bad = errors.New("read a partial or mixed file")
				return
			}
		}
	}()
	for i := range 20 {
		data := a
		if i%2 == 0 {
			data = b
		}
		if err := sys.WriteFileAtomic(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	if bad != nil {
		t.Fatal(bad)
	}
}

func TestWriteFileAtomicKeepsTheOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root can give a file to another user")
	}
	path := filepath.Join(t.TempDir(), "owned")
	os.WriteFile(path, []byte("old"), 0o644)
	if err := os.Chown(path, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	if err := sys.WriteFileAtomic(path, "new", 0o644); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if st := fi.Sys().(*syscall.Stat_t); st.Uid != 65534 || st.Gid != 65534 {
		t.Fatalf("owner = %d:%d, want 65534:65534 as before", st.Uid, st.Gid)
	}
}
