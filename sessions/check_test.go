package sessions

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/internal/linediff"
)

func TestCheck(t *testing.T) {
	c := &Cell{N: 3, Line: 10, OutputLine: 13, Output: &Output{Text: "host web-1\nload 0.1\nup \\d+ days (re)\nusers 2\nstarted 2026-* (glob)"}}
	for _, tc := range []struct {
		name string
		got  Output
		want string
	}{
		{"same", Output{Text: "host web-1\nload 0.1\nup 3 days\nusers 2\nstarted 2026-11-22\n\n"}, ""},
		{"patterns", Output{Text: "host web-1\nload 0.1\nup 17 days\nusers 2\nstarted 2026-12-01"}, ""},
		{"ansi", Output{Text: "\x1b[1mhost web-1\x1b[0m\nload 0.1\nup 3 days\nusers 2\nstarted 2026-01-01"}, ""},
		{"changed", Output{Text: "host web-2\nload 0.1\nup 3 days\nusers 2\nstarted 2026-11-22"},
			"--- run.md:13 cell 3 (recorded)\n+++ cell 3 (replay)\n@@ -1,4 +1,4 @@\n-host web-1\n+host web-2\n load 0.1\n up 3 days\n users 2\n"},
		{"status", Output{Text: "host web-1\nload 0.1\nup 3 days\nusers 2\nstarted 2026-11-22", Status: StatusError},
			"--- run.md:13 cell 3 (recorded)\n+++ cell 3 (replay)\nstatus: recorded ok, replay error\n"},
		{"regexp fails", Output{Text: "host web-1\nload 0.1\nup 3 hours\nusers 2\nstarted 2026-11-22"},
			"--- run.md:13 cell 3 (recorded)\n+++ cell 3 (replay)\n@@ -1,5 +1,5 @@\n host web-1\n load 0.1\n-up \\d+ days (re)\n+up 3 hours\n users 2\n started 2026-11-22\n"},
	} {
		if got := Check("run.md", c, tc.got); got != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
	// Nothing recorded: an empty output is expected.
	if d := Check("run.md", &Cell{N: 1, Line: 4}, Output{}); d != "" {
		t.Errorf("empty against nothing: %s", d)
	}
	if d := Check("run.md", &Cell{N: 1, Line: 4}, Output{Text: "x"}); !strings.HasPrefix(d, "--- run.md:4 cell 1") || !strings.Contains(d, "+x\n") {
		t.Errorf("output against nothing: %s", d)
	}
	// The replay's secrets are masked as the recording's were.
	pw := secret.New("token", []byte("s3cr3t-value-1234"))
	rc := &Cell{N: 1, Output: &Output{Text: "token «redacted:token»"}}
	if d := Check("x", rc, Output{Text: "token " + string(pw.Reveal())}); d != "" {
		t.Errorf("secret not redacted before comparing: %s", d)
	}
}

func TestUpdateOutputs(t *testing.T) {
	dir := t.TempDir()
	path := record(t, dir)
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	// Give cell 2 a pattern line that the update must keep.
	before = []byte(strings.Replace(string(before), "\n\"200 OK\"\n", "\n\"200 OK\"\nat .* (re)\n", 1))
	os.WriteFile(path, before, 0o640)
	err := UpdateOutputs(path, map[int]Output{
		1: {Text: "now with output", Dur: time.Millisecond},           // had no output block
		2: {Text: "\"200 OK\"\nat 01:00\nnew line", Dur: time.Second}, // keeps "at .* (re)"
		3: {Text: ""},                                                 // error → ok, nothing to show
	})
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %o, want 640", fi.Mode().Perm())
	}
	tr := mustParse(t, path, after)
	if got, want := tr.Cell(1).Output.Text, "now with output"; got != want {
		t.Errorf("cell 1 output %q, want %q", got, want)
	}
	if got, want := tr.Cell(2).Output.Text, "\"200 OK\"\nat .* (re)\nnew line"; got != want {
		t.Errorf("cell 2 output %q, want %q", got, want)
	}
	if tr.Cell(3).Output != nil {
		t.Errorf("cell 3 output %+v, want none", tr.Cell(3).Output)
	}
	// The rest is untouched.
	old := mustParse(t, path, before)
	for _, n := range []int{4, 5} {
		if !reflect.DeepEqual(tr.Cell(n).Output, old.Cell(n).Output) {
			t.Errorf("cell %d output changed", n)
		}
	}
	// The tail is untouched but for the hashes, which chain again.
	if !strings.HasSuffix(unchained(after), unchained(before[strings.Index(string(before), "\n```go {cell=4"):])) {
		t.Errorf("the tail of the file changed:\n%s", after)
	}
	if r := VerifyChain(tr, after); !r.Footer || r.Failure != nil {
		t.Errorf("the updated transcript's chain: %+v", r)
	}
	if !strings.HasPrefix(string(after), string(before[:strings.Index(string(before), "```go {cell=1")])) {
		t.Errorf("the head of the file changed:\n%s", after)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if err := UpdateOutputs(path, map[int]Output{42: {}}); err == nil || !strings.Contains(err.Error(), "no cell [42]") {
		t.Errorf("update of a missing cell: %v", err)
	}
}

// Timings never repeat: a duration in a recorded line matches any duration
// in the same place of the replayed one, and the rest must be equal.
func TestCheckDurations(t *testing.T) {
	const web = "200 OK · application/json · 71 B · 32 ms"
	for _, tc := range []struct {
		want, got string
		same      bool
	}{
		{web, "200 OK · application/json · 71 B · 21 ms", true},
		{web, "200 OK · application/json · 71 B · 1.2s", true},
		{web, "404 Not Found · application/json · 71 B · 21 ms", false},
		{web, "200 OK · application/json · 72 B · 21 ms", false},
		{web, "200 OK · application/json · 71 B", false},
		{web, "200 OK · application/json · 71 B · 21 ms · 3 ms", false},
		{web, "200 OK · text/html · 71 B · 21 ms", false},
		{"web-1  ok  41ms", "web-1  ok  724µs", true},
		{"web-1  ok  41ms", "web-2  ok  724µs", false},
		{"took 2m3s, then 1.5s", "took 12.003s, then 3h02m", true},
		{"took 2m3s, then 1.5s", "took 12.003s then 3h02m", false},
		{"ping 0.045 ms", "ping 1 s", true},
		{"exit 0 after 5s", "exit 1 after 5s", false},
		{"exit 0 after 5s", "exit 0 after 5 minutes", false},
		{"uptime 5 mins", "uptime 7 mins", false}, // "mins" is not a unit here
		{"id a5s", "id a7s", false},               // not a word of its own
		{"v1.5s", "v1.7s", false},
		{"100msx", "200msx", false},
		{"3 ms", "3 ms", true},
		// A table pads the column to its widest duration.
		{"web-1  0     41.3ms  hello", "web-1  0     1.2s    hello", true},
		{"web-1     41.3ms  hello", "web-1  724.1µs  hello", true},
		{"web-1  0     41.3ms  hello", "web-1  0     1.2s    hullo", false},
		{"web-1  0     41.3ms  hello", "web-1  0     1.2shello", false},
		{"took 41ms", "took41ms", false},
	} {
		c := &Cell{N: 1, Line: 1, Output: &Output{Text: "first\n" + tc.want + "\nlast"}}
		d := Check("t.md", c, Output{Text: "first\n" + tc.got + "\nlast"})
		if (d == "") != tc.same {
			t.Errorf("recorded %q, replayed %q: same = %v, want %v\n%s", tc.want, tc.got, d == "", tc.same, d)
		}
	}
}

// An update whose outputs match the recorded ones (only the timings moved)
// leaves the transcript byte for byte, dur= included, and says so.
func TestUpdateOutputsLeavesUnchangedCells(t *testing.T) {
	dir := t.TempDir()
	path := record(t, dir)
	before, _ := os.ReadFile(path)
	// Cell 5 shows a timing, as web and ssh results do.
	before = []byte(strings.Replace(string(before), "\nmap[a:1]\n", "\nmap[a:1]\n200 OK · application/json · 71 B · 32 ms\n", 1))
	if err := os.WriteFile(path, before, 0o600); err != nil {
		t.Fatal(err)
	}
	replay := map[int]Output{
		1: {Dur: 7 * time.Millisecond},
		2: {Text: "\"200 OK\"\n", Dur: 2 * time.Second},
		3: {Text: "```\n3:1: undefined: undefined", Status: StatusError, Dur: time.Second},
		4: {Text: "interrupted", Status: StatusInterrupted, Dur: time.Minute},
		5: {Text: "map[a:1]\n200 OK · application/json · 71 B · 21 ms", Dur: 9 * time.Millisecond},
	}
	n, err := UpdateOutputsCount(path, replay)
	if err != nil || n != 0 {
		t.Fatalf("UpdateOutputsCount = %d, %v; want 0 changed", n, err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatalf("unchanged outputs rewrote the transcript:\n%s", linediff.Unified("before", "after", string(before), string(after)))
	}

	// One cell changes (its status), one gets a new text: only their
	// blocks move; cell 5 keeps its dur= and its recorded timing.
	replay[3] = Output{Text: "ok now", Dur: time.Second}
	replay[2] = Output{Text: "\"404 Not Found\"", Dur: time.Second}
	n, err = UpdateOutputsCount(path, replay)
	if err != nil || n != 2 {
		t.Fatalf("UpdateOutputsCount = %d, %v; want 2 changed", n, err)
	}
	after, _ := os.ReadFile(path)
	tail := unchained(before[strings.Index(string(before), "\n```go {cell=4"):])
	if !strings.HasSuffix(unchained(after), tail) {
		t.Errorf("cells 4 and 5 changed:\n%s", linediff.Unified("before", "after", string(before), string(after)))
	}
	tr := mustParse(t, path, after)
	if o := tr.Cell(2).Output; o == nil || o.Text != "\"404 Not Found\"" || o.Dur != time.Second {
		t.Errorf("cell 2 output %+v", o)
	}
	if o := tr.Cell(3).Output; o == nil || o.Status != StatusOK || o.Text != "ok now" {
		t.Errorf("cell 3 output %+v", o)
	}
	if UpdateOutputs(path, replay) != nil {
		t.Fatal("UpdateOutputs failed")
	}
	if again, _ := os.ReadFile(path); string(again) != string(after) {
		t.Errorf("a second update with the same outputs changed the file")
	}
}

// timedLines are n lines of a fleet table with a duration each, every line
// different from the one at the same place of timedLines(n, 1).
func timedLines(n, shift int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("web-%d  ok  %d B  %d ms", i+shift, 3*(i+shift), (i*7+shift)%97)
	}
	return out
}

// A diff compares each line with many others: a line's durations are found
// once, not at each comparison (which took seconds for 1000 lines).
func TestDiffDurationsLarge(t *testing.T) {
	// web-1..web-999 are in both, at new timings.
	edits := diffLines(timedLines(1000, 0), timedLines(1000, 1))
	same := 0
	for _, e := range edits {
		if e.Op == ' ' {
			same++
		}
	}
	if same != 999 || len(edits) != 1001 {
		t.Errorf("%d edits, %d the same; want 1001 and 999", len(edits), same)
	}
	// No line in common: the diff compares about every pair.
	start := time.Now()
	edits = diffLines(timedLines(1000, 0), timedLines(1000, 1000))
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("diff of two different 1000-line outputs with timings took %v", d)
	}
	if len(edits) != 2000 {
		t.Errorf("%d edits, want 2000", len(edits))
	}
}
