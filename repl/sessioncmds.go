package repl

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/opsh/opsh/sessions"
	"github.com/opsh/opsh/sessions/export"
)

// sessionCommands are the meta-commands about the session's transcript.
func sessionCommands() map[string]MetaCommand {
	return map[string]MetaCommand{
		"save":    {Usage: ":save FILE [N-M]", Help: "write the session (or cells N to M) to FILE: a transcript, or .go, or .ipynb", Run: (*Session).save},
		"load":    {Usage: ":load FILE", Help: "run the cells of a transcript, Go script or notebook in this session", Run: (*Session).load},
		"note":    {Usage: ":note TEXT", Help: "write a Markdown paragraph into the transcript (what you found, what you did)", Run: (*Session).note},
		"session": {Usage: ":session", Help: "this session's id, transcript file, and the contexts it used (AWS account …)", Run: (*Session).sessionInfo},
	}
}

func (s *Session) save(args string) error {
	fields := strings.Fields(args)
	if len(fields) == 0 || len(fields) > 2 {
		return fmt.Errorf("usage: :save FILE [N-M]")
	}
	t := s.Transcript()
	if len(fields) == 2 {
		from, to, err := cellRange(fields[1])
		if err != nil {
			return err
		}
		t = t.Slice(from, to)
	}
	if err := export.Save(fields[0], t); err != nil {
		return err
	}
	fmt.Fprintln(s.out, s.cfg.Theme.Dim(fmt.Sprintf("saved %d cells to %s", len(t.Cells), fields[0])))
	return nil
}

// cellRange parses "3-7" or "5".
func cellRange(arg string) (int, int, error) {
	a, b, isRange := strings.Cut(arg, "-")
	from, err1 := strconv.Atoi(a)
	to, err2 := from, error(nil)
	if isRange {
		to, err2 = strconv.Atoi(b)
	}
	if err1 != nil || err2 != nil || from < 1 || to < from {
		return 0, 0, fmt.Errorf("bad cell range %q: want N or N-M, as in 3-7", arg)
	}
	return from, to, nil
}

func (s *Session) load(path string) error {
	if path == "" {
		return fmt.Errorf("usage: :load FILE")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	t, err := sessions.Parse(path, data)
	if err != nil {
		return err
	}
	s.recordCommand(":load " + path)
	for _, c := range t.Cells {
		fmt.Fprintln(s.out, s.cfg.Theme.Dim(fmt.Sprintf("%s:%d ›", path, c.Line))+" "+firstLine(c.Src))
		if r := s.Do(context.Background(), c.Src); r.Failed {
			return fmt.Errorf("%s:%d: cell %d failed; the cells after it were not run", path, c.Line, c.N)
		}
	}
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func (s *Session) note(text string) error {
	if text == "" {
		return fmt.Errorf("usage: :note TEXT")
	}
	s.record.Notes = append(s.record.Notes, sessions.Note{Text: text, After: len(s.record.Cells)})
	if s.cfg.Recorder != nil {
		return s.cfg.Recorder.Note(text)
	}
	return nil
}

// TranscriptPath is the file the session is recorded to ("" when it is
// not recorded); the file is created with the first cell.
func (s *Session) TranscriptPath() string {
	if s.cfg.Recorder == nil {
		return ""
	}
	return s.cfg.Recorder.Path()
}

func (s *Session) sessionInfo(string) error {
	t := s.cfg.Theme
	m := s.record.Meta
	if s.cfg.Recorder != nil {
		fmt.Fprintf(s.out, "%s %s\n", t.Heading("session"), m.ID)
		fmt.Fprintf(s.out, "%s %s\n", t.Heading("transcript"), s.cfg.Recorder.Path())
	} else {
		fmt.Fprintln(s.out, t.Dim("this session is not recorded"))
	}
	fmt.Fprintf(s.out, "%s %s (%d cells)\n", t.Heading("started"), m.Start.UTC().Format("2006-01-02 15:04:05 UTC"), len(s.record.Cells))
	for _, f := range s.record.Facts {
		fmt.Fprintf(s.out, "%s %s\n", t.Heading(f.Key), f.Value)
	}
	return nil
}
