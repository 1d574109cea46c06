package sessions

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/opsh/opsh/internal/lazyre"
	"github.com/opsh/opsh/internal/linediff"
	"github.com/opsh/opsh/internal/redact"
)

// Check compares cell c's recorded output with got, the output of a
// replay, the way cram and doctest do. It returns "" when they agree, else a
// unified diff naming file, line and cell, with the status first if that
// differs.
//
// The replay's text is redacted and cleaned of terminal escapes and
// carriage-return redraws first, as the recording was; trailing newlines do
// not count. A recorded line ending in
// " (re)" matches a replayed line that its regular expression matches
// whole; one ending in " (glob)" matches with * (any text) and ? (one
// character), \ escaping either: so a recorded "up (.*) days (re)" or
// "started at * (glob)" keeps matching as the clock moves. Durations never
// need a pattern: a duration in a recorded line, Go-style ("41ms", "1.5s",
// "724µs", "2m3s", "3h02m") or written for people ("32 ms", "2 min"),
// matches any duration in the same place of the replayed line, so
// "200 OK · 71 B · 32 ms" matches "200 OK · 71 B · 21 ms" (and not
// "200 OK · 72 B · 21 ms": the rest of the line must be equal, but for the
// number of spaces next to a duration, which pad a table's column).
func Check(file string, c *Cell, got Output) string {
	want := Output{Status: StatusOK}
	if c.Output != nil {
		want = *c.Output
	}
	ws, gs := statusOf(want.Status), statusOf(got.Status)
	edits := diffLines(linediff.Split(want.Text), linediff.Split(redact.String(cleanOutput(got.Text))))
	if ws == gs && linediff.Unchanged(edits) {
		return ""
	}
	var b strings.Builder
	where := fmt.Sprintf("%s:%d", file, c.OutputLine)
	if c.OutputLine == 0 {
		where = fmt.Sprintf("%s:%d", file, c.Line)
	}
	fmt.Fprintf(&b, "--- %s cell %d (recorded)\n+++ cell %d (replay)\n", where, c.N, c.N)
	if ws != gs {
		fmt.Fprintf(&b, "status: recorded %s, replay %s\n", ws, gs)
	}
	b.WriteString(linediff.Hunks(edits, 3))
	return b.String()
}

// unchanged reports whether got, already cleaned and redacted, is what cell
// c recorded as Check sees it: the same status and matching text.
func unchanged(c *Cell, got Output) bool {
	want := Output{Status: StatusOK}
	if c.Output != nil {
		want = *c.Output
	}
	return statusOf(want.Status) == statusOf(got.Status) &&
		linediff.Unchanged(diffLines(linediff.Split(want.Text), linediff.Split(got.Text)))
}

func statusOf(s Status) Status {
	if s == "" {
		return StatusOK
	}
	return s
}

// matcher decides whether recorded lines a match replayed lines b: equal,
// a recorded " (re)" or " (glob)" line whose pattern matches, or equal but
// for their durations (see Check). A diff compares a line with many others, so what a comparison needs is
// prepared once per line, when first needed: a pattern line's compiled
// expression, a line's text around its durations.
type matcher struct {
	a, b   []string
	aReady []bool
	bReady []bool
	pat    []*regexp.Regexp // a[i]'s (re) or (glob) expression
	isPat  []bool           // a[i] is a pattern line (whose expression may not compile)
	aDur   [][]string       // the text around a[i]'s durations; nil when it has none
	bDur   [][]string
}

func newMatcher(a, b []string) *matcher { return &matcher{a: a, b: b} }

// prepA prepares a[i]. The first call makes room for every line: outputs
// that are equal never need it.
func (m *matcher) prepA(i int) {
	if m.aReady == nil {
		a, b := m.a, m.b
		m.aReady, m.bReady = make([]bool, len(a)), make([]bool, len(b))
		m.pat, m.isPat = make([]*regexp.Regexp, len(a)), make([]bool, len(a))
		m.aDur, m.bDur = make([][]string, len(a)), make([][]string, len(b))
	}
	if m.aReady[i] {
		return
	}
	m.aReady[i] = true
	l := m.a[i]
	if p, ok := strings.CutSuffix(l, " (re)"); ok {
		m.isPat[i] = true
		m.pat[i], _ = regexp.Compile(`^(?:` + p + `)$`)
		return
	}
	if p, ok := strings.CutSuffix(l, " (glob)"); ok {
		m.isPat[i] = true
		m.pat[i], _ = regexp.Compile(globRE(p))
		return
	}
	if hasDigit(l) {
		if d := durations(l); len(d) > 1 {
			m.aDur[i] = d
		}
	}
}

func (m *matcher) prepB(j int) {
	if m.bReady[j] {
		return
	}
	m.bReady[j] = true
	if hasDigit(m.b[j]) {
		if d := durations(m.b[j]); len(d) > 1 {
			m.bDur[j] = d
		}
	}
}

// eq reports whether recorded line i matches replayed line j.
func (m *matcher) eq(i, j int) bool {
	if m.a[i] == m.b[j] {
		return true
	}
	m.prepA(i)
	if m.isPat[i] {
		return m.pat[i] != nil && m.pat[i].MatchString(m.b[j])
	}
	if m.aDur[i] == nil {
		return false
	}
	m.prepB(j)
	return slices.Equal(m.aDur[i], m.bDur[j])
}

// durationRE matches a duration as Go prints it ("41ms", "1.5s", "724µs",
// "2m3s", "3h02m") or as people write it ("32 ms", "1.5 s", "2 min"),
// group 1, after the start of the line or a character that cannot be part
// of a number or a word. durations checks what follows.
var durationRE = lazyre.New(`(?:^|[^\p{L}\p{N}_.])((?:\d+(?:\.\d+)?(?:ns|us|µs|μs|ms|h|m|s))+|\d+(?:\.\d+)? (?:ns|us|µs|μs|ms|min|sec|h|m|s))`)

// durations splits s around the durations in it: the text between them,
// one more piece than there are durations. A duration ends a word: "5ms"
// in "5msx" is not one. The spaces on either side of a duration are
// reduced to one: a table pads its column to the widest duration, which
// changes with the timings.
func durations(s string) []string {
	var out []string
	prev := 0
	for _, m := range durationRE.FindAllStringSubmatchIndex(s, -1) {
		from, to := m[2], m[3]
		if r, _ := utf8.DecodeRuneInString(s[to:]); to < len(s) && (r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			continue
		}
		out = append(out, padOne(s[prev:from], prev > 0, true))
		prev = to
	}
	return append(out, padOne(s[prev:], prev > 0, false))
}

// padOne reduces the spaces at the start of piece (when a duration comes
// before it) and at its end (when one comes after) to one.
func padOne(piece string, before, after bool) string {
	if before {
		if t := strings.TrimLeft(piece, " "); len(t) < len(piece) {
			piece = " " + t
		}
	}
	if after {
		if t := strings.TrimRight(piece, " "); len(t) < len(piece) {
			piece = t + " "
		}
	}
	return piece
}

func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}

// globRE is the regular expression of glob p, where * is any text, ? one
// character and \ escapes the next character.
func globRE(p string) string {
	var re strings.Builder
	re.WriteString("^")
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '*':
			re.WriteString(".*")
		case '?':
			re.WriteString(".")
		case '\\':
			if i+1 < len(p) {
				i++
				re.WriteString(regexp.QuoteMeta(p[i : i+1]))
			} else {
				re.WriteString(`\\`)
			}
		default:
			re.WriteString(regexp.QuoteMeta(p[i : i+1]))
		}
	}
	re.WriteString("$")
	return re.String()
}

// diffLines diffs recorded lines a and replayed lines b under a matcher.
func diffLines(a, b []string) []linediff.Edit {
	return linediff.Lines(a, b, newMatcher(a, b).eq)
}

// merge is the text to record for a replay that gave got where want was
// recorded: got's lines, except that recorded (re) and (glob) lines that
// still match are kept, as cram -i does.
func merge(want, got string) string {
	edits := diffLines(linediff.Split(want), linediff.Split(got))
	lines := make([]string, 0, len(edits))
	for _, e := range edits {
		switch e.Op {
		case ' ':
			lines = append(lines, e.A)
		case '+':
			lines = append(lines, e.B)
		}
	}
	return strings.Join(lines, "\n")
}

// UpdateOutputs rewrites, in the transcript at path, the outputs of the
// cells numbered in outs (opsh run --update). It is UpdateOutputsCount
// without the count.
func UpdateOutputs(path string, outs map[int]Output) error {
	_, err := UpdateOutputsCount(path, outs)
	return err
}

// UpdateOutputsCount rewrites, in the transcript at path, the outputs of
// the cells numbered in outs (opsh run --update), and returns how many cells
// it changed. A file that Updatable refuses (a cell number used twice, a
// block with no closing fence) is an error and is not touched. A chained
// transcript is chained again over its new bytes; a signature is removed,
// as the file is no longer what was signed. A cell whose new output Check finds equal to the recorded one
// (the same status, matching text: durations, (re) and (glob) lines
// included) is left byte for byte as it was, its dur= too, so an update
// that changes nothing makes no diff; when no cell changed, the file is not
// written at all. Everything else is kept byte for byte; in a changed
// output, recorded (re) and (glob) lines that still match are kept. The file
// is replaced atomically: a temporary file in the same folder, synced,
// renamed over the old one, with its mode. A notebook gets its code cells'
// outputs replaced (and is written back as Jupyter writes it: sorted keys,
// one-space indent); a Go script has no outputs to update.
func UpdateOutputsCount(path string, outs map[int]Output) (changed int, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("update outputs: %w", err)
	}
	t, err := Parse(path, data)
	if err != nil {
		return 0, fmt.Errorf("update outputs: %w", err)
	}
	if err := Updatable(t); err != nil {
		return 0, fmt.Errorf("update outputs: %w", err)
	}
	switch t.Kind {
	case KindNotebook:
		return updateNotebook(path, data, t, outs)
	case KindScript:
		return 0, fmt.Errorf("update outputs: %s is a Go script: it records no outputs (save the session as a transcript)", path)
	}
	chained := VerifyChain(t, data).Chained
	type repl struct {
		from, to int
		text     []byte
	}
	var edits []repl
	done := map[int]bool{}
	for _, c := range t.Cells {
		got, ok := outs[c.N]
		if !ok || done[c.N] {
			continue
		}
		done[c.N] = true
		got.Text = redact.String(cleanOutput(got.Text))
		got.Dur = RoundDuration(got.Dur)
		if unchanged(c, got) {
			continue
		}
		changed++
		if c.Output != nil {
			got.Text = merge(c.Output.Text, got.Text)
		}
		var block []byte
		if trimNL(got.Text) != "" || statusOf(got.Status) != StatusOK {
			block = outputBlock(c.N, got)
			if chained {
				block = newChainer().block(block) // its hash is set by rechain
			}
		}
		if c.Output != nil {
			edits = append(edits, repl{c.ospan[0], c.ospan[1], block})
			continue
		}
		at := c.span[1]
		if block != nil && data[at-1] != '\n' {
			block = append([]byte("\n"), block...)
		}
		edits = append(edits, repl{at, at, block})
	}
	if err := missingCells(path, outs, done); err != nil {
		return 0, err
	}
	if changed == 0 {
		return 0, nil
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].from < edits[j].from })
	var out []byte
	prev := 0
	for _, e := range edits {
		out = append(out, data[prev:e.from]...)
		out = append(out, e.text...)
		prev = e.to
	}
	out = append(out, data[prev:t.sigAt]...) // a signature no longer holds: drop it
	out = append(out, data[t.sigEnd:]...)
	if chained {
		if out, err = rechain(path, out); err != nil {
			return 0, fmt.Errorf("update outputs: %w", err)
		}
	}
	if err := writeFileAtomic(path, out, keepMode); err != nil {
		return 0, err
	}
	return changed, nil
}

// missingCells is the error for outputs given for cells that path lacks.
func missingCells(path string, outs map[int]Output, done map[int]bool) error {
	var missing []int
	for n := range outs {
		if !done[n] {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Ints(missing)
	return fmt.Errorf("update outputs: %s has no cell %v", path, missing)
}
