package sys_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/builtins/sys"
	"github.com/opsh/opsh/internal/testenv"
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

func TestCopy(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "nginx.conf")
	os.WriteFile(src, []byte("worker_processes 4;\n"), 0o640)
	os.Chmod(src, 0o640)
	mtime := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	os.Chtimes(src, mtime, mtime)
	backup := filepath.Join(dir, "backup")
	os.Mkdir(backup, 0o700)

	for _, dst := range []string{filepath.Join(dir, "copy.conf"), backup} {
		if err := sys.Copy(src, dst); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{filepath.Join(dir, "copy.conf"), filepath.Join(backup, "nginx.conf")} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if read(t, p) != "worker_processes 4;\n" || fi.Mode().Perm() != 0o640 || !fi.ModTime().Equal(mtime) {
			t.Errorf("%s: mode %v, mtime %v; want the source's contents, mode 0640, mtime %v", p, fi.Mode(), fi.ModTime(), mtime)
		}
	}
	if err := sys.Copy(src, src); err == nil || !strings.Contains(err.Error(), "same file") {
		t.Errorf("copy onto itself: %v", err)
	}
	if err := sys.Copy(backup, filepath.Join(dir, "x")); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("copy of a directory: %v", err)
	}
	if err := sys.Copy(filepath.Join(dir, "missing"), backup); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("copy of a missing file: %v", err)
	}
	onlyFiles(t, dir, "backup", "copy.conf", "nginx.conf")
	onlyFiles(t, backup, "nginx.conf")
}

// TestDiskUsage compares with df(1) on the same file system.
func TestDiskUsage(t *testing.T) {
	df := testenv.LookPath(t, "df")
	dir := t.TempDir()
	u, err := sys.DiskUsage(dir)
	if err != nil {
		t.Fatal(err)
	}
	out, err := sys.Run(df, "-B1", "--output=size,used,avail", dir)
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(sys.Lines(out)[1])
	size, _ := strconv.ParseUint(f[0], 10, 64)
	used, _ := strconv.ParseUint(f[1], 10, 64)
	avail, _ := strconv.ParseUint(f[2], 10, 64)
	// The file system is shared with running builds: allow 1 GiB of drift.
	near := func(a, b uint64) bool { return max(a, b)-min(a, b) < 1<<30 }
	if u.Total != size || !near(u.Used, used) || !near(u.Free, avail) {
		t.Errorf("DiskUsage = %+v; df says size %d used %d avail %d", u, size, used, avail)
	}
	if p := u.Percent(); p <= 0 || p > 100 || !strings.HasPrefix(u.Display(), dir+": ") {
		t.Errorf("Percent %v, Display %q", p, u.Display())
	}
	if _, err := sys.DiskUsage("/no/such/dir"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("DiskUsage(missing) = %v", err)
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[uint64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 1536: "1.5 KiB", 5 << 30: "5.0 GiB", 1<<63 + 1<<62: "12.0 EiB"} {
		if got := sys.Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}
