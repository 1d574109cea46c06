package history_test

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chzyer/readline"

	"github.com/opsh/opsh/history"
)

var _ history.Saver = (*readline.Instance)(nil)

func load(t *testing.T, s *history.Store) []string {
	t.Helper()
	got, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func add(t *testing.T, s *history.Store, entries ...string) {
	t.Helper()
	for _, e := range entries {
		if err := s.Add(e); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	s := history.New(filepath.Join(t.TempDir(), "no", "history"))
	if got := load(t, s); len(got) != 0 {
		t.Fatalf("Load = %q, want nothing", got)
	}
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "opsh", "history")
	s := history.New(path)
	entries := []string{
		"x := 40",
		"func f() int {\n\treturn 1\n}",
		`s := "a\nb" + "c:\\dir\\n"`,
		"windows\r\nline",
		`trailing backslash \`,
		"ünïcødé ✓",
	}
	add(t, s, entries...)
	if got := load(t, history.New(path)); !reflect.DeepEqual(got, entries) {
		t.Fatalf("Load = %q, want %q", got, entries)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Count(string(b), "\n"), len(entries); got != want {
		t.Errorf("file has %d lines, want one per entry (%d):\n%s", got, want, b)
	}
	for _, p := range []string{path, filepath.Dir(path)} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		want := os.FileMode(0o600)
		if fi.IsDir() {
			want = 0o700
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s mode = %v, want %v", p, got, want)
		}
	}
}

func TestWhatIsNotStored(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	s := history.New(path)
	s.Secret = func(e string) bool { return strings.Contains(e, "hunter2") }
	add(t, s,
		"a",
		"a",               // consecutive duplicate
		"a\n",             // the same cell with its final newline
		" secret()",       // starts with a space
		"",                // empty
		"  \n\t",          // blank
		`pw := "hunter2"`, // Secret says so
		"b",
		"a", // not consecutive: stored
	)
	if got, want := load(t, s), []string{"a", "b", "a"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Load = %q, want %q", got, want)
	}
	b, _ := os.ReadFile(path)
	if strings.Contains(string(b), "hunter2") || strings.Contains(string(b), "secret()") {
		t.Fatalf("file holds what it must not:\n%s", b)
	}
}

// Two Stores on one file: a repeat is consecutive in the file, whoever
// wrote the entry before it.
func TestDuplicatesAcrossStores(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	a, b := history.New(path), history.New(path)
	add(t, a, "x")
	add(t, b, "x", "y")
	add(t, a, "x")
	if got, want := load(t, a), []string{"x", "y", "x"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Load = %q, want %q", got, want)
	}
}

func TestWidensNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	add(t, history.New(path), "new")
	fi, _ := os.Stat(path)
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Fatalf("mode = %v, want 0600 after Add", got)
	}
}

// A write cut short by a crash leaves a last line without its newline; the
// next Add must not glue its entry to it.
func TestTornLastRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	if err := os.WriteFile(path, []byte("one\ntw"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := history.New(path)
	add(t, s, "three")
	if got, want := load(t, s), []string{"one", "tw", "three"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Load = %q, want %q", got, want)
	}
}

func TestCap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	s := history.New(path)
	s.Max = 50
	s.MaxBytes = 2000
	var all []string
	for i := range 1000 {
		e := fmt.Sprintf("cell %04d\nline two", i)
		all = append(all, e)
		add(t, s, e)
		if fi, err := os.Stat(path); err != nil {
			t.Fatal(err)
		} else if fi.Size() > s.MaxBytes+int64(len(e))+1 {
			t.Fatalf("after %d entries the file is %d bytes, over the %d bound", i+1, fi.Size(), s.MaxBytes)
		}
	}
	got := load(t, s)
	if len(got) == 0 || len(got) > s.Max {
		t.Fatalf("Load returned %d entries, want 1..%d", len(got), s.Max)
	}
	if want := all[len(all)-len(got):]; !reflect.DeepEqual(got, want) {
		t.Fatalf("Load = %q, want the newest %d entries %q", got, len(got), want)
	}
	last, err := s.Last(3)
	if err != nil {
		t.Fatal(err)
	}
	if want := all[len(all)-3:]; !reflect.DeepEqual(last, want) {
		t.Fatalf("Last(3) = %q, want %q", last, want)
	}
	// Max alone caps what Load returns.
	s2 := history.New(path)
	s2.Max = 5
	if got := load(t, s2); !reflect.DeepEqual(got, all[len(all)-5:]) {
		t.Fatalf("Load with Max 5 = %q", got)
	}
	// No temporary files stay behind.
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*")); len(m) != 0 {
		t.Fatalf("left behind: %v", m)
	}
}

// The newest entry is kept even when it alone is over the bound.
func TestHugeEntry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	s := history.New(path)
	s.MaxBytes = 100
	big := strings.Repeat("x", 500)
	add(t, s, "small", big)
	if got := load(t, s); !reflect.DeepEqual(got, []string{big}) {
		t.Fatalf("Load = %d entries, want just the big one", len(got))
	}
}

type saver []string

func (s *saver) SaveHistory(e string) error { *s = append(*s, e); return nil }

func TestLoadInto(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	s := history.New(path)
	add(t, s, "a", "b\nc")
	var got saver
	n, err := s.LoadInto(&got)
	if err != nil {
		t.Fatal(err)
	}
	if want := (saver{"a", "b\nc"}); n != 2 || !reflect.DeepEqual(got, want) {
		t.Fatalf("LoadInto gave %d: %q, want %q", n, got, want)
	}
}

// writer is how many entries each appender adds, with its name.
const perWriter = 300

func appendAll(s *history.Store, name string, goroutines int) error {
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				if err := s.Add(fmt.Sprintf("%s-%d %d\nsecond line", name, g, i)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// TestHelperProcess is a second session appending to the same file from
// another process; the concurrency tests start it.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv("OPSH_HISTORY_HELPER")
	if path == "" {
		t.Skip("started by TestConcurrent*")
	}
	s := history.New(path)
	s.MaxBytes, _ = strconv.ParseInt(os.Getenv("OPSH_HISTORY_MAXBYTES"), 10, 64)
	if err := appendAll(s, "proc", 4); err != nil {
		t.Fatal(err)
	}
}

// concurrent runs another process and two Stores in this one, each with
// four goroutines, appending to one file at once, and returns the entries
// found afterwards, grouped by writer as numbers in file order.
func concurrent(t *testing.T, maxBytes int64) (map[string][]int, []string) {
	path := filepath.Join(t.TempDir(), "history")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "OPSH_HISTORY_HELPER="+path, "OPSH_HISTORY_MAXBYTES="+strconv.FormatInt(maxBytes, 10))
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for k, name := range []string{"a", "b"} {
		s := history.New(path)
		s.MaxBytes = maxBytes
		wg.Add(1)
		go func() { defer wg.Done(); errs[k] = appendAll(s, name, 4) }()
	}
	wg.Wait()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper process: %v", err)
	}
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	s := history.New(path)
	s.Max = 1 << 20
	entries := load(t, s)
	seen := map[string][]int{}
	for _, e := range entries {
		var w string
		var i int
		if _, err := fmt.Sscanf(e, "%s %d\nsecond line", &w, &i); err != nil || !strings.HasSuffix(e, "\nsecond line") {
			t.Fatalf("mangled entry %q", e)
		}
		seen[w] = append(seen[w], i)
	}
	return seen, entries
}

func TestConcurrentAppendsLoseNothing(t *testing.T) {
	seen, entries := concurrent(t, 1<<30)
	if got, want := len(entries), 3*4*perWriter; got != want {
		t.Errorf("%d entries in the file, want %d", got, want)
	}
	for w, nums := range seen {
		for i, n := range nums {
			if n != i {
				t.Fatalf("writer %s: entry %d is number %d: lost or reordered", w, i, n)
			}
		}
	}
	if len(seen) != 12 {
		t.Fatalf("%d writers in the file, want 12", len(seen))
	}
}

// With compactions racing the appends, what remains of each writer is a
// run of its entries in order, ending with the last it wrote unless
// compaction dropped all of it: a compaction only ever drops the oldest.
func TestConcurrentAppendsWithCompaction(t *testing.T) {
	seen, entries := concurrent(t, 8<<10)
	if len(entries) == 0 {
		t.Fatal("empty history")
	}
	for w, nums := range seen {
		for i := 1; i < len(nums); i++ {
			if nums[i] != nums[i-1]+1 {
				t.Fatalf("writer %s: %d follows %d: an entry was lost", w, nums[i], nums[i-1])
			}
		}
		if last := nums[len(nums)-1]; last != perWriter-1 {
			t.Fatalf("writer %s: its last entry %d is not its last write %d", w, last, perWriter-1)
		}
	}
}

// FuzzRoundTrip checks that any entry Add keeps comes back from Load as it
// went in (less trailing newlines), as one entry.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"x", "a\nb", `\n`, "\\", "a\\\nb\r\n", "\r", "é\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, e string) {
		s := history.New(filepath.Join(t.TempDir(), "history"))
		if err := s.Add("before"); err != nil {
			t.Fatal(err)
		}
		if err := s.Add(e); err != nil {
			t.Fatal(err)
		}
		got := load(t, s)
		want := strings.TrimRight(e, "\n")
		if !s.Keep(want) || want == "before" {
			if len(got) != 1 {
				t.Fatalf("Add(%q) stored something: %q", e, got)
			}
			return
		}
		if len(got) != 2 || got[1] != want {
			t.Fatalf("Add(%q) then Load = %q", e, got)
		}
	})
}
