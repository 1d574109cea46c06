package sessions

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/secret"
)

var t0 = time.Date(2026, 11, 22, 0, 15, 3, 0, time.UTC)

// record writes a session with every kind of block to dir and returns its
// path.
func record(t testing.TB, dir string) string {
	t.Helper()
	return recordWith(t, dir, nil)
}

// recordWith is record, with setup called on the recorder first.
func recordWith(t testing.TB, dir string, setup func(*Recorder)) string {
	t.Helper()
	r, err := Create(dir, Meta{ID: "20261122-001503-a1b2", Start: t0, User: "alice", Host: "laptop", Version: "v0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(r)
	}
	steps := []func() error{
		func() error {
			return r.Input(1, t0.Add(4*time.Second), `r, err := web.Get("https://api.example.com/health")`)
		},
		func() error { return r.Output(1, Output{Status: StatusOK, Dur: 120 * time.Millisecond}) },
		func() error { return r.Input(2, t0.Add(6*time.Second), "r.Status") },
		func() error {
			return r.Output(2, Output{Text: `"200 OK"`, Dur: time.Millisecond, Value: &ValueInfo{Type: "string", Bound: true}})
		},
		func() error { return r.Context("aws.account", "123456789012") },
		func() error { return r.Context("aws.region", "eu-west-1") },
		func() error { return r.Note("Checked the health endpoint; it answers.") },
		func() error { return r.Input(3, t0.Add(8*time.Second), "fmt.Println(\"```\")\nundefined()") },
		func() error {
			return r.Output(3, Output{Text: "```\n3:1: undefined: undefined", Status: StatusError, Dur: 2 * time.Millisecond})
		},
		func() error { return r.Input(4, t0.Add(9*time.Second), `time.Sleep(time.Hour)`) },
		func() error {
			return r.Output(4, Output{Text: "interrupted", Status: StatusInterrupted, Dur: 3 * time.Second})
		},
		func() error {
			return r.Note("Two paragraphs.\n\n```go {cell=9}\nnot a cell\n```\nand <!-- opsh end --> is text")
		},
		func() error {
			return r.Input(5, t0.Add(10*time.Second), `m := map[string]int{"a": 1}`+"\n"+`m`)
		},
		func() error {
			return r.Output(5, Output{Text: "map[a:1]\n\n", Dur: time.Millisecond, Value: &ValueInfo{Type: "map[string]int", Bound: true}})
		},
	}
	for i, s := range steps {
		if err := s(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if err := r.Close(t0.Add(27*time.Minute + 7*time.Second)); err != nil {
		t.Fatal(err)
	}
	return r.Path()
}

func TestRecordParse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sessions")
	path := record(t, dir)
	if got, want := path, filepath.Join(dir, "20261122-001503-a1b2.md"); got != want {
		t.Fatalf("path = %s, want %s", got, want)
	}
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", p, got, want)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := unchained(data)
	for _, want := range []string{
		Magic + "\n# opsh session 2026-11-22 00:15 UTC\nstarted 2026-11-22T00:15:03Z · alice@laptop · opsh v0.1.0 · id 20261122-001503-a1b2\n",
		"\n```go {cell=2 at=2026-11-22T00:15:09Z}\nr.Status\n```\n```output {cell=2 dur=1ms type=string bound}\n\"200 OK\"\n```\n",
		"\n- aws.account: 123456789012 <!-- opsh fact -->\n- aws.region: eu-west-1 <!-- opsh fact -->\n",
		"````error {cell=3 dur=2ms}\n```\n3:1: undefined: undefined\n````\n",
		"```error {cell=4 dur=3s status=interrupted}\ninterrupted\n```\n",
		"\\`\\`\\`go {cell=9}\n",
		`\<!-- opsh end -->`,
		"\nended 2026-11-22T00:42:10Z · 27m7s · 5 cells · 2 errors <!-- opsh end title=\"Checked the health endpoint; it answers.\" -->\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("transcript lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "```output {cell=1") {
		t.Errorf("an ok cell with no output wrote an output block:\n%s", text)
	}

	tr, err := Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tr.Meta, (Meta{ID: "20261122-001503-a1b2", Start: t0, User: "alice", Host: "laptop", Version: "v0.1.0"}); got != want {
		t.Errorf("meta = %+v, want %+v", got, want)
	}
	if !tr.Ended || !tr.End.Equal(t0.Add(27*time.Minute+7*time.Second)) || tr.Truncated {
		t.Errorf("ended=%v end=%v truncated=%v", tr.Ended, tr.End, tr.Truncated)
	}
	if got, want := tr.Title, "Checked the health endpoint; it answers."; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if got, want := len(tr.Cells), 5; got != want {
		t.Fatalf("%d cells, want %d", got, want)
	}
	c3 := tr.Cell(3)
	if got, want := c3.Src, "fmt.Println(\"```\")\nundefined()"; got != want {
		t.Errorf("cell 3 src = %q, want %q", got, want)
	}
	if got, want := *c3.Output, (Output{Text: "```\n3:1: undefined: undefined", Status: StatusError, Dur: 2 * time.Millisecond}); !reflect.DeepEqual(got, want) {
		t.Errorf("cell 3 output = %+v, want %+v", got, want)
	}
	if got, want := tr.Cell(4).Status(), StatusInterrupted; got != want {
		t.Errorf("cell 4 status %q, want %q", got, want)
	}
	if tr.Cell(1).Output != nil {
		t.Errorf("cell 1 has output %+v", tr.Cell(1).Output)
	}
	if got, want := *tr.Cell(5).Output.Value, (ValueInfo{Type: "map[string]int", Bound: true}); got != want {
		t.Errorf("cell 5 value %+v, want %+v", got, want)
	}
	if got, want := tr.Cell(5).Output.Text, "map[a:1]"; got != want {
		t.Errorf("cell 5 output %q, want %q", got, want)
	}
	// Lines point into the file.
	lines := strings.Split(text, "\n")
	for _, c := range tr.Cells {
		if got := lines[c.Line-1]; !strings.HasPrefix(c.Src, got) {
			t.Errorf("cell %d: line %d is %q, not the start of its source", c.N, c.Line, got)
		}
	}
	if got, want := len(tr.Notes), 2; got != want {
		t.Fatalf("%d notes, want %d: %+v", got, want, tr.Notes)
	}
	if got, want := tr.Notes[1].Text, "Two paragraphs.\n\n```go {cell=9}\nnot a cell\n```\nand <!-- opsh end --> is text"; got != want {
		t.Errorf("note = %q, want %q", got, want)
	}
	if got, want := tr.Notes[0].After, 2; got != want {
		t.Errorf("note after %d cells, want %d", got, want)
	}
	if got, want := tr.Facts, []Fact{{"aws.account", "123456789012", tr.Facts[0].Line, 2}, {"aws.region", "eu-west-1", tr.Facts[1].Line, 2}}; !reflect.DeepEqual(got, want) {
		t.Errorf("facts = %+v, want %+v", got, want)
	}
	if got, want := tr.Errors(), 2; got != want {
		t.Errorf("errors = %d, want %d", got, want)
	}
}

func TestRecordRedacts(t *testing.T) {
	dir := t.TempDir()
	pw := secret.New("db password", []byte("hunter2-correct-horse"))
	r, err := Create(dir, Meta{Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.Input(1, t0, `fmt.Println(string(pw.Reveal()))`))
	must(r.Output(1, Output{Text: string(pw.Reveal())}))
	must(r.Input(2, t0, `web.Get("https://bob:tiger99@db.internal/x")`))
	must(r.Output(2, Output{Text: "Authorization: Bearer abcdef0123456789\nkey AKIAIOSFODNN7EXAMPLE", Status: StatusError}))
	must(r.Note("the password was hunter2-correct-horse"))
	must(r.Close(t0.Add(time.Minute)))
	data, tr := readBack(t, r)
	for _, leak := range []string{"hunter2-correct-horse", "tiger99", "abcdef0123456789", "AKIAIOSFODNN7EXAMPLE"} {
		if strings.Contains(string(data), leak) {
			t.Errorf("transcript holds %q:\n%s", leak, data)
		}
	}
	for _, want := range []string{"«redacted:db password»", "bob:«redacted:url-password»@db.internal", "· 5 values redacted"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("transcript lacks %q:\n%s", want, data)
		}
	}
	if got, want := tr.Redacted, 5; got != want {
		t.Errorf("parsed redacted = %d, want %d", got, want)
	}
	if got, want := tr.Title, "the password was «redacted:db password»"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
}

func TestCreateUniqueAndPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for range 20 {
		r, err := Create(dir, Meta{Start: t0})
		if err != nil {
			t.Fatal(err)
		}
		if seen[r.Path()] {
			t.Fatalf("path %s given twice", r.Path())
		}
		seen[r.Path()] = true
		if !strings.HasPrefix(filepath.Base(r.Path()), "20261122-001503-") {
			t.Errorf("id %s does not start with the start time", r.Path())
		}
		r.Close(t0)
	}
	fi, _ := os.Stat(dir)
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("existing folder left at %o, want 700", got)
	}
	if _, err := Create(dir, Meta{ID: "fixed", Start: t0}); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(dir, Meta{ID: "fixed", Start: t0}); err == nil {
		t.Error("a second transcript with the same given id was created")
	}
}

func TestRecorderAfterClose(t *testing.T) {
	r, err := Create(t.TempDir(), Meta{Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(t0); err != nil {
		t.Fatal(err)
	}
	if err := r.Input(1, t0, "1"); err != ErrClosed {
		t.Errorf("Input after Close: %v, want ErrClosed", err)
	}
}

// TestStageWritesBeforeItSyncs checks Stage: the input block is in the
// file (a killed process keeps it) before the sync, and the sync reports
// the recorder's state.
func TestStageWritesBeforeItSyncs(t *testing.T) {
	r, err := Create(t.TempDir(), Meta{Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	sync, err := r.Stage(1, t0, "hosts := 3")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(r.Path())
	if tr, err := Parse(r.Path(), data); err != nil || len(tr.Cells) != 1 || tr.Cells[0].Src != "hosts := 3" {
		t.Fatalf("before the sync the transcript reads %+v, %v; want the staged cell", tr, err)
	}
	if err := sync(); err != nil {
		t.Errorf("sync: %v", err)
	}
	if err := r.Output(1, Output{Text: "3"}); err != nil {
		t.Errorf("output after a staged input: %v", err)
	}
	r.Close(t0)
	if err := sync(); err != ErrClosed {
		t.Errorf("sync after Close: %v, want ErrClosed", err)
	}
	if _, err := r.Stage(2, t0, "1"); err != ErrClosed {
		t.Errorf("Stage after Close: %v, want ErrClosed", err)
	}
}

func TestOutputStripsANSI(t *testing.T) {
	r, err := Create(t.TempDir(), Meta{Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	r.Input(1, t0, "x")
	r.Output(1, Output{Text: "\x1b[1;31mred\x1b[0m and \x1b]8;;http://x\x07link\x1b]8;;\x07\n10%\r50%\r100%\r\ndone\r\n"})
	r.Close(t0)
	data, _ := os.ReadFile(r.Path())
	if !strings.Contains(string(data), "\nred and link\n100%\ndone\n```") || strings.Contains(string(data), "\x1b") || strings.Contains(string(data), "\r") {
		t.Errorf("escape codes kept:\n%q", data)
	}
}

func TestOutputMustFollowItsInput(t *testing.T) {
	r, err := Create(t.TempDir(), Meta{Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Output(1, Output{Text: "x"}); err == nil {
		t.Error("output before any input accepted")
	}
	r.Input(1, t0, "1")
	if err := r.Output(2, Output{Text: "x"}); err == nil {
		t.Error("output of another cell accepted")
	}
	if err := r.Output(1, Output{Text: "1"}); err != nil {
		t.Fatal(err)
	}
	if err := r.Output(1, Output{Text: "1"}); err == nil {
		t.Error("second output accepted")
	}
	r.Close(t0)
	data, _ := os.ReadFile(r.Path())
	if _, err := Parse(r.Path(), data); err != nil {
		t.Errorf("transcript does not parse: %v", err)
	}
	if _, err := Create(t.TempDir(), Meta{ID: "../escape"}); err == nil {
		t.Error("an id with a path accepted")
	}
}

func TestRecorderStopsAfterWriteError(t *testing.T) {
	r, err := Create(t.TempDir(), Meta{Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	r.Input(1, t0, "1")
	r.f.Close() // every write fails from here, as on a full disk
	if err := r.Output(1, Output{Text: "1"}); err == nil {
		t.Fatal("write to a closed file succeeded")
	}
	err = r.Input(2, t0, "2")
	if err == nil || !strings.Contains(err.Error(), "since an earlier error") {
		t.Errorf("after a failed write: %v", err)
	}
	data, _ := os.ReadFile(r.Path())
	if tr, err := Parse(r.Path(), data); err != nil || len(tr.Cells) != 1 {
		t.Errorf("transcript after the failure: %v", err)
	}
}

// TestRecorderConcurrent writes facts from goroutines (as builtins learn
// them) while cells are recorded: every block arrives whole.
func TestRecorderConcurrent(t *testing.T) {
	r, err := Create(t.TempDir(), Meta{Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			for i := 0; i < 50; i++ {
				r.Context("k", strings.Repeat("v", 100))
			}
			done <- true
		}()
	}
	for n := 1; n <= 100; n++ {
		r.Input(n, t0, "x")
		r.Output(n, Output{Text: strings.Repeat("o", 500)})
	}
	for g := 0; g < 4; g++ {
		<-done
	}
	r.Close(t0)
	_, tr := readBack(t, r)
	if len(tr.Cells) != 100 || len(tr.Facts) != 200 || !tr.Ended {
		t.Errorf("%d cells, %d facts, ended %v", len(tr.Cells), len(tr.Facts), tr.Ended)
	}
	for _, c := range tr.Cells {
		if c.Output == nil || len(c.Output.Text) != 500 {
			t.Fatalf("cell %d output %+v", c.N, c.Output)
		}
	}
}

// A secret whose plain text ends in a newline (a PEM key), printed by a
// cell, must not glue its mask to the closing fence: every later cell
// still reads back.
func TestRecordSecretEndingInNewline(t *testing.T) {
	dir := t.TempDir()
	key := secret.New("ssh-key", []byte("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n"))
	tok := secret.New("token", []byte("tok-0123456789\n"))
	r, err := Create(dir, Meta{Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.Input(1, t0, `k2 := crypto.SSHKey(); fmt.Println(string(k2.PrivatePEM().Reveal()))`))
	must(r.Output(1, Output{Text: string(key.Reveal()) + "\n"}))
	must(r.Input(2, t0, `fmt.Print(string(tok.Reveal()))`))
	must(r.Output(2, Output{Text: string(tok.Reveal())}))
	must(r.Input(3, t0, `1 + 1`))
	must(r.Output(3, Output{Text: "2"}))
	must(r.Close(t0.Add(time.Minute)))
	data, tr := readBack(t, r)
	if strings.Contains(string(data), "»`") {
		t.Errorf("a mask is glued to a fence:\n%s", data)
	}
	want := []string{"«redacted:ssh-key»", "«redacted:token»", "2"}
	if len(tr.Cells) != len(want) {
		t.Fatalf("read back %d cells, want %d:\n%s", len(tr.Cells), len(want), data)
	}
	for i, c := range tr.Cells {
		if c.Output == nil || c.Output.Text != want[i] {
			t.Errorf("cell %d output = %+v, want %q", c.N, c.Output, want[i])
		}
	}
	if tr.Truncated || tr.End.IsZero() {
		t.Errorf("transcript read as cut short (truncated %v, end %v):\n%s", tr.Truncated, tr.End, data)
	}
}

// Whatever a mask swallows (here a private key cut short, which the
// token-shape rule masks to the end of the text), a block's closing fence
// starts a line of its own.
func TestRecordFenceSurvivesRedaction(t *testing.T) {
	dir := t.TempDir()
	r, err := Create(dir, Meta{Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.Input(1, t0, "k := `-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA`"))
	must(r.Input(2, t0, `sys.Run("head", "-2", "id_rsa")`))
	must(r.Output(2, Output{Text: "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA"}))
	must(r.Note("the key leaked; rotate it"))
	must(r.Input(3, t0, `1 + 1`))
	must(r.Output(3, Output{Text: "2"}))
	must(r.Close(t0.Add(time.Minute)))
	data, tr := readBack(t, r)
	if strings.Contains(string(data), "MIIE") {
		t.Errorf("transcript holds the key:\n%s", data)
	}
	if len(tr.Cells) != 3 || len(tr.Notes) != 1 || tr.End.IsZero() {
		t.Fatalf("read back %d cells, %d notes, end %v; want 3, 1 and the footer:\n%s", len(tr.Cells), len(tr.Notes), tr.End, data)
	}
	if got := tr.Cells[1].Output; got == nil || got.Text != "«redacted:private-key»" {
		t.Errorf("cell 2 output = %+v", got)
	}
	if got := tr.Cells[0].Src; got != "k := `«redacted:private-key»" {
		t.Errorf("cell 1 source = %q", got)
	}
}

// readBack reads a recorder's transcript and parses it, failing the test
// if either fails.
func readBack(t *testing.T, r *Recorder) ([]byte, *Transcript) {
	t.Helper()
	data, err := os.ReadFile(r.Path())
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Parse(r.Path(), data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return data, tr
}

// TestIDsSortByStartWithinASecond: sessions started in the same second
// list in the order they started, not by a random suffix.
func TestIDsSortByStartWithinASecond(t *testing.T) {
	base := time.Date(2026, 12, 6, 2, 15, 0, 0, time.UTC)
	prev := ""
	for ms := 0; ms < 1000; ms += 37 {
		id := NewID(base.Add(time.Duration(ms) * time.Millisecond))
		if len(id) != len("20261206-021500-a1b2") || id <= prev {
			t.Fatalf("id at %d ms = %q, after %q", ms, id, prev)
		}
		prev = id
	}
}
