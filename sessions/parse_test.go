package sessions

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// normal strips what a round trip may change: positions, and whether a cell
// named its number.
func normal(t *Transcript) *Transcript {
	c := *t
	c.Name, c.Kind = "", ""
	c.Truncated = false
	c.links, c.sigAt, c.sigEnd, c.sig, c.sigLn, c.cutLine = nil, 0, 0, nil, 0, 0
	c.Cells = nil
	for _, x := range t.Cells {
		y := *x
		y.Line, y.OutputLine, y.DeclaredN, y.span, y.ospan = 0, 0, false, [2]int{}, [2]int{}
		c.Cells = append(c.Cells, &y)
	}
	c.Notes = nil
	for _, n := range t.Notes {
		n.Line = 0
		c.Notes = append(c.Notes, n)
	}
	c.Facts = nil
	for _, f := range t.Facts {
		f.Line = 0
		c.Facts = append(c.Facts, f)
	}
	c.Meta.Start = c.Meta.Start.UTC()
	return &c
}

func equal(t *testing.T, what string, got, want *Transcript) {
	t.Helper()
	g, w := normal(got), normal(want)
	if reflect.DeepEqual(g, w) {
		return
	}
	t.Errorf("%s: transcripts differ\n got: %s\nwant: %s", what, dump(g), dump(w))
}

func dump(t *Transcript) string {
	var b strings.Builder
	b.WriteString(strings.ReplaceAll(strings.TrimSpace(strings.ReplaceAll(
		strings.ReplaceAll(fmtAny(*t), "\n", "\\n"), "\t", " ")), "  ", " "))
	for _, c := range t.Cells {
		b.WriteString("\n  cell " + fmtAny(*c))
		if c.Output != nil {
			b.WriteString(" output " + fmtAny(*c.Output))
		}
	}
	return b.String()
}

func fmtAny(v any) string { return strings.ReplaceAll(fmt.Sprintf("%+v", v), "\n", `\n`) }

// handWritten is Markdown a person wrote: no magic, no attributes, prose
// fences, tildes, a missing final newline.
const handWritten = "# Restart the web tier\n\nFirst look:\n\n```sh\n$ uptime\n```\n\n" +
	"```go\nhosts := []string{\"web-1\", \"web-2\"}\n```\n\n~~~go\nfor _, h := range hosts {\n\tfmt.Println(h)\n}\n~~~\n" +
	"```output\nweb-1\nweb-2\n```\n\nDone, no trailing newline"

func TestParseHandWritten(t *testing.T) {
	tr, err := Parse("runbook.md", []byte(handWritten))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(tr.Cells), 2; got != want {
		t.Fatalf("%d cells, want %d", got, want)
	}
	if got, want := tr.Cells[1].Output.Text, "web-1\nweb-2"; got != want {
		t.Errorf("output = %q, want %q", got, want)
	}
	if got, want := tr.Cells[1].N, 2; got != want {
		t.Errorf("second cell numbered %d", got)
	}
	if got, want := tr.Notes[0].Text, "# Restart the web tier\n\nFirst look:\n\n```sh\n$ uptime\n```"; got != want {
		t.Errorf("note = %q, want %q", got, want)
	}
	if got, want := tr.Notes[1].Text, "Done, no trailing newline"; got != want {
		t.Errorf("last note = %q, want %q", got, want)
	}
	if tr.Truncated {
		t.Error("hand-written Markdown without a final newline taken as truncated")
	}
	equal(t, "round trip", mustParse(t, "x.md", Format(tr)), tr)
}

func mustParse(t *testing.T, name string, data []byte) *Transcript {
	t.Helper()
	tr, err := Parse(name, data)
	if err != nil {
		t.Fatalf("parse %s: %v\n%s", name, err, data)
	}
	return tr
}

func TestRoundTrip(t *testing.T) {
	data, err := os.ReadFile(record(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	tr := mustParse(t, "s.md", data)
	again := Format(tr)
	equal(t, "parse → format → parse", mustParse(t, "s.md", again), tr)
	if string(again) != string(data) {
		t.Errorf("format of a recorded transcript differs from the recording:\n%s\n---\n%s", again, data)
	}
	// Executable transcripts keep their lines.
	exe := append([]byte(Shebang+"\n"), data...)
	tx := mustParse(t, "s", exe)
	equal(t, "with #!", tx, tr)
	if got, want := tx.Cells[0].Line, tr.Cells[0].Line+1; got != want {
		t.Errorf("with #!, cell 1 at line %d, want %d", got, want)
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{Magic + "\n\n```output {cell=1}\nx\n```\n", "bad.md:3: output block before any go block"},
		{Magic + "\n```go {cell=1}\nx\n```\n```output {cell=2}\ny\n```\n", "bad.md:5: output block for cell 2 follows cell 1"},
		{Magic + "\n```go {cell=x}\nx\n```\n", `bad.md:2: bad cell number "x"`},
		{Magic + "\n```go {cell=1}\nx\n```\n```output {cell=1 dur=fast}\ny\n```\n", `bad.md:5: bad duration dur="fast"`},
		{Magic + "\n```go {cell=1}\nx\n```\n```output\ny\n```\n```error\nz\n```\n", "bad.md:8: second error block for cell 1"},
		{Magic + "\n```go {cell=1 at=noon}\nx\n```\n", `bad.md:2: bad time at="noon"`},
	} {
		_, err := Parse("bad.md", []byte(tc.src))
		if err == nil || err.Error() != tc.want {
			t.Errorf("Parse(%q) = %v, want %s", tc.src, err, tc.want)
		}
	}
}

// TestCutAtEveryOffset cuts a recorded transcript at every byte: every cut
// parses, and keeps every cell finished before the cut.
func TestCutAtEveryOffset(t *testing.T) {
	data, err := os.ReadFile(record(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	exe := append([]byte(Shebang+"\n"), data...)
	for _, full := range [][]byte{data, exe} {
		whole := mustParse(t, "s.md", full)
		for k := 0; k <= len(full); k++ {
			checkCut(t, whole, full, k, true)
		}
	}
}

// checkCut parses full[:k] and checks it against whole, the parse of full.
func checkCut(t *testing.T, whole *Transcript, full []byte, k int, recorded bool) {
	t.Helper()
	cut, err := Parse("s.md", full[:k])
	if err != nil {
		t.Fatalf("cut at %d: %v\n%s", k, err, full[:k])
	}
	// A block is finished once its closing fence is written; its final
	// newline may be missing.
	done := func(span [2]int) bool {
		return span[1] > 0 && (span[1] <= k || span[1]-1 <= k && full[span[1]-1] == '\n')
	}
	want := 0
	for _, c := range whole.Cells {
		if done(c.span) {
			want++
		}
	}
	// A cut of a file that ends mid-block may close that block early: only
	// a recorded transcript keeps exactly its finished cells.
	if len(cut.Cells) < want || recorded && len(cut.Cells) != want {
		t.Fatalf("cut at %d: %d cells, want %d\n%s", k, len(cut.Cells), want, full[:k])
	}
	for i, c := range cut.Cells[:want] {
		w := whole.Cells[i]
		if c.Src != w.Src || c.N != w.N || !c.At.Equal(w.At) {
			t.Fatalf("cut at %d: cell %d = %+v, want %+v", k, i, c, w)
		}
		if done(w.ospan) != (c.Output != nil) {
			t.Fatalf("cut at %d: cell %d output %+v, recorded output finished: %v", k, c.N, c.Output, done(w.ospan))
		}
		if c.Output != nil && !reflect.DeepEqual(*c.Output, *w.Output) {
			t.Fatalf("cut at %d: cell %d output %+v, want %+v", k, c.N, *c.Output, *w.Output)
		}
	}
	for _, n := range cut.Notes {
		if recorded && !strings.Contains(string(full), escapeNote(n.Text)) {
			t.Fatalf("cut at %d: note %q is not in the file", k, n.Text)
		}
	}
	if recorded && cut.Ended && k < len(full)-1 {
		t.Fatalf("cut at %d: footer seen before it was written", k)
	}
}

func FuzzParse(f *testing.F) {
	data, err := os.ReadFile(record(f, f.TempDir()))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data, len(data)/2)
	f.Add([]byte(handWritten), 10)
	f.Add([]byte("x := 1\nfunc f() {}\nf()\n"), 3)
	f.Add([]byte(gophernotes), 5)
	f.Fuzz(func(t *testing.T, data []byte, k int) {
		// Any input read as a script or a notebook: no panic.
		for _, name := range []string{"f.go", "f.ipynb"} {
			Parse(name, data)
		}
		// Any input: no panic; a transcript that parses formats back to
		// itself, and any cut of it parses and keeps its finished cells.
		tr, err := Parse("f.md", data)
		if err != nil {
			return
		}
		// (A file that is itself cut can have a cut that closes its last
		// block early, which the whole file dropped: only whole files.)
		if bytes.HasPrefix(data, []byte(Magic+"\n")) && !tr.Truncated {
			if k < 0 {
				k = -k
			}
			checkCut(t, tr, data, k%(len(data)+1), false)
		}
		again, err := Parse("f.md", Format(tr))
		if err != nil {
			t.Fatalf("format of a parsed transcript does not parse: %v\n%q\n%q", err, data, Format(tr))
		}
		// Format redacts: compare with what it was given, redacted.
		equal(t, "round trip", again, Redact(tr))
	})
}

func TestFormatFencesOutgrowContent(t *testing.T) {
	tr := &Transcript{Kind: KindTranscript, Cells: []*Cell{{N: 1, Src: "s := \"````\"", Output: &Output{Text: "`````x", Status: StatusOK}}}}
	out := unchained(Format(tr))
	if !strings.Contains(out, "\n`````go {cell=1}\n") || !strings.Contains(out, "\n``````output {cell=1}\n") {
		t.Errorf("fences too short:\n%s", out)
	}
	equal(t, "round trip", mustParse(t, "x.md", []byte(out)), tr)
}

func TestSlice(t *testing.T) {
	data, _ := os.ReadFile(record(t, t.TempDir()))
	tr := mustParse(t, "s.md", data)
	s := tr.Slice(3, 4)
	if got, want := len(s.Cells), 2; got != want {
		t.Fatalf("%d cells, want %d", got, want)
	}
	if s.Cells[0].N != 3 || s.Cells[1].N != 4 {
		t.Errorf("cells %d, %d", s.Cells[0].N, s.Cells[1].N)
	}
	if len(s.Notes) != 0 {
		t.Errorf("notes outside the range kept: %+v", s.Notes)
	}
	if got := tr.Slice(2, 5); len(got.Notes) != 2 || got.Notes[0].After != 1 {
		t.Errorf("notes of 2-5: %+v", got.Notes)
	}
}

func TestTruncated(t *testing.T) {
	data, _ := os.ReadFile(record(t, t.TempDir()))
	s := string(data)
	for _, tc := range []struct {
		cut       string // cut just before this text
		truncated bool
		cells     int
	}{
		{"\"200 OK\"\n```\n", true, 2},       // inside cell 2's output
		{"\n- aws.account", false, 2},        // between blocks
		{"ount: 123456789012", true, 2},      // inside a fact line
		{"\n```go {cell=4", false, 3},        // after cell 3
		{"time.Sleep(time.Hour)\n", true, 3}, // inside cell 4's input
	} {
		k := strings.Index(s, tc.cut)
		if k < 0 {
			t.Fatalf("%q not in the transcript", tc.cut)
		}
		tr := mustParse(t, "s.md", data[:k])
		if tr.Truncated != tc.truncated || len(tr.Cells) != tc.cells || tr.Ended {
			t.Errorf("cut before %q: truncated=%v cells=%d ended=%v, want truncated=%v cells=%d", tc.cut, tr.Truncated, len(tr.Cells), tr.Ended, tc.truncated, tc.cells)
		}
	}
}

// TestDocExample parses the example transcript of the package documentation:
// the documentation and the code agree, and the example is what Format
// writes.
func TestDocExample(t *testing.T) {
	example := docExample(t)
	tr := mustParse(t, "doc.md", []byte(example))
	if len(tr.Cells) != 2 || tr.Cells[1].Output.Text != `"200 OK"` || tr.Cells[1].Output.Dur != 1200*time.Microsecond ||
		tr.Cells[1].Output.Value.Type != "string" || !tr.Cells[1].Output.Value.Bound || len(tr.Facts) != 1 || len(tr.Notes) != 1 ||
		!tr.Ended || tr.Meta.ID != "20261122-001503-a1b2" || tr.Title != tr.Notes[0].Text {
		t.Errorf("the documented example reads as %s", dump(tr))
	}
	if got := string(Format(tr)); got != example {
		t.Errorf("Format of the documented example:\n%s\nwant:\n%s", got, example)
	}
}

// docExample is the example transcript of the package documentation.
func docExample(t *testing.T) string {
	t.Helper()
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	in := false
	for _, l := range strings.Split(string(doc), "\n") {
		if l == "//\t"+Magic {
			in = true
		}
		if in {
			lines = append(lines, strings.TrimPrefix(strings.TrimPrefix(l, "//"), "\t"))
			if strings.HasPrefix(l, "//\tended ") {
				break
			}
		}
	}
	return strings.Join(lines, "\n") + "\n"
}
