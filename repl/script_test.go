package repl

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/sessions"
)

// memRecorder keeps what a session records, for tests. Its syncs take
// syncDelay, and it notes when each returned.
type memRecorder struct {
	inputs    []string
	outputs   []sessions.Output
	syncDelay time.Duration
	synced    []time.Time
}

func (m *memRecorder) Stage(_ int, _ time.Time, src string) (func() error, error) {
	m.inputs = append(m.inputs, src)
	return func() error {
		time.Sleep(m.syncDelay)
		m.synced = append(m.synced, time.Now())
		return nil
	}, nil
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
	return runRecordedBy(t, &memRecorder{}, cfg, input...)
}

func runRecordedBy(t *testing.T, rec *memRecorder, cfg Config, input ...string) (string, *memRecorder) {
	t.Helper()
	var out bytes.Buffer
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

// TestCellsRunAfterTheirInputIsOnDisk checks that no cell runs, nor shows
// a value by the user's String method, before the recorder's sync of its
// input returned, though the worker prepares it meanwhile.
func TestCellsRunAfterTheirInputIsOnDisk(t *testing.T) {
	rec := &memRecorder{syncDelay: 150 * time.Millisecond}
	out, _ := runRecordedBy(t, rec, Config{},
		`type stamp int`,
		`func (stamp) String() string { return fmt.Sprint(time.Now().UnixNano()) }`,
		`fmt.Println(time.Now().UnixNano())`,
		`stamp(1)`,
	)
	var printed, shown int64
	if _, err := fmt.Sscanf(out, "%d\n%d\n", &printed, &shown); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if len(rec.synced) != 4 {
		t.Fatalf("%d syncs, want one a cell (4)", len(rec.synced))
	}
	for _, c := range []struct {
		what string
		at   int64
		cell int
	}{{"printed", printed, 3}, {"shown", shown, 4}} {
		if synced := rec.synced[c.cell-1]; time.Unix(0, c.at).Before(synced) {
			t.Errorf("cell %d %s %v before its input was synced", c.cell, c.what, synced.Sub(time.Unix(0, c.at)))
		}
	}
}
