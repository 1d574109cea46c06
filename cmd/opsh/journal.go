package main

import (
	"bytes"
	"io"
	"os"
	"sync"
)

// journaled gives std's output streams syslog priority prefixes when
// systemd's journal reads them (sd-daemon(3): a line starting "<3>" is an
// error, "<4>" a warning, "<6>" information), so that `journalctl -p err`
// finds the failures of a script run by a service or a timer. A stream is
// the journal's when JOURNAL_STREAM, which systemd sets to the device and
// inode of the stream it connects, names that stream: the output of a run
// redirected to a file, or a terminal, is left as it is.
//
// Standard output is information; standard error holds errors, and
// warnings (a line with "warning:"). A line that already starts with a
// priority (<0> to <7>) keeps it, so a script may choose its own.
func journaled(std stdio, getenv func(string) string) stdio {
	stream := getenv("JOURNAL_STREAM")
	if stream == "" {
		return std
	}
	if f, ok := std.out.(*os.File); ok && isJournal(f, stream) {
		std.out = &priorityWriter{w: std.out, priority: func([]byte) string { return "<6>" }}
	}
	if f, ok := std.err.(*os.File); ok && isJournal(f, stream) {
		std.err = &priorityWriter{w: std.err, priority: errorPriority}
	}
	return std
}

// errorPriority is the priority of a line on standard error.
func errorPriority(line []byte) string {
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if bytes.Contains(line, []byte("warning:")) {
		return "<4>"
	}
	return "<3>"
}

// priorityWriter starts every line written to w with a priority prefix.
// It does not wait for a line's end: the prefix is chosen from the start of
// the line, as far as the write that begins it holds it (fmt.Fprintln
// writes a whole line at once).
type priorityWriter struct {
	mu       sync.Mutex
	w        io.Writer
	priority func(line []byte) string
	midLine  bool // the last write ended inside a line
}

var _ io.Writer = (*priorityWriter)(nil)

func (p *priorityWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]byte, 0, len(b)+8)
	for rest := b; len(rest) > 0; {
		if !p.midLine && !hasPriority(rest) {
			out = append(out, p.priority(rest)...)
		}
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			out = append(out, rest...)
			p.midLine = true
			break
		}
		out = append(out, rest[:i+1]...)
		rest = rest[i+1:]
		p.midLine = false
	}
	if _, err := p.w.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}

// hasPriority reports whether line starts with a syslog priority prefix.
func hasPriority(line []byte) bool {
	return len(line) >= 3 && line[0] == '<' && line[1] >= '0' && line[1] <= '7' && line[2] == '>'
}
