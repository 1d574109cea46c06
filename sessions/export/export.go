// Package export renders a recorded session (a sessions.Transcript) in the
// forms people take it elsewhere: Markdown for a ticket or a wiki, a
// Jupyter notebook, a Go program that does what the session did (opsh
// sessions export ID --to md|ipynb|go), and a Go script that opsh run
// replays. Save writes a transcript to a file in the form its extension
// names (:save FILE).
//
// Everything is redacted again on the way out (sessions.Redact): an export
// never carries a secret the process has registered, even one registered
// after the transcript was written.
//
//	t, err := sessions.Parse(name, data)
//	md := export.Markdown(t)
//	nb, err := export.Notebook(t)
//	src, err := export.Go(t, idx) // idx resolves package names as the REPL did
//	err = export.Save("incident.ipynb", t)
//
// It reads transcripts through package sessions and is never imported by it.
package export

import (
	"fmt"
	"strings"

	"github.com/opsh/opsh/internal/resolve"
	"github.com/opsh/opsh/sessions"
)

// To renders t in format "md", "ipynb" or "go" (opsh sessions export ID
// --to FORMAT); idx is used by "go", see Go.
func To(format string, t *sessions.Transcript, idx *resolve.Index) ([]byte, error) {
	switch format {
	case "md", "markdown":
		return Markdown(t), nil
	case "ipynb", "notebook":
		return Notebook(t)
	case "go":
		return Go(t, idx)
	}
	return nil, fmt.Errorf("export: unknown format %q (want md, ipynb or go)", format)
}

// Markdown renders t as a clean Markdown document for a ticket or a wiki:
// the header, notes as written, each cell as a go block followed by its
// output, no opsh markers or attributes.
func Markdown(t *sessions.Transcript) []byte {
	t = sessions.Redact(t)
	var b strings.Builder
	b.WriteString("# " + t.Meta.Heading() + "\n\n" + t.Meta.HeaderLine() + "\n")
	ni, fi := 0, 0
	flush := func(after int) {
		first := true
		for ; fi < len(t.Facts) && t.Facts[fi].After <= after; fi++ {
			if first {
				b.WriteString("\n")
				first = false
			}
			fmt.Fprintf(&b, "- %s: %s\n", t.Facts[fi].Key, t.Facts[fi].Value)
		}
		for ; ni < len(t.Notes) && t.Notes[ni].After <= after; ni++ {
			b.WriteString("\n" + t.Notes[ni].Text + "\n")
		}
	}
	for i, c := range t.Cells {
		flush(i)
		f := sessions.Fence(c.Src)
		fmt.Fprintf(&b, "\n%sgo\n%s\n%s\n", f, c.Src, f)
		if o := c.Output; o != nil && (o.Text != "" || c.Status() != sessions.StatusOK) {
			switch o.Status {
			case sessions.StatusError:
				b.WriteString("\n**error**\n")
			case sessions.StatusInterrupted:
				b.WriteString("\n**interrupted**\n")
			}
			f := sessions.Fence(o.Text)
			fmt.Fprintf(&b, "\n%stext\n%s\n%s\n", f, o.Text, f)
		}
	}
	flush(len(t.Cells))
	if t.Ended {
		b.WriteString("\n---\n\n" + t.FooterLine() + "\n")
	}
	return []byte(b.String())
}

// Script renders t as a Go script that opsh run replays: each cell's source,
// with notes and the header as comments, and no outputs.
func Script(t *sessions.Transcript) []byte {
	t = sessions.Redact(t)
	var b strings.Builder
	b.WriteString(sessions.Shebang + "\n")
	if m := t.Meta; m.ID != "" || !m.Start.IsZero() {
		b.WriteString("// opsh session " + m.ID + "\n")
		if meta := m.HeaderLine(); meta != "" {
			b.WriteString("// " + meta + "\n")
		}
	}
	ni := 0
	notes := func(after int) {
		for ; ni < len(t.Notes) && t.Notes[ni].After <= after; ni++ {
			b.WriteString("\n" + comment(t.Notes[ni].Text))
		}
	}
	for i, c := range t.Cells {
		notes(i)
		b.WriteString("\n" + c.Src + "\n")
	}
	notes(len(t.Cells))
	return []byte(b.String())
}

// Save writes t to path in the format its extension names: .ipynb a
// notebook, .go a Go script, anything else a transcript (:save FILE). The
// file is written atomically and private to the user (0600), even over a
// file that was readable by others: a session may hold what they must not
// read.
func Save(path string, t *sessions.Transcript) error {
	var data []byte
	switch strings.ToLower(filepathExt(path)) {
	case ".ipynb":
		nb, err := Notebook(t)
		if err != nil {
			return err
		}
		data = nb
	case ".go":
		data = Script(t)
	default:
		data = sessions.Format(t)
	}
	return sessions.WriteFile(path, data)
}

func filepathExt(p string) string {
	for i := len(p) - 1; i >= 0 && p[i] != '/'; i-- {
		if p[i] == '.' {
			return p[i:]
		}
	}
	return ""
}

// comment is text as // comment lines.
func comment(text string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		b.WriteString(strings.TrimRight("// "+l, " ") + "\n")
	}
	return b.String()
}
