package sessions

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Summary is one line of the session index.
type Summary struct {
	ID          string
	Path        string
	Start       time.Time
	Duration    time.Duration // to the footer's end, or to the end of the last recorded cell
	Cells       int
	Errors      int
	Redacted    int
	Interrupted bool   // no footer: the session did not exit cleanly (or is still running)
	Running     bool   // a live opsh is still recording it
	Title       string // the first note, else the first cell's first line
}

// Summaries is the session index, newest first.
type Summaries []Summary

// headSize and tailSize are how much of a transcript List reads: the header
// and first cell are at the head, the footer at the tail.
const (
	headSize = 4 << 10
	tailSize = 4 << 10 // the footer and a signature (an RSA one is 2 KiB)
)

// List summarises the transcripts in dir, newest first. It reads only the
// head and the tail of a transcript that has its footer; one without (an
// interrupted or running session) is read whole. A missing dir is an empty
// list.
func List(dir string) (Summaries, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	var out Summaries
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		s, err := summarize(filepath.Join(dir, e.Name()))
		if err != nil {
			continue // not a transcript, or unreadable: not a session
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.After(out[j].Start)
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

var errNotTranscript = errors.New("not an opsh transcript")

func summarize(path string) (Summary, error) {
	f, err := os.Open(path)
	if err != nil {
		return Summary{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Summary{}, err
	}
	size := fi.Size()
	head := make([]byte, min(size, headSize))
	if _, err := io.ReadFull(f, head); err != nil {
		return Summary{}, err
	}
	if body, _ := skipShebang(head); !bytes.HasPrefix(body, []byte(Magic)) {
		return Summary{}, errNotTranscript
	}
	s := Summary{ID: strings.TrimSuffix(filepath.Base(path), ".md"), Path: path}
	tail := head
	if size > headSize {
		tail = make([]byte, min(size, tailSize))
		if _, err := f.ReadAt(tail, size-int64(len(tail))); err != nil {
			return Summary{}, err
		}
	}
	ht, err := Parse(path, head)
	if err != nil {
		return Summary{}, err
	}
	s.Start = ht.Meta.Start
	if ht.Meta.ID != "" {
		s.ID = ht.Meta.ID
	}
	if foot, ok := lastFooter(tail); ok {
		end, cells, errs, redacted, title := foot.end, foot.cells, foot.errs, foot.redacted, foot.title
		s.Cells, s.Errors, s.Redacted = cells, errs, redacted
		if !s.Start.IsZero() && !end.IsZero() {
			s.Duration = end.Sub(s.Start)
		}
		s.Title = title
		if s.Title == "" && len(ht.Cells) > 0 {
			s.Title = cellTitle(ht.Cells[0].Src)
		}
		return s, nil
	}
	// No footer: read it all.
	data, err := os.ReadFile(path)
	if err != nil {
		return Summary{}, err
	}
	t, err := Parse(path, data)
	if err != nil {
		return Summary{}, err
	}
	s.Interrupted = true
	s.Running = locked(f)
	s.Cells, s.Errors = len(t.Cells), t.Errors()
	s.Redacted = strings.Count(string(data), "«redacted:")
	if len(t.Notes) > 0 {
		s.Title = titleOf(t.Notes[0].Text)
	} else if len(t.Cells) > 0 {
		s.Title = cellTitle(t.Cells[0].Src)
	}
	if n := len(t.Cells); n > 0 && !s.Start.IsZero() {
		last := t.Cells[n-1]
		if !last.At.IsZero() {
			s.Duration = last.At.Sub(s.Start)
			if last.Output != nil {
				s.Duration += last.Output.Dur
			}
		}
	}
	return s, nil
}

type footerInfo struct {
	end                   time.Time
	cells, errs, redacted int
	title                 string
}

// lastFooter finds the footer line at the end of tail.
func lastFooter(tail []byte) (footerInfo, bool) {
	if i := bytes.LastIndex(tail, []byte("\n"+sigOpen+"\n")); i >= 0 {
		tail = tail[:i+1] // a signed transcript: the footer is before its signature
	}
	tail = bytes.TrimRight(tail, "\n")
	i := bytes.LastIndexByte(tail, '\n')
	l := string(tail[i+1:])
	if !strings.HasPrefix(l, "ended ") || !strings.Contains(l, " "+endMarker) {
		return footerInfo{}, false
	}
	var t Transcript
	parseFooter(&t, l)
	fi := footerInfo{end: t.End, redacted: t.Redacted, title: t.Title}
	vis, _, _ := strings.Cut(l, " "+endMarker)
	for _, f := range strings.Split(vis, sep) {
		n, what, ok := strings.Cut(f, " ")
		if !ok {
			continue
		}
		v, err := strconv.Atoi(n)
		if err != nil {
			continue
		}
		switch what {
		case "cell", "cells":
			fi.cells = v
		case "error", "errors":
			fi.errs = v
		}
	}
	return fi, true
}

// cellTitle is a cell's first line that is not a comment, shortened.
func cellTitle(src string) string {
	for _, l := range strings.Split(src, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "//") {
			return titleOf(l)
		}
	}
	return ""
}

// Display is the index as a table, as `opsh sessions` prints it.
func (ss Summaries) Display() string {
	if len(ss) == 0 {
		return "no sessions recorded\n"
	}
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tSTART\tDURATION\tCELLS\tERRORS\tSTATE\tTITLE")
	for _, s := range ss {
		state := "ok"
		switch {
		case s.Running:
			state = "running"
		case s.Interrupted:
			state = "interrupted"
		}
		start := ""
		if !s.Start.IsZero() {
			start = s.Start.UTC().Format("2006-01-02 15:04")
		}
		dur := shortDur(s.Duration)
		if s.Duration == 0 && !s.Interrupted && !s.Start.IsZero() {
			dur = "0s" // ended within the second it started
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\t%s\t%s\n", s.ID, start, dur, s.Cells, s.Errors, state, s.Title)
	}
	w.Flush()
	return b.String()
}

// shortDur is a session's length for people: "42s" under a minute, then
// "1m10s" (rounded to the second) under an hour, then "3h02m" (rounded to
// the minute); "-" when unknown.
func shortDur(d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	if s := d.Round(time.Second); s < time.Hour {
		if s < time.Minute {
			return fmt.Sprintf("%ds", s/time.Second)
		}
		return fmt.Sprintf("%dm%02ds", s/time.Minute, s%time.Minute/time.Second)
	}
	m := d.Round(time.Minute)
	return fmt.Sprintf("%dh%02dm", m/time.Hour, m%time.Hour/time.Minute)
}

// ErrNotFound is returned by Find when no session matches.
var ErrNotFound = errors.New("no such session")

// Find returns the transcript of session id in dir. id may be a whole id,
// a unique prefix of one ("20261122-0015"), a unique suffix of one (its
// random part "a1b2", or "001503-a1b2": people copy the end of an id), or
// "last" for the newest session. A trailing ".md" is ignored.
func Find(dir, id string) (string, error) {
	if id == "" {
		return "", fmt.Errorf("find session: %w: empty id", ErrNotFound)
	}
	if id == "last" {
		ss, err := List(dir)
		if err != nil {
			return "", err
		}
		if len(ss) == 0 {
			return "", fmt.Errorf("find session: %w in %s", ErrNotFound, dir)
		}
		return ss[0].Path, nil
	}
	id = strings.TrimSuffix(id, ".md")
	if strings.ContainsAny(id, `/\`) || id == "" {
		return "", fmt.Errorf("find session %q: %w", id, ErrNotFound)
	}
	exact := filepath.Join(dir, id+".md")
	if _, err := os.Stat(exact); err == nil {
		return exact, nil
	}
	ents, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("find session %q: %w", id, err)
	}
	var ids []string
	for _, e := range ents {
		name, ok := strings.CutSuffix(e.Name(), ".md")
		if !ok || e.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		if strings.HasPrefix(name, id) || strings.HasSuffix(name, id) {
			ids = append(ids, name)
		}
	}
	switch len(ids) {
	case 0:
		return "", fmt.Errorf("find session %q: %w (opsh sessions lists them)", id, ErrNotFound)
	case 1:
		return filepath.Join(dir, ids[0]+".md"), nil
	}
	n := len(ids)
	sort.Sort(sort.Reverse(sort.StringSlice(ids)))
	if len(ids) > 5 {
		ids = append(ids[:5], "…")
	}
	return "", fmt.Errorf("find session %q: %d sessions match: %s", id, n, strings.Join(ids, ", "))
}

// Show writes session id's transcript (see Find) to w, and says so at the
// end when the session was interrupted or is still running.
func Show(w io.Writer, dir, id string) error {
	path, err := Find(dir, id)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("show session: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return err
	}
	if _, ok := lastFooter(data); !ok {
		state := "interrupted: the session did not exit cleanly"
		if f, err := os.Open(path); err == nil {
			if locked(f) {
				state = "running: the session is still being recorded"
			}
			f.Close()
		}
		fmt.Fprintf(w, "\n(%s)\n", state)
	}
	return nil
}
