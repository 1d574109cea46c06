// Package linediff finds the differences between two lists of lines and
// renders them as a unified diff. Lines computes a shortest edit script:
// the common head and tail are set aside, and Myers' O(ND) algorithm diffs
// what lies between them. What makes two lines equal is the caller's to
// say: opsh run --check matches a recorded line against a replayed one
// with patterns and durations (package sessions), a plain diff compares
// text.
//
//	edits := linediff.Lines(want, got, nil)
//	if !linediff.Unchanged(edits) {
//		fmt.Print(linediff.Hunks(edits, 3))
//	}
//	fmt.Print(linediff.Unified("before", "after", beforeText, afterText))
package linediff

import (
	"fmt"
	"strings"
)

// Edit is one line of a diff.
type Edit struct {
	// Op is ' ' for a line in both, '-' for a line of a only, '+' for a
	// line of b only.
	Op byte
	// A is the line of a (Op ' ' and '-'), B the line of b (Op ' ' and
	// '+'). Equal lines may differ in text when the caller's eq says so.
	A, B string
	// I and J are 0-based positions in a and b; for a line one side lacks,
	// where it would be on that side.
	I, J int
}

// Lines diffs a and b: the edits that turn a into b, as few as there can
// be, in order. eq(i, j) reports whether a[i] and b[j] are the same line;
// nil compares their text.
func Lines(a, b []string, eq func(i, j int) bool) []Edit {
	if eq == nil {
		eq = func(i, j int) bool { return a[i] == b[j] }
	}
	var out []Edit
	p := 0
	for p < len(a) && p < len(b) && eq(p, p) {
		out = append(out, Edit{Op: ' ', A: a[p], B: b[p], I: p, J: p})
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && eq(len(a)-1-s, len(b)-1-s) {
		s++
	}
	inner := func(i, j int) bool { return eq(p+i, p+j) }
	for _, e := range myers(a[p:len(a)-s], b[p:len(b)-s], inner) {
		e.I, e.J = e.I+p, e.J+p
		out = append(out, e)
	}
	for k := s; k > 0; k-- {
		i, j := len(a)-k, len(b)-k
		out = append(out, Edit{Op: ' ', A: a[i], B: b[j], I: i, J: j})
	}
	return out
}

// Unchanged reports whether edits change nothing.
func Unchanged(edits []Edit) bool {
	for _, e := range edits {
		if e.Op != ' ' {
			return false
		}
	}
	return true
}

// maxTrace bounds the memory Myers' search may use (in ints); past it, the
// diff is every old line removed then every new line added.
const maxTrace = 4 << 20

// myers diffs a and b, where eq(i, j) reports whether a[i] matches b[j].
func myers(a, b []string, eq func(i, j int) bool) []Edit {
	n, m := len(a), len(b)
	if n == 0 && m == 0 {
		return nil
	}
	off := n + m
	v := make([]int, 2*off+2)
	var trace [][]int // trace[d] is v as step d found it
search:
	for d := 0; d <= off; d++ {
		if (d+1)*len(v) > maxTrace {
			var out []Edit
			for i, l := range a {
				out = append(out, Edit{Op: '-', A: l, I: i})
			}
			for j, l := range b {
				out = append(out, Edit{Op: '+', B: l, I: n, J: j})
			}
			return out
		}
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: an insertion
			} else {
				x = v[off+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && eq(x, y) {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				break search
			}
		}
	}
	var out []Edit
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		vd := trace[d]
		k := x - y
		pk := k - 1
		if k == -d || (k != d && vd[off+k-1] < vd[off+k+1]) {
			pk = k + 1
		}
		px := vd[off+pk]
		py := px - pk
		for x > px && y > py {
			x, y = x-1, y-1
			out = append(out, Edit{Op: ' ', A: a[x], B: b[y], I: x, J: y})
		}
		if d == 0 {
			break
		}
		if x == px {
			y--
			out = append(out, Edit{Op: '+', B: b[y], I: x, J: y})
		} else {
			x--
			out = append(out, Edit{Op: '-', A: a[x], I: x, J: y})
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Hunks renders edits as unified diff hunks ("@@ -1,4 +1,4 @@" and the
// lines, each ending in a newline) with context lines of unchanged text
// around each change; "" when nothing changed. An unchanged line is shown
// as b has it.
func Hunks(edits []Edit, context int) string {
	var b strings.Builder
	for i := 0; i < len(edits); {
		if edits[i].Op == ' ' {
			i++
			continue
		}
		start := max(i-context, 0)
		end := hunkEnd(edits, i, context)
		writeHunk(&b, edits[start:end])
		i = end
	}
	return b.String()
}

// hunkEnd is where the hunk holding the change at i ends: after context
// lines past its last change, a change being part of the hunk while fewer
// than 2*context unchanged lines part it from the one before.
func hunkEnd(edits []Edit, i, context int) int {
	end := i
	for end < len(edits) {
		if edits[end].Op != ' ' {
			end++
			continue
		}
		run := end
		for run < len(edits) && edits[run].Op == ' ' {
			run++
		}
		if run == len(edits) || run-end > 2*context {
			return min(end+context, run)
		}
		end = run
	}
	return end
}

// writeHunk writes h's header and lines.
func writeHunk(b *strings.Builder, h []Edit) {
	ai, bi, an, bn := -1, -1, 0, 0
	for _, e := range h {
		if e.Op != '+' {
			if ai < 0 {
				ai = e.I
			}
			an++
		}
		if e.Op != '-' {
			if bi < 0 {
				bi = e.J
			}
			bn++
		}
	}
	if ai < 0 {
		ai = h[0].I - 1
	}
	if bi < 0 {
		bi = h[0].J - 1
	}
	fmt.Fprintf(b, "@@ -%s +%s @@\n", hunkRange(ai, an), hunkRange(bi, bn))
	for _, e := range h {
		switch e.Op {
		case ' ':
			b.WriteString(" " + e.B + "\n")
		case '-':
			b.WriteString("-" + e.A + "\n")
		case '+':
			b.WriteString("+" + e.B + "\n")
		}
	}
}

func hunkRange(start, n int) string {
	if n == 1 {
		return fmt.Sprint(start + 1)
	}
	if n == 0 {
		return fmt.Sprintf("%d,0", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// Unified returns a unified diff from text a to text b, named aName and
// bName in its header, line by line with 3 lines of context; "" when they
// are equal. Trailing newlines do not count.
func Unified(aName, bName, a, b string) string {
	d := Hunks(Lines(Split(a), Split(b), nil), 3)
	if d == "" {
		return ""
	}
	return "--- " + aName + "\n+++ " + bName + "\n" + d
}

// Split is text's lines, its trailing newlines left out: nil for "" (or
// newlines alone).
func Split(text string) []string {
	text = strings.TrimRight(text, "\n")
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n")
}
