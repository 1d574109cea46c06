package sessions

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestUpdateRefusesMalformed: a file --update cannot rewrite without
// guessing is refused, its line named, and left byte for byte.
func TestUpdateRefusesMalformed(t *testing.T) {
	for _, tc := range []struct{ desc, src, want string }{
		{"two blocks numbered the same cell",
			Magic + "\n\n```go {cell=1}\nx := 1\n```\n\n```go {cell=1}\ny := 2\ny\n```\n```output {cell=1}\n2\n```\n",
			"x.md:7: a second cell 1 (the first is at line 3)"},
		{"unclosed last output block",
			Magic + "\n\n```go {cell=1}\n1 + 1\n```\n```output {cell=1}\n2\n",
			"x.md:6: the file ends inside this block"},
		{"unclosed hand-written cell",
			"# Runbook\n\n```go\nx := 1\n```\n\n```go\nx + 1\n",
			"x.md:7: the file ends inside this block"},
	} {
		path := filepath.Join(t.TempDir(), "x.md")
		if err := os.WriteFile(path, []byte(tc.src), 0o644); err != nil {
			t.Fatal(err)
		}
		tr := mustParse(t, path, []byte(tc.src))
		tr.Name = "x.md"
		if err := Updatable(tr); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Updatable = %v, want %q", tc.desc, err, tc.want)
		}
		_, err := UpdateOutputsCount(path, map[int]Output{1: {Text: "3"}})
		if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(tc.want, "x.md")) {
			t.Errorf("%s: UpdateOutputsCount = %v, want %q", tc.desc, err, tc.want)
		}
		if got, _ := os.ReadFile(path); string(got) != tc.src {
			t.Errorf("%s: the file changed:\n%s", tc.desc, got)
		}
	}
}

// TestRunnable: files with nothing to replay are errors for opsh run.
func TestRunnable(t *testing.T) {
	random := make([]byte, 4096)
	rand.Read(random)
	for _, tc := range []struct {
		desc string
		src  []byte
		want string
	}{
		{"empty", nil, "x.md: no Go cells to run"},
		{"random bytes", random, "x.md"},
		{"only cell unclosed", []byte(Magic + "\n\n```go {cell=1}\nx := 1\n"), "x.md:3: the file ends inside this block (no closing fence), and has no other cell to run"},
		{"prose only", []byte("# Notes\n\nnothing to run\n"), "x.md: no Go cells to run"},
	} {
		tr, err := Parse("x.md", tc.src)
		if err == nil {
			err = Runnable(tr)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error with %q", tc.desc, err, tc.want)
		}
	}
	tr := mustParse(t, "x.md", []byte(Magic+"\n\n```go {cell=1}\nx := 1\n```\n\n```go {cell=2}\nx +\n"))
	if err := Runnable(tr); err != nil || tr.CutLine() != 7 {
		t.Errorf("a cut file with a whole cell: %v, cut at line %d", err, tr.CutLine())
	}
}

// TestWriteFileLeavesNoTemporaryFiles: a save (WriteFile) removes what a
// killed save left, never another live process's file, and makes the file
// private.
func TestWriteFileLeavesNoTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.md")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A save killed before its rename (process 2^22+1 does not run: pids
	// stop below 2^22), and one in an older naming.
	stale := []string{filepath.Join(dir, ".s.md.4194305.tmp"), filepath.Join(dir, ".s.md.123456789012.tmp")}
	live := filepath.Join(dir, ".s.md."+strconv.Itoa(os.Getppid())+".tmp")
	for _, p := range append(stale, live) {
		os.WriteFile(p, []byte("partial"), 0o600)
	}
	tr := mustParse(t, "s.md", []byte(Magic+"\n\n```go {cell=1}\nx := 1\n```\n"))
	if err := WriteFile(path, Format(tr)); err != nil {
		t.Fatal(err)
	}
	for _, p := range stale {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("stale temporary file %s left", p)
		}
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("the temporary file of a running process was removed: %v", err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("saved over a 0644 file: mode %o, want 600", fi.Mode().Perm())
	}
	os.Remove(live)
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestDurRoundTrip: a recorded duration reads back exactly, whatever its
// precision.
func TestDurRoundTrip(t *testing.T) {
	for _, d := range []string{"1s1ms", "1.001s", "2m3.5s", "724µs", "1h0m0.000000001s"} {
		checkDur(t, d)
	}
}

func FuzzDurRoundTrip(f *testing.F) {
	f.Add(int64(time.Second + time.Millisecond))
	f.Add(int64(1))
	f.Add(int64(90 * time.Minute))
	f.Fuzz(func(t *testing.T, n int64) {
		if n <= 0 {
			return
		}
		checkDur(t, time.Duration(n).String())
	})
}

func checkDur(t *testing.T, d string) {
	t.Helper()
	want, err := time.ParseDuration(d)
	if err != nil {
		t.Fatal(err)
	}
	src := Magic + "\n\n```go {cell=1}\nx\n```\n```output {cell=1 dur=" + d + "}\n1\n```\n"
	tr := mustParse(t, "x.md", []byte(src))
	back := mustParse(t, "x.md", Format(tr))
	if got := back.Cells[0].Output.Dur; got != want {
		t.Fatalf("dur=%s reads back as %s, want %s", d, got, want)
	}
}
