// Package table renders rows of text as aligned columns, the way builtins
// display lists (containers, instances, fleet results).
package table

import (
	"strings"

	"github.com/mattn/go-runewidth"
)

// Table is a header and rows of cells. Rows shorter than the header are
// padded with empty cells.
type Table struct {
	Header []string
	Rows   [][]string
}

// New returns a table with the given column names.
func New(header ...string) *Table { return &Table{Header: header} }

// Add appends a row.
func (t *Table) Add(cells ...string) { t.Rows = append(t.Rows, cells) }

// String renders the table: columns separated by two spaces, trailing spaces
// trimmed, one line per row, and "(no rows)" under the header when empty.
func (t *Table) String() string {
	widths := make([]int, len(t.Header))
	grow := func(cells []string) {
		for i, c := range cells {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			if w := runewidth.StringWidth(firstLine(c)); w > widths[i] {
				widths[i] = w
			}
		}
	}
	grow(t.Header)
	for _, r := range t.Rows {
		grow(r)
	}
	var b strings.Builder
	line := func(cells []string) {
		var l strings.Builder
		for i := range widths {
			c := ""
			if i < len(cells) {
				c = firstLine(cells[i])
			}
			if i > 0 {
				l.WriteString("  ")
			}
			l.WriteString(c)
			if i < len(widths)-1 {
				l.WriteString(strings.Repeat(" ", widths[i]-runewidth.StringWidth(c)))
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	line(t.Header)
	for _, r := range t.Rows {
		line(r)
	}
	if len(t.Rows) == 0 {
		b.WriteString("(no rows)\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
