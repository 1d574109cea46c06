package sessions

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestList(t *testing.T) {
	dir := t.TempDir()
	full := record(t, dir) // has notes: titled by the first
	plain, err := Create(dir, Meta{ID: "20261123-090000-0000", Start: t0.Add(33 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	plain.Input(1, t0.Add(33*time.Hour+time.Second), "\n// why\nssh.Dial(\"deploy@web-1\")")
	plain.Output(1, Output{Text: "dial: refused", Status: StatusError, Dur: time.Second})
	plain.Close(t0.Add(33*time.Hour + time.Minute))
	// A session left without its footer, and a big one with a note beyond
	// the head (the footer carries its title).
	cut, _ := Create(dir, Meta{ID: "20261121-120000-0000", Start: t0.Add(-12 * time.Hour)})
	cut.Input(1, t0.Add(-12*time.Hour+2*time.Second), "x := 1")
	cut.Input(2, t0.Add(-12*time.Hour+3*time.Second), "x")
	cut.Output(2, Output{Text: "1", Dur: 2 * time.Second})
	cut.Input(3, t0.Add(-12*time.Hour+9*time.Second), "time.Sleep(time.Hour)")
	cut.f.Close() // as if killed: no footer, lock dropped
	big, _ := Create(dir, Meta{ID: "20261120-000000-0000", Start: t0.Add(-48 * time.Hour)})
	for i := 1; i <= 200; i++ {
		big.Input(i, t0.Add(-48*time.Hour), fmt.Sprintf("fmt.Println(%d)", i))
		big.Output(i, Output{Text: strings.Repeat("x", 100)})
	}
	big.Note("found it at cell 200")
	big.Close(t0.Add(-47 * time.Hour))
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("# not a transcript\n"), 0o600)

	ss, err := List(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range ss {
		got = append(got, fmt.Sprintf("%s %s %v cells=%d errors=%d interrupted=%v running=%v %q",
			s.ID, s.Start.Format(time.RFC3339), s.Duration, s.Cells, s.Errors, s.Interrupted, s.Running, s.Title))
	}
	want := []string{
		`20261123-090000-0000 2026-11-23T09:15:03Z 1m0s cells=1 errors=1 interrupted=false running=false "ssh.Dial(\"deploy@web-1\")"`,
		`20261122-001503-a1b2 2026-11-22T00:15:03Z 27m7s cells=5 errors=2 interrupted=false running=false "Checked the health endpoint; it answers."`,
		`20261121-120000-0000 2026-11-21T12:15:03Z 9s cells=3 errors=0 interrupted=true running=false "x := 1"`,
		`20261120-000000-0000 2026-11-20T00:15:03Z 1h0m0s cells=200 errors=0 interrupted=false running=false "found it at cell 200"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("List:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if ss[1].Path != full {
		t.Errorf("path %s, want %s", ss[1].Path, full)
	}
	table := ss.Display()
	if !strings.HasPrefix(table, "ID  ") || !strings.Contains(table, "interrupted") || len(strings.Split(strings.TrimSpace(table), "\n")) != 5 {
		t.Errorf("table:\n%s", table)
	}
	for _, row := range [][2]string{
		{"20261123-090000-0000", "  1m00s  "}, {"20261122-001503-a1b2", "  27m07s  "},
		{"20261121-120000-0000", "  9s  "}, {"20261120-000000-0000", "  1h00m  "},
	} {
		if !regexp.MustCompile(`(?m)^` + row[0] + `.*` + row[1]).MatchString(table) {
			t.Errorf("table row %s lacks duration %q:\n%s", row[0], strings.TrimSpace(row[1]), table)
		}
	}

	// Find: whole ids, prefixes, last, ambiguity.
	for id, want := range map[string]string{
		"20261122-001503-a1b2": full, "20261122": full, "last": filepath.Join(dir, "20261123-090000-0000.md"),
		"20261122-001503-a1b2.md": full,
		// Suffixes: the random part, or the time and the random part.
		"a1b2": full, "001503-a1b2": full, "3-a1b2.md": full,
	} {
		if got, err := Find(dir, id); err != nil || got != want {
			t.Errorf("Find(%q) = %q, %v; want %q", id, got, err, want)
		}
	}
	if _, err := Find(dir, "2026112"); err == nil || !strings.Contains(err.Error(), "4 sessions match") {
		t.Errorf("ambiguous prefix: %v", err)
	}
	if _, err := Find(dir, "0000"); err == nil || !strings.Contains(err.Error(), "3 sessions match: 20261123-090000-0000, 20261121-120000-0000, 20261120-000000-0000") {
		t.Errorf("ambiguous suffix: %v", err)
	}
	if _, err := Find(dir, "1999"); err == nil || !strings.Contains(err.Error(), "no such session") {
		t.Errorf("unknown id: %v", err)
	}
	if _, err := Find(dir, "../x"); err == nil {
		t.Error("a path was accepted as an id")
	}

	var b bytes.Buffer
	if err := Show(&b, dir, "20261121"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(b.String(), "\n(interrupted: the session did not exit cleanly)\n") {
		t.Errorf("Show of an interrupted session:\n%s", b.String())
	}
	if ss, err := List(filepath.Join(dir, "missing")); err != nil || len(ss) != 0 {
		t.Errorf("List of a missing folder: %v, %v", ss, err)
	}
}

// TestKilledRecorder kills a recording process with SIGKILL while it
// records: while it lives, the index shows its session running; after, the
// transcript parses with every cell the process finished and the input of
// the one it was running.
func TestKilledRecorder(t *testing.T) {
	if dir := os.Getenv("OPSH_SESSIONS_RECORD_FOREVER"); dir != "" {
		recordForever(dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledRecorder$")
	cmd.Env = append(os.Environ(), "OPSH_SESSIONS_RECORD_FOREVER="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(out)
	finished, path := 0, ""
	deadline := time.Now().Add(30 * time.Second)
	for finished < 300 && sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 2 && f[0] == "path" {
			path = f[1]
		}
		if len(f) == 2 && f[0] == "done" {
			finished, _ = strconv.Atoi(f[1])
		}
		if time.Now().After(deadline) {
			t.Fatal("the recorder is too slow")
		}
	}
	if finished < 300 {
		t.Fatalf("recorder stopped after %d cells: %v", finished, sc.Err())
	}
	ss, err := List(dir)
	if err != nil || len(ss) != 1 || !ss[0].Running {
		t.Fatalf("while recording, List = %+v, %v; want one running session", ss, err)
	}
	var shown bytes.Buffer
	if err := Show(&shown, dir, "last"); err != nil || !strings.HasSuffix(shown.String(), "\n(running: the session is still being recorded)\n") {
		t.Errorf("Show of a running session: %v\n%s", err, shown.String())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Parse(path, data)
	if err != nil {
		t.Fatalf("killed transcript does not parse: %v", err)
	}
	if len(tr.Cells) < finished {
		t.Fatalf("%d cells after the kill, the recorder had finished %d", len(tr.Cells), finished)
	}
	for i, c := range tr.Cells {
		if c.N != i+1 || c.Src != fmt.Sprintf("fmt.Println(%d)", i+1) {
			t.Fatalf("cell %d = %+v", i+1, c)
		}
		if i < len(tr.Cells)-1 && (c.Output == nil || c.Output.Text != strconv.Itoa(i+1)) {
			t.Fatalf("finished cell %d lost its output: %+v", i+1, c.Output)
		}
	}
	if tr.Ended {
		t.Error("a killed session has a footer")
	}
	ss, _ = List(dir)
	if len(ss) != 1 || !ss[0].Interrupted || ss[0].Running {
		t.Errorf("after the kill, List = %+v; want one interrupted session", ss)
	}
}

// recordForever records trivial cells until killed, saying on stdout how
// many it finished.
func recordForever(dir string) {
	r, err := Create(dir, Meta{Start: time.Now()})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("path", r.Path())
	for i := 1; ; i++ {
		r.Input(i, time.Now(), fmt.Sprintf("fmt.Println(%d)", i))
		r.Output(i, Output{Text: strconv.Itoa(i), Dur: time.Microsecond})
		fmt.Println("done", i)
	}
}

func TestDisplayDuration(t *testing.T) {
	ss := Summaries{
		{ID: "a", Start: t0, Duration: 0, Cells: 1},                    // ended within its first second
		{ID: "b", Start: t0, Duration: 0, Cells: 1, Interrupted: true}, // unknown
		{ID: "c", Start: t0, Duration: 3*time.Hour + 2*time.Minute, Cells: 1},
	}
	table := ss.Display()
	for _, want := range []string{"\na   2026-11-22 00:15  0s ", "\nb   2026-11-22 00:15  -  ", "\nc   2026-11-22 00:15  3h02m "} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}

func TestShortDur(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "-"},
		{-time.Second, "-"},
		{400 * time.Millisecond, "0s"},
		{42*time.Second + 300*time.Millisecond, "42s"},
		{59*time.Second + 600*time.Millisecond, "1m00s"},
		{time.Minute, "1m00s"},
		{70 * time.Second, "1m10s"},
		{27*time.Minute + 7*time.Second, "27m07s"},
		{59*time.Minute + 59*time.Second + 600*time.Millisecond, "1h00m"},
		{time.Hour, "1h00m"},
		{3*time.Hour + 2*time.Minute + 20*time.Second, "3h02m"},
		{26*time.Hour + 59*time.Minute + 40*time.Second, "27h00m"},
	} {
		if got := shortDur(tc.d); got != tc.want {
			t.Errorf("shortDur(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
