package sessions

import "fmt"

// Runnable checks that t has cells to replay: an empty file, random bytes
// read as Markdown, or a file whose only cell has no closing fence is an
// error naming the file (and the line of the unclosed block), for opsh run
// to refuse.
func Runnable(t *Transcript) error {
	if len(t.Cells) > 0 {
		return nil
	}
	if t.cutLine > 0 {
		return fmt.Errorf("%s:%d: the file ends inside this block (no closing fence), and has no other cell to run", t.Name, t.cutLine)
	}
	return fmt.Errorf("%s: no Go cells to run (a transcript's cells are ```go blocks)", t.Name)
}

// CutLine is the line of the block a cut file ends inside (a block with no
// closing fence, which Parse drops), 0 when the file is whole.
func (t *Transcript) CutLine() int { return t.cutLine }

// Updatable checks that the outputs of t can be rewritten in place (opsh
// run --update) without guessing: every cell has its own number, and the
// file does not end inside a block. The error names the line; the file is
// left as it is.
func Updatable(t *Transcript) error {
	if t.cutLine > 0 {
		return fmt.Errorf("%s:%d: the file ends inside this block (no closing fence): close it, or remove it, before updating", t.Name, t.cutLine)
	}
	if t.Kind != KindTranscript {
		return nil // a notebook's outputs are matched by position
	}
	first := map[int]*Cell{}
	for _, c := range t.Cells {
		if p, ok := first[c.N]; ok {
			return fmt.Errorf("%s:%d: a second cell %d (the first is at line %d): renumber the cells before updating", t.Name, c.Line-1, c.N, p.Line-1)
		}
		first[c.N] = c
	}
	return nil
}
