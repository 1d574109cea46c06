package export

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/opsh/opsh/sessions"
	"github.com/opsh/opsh/sessions/internal/nbformat"
)

// KernelName and KernelDisplayName name the opsh Jupyter kernel, which
// exported notebooks ask for.
const (
	KernelName        = "opsh"
	KernelDisplayName = "opsh (Go)"
)

// ran reports whether the i-th cell ran: it has an output, or it was
// recorded as started (at=) and something was recorded after it (a cell
// that ended well with nothing to show has no output block). The last cell
// of an interrupted session may have been running when it was killed.
func ran(t *sessions.Transcript, i int) bool {
	c := t.Cells[i]
	return c.Output != nil || !c.At.IsZero() && (i < len(t.Cells)-1 || t.Ended)
}

// Notebook exports t as a Jupyter notebook (nbformat 4.5): code cells with
// their outputs, notes as Markdown cells, the header, footer and facts in the
// notebook's metadata. Everything is redacted again on the way out.
func Notebook(t *sessions.Transcript) ([]byte, error) {
	t = sessions.Redact(t)
	nb := struct {
		Cells         []any         `json:"cells"`
		Metadata      nbformat.Meta `json:"metadata"`
		NBFormat      int           `json:"nbformat"`
		NBFormatMinor int           `json:"nbformat_minor"`
	}{
		Cells: []any{},
		Metadata: nbformat.Meta{
			KernelSpec:   &nbformat.Kernel{DisplayName: KernelDisplayName, Language: "go", Name: KernelName},
			LanguageInfo: &nbformat.Language{FileExtension: ".go", MimeType: "text/x-go", Name: "go"},
		},
		NBFormat: 4, NBFormatMinor: 5,
	}
	m := t.Meta
	o := &nbformat.Opsh{ID: m.ID, User: m.User, Host: m.Host, Version: m.Version, Redacted: t.Redacted, Title: t.Title}
	if !m.Start.IsZero() {
		s := m.Start.UTC()
		o.Start = &s
	}
	if t.Ended {
		e := t.End.UTC()
		o.End = &e
	}
	for _, f := range t.Facts {
		o.Facts = append(o.Facts, nbformat.Fact{Key: f.Key, Value: f.Value, After: f.After})
	}
	nb.Metadata.Opsh = o
	ni := 0
	notes := func(after int) {
		for ; ni < len(t.Notes) && t.Notes[ni].After <= after; ni++ {
			nb.Cells = append(nb.Cells, nbformat.MarkdownCell{CellType: "markdown", ID: "note-" + strconv.Itoa(ni+1),
				Metadata: nbformat.CellMeta{}, Source: nbformat.Lines(t.Notes[ni].Text)})
		}
	}
	for i, c := range t.Cells {
		notes(i)
		n := c.N
		cm := &nbformat.CellOpsh{Cell: c.N}
		if !c.At.IsZero() {
			at := c.At.UTC()
			cm.At = &at
		}
		cc := nbformat.CodeCell{CellType: "code", ID: "cell-" + strconv.Itoa(i+1), Source: nbformat.Lines(c.Src), Outputs: []nbformat.Output{}}
		if ran(t, i) {
			cc.ExecutionCount = &n
		}
		if out := c.Output; out != nil {
			if out.Dur > 0 {
				cm.Dur = sessions.RoundDuration(out.Dur).String()
			}
			if v := out.Value; v != nil {
				cm.Type, cm.Bound, cm.Pair = v.Type, v.Bound, v.Pair
			}
			switch out.Status {
			case sessions.StatusError, sessions.StatusInterrupted:
				ename := "error"
				if out.Status == sessions.StatusInterrupted {
					ename = "interrupted"
				}
				first, _, _ := strings.Cut(out.Text, "\n")
				cc.Outputs = append(cc.Outputs, nbformat.Output{OutputType: "error", EName: ename, EValue: first,
					Traceback: strings.Split(out.Text, "\n")})
			default:
				if out.Text != "" {
					cc.Outputs = append(cc.Outputs, nbformat.Output{OutputType: "execute_result", ExecutionCount: &n,
						Data: map[string]any{"text/plain": nbformat.Lines(out.Text)}, Metadata: &struct{}{}})
				}
			}
		}
		cc.Metadata.Opsh = cm
		nb.Cells = append(nb.Cells, cc)
	}
	notes(len(t.Cells))
	b, err := json.MarshalIndent(nb, "", " ")
	if err != nil {
		return nil, fmt.Errorf("export notebook: %w", err)
	}
	return append(b, '\n'), nil
}
