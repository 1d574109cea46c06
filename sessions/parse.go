package sessions

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Parse reads a transcript, a Go script or a Jupyter notebook; name (a file
// name) is used in errors and, with the content, to tell which it is:
//
//   - *.go is a Go script: each top-level statement or declaration is a cell;
//   - *.ipynb is a notebook;
//   - *.md and *.markdown, and a file starting with the magic line Magic,
//     are transcripts (any Markdown with go blocks replays);
//   - otherwise a file starting with '{' is a notebook, and anything else a
//     Go script.
//
// A first line starting with #! is skipped. A transcript cut at any byte
// parses: every cell finished before the cut is kept, and Truncated says that
// the file ended inside a block. A malformed file is an error naming its line.
func Parse(name string, data []byte) (*Transcript, error) {
	body, skipped := skipShebang(data)
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	ext := strings.ToLower(filepath.Ext(name))
	var (
		t   *Transcript
		err error
	)
	switch {
	case ext == ".go":
		t, err = parseScript(name, body, skipped)
	case ext == ".ipynb":
		t, err = parseNotebook(name, data)
	case ext == ".md" || ext == ".markdown" || bytes.HasPrefix(body, []byte(Magic)) ||
		bytes.HasPrefix([]byte(Magic), body) || bytes.HasPrefix(trimmed, []byte("<!--")):
		t, err = parseTranscript(name, data, skipped)
	case bytes.HasPrefix(trimmed, []byte("{")):
		t, err = parseNotebook(name, data)
	default:
		t, err = parseScript(name, body, skipped)
	}
	if err != nil {
		return nil, err
	}
	t.Name = name
	return t, nil
}

// skipShebang returns data without a first #! line, and the number of
// bytes skipped.
func skipShebang(data []byte) ([]byte, int) {
	if !bytes.HasPrefix(data, []byte("#!")) {
		return data, 0
	}
	i := bytes.IndexByte(data, '\n')
	if i < 0 {
		return nil, len(data)
	}
	return data[i+1:], i + 1
}

// line is one line of a file.
type line struct {
	text       string // without the newline (and a trailing \r)
	n          int    // 1-based line number
	start, end int    // byte offsets; end is past the newline
	partial    bool   // the file ends in this line, with no newline
}

func splitLines(data []byte, from int) []line {
	var out []line
	n := bytes.Count(data[:from], []byte("\n")) + 1
	for off := from; off < len(data); n++ {
		i := bytes.IndexByte(data[off:], '\n')
		l := line{n: n, start: off}
		if i < 0 {
			l.text, l.end, l.partial = string(data[off:]), len(data), true
		} else {
			l.text, l.end = string(data[off:off+i]), off+i+1
		}
		l.text = strings.TrimRight(l.text, "\r")
		out = append(out, l)
		off = l.end
	}
	return out
}

// fenceOpen recognises an opening fence: up to three spaces, three or more
// backticks or tildes, an info string.
func fenceOpen(s string) (indent int, fence, info string, ok bool) {
	t := strings.TrimLeft(s, " ")
	indent = len(s) - len(t)
	if indent > 3 || len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return 0, "", "", false
	}
	c := t[0]
	n := 0
	for n < len(t) && t[n] == c {
		n++
	}
	if n < 3 {
		return 0, "", "", false
	}
	info = strings.TrimSpace(t[n:])
	if c == '`' && strings.Contains(info, "`") {
		return 0, "", "", false
	}
	return indent, t[:n], info, true
}

// fenceCloses reports whether s closes a block opened with fence.
func fenceCloses(s, fence string) bool {
	t := strings.TrimLeft(s, " ")
	if len(s)-len(t) > 3 {
		return false
	}
	t = strings.TrimRight(t, " \t")
	return len(t) >= len(fence) && strings.Trim(t, fence[:1]) == ""
}

type attrs struct {
	words map[string]string // key → value ("" for a bare word)
}

func (a attrs) has(k string) bool { _, ok := a.words[k]; return ok }

// parseInfo splits an info string "go {cell=1 at=...}" into its kind and
// attributes.
func parseInfo(info string) (kind string, a attrs, err error) {
	kind, rest, _ := strings.Cut(info, " ")
	rest = strings.TrimSpace(rest)
	a.words = map[string]string{}
	if rest == "" {
		return kind, a, nil
	}
	if !strings.HasPrefix(rest, "{") || !strings.HasSuffix(rest, "}") {
		return kind, a, nil // an ordinary Markdown info string
	}
	s := strings.TrimSpace(rest[1 : len(rest)-1])
	for s != "" {
		i := strings.IndexAny(s, "= ")
		if i < 0 {
			a.words[s] = ""
			break
		}
		key := s[:i]
		if key == "" {
			return "", a, fmt.Errorf("bad attribute list %q", rest)
		}
		if s[i] == ' ' {
			a.words[key] = ""
			s = strings.TrimLeft(s[i:], " ")
			continue
		}
		s = s[i+1:]
		var val string
		if strings.HasPrefix(s, `"`) {
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return "", a, fmt.Errorf("bad quoted value for %s", key)
			}
			val, _ = strconv.Unquote(q)
			s = s[len(q):]
		} else {
			j := strings.IndexByte(s, ' ')
			if j < 0 {
				j = len(s)
			}
			val, s = s[:j], s[j:]
		}
		a.words[key] = val
		s = strings.TrimLeft(s, " ")
	}
	return kind, a, nil
}

// parseTranscript reads the v1 format; see the package documentation.
func parseTranscript(name string, data []byte, from int) (*Transcript, error) {
	p := &tparser{name: name, data: data, lines: splitLines(data, from),
		t: &Transcript{Kind: KindTranscript, sigAt: len(data), sigEnd: len(data)}}
	i, cutInMagic := p.header(from)
	if cutInMagic {
		return p.t, nil
	}
	for i < len(p.lines) {
		next, stop, err := p.line(i)
		if err != nil {
			return nil, err
		}
		if stop {
			break
		}
		i = next
	}
	p.flush()
	p.t.Notes = mergeNotes(p.t.Notes)
	return p.t, nil
}

// tparser reads a transcript line by line.
type tparser struct {
	name  string
	data  []byte
	lines []line
	t     *Transcript
	prose []line // the lines of the note being read
}

func (p *tparser) errorf(l line, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.name, l.n, fmt.Sprintf(format, args...))
}

// header reads the magic line, the title and the started line, and
// returns the index of the first line after them; cutInMagic is set for a
// file cut inside its magic line.
func (p *tparser) header(from int) (i int, cutInMagic bool) {
	lines, t := p.lines, p.t
	magic := len(lines) > 0 && lines[0].text == Magic
	if n := len(lines); n > 0 && lines[n-1].partial && (magic || bytes.HasPrefix([]byte(Magic), p.data[from:])) {
		// A recorder always ends what it writes with a newline: a last line
		// without one was cut. It may still close a block; nothing else.
		t.Truncated = true
	}
	if !magic {
		return 0, len(lines) > 0 && bytes.HasPrefix([]byte(Magic), []byte(lines[0].text)) && lines[0].partial
	}
	i = 1
	if i < len(lines) && strings.HasPrefix(lines[i].text, "# opsh session") && !lines[i].partial {
		i++
		// The line right after the title is the header's.
		if i < len(lines) && strings.TrimSpace(lines[i].text) != "" && !lines[i].partial {
			if _, _, _, fence := fenceOpen(lines[i].text); !fence {
				t.Meta = parseStarted(lines[i].text)
				i++
			}
		}
	}
	return i, false
}

// flush ends the note being read, without its blank lines around.
func (p *tparser) flush() {
	prose := p.prose
	for len(prose) > 0 && strings.TrimSpace(prose[0].text) == "" {
		prose = prose[1:]
	}
	for len(prose) > 0 && strings.TrimSpace(prose[len(prose)-1].text) == "" {
		prose = prose[:len(prose)-1]
	}
	p.prose = p.prose[:0]
	if len(prose) == 0 {
		return
	}
	texts := make([]string, len(prose))
	for k, l := range prose {
		texts[k] = l.text
	}
	p.t.Notes = append(p.t.Notes, Note{Text: unescapeNote(strings.Join(texts, "\n")), Line: prose[0].n, After: len(p.t.Cells)})
}

// line reads what starts at line i and returns the index of the line after
// it; stop is set where the file was cut.
func (p *tparser) line(i int) (next int, stop bool, err error) {
	l := p.lines[i]
	if l.partial && p.t.Truncated {
		p.t.cutLine = l.n
		return 0, true, nil // a cut line, not a closing fence (those are consumed with their block)
	}
	indent, f, info, ok := fenceOpen(l.text)
	if !ok {
		next, stop = p.markerLine(i)
		return next, stop, nil
	}
	return p.block(i, indent, f, info)
}

// markerLine reads a line outside blocks: a fact, the footer, the
// signature block, or prose.
func (p *tparser) markerLine(i int) (next int, stop bool) {
	l, t := p.lines[i], p.t
	switch {
	case strings.HasPrefix(l.text, "- ") && strings.HasSuffix(l.text, factMarker):
		p.flush()
		kv := strings.TrimSuffix(l.text[2:], factMarker)
		k, v, _ := strings.Cut(kv, ": ")
		t.Facts = append(t.Facts, Fact{Key: k, Value: v, Line: l.n, After: len(t.Cells)})
	case strings.HasPrefix(l.text, "ended ") && strings.Contains(l.text, " "+endMarker):
		p.flush()
		parseFooter(t, l.text)
		t.links = append(t.links, chainLink(l.text, l.start, l.end, l.n, 0, false, !l.partial))
	case l.text == sigOpen:
		p.flush()
		end := sigClose(p.lines, i)
		if end < 0 {
			t.Truncated, t.cutLine = true, l.n
			return 0, true
		}
		t.readSignature(p.data, p.lines[i:end+1])
		return end + 1, false
	default:
		p.prose = append(p.prose, l)
	}
	return i + 1, false
}

// block reads the fenced block opened at line i.
func (p *tparser) block(i, indent int, f, info string) (next int, stop bool, err error) {
	lines, l := p.lines, p.lines[i]
	end := -1
	for j := i + 1; j < len(lines); j++ {
		if fenceCloses(lines[j].text, f) {
			end = j
			break
		}
	}
	kind, a, err := parseInfo(info)
	if err != nil {
		return 0, false, p.errorf(l, "%v", err)
	}
	switch kind {
	case "go", "golang", "output", "error":
	default:
		// An ordinary fenced block: prose, up to its end.
		if end < 0 {
			end = len(lines) - 1
		}
		p.prose = append(p.prose, lines[i:end+1]...)
		return end + 1, false, nil
	}
	if end < 0 {
		p.t.Truncated, p.t.cutLine = true, l.n // cut inside the block: drop it
		return 0, true, nil
	}
	p.flush()
	b := fenced{l: l, kind: kind, a: a, text: p.blockText(i, end, indent), span: [2]int{l.start, lines[end].end}, complete: !lines[end].partial}
	if kind == "go" || kind == "golang" {
		err = p.input(b)
	} else {
		err = p.output(b)
	}
	return end + 1, false, err
}

// fenced is a go, output or error block read whole.
type fenced struct {
	l        line // its opening line
	kind     string
	a        attrs
	text     string
	span     [2]int // its bytes
	complete bool   // its closing line ends in a newline
}

// cellNumber is the block's cell=N, if it has one.
func (p *tparser) cellNumber(b fenced) (n int, has bool, err error) {
	if !b.a.has("cell") {
		return 0, false, nil
	}
	if n, err = strconv.Atoi(b.a.words["cell"]); err != nil || n < 0 {
		return 0, false, p.errorf(b.l, "bad cell number %q", b.a.words["cell"])
	}
	return n, true, nil
}

// blockText is the text between lines i and end, without the opening
// fence's indentation.
func (p *tparser) blockText(i, end, indent int) string {
	body := make([]string, 0, end-i-1)
	for _, bl := range p.lines[i+1 : end] {
		s := bl.text
		k := 0
		for k < indent && k < len(s) && s[k] == ' ' {
			k++
		}
		body = append(body, s[k:])
	}
	return trimNL(strings.Join(body, "\n"))
}

func (p *tparser) link(b fenced, cell int, output bool) {
	p.t.links = append(p.t.links, chainLink(b.l.text, b.l.start, b.span[1], b.l.n, cell, output, b.complete))
}

// input reads a go block: a cell.
func (p *tparser) input(b fenced) error {
	n, hasN, err := p.cellNumber(b)
	if err != nil {
		return err
	}
	c := &Cell{N: n, DeclaredN: hasN, Src: b.text, Line: b.l.n + 1, span: b.span}
	if !hasN {
		c.N = len(p.t.Cells) + 1
	}
	if at, ok := b.a.words["at"]; ok {
		if c.At, err = time.Parse(time.RFC3339, at); err != nil {
			return p.errorf(b.l, "bad time at=%q", at)
		}
	}
	p.t.Cells = append(p.t.Cells, c)
	p.link(b, c.N, false)
	return nil
}

// output reads an output or error block, which belongs to the cell just
// before it.
func (p *tparser) output(b fenced) error {
	n, hasN, err := p.cellNumber(b)
	if err != nil {
		return err
	}
	if len(p.t.Cells) == 0 {
		return p.errorf(b.l, "%s block before any go block", b.kind)
	}
	c := p.t.Cells[len(p.t.Cells)-1]
	if hasN && n != c.N {
		return p.errorf(b.l, "%s block for cell %d follows cell %d", b.kind, n, c.N)
	}
	if c.Output != nil {
		return p.errorf(b.l, "second %s block for cell %d", b.kind, c.N)
	}
	o := &Output{Text: b.text, Status: StatusOK}
	if b.kind == "error" {
		o.Status = StatusError
		if b.a.words["status"] == string(StatusInterrupted) {
			o.Status = StatusInterrupted
		}
	}
	if d, ok := b.a.words["dur"]; ok {
		if o.Dur, err = time.ParseDuration(d); err != nil || o.Dur < 0 {
			return p.errorf(b.l, "bad duration dur=%q", d)
		}
	}
	if b.a.words["type"] != "" || b.a.has("bound") || b.a.has("pair") {
		o.Value = &ValueInfo{Type: b.a.words["type"], Bound: b.a.has("bound"), Pair: b.a.has("pair")}
	}
	c.Output, c.OutputLine, c.ospan = o, b.l.n+1, b.span
	p.link(b, c.N, true)
	return nil
}

// mergeNotes joins notes between the same two cells (prose split by a fact
// or an output block) into one.
func mergeNotes(notes []Note) []Note {
	var out []Note
	for i := 0; i < len(notes); {
		j := i + 1
		for j < len(notes) && notes[j].After == notes[i].After {
			j++
		}
		n := notes[i]
		if j > i+1 {
			texts := make([]string, 0, j-i)
			for _, m := range notes[i:j] {
				texts = append(texts, m.Text)
			}
			n.Text = strings.Join(texts, "\n\n")
		}
		out = append(out, n)
		i = j
	}
	return out
}

// parseStarted reads "started TIME · user@host · opsh VERSION · id ID".
func parseStarted(s string) Meta {
	var m Meta
	for _, f := range strings.Split(s, sep) {
		switch {
		case strings.HasPrefix(f, "started "):
			m.Start, _ = time.Parse(time.RFC3339, strings.TrimPrefix(f, "started "))
		case strings.HasPrefix(f, "opsh "):
			m.Version = strings.TrimPrefix(f, "opsh ")
		case strings.HasPrefix(f, "id "):
			m.ID = strings.TrimPrefix(f, "id ")
		case strings.Contains(f, "@"):
			i := strings.LastIndex(f, "@")
			m.User, m.Host = f[:i], f[i+1:]
		}
	}
	return m
}

// parseFooter reads "ended TIME · ... · R values redacted <!-- opsh end title="..." -->".
func parseFooter(t *Transcript, s string) {
	vis, marker, _ := strings.Cut(s, " "+endMarker)
	t.Ended = true
	for _, f := range strings.Split(strings.TrimSpace(vis), sep) {
		switch {
		case strings.HasPrefix(f, "ended "):
			t.End, _ = time.Parse(time.RFC3339, strings.TrimPrefix(f, "ended "))
		case strings.HasSuffix(f, " values redacted") || strings.HasSuffix(f, " value redacted"):
			t.Redacted, _ = strconv.Atoi(strings.Fields(f)[0])
		}
	}
	marker = strings.TrimSuffix(strings.TrimSpace(marker), "-->")
	if _, q, ok := strings.Cut(marker, "title="); ok {
		if title, err := strconv.Unquote(strings.TrimSpace(q)); err == nil {
			t.Title = title
		}
	}
}
