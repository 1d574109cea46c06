package repl

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/sessions"
)

// memRecorder keeps what a session records, for tests.
type memRecorder struct {
	inputs  []string
	outputs []sessions.Output
}

func (m *memRecorder) Input(_ int, _ time.Time, src string) error {
	m.inputs = append(m.inputs, src)
	return nil
}
func (m *memRecorder) Output(_ int, out sessions.Output) error {
	m.outputs = append(m.outputs, out)
	return nil
}
func (m *memRecorder) Note(string) error            { return nil }
func (m *memRecorder) Context(string, string) error { return nil }
func (m *memRecorder) Path() string                 { return "mem.md" }
func (m *memRecorder) Meta() sessions.Meta          { return sessions.Meta{} }

func runRecorded(t *testing.T, cfg Config, input ...string) (string, *memRecorder) {
	t.Helper()
	var out bytes.Buffer
	rec := &memRecorder{}
	cfg.Reader, cfg.Stdout, cfg.Stderr, cfg.Backend, cfg.Recorder = &lines{input}, &out, &out, newWorker(t), rec
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background()); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	return out.String(), rec
}

// TestScriptComments: comment-only lines of a piped script go with the
// cell after them; comments at the end are dropped.
func TestScriptComments(t *testing.T) {
	_, rec := runRecorded(t, Config{},
		"// How many hosts?",
		"// (two)",
		"",
		"n := 2",
		"n",
		"  // the end",
	)
	want := []string{"// How many hosts?\n// (two)\nn := 2", "n"}
	if strings.Join(rec.inputs, "|") != strings.Join(want, "|") {
		t.Errorf("cells %q, want %q", rec.inputs, want)
	}
}

// TestQuiet: under Quiet a cell's value is recorded but not shown; what
// the cell prints, and errors, are shown.
func TestQuiet(t *testing.T) {
	out, rec := runRecorded(t, Config{Quiet: true},
		`x := 40`,
		`x + 2`,
		`fmt.Println("printed", x)`,
	)
	if out != "printed 40\n" {
		t.Errorf("quiet output %q", out)
	}
	if len(rec.outputs) != 3 || rec.outputs[1].Text != "42\n" {
		t.Errorf("recorded outputs %+v", rec.outputs)
	}
	var b bytes.Buffer
	s, err := New(Config{Reader: &lines{[]string{`x := 1`, `x + "a"`}}, Stdout: &b, Stderr: &b, Backend: newWorker(t), Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background()); err == nil || !strings.Contains(b.String(), "error: ") {
		t.Errorf("quiet error: %v %q", err, b.String())
	}
}
