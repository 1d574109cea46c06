package sessions

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/opsh/opsh/internal/redact"
)

// Magic is the first line of a transcript (the second, after a #! line).
const Magic = "<!-- opsh transcript v1 -->"

// Shebang is the first line that makes a transcript executable.
const Shebang = "#!/usr/bin/env -S opsh run"

// Meta is a transcript's header.
type Meta struct {
	ID      string    // session id, see NewID
	Start   time.Time // when the session started
	User    string    // who ran it
	Host    string    // on which machine
	Version string    // opsh version, e.g. "v0.1.0"
}

// Status is how a cell ended.
type Status string

// The statuses of a cell.
const (
	StatusOK          Status = "ok"
	StatusError       Status = "error"
	StatusInterrupted Status = "interrupted" // cancelled with Ctrl-C, or killed while running
)

// Output is what a cell produced: the text shown to the user (streamed output
// and the displayed value), how it ended and how long it took.
type Output struct {
	Text   string
	Status Status // "" is taken as StatusOK
	Dur    time.Duration
	Value  *ValueInfo // what the REPL made of the cell's value; nil if nothing
}

// ValueInfo is what the REPL decided about a cell's value, recorded so that
// the Go export can write code that compiles.
type ValueInfo struct {
	Type  string // Go type of the value, "" if unknown
	Bound bool   // the value was bound to _ (and so to _N)
	Pair  bool   // the cell's value was a (T, error) pair the REPL unwrapped
}

// Kind is the kind of file a Transcript was read from.
type Kind string

// The kinds of file Parse reads.
const (
	KindTranscript Kind = "transcript" // opsh Markdown transcript (or any Markdown with go blocks)
	KindScript     Kind = "script"     // Go statements and declarations
	KindNotebook   Kind = "notebook"   // Jupyter .ipynb
)

// Transcript is a parsed session: its cells in order, with the notes and
// context facts written between them.
type Transcript struct {
	Name  string // file name given to Parse
	Kind  Kind
	Meta  Meta
	Cells []*Cell
	Notes []Note
	Facts []Fact

	// Ended is set when the transcript has its footer: the session exited
	// cleanly. A recorded transcript without a footer was interrupted.
	Ended    bool
	End      time.Time // the footer's end time
	Redacted int       // values redacted, as the footer counts them
	Title    string    // the footer's title (the first note), if any

	// Truncated is set when the file ends inside a block: it was cut while
	// being written. The unfinished block is dropped.
	Truncated bool

	links  []link // the blocks the hash chain covers, in order
	sigAt  int    // byte offset of the signature block; the file's length if none
	sigEnd int    // byte offset past the signature block
	sig    []byte // the armored SSH signature, nil if none
	sigLn  int    // line of the signature block

	cutLine int // line of the block (or line) the file ends inside, 0 if none
}

// Cell is one cell: its source and, if recorded, its output.
type Cell struct {
	N      int       // cell number
	At     time.Time // when it started; zero if unknown
	Src    string    // source, without a trailing newline
	Line   int       // line of the first source line in the file (1-based)
	Output *Output   // nil when nothing was recorded
	// SrcLine is the line of Src's first line when it is not Line: a Go
	// script's cell begins with the comments above its statement, and
	// Line is the statement's.
	SrcLine int
	// OutputLine is the line of the first output line, 0 if none.
	OutputLine int
	// DeclaredN is set when the source block named its cell number.
	DeclaredN bool

	span  [2]int // byte offsets of the input block
	ospan [2]int // byte offsets of the output block, if any
}

// FileLine is the file's line of the line l (1-based) of the cell's source.
func (c *Cell) FileLine(l int) int {
	first := c.Line
	if c.SrcLine > 0 {
		first = c.SrcLine
	}
	return first + l - 1
}

// Status is the cell's recorded status: that of its output, StatusOK if it
// finished with nothing to show, "" if nothing is known.
func (c *Cell) Status() Status {
	if c.Output == nil {
		return ""
	}
	if c.Output.Status == "" {
		return StatusOK
	}
	return c.Output.Status
}

// Note is Markdown prose between cells (a :note).
type Note struct {
	Text  string
	Line  int
	After int // how many cells precede it
}

// Fact is something learnt during the session that a reader needs, such as
// the AWS account or the Docker host used.
type Fact struct {
	Key, Value string
	Line       int
	After      int // how many cells precede it
}

// Cell returns the cell numbered n, or nil.
func (t *Transcript) Cell(n int) *Cell {
	for _, c := range t.Cells {
		if c.N == n {
			return c
		}
	}
	return nil
}

// Errors counts the cells that ended in error or were interrupted.
func (t *Transcript) Errors() int {
	n := 0
	for _, c := range t.Cells {
		if s := c.Status(); s == StatusError || s == StatusInterrupted {
			n++
		}
	}
	return n
}

// Slice returns a transcript with the cells numbered from to to (both
// included) and the notes and facts among them, for :save FILE 3-7.
func (t *Transcript) Slice(from, to int) *Transcript {
	out := &Transcript{Name: t.Name, Kind: t.Kind, Meta: t.Meta}
	first, last := -1, -1
	for i, c := range t.Cells {
		if c.N >= from && c.N <= to {
			if first < 0 {
				first = i
			}
			last = i
			cc := *c
			out.Cells = append(out.Cells, &cc)
		}
	}
	if first < 0 {
		return out
	}
	in := func(after int) bool { return after > first && after <= last }
	for _, n := range t.Notes {
		if in(n.After) {
			n.After -= first
			out.Notes = append(out.Notes, n)
		}
	}
	for _, f := range t.Facts {
		if in(f.After) || f.After <= first {
			f.After = max(f.After-first, 0)
			out.Facts = append(out.Facts, f)
		}
	}
	return out
}

// Format writes t as a v1 transcript, redacted and hash-chained (a new
// chain, over what it writes; a signature is not kept): Parse(Format(t))
// gives t back (line numbers aside).
func Format(t *Transcript) []byte {
	t = Redact(t)
	var b bytes.Buffer
	c := newChainer()
	b.Write(c.plain(header(t.Meta)))
	ni, fi := 0, 0
	prev := blockNone
	flush := func(after int) {
		for ; fi < len(t.Facts) && t.Facts[fi].After <= after; fi++ {
			b.Write(c.plain(factBlock(t.Facts[fi].Key, t.Facts[fi].Value, prev == blockFact)))
			prev = blockFact
		}
		for ; ni < len(t.Notes) && t.Notes[ni].After <= after; ni++ {
			b.Write(c.plain(noteBlock(t.Notes[ni].Text)))
			prev = blockNote
		}
	}
	for i, cell := range t.Cells {
		flush(i)
		b.Write(c.block(inputBlock(cell.N, cell.At, cell.Src)))
		if cell.Output != nil {
			b.Write(c.block(outputBlock(cell.N, *cell.Output)))
		}
		prev = blockCell
	}
	flush(len(t.Cells))
	if t.Ended {
		b.Write(c.footer(footer(t.End, t.Meta.Start, len(t.Cells), t.Errors(), t.Redacted, t.Title)))
	}
	return b.Bytes()
}

type blockKind int

const (
	blockNone blockKind = iota
	blockCell
	blockNote
	blockFact
)

// header is the magic line, a title and the started line.
func header(m Meta) []byte {
	var b strings.Builder
	b.WriteString(Magic + "\n# " + m.Heading() + "\n")
	if l := m.HeaderLine(); l != "" {
		b.WriteString(l + "\n")
	}
	return []byte(b.String())
}

// Heading is the header's title, without its "# ": "opsh session" and
// the start time, when it is known.
func (m Meta) Heading() string {
	if m.Start.IsZero() {
		return "opsh session"
	}
	return "opsh session " + m.Start.UTC().Format("2006-01-02 15:04 MST")
}

// HeaderLine is the header's line of fields, joined by " · ": "started"
// and the time, user@host, "opsh" and the version, "id" and the session
// id; those not known are left out, and it is "" when none is.
func (m Meta) HeaderLine() string {
	var f []string
	if !m.Start.IsZero() {
		f = append(f, "started "+m.Start.UTC().Format(time.RFC3339))
	}
	switch {
	case m.User != "" && m.Host != "":
		f = append(f, oneLine(m.User)+"@"+oneLine(m.Host))
	case m.User != "":
		f = append(f, oneLine(m.User)+"@")
	case m.Host != "":
		f = append(f, "@"+oneLine(m.Host))
	}
	if m.Version != "" {
		f = append(f, "opsh "+oneLine(m.Version))
	}
	if m.ID != "" {
		f = append(f, "id "+oneLine(m.ID))
	}
	return strings.Join(f, sep)
}

const sep = " · "

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, sep, " ")
}

// Fence returns a backtick fence longer than any backtick run in s, and at
// least three long: the fence of a Markdown code block that holds s.
func Fence(s string) string {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

func block(kind string, attrs []string, text string) []byte {
	f := Fence(text)
	var b strings.Builder
	b.WriteString(f + kind)
	if len(attrs) > 0 {
		b.WriteString(" {" + strings.Join(attrs, " ") + "}")
	}
	b.WriteString("\n")
	if text != "" {
		b.WriteString(text + "\n")
	}
	b.WriteString(f + "\n")
	return []byte(b.String())
}

func inputBlock(n int, at time.Time, src string) []byte {
	attrs := []string{"cell=" + strconv.Itoa(n)}
	if !at.IsZero() {
		attrs = append(attrs, "at="+at.UTC().Format(time.RFC3339))
	}
	return append([]byte("\n"), block("go", attrs, trimNL(src))...)
}

// outputBlock follows its input block directly, without a blank line.
func outputBlock(n int, o Output) []byte {
	kind := "output"
	attrs := []string{"cell=" + strconv.Itoa(n)}
	if o.Dur > 0 {
		attrs = append(attrs, "dur="+o.Dur.String())
	}
	switch o.Status {
	case StatusError:
		kind = "error"
	case StatusInterrupted:
		kind = "error"
		attrs = append(attrs, "status=interrupted")
	}
	if v := o.Value; v != nil {
		if v.Type != "" {
			attrs = append(attrs, "type="+attrValue(v.Type))
		}
		if v.Bound {
			attrs = append(attrs, "bound")
		}
		if v.Pair {
			attrs = append(attrs, "pair")
		}
	}
	return block(kind, attrs, trimNL(o.Text))
}

// attrValue quotes v when it has a character that ends a bare value.
func attrValue(v string) string {
	if v == "" || strings.ContainsAny(v, " \t\"{}=\n\\") {
		return strconv.Quote(v)
	}
	return v
}

// RoundDuration is d as a transcript records a cell's duration: to the
// second from a minute on, to 10 ms from a second, to 10 µs from a
// millisecond, to the microsecond from a microsecond.
func RoundDuration(d time.Duration) time.Duration {
	switch {
	case d >= time.Minute:
		return d.Round(time.Second)
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	case d >= time.Microsecond:
		return d.Round(time.Microsecond)
	}
	return d
}

func trimNL(s string) string { return strings.TrimRight(s, "\n") }

const (
	factMarker = " <!-- opsh fact -->"
	endMarker  = "<!-- opsh end"
)

// factBlock is a list item; consecutive facts form one list.
func factBlock(key, value string, continues bool) []byte {
	s := "- " + oneLine(key) + ": " + oneLine(value) + factMarker + "\n"
	if !continues {
		s = "\n" + s
	}
	return []byte(s)
}

func noteBlock(text string) []byte {
	return []byte("\n" + escapeNote(strings.Trim(text, "\n")) + "\n")
}

// footer reads "ended TIME · DURATION · N cells · E errors · R values
// redacted", followed by a comment holding the title for the index.
func footer(end, start time.Time, cells, errs, redacted int, title string) []byte {
	s := "\n" + footerLine(end, start, cells, errs, redacted) + " " + endMarker
	if title != "" {
		s += " title=" + strconv.Quote(title)
	}
	return []byte(s + " -->\n")
}

// footerLine is the footer's text, before its comment.
func footerLine(end, start time.Time, cells, errs, redacted int) string {
	f := []string{"ended " + end.UTC().Format(time.RFC3339)}
	if !start.IsZero() && !end.Before(start) {
		f = append(f, end.Sub(start).Round(time.Second).String())
	}
	f = append(f, plural(cells, "cell"), plural(errs, "error"))
	if redacted > 0 {
		f = append(f, plural(redacted, "value")+" redacted")
	}
	return strings.Join(f, sep)
}

// FooterLine is the text of t's footer, without its comment: "ended TIME
// · DURATION · N cells · E errors · R values redacted"; "" when t has no
// footer (the session did not end).
func (t *Transcript) FooterLine() string {
	if !t.Ended {
		return ""
	}
	return footerLine(t.End, t.Meta.Start, len(t.Cells), t.Errors(), t.Redacted)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// titleOf is the first line of a note, shortened for the index.
func titleOf(note string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(note), "\n")
	line = strings.TrimLeft(line, "#> ")
	if r := []rune(line); len(r) > 72 {
		line = string(r[:71]) + "…"
	}
	return strings.ReplaceAll(line, "--", "- -")
}

// escapeNote keeps a note from being read as anything but prose. A line
// that would open a fence gets a backslash before each character of its
// leading run of backticks, tildes and backslashes (so does a line that
// already looks escaped, to read back the same); an opsh marker comment gets
// one before its '<'. Markdown renders escaped characters as themselves.
func escapeNote(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		rest := strings.TrimLeft(l, " ")
		ind := len(l) - len(rest)
		if ind <= 3 && (strings.HasPrefix(rest, "```") || strings.HasPrefix(rest, "~~~") || escapedPairs(rest) >= 3) {
			run := len(rest) - len(strings.TrimLeft(rest, "`~\\"))
			var b strings.Builder
			b.WriteString(l[:ind])
			for k := 0; k < run; k++ {
				b.WriteByte('\\')
				b.WriteByte(rest[k])
			}
			b.WriteString(rest[run:])
			l = b.String()
		}
		lines[i] = strings.ReplaceAll(l, "<!-- opsh", `\<!-- opsh`)
	}
	return strings.Join(lines, "\n")
}

// escapedPairs counts the backslash-escaped backticks, tildes and
// backslashes s starts with.
func escapedPairs(s string) int {
	n := 0
	for 2*n+1 < len(s) && s[2*n] == '\\' && strings.IndexByte("`~\\", s[2*n+1]) >= 0 {
		n++
	}
	return n
}

func unescapeNote(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		rest := strings.TrimLeft(l, " ")
		ind := len(l) - len(rest)
		if pairs := escapedPairs(rest); ind <= 3 && pairs >= 3 {
			var b strings.Builder
			b.WriteString(l[:ind])
			for k := 0; k < pairs; k++ {
				b.WriteByte(rest[2*k+1])
			}
			b.WriteString(rest[2*pairs:])
			l = b.String()
		}
		lines[i] = strings.ReplaceAll(l, `\<!-- opsh`, "<!-- opsh")
	}
	return strings.Join(lines, "\n")
}

// Redact returns a copy of t with every text passed through
// redact.String: an export never carries a secret the session registered,
// even one registered after the transcript was written.
func Redact(t *Transcript) *Transcript {
	r := *t
	r.Meta.User, r.Meta.Host = redact.String(t.Meta.User), redact.String(t.Meta.Host)
	r.Title = redact.String(t.Title)
	r.Cells = make([]*Cell, len(t.Cells))
	for i, c := range t.Cells {
		cc := *c
		cc.Src = redact.String(c.Src)
		if c.Output != nil {
			o := *c.Output
			o.Text = redact.String(o.Text)
			cc.Output = &o
		}
		r.Cells[i] = &cc
	}
	r.Notes = append([]Note(nil), t.Notes...)
	for i := range r.Notes {
		r.Notes[i].Text = redact.String(r.Notes[i].Text)
	}
	r.Facts = append([]Fact(nil), t.Facts...)
	for i := range r.Facts {
		r.Facts[i].Value = redact.String(r.Facts[i].Value)
	}
	return &r
}
