package sessions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/opsh/opsh/internal/redact"
	"github.com/opsh/opsh/sessions/internal/nbformat"
)

// parseNotebook reads an .ipynb: its code cells become cells, its Markdown
// cells notes. A notebook in another language than Go is an error.
func parseNotebook(name string, data []byte) (*Transcript, error) {
	lineAt := func(off int64) int { return bytes.Count(data[:min(int(off), len(data))], []byte("\n")) + 1 }
	fail := func(err error, off int64) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return fmt.Errorf("%s:%d: notebook ends too early", name, lineAt(int64(len(data))))
		}
		return fmt.Errorf("%s:%d: bad notebook: %v", name, lineAt(off), err)
	}
	body, _ := skipShebang(data)
	skipped := int64(len(data) - len(body))
	dec := json.NewDecoder(bytes.NewReader(body))
	var nb nbformat.Notebook
	var lines []int
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		if err == nil {
			err = errors.New("not a JSON object")
		}
		return nil, fail(err, skipped+dec.InputOffset())
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fail(err, skipped+dec.InputOffset())
		}
		key, _ := tok.(string)
		var target any
		switch key {
		case "cells":
			if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
				if err == nil {
					err = errors.New("cells is not a list")
				}
				return nil, fail(err, skipped+dec.InputOffset())
			}
			for dec.More() {
				off := skipped + dec.InputOffset()
				for off < int64(len(data)) && strings.ContainsRune(" \t\r\n,", rune(data[off])) {
					off++
				}
				var c nbformat.Cell
				if err := dec.Decode(&c); err != nil {
					return nil, fail(err, skipped+dec.InputOffset())
				}
				nb.Cells = append(nb.Cells, c)
				lines = append(lines, lineAt(off))
			}
			if _, err := dec.Token(); err != nil {
				return nil, fail(err, skipped+dec.InputOffset())
			}
			continue
		case "metadata":
			target = &nb.Metadata
		case "nbformat":
			target = &nb.NBFormat
		default:
			target = new(json.RawMessage)
		}
		if err := dec.Decode(target); err != nil {
			return nil, fail(err, skipped+dec.InputOffset())
		}
	}
	if nb.NBFormat != 0 && nb.NBFormat < 4 {
		return nil, fmt.Errorf("%s: nbformat %d notebooks are not supported; convert with: jupyter nbconvert --to notebook --nbformat 4", name, nb.NBFormat)
	}
	lang := ""
	if k := nb.Metadata.KernelSpec; k != nil && k.Language != "" {
		lang = k.Language
	} else if l := nb.Metadata.LanguageInfo; l != nil {
		lang = l.Name
	}
	if lang != "" && !strings.EqualFold(lang, "go") {
		return nil, fmt.Errorf("%s: a %s notebook; opsh runs Go notebooks (kernel gophernotes or an opsh export)", name, lang)
	}
	t := &Transcript{Kind: KindNotebook}
	if o := nb.Metadata.Opsh; o != nil {
		t.Meta = Meta{ID: o.ID, User: o.User, Host: o.Host, Version: o.Version}
		if o.Start != nil {
			t.Meta.Start = o.Start.UTC()
		}
		if o.End != nil {
			t.Ended, t.End = true, o.End.UTC()
		}
		t.Redacted, t.Title = o.Redacted, o.Title
		for _, f := range o.Facts {
			t.Facts = append(t.Facts, Fact{Key: f.Key, Value: f.Value, After: f.After})
		}
	}
	for i, nc := range nb.Cells {
		src, err := nbformat.Multiline(nc.Source)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, lines[i], err)
		}
		switch nc.CellType {
		case "markdown":
			if strings.TrimSpace(src) != "" {
				t.Notes = append(t.Notes, Note{Text: strings.Trim(src, "\n"), Line: lines[i], After: len(t.Cells)})
			}
		case "code":
			c := &Cell{N: len(t.Cells) + 1, Src: trimNL(src), Line: lines[i]}
			om := nc.Metadata.Opsh
			if om != nil && om.Cell > 0 {
				c.N, c.DeclaredN = om.Cell, true
				if om.At != nil {
					c.At = om.At.UTC()
				}
			}
			c.Output = notebookOutput(nc.Outputs, om)
			t.Cells = append(t.Cells, c)
		}
	}
	return t, nil
}

// notebookOutput joins a code cell's outputs into one; nil if it has none.
func notebookOutput(outs []nbformat.Output, om *nbformat.CellOpsh) *Output {
	if len(outs) == 0 && (om == nil || om.Dur == "") {
		return nil
	}
	o := &Output{Status: StatusOK}
	var b strings.Builder
	for _, out := range outs {
		switch out.OutputType {
		case "stream":
			s, _ := nbformat.Multiline(out.Text)
			b.WriteString(s)
		case "execute_result", "display_data":
			if s := nbformat.Text(out.Data["text/plain"]); s != "" {
				b.WriteString(s)
				if !strings.HasSuffix(s, "\n") {
					b.WriteString("\n")
				}
			}
		case "error":
			o.Status = StatusError
			if out.EName == "interrupted" || out.EName == "KeyboardInterrupt" {
				o.Status = StatusInterrupted
			}
			if len(out.Traceback) > 0 {
				b.WriteString(stripANSI(strings.Join(out.Traceback, "\n")))
			} else {
				b.WriteString(out.EName + ": " + out.EValue)
			}
		}
	}
	o.Text = trimNL(b.String())
	if om != nil {
		o.Dur, _ = time.ParseDuration(om.Dur)
		if om.Type != "" || om.Bound || om.Pair {
			o.Value = &ValueInfo{Type: om.Type, Bound: om.Bound, Pair: om.Pair}
		}
	}
	return o
}

// updateNotebook replaces the outputs of the code cells numbered in outs,
// keeping every other field of the notebook as it was.
func updateNotebook(path string, data []byte, t *Transcript, outs map[int]Output) (changed int, err error) {
	body, _ := skipShebang(data)
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var nb map[string]any
	if err := dec.Decode(&nb); err != nil {
		return 0, fmt.Errorf("update outputs: %s: %w", path, err)
	}
	cells, _ := nb["cells"].([]any)
	code := 0
	done := map[int]bool{}
	for _, raw := range cells {
		c, ok := raw.(map[string]any)
		if !ok || c["cell_type"] != "code" {
			continue
		}
		if code >= len(t.Cells) {
			break
		}
		cell := t.Cells[code]
		code++
		o, ok := outs[cell.N]
		if !ok {
			continue
		}
		done[cell.N] = true
		o.Text = redact.String(cleanOutput(o.Text))
		if unchanged(cell, o) {
			continue
		}
		changed++
		if cell.Output != nil {
			o.Text = merge(cell.Output.Text, o.Text)
		}
		n := cell.N
		var list []any
		switch o.Status {
		case StatusError, StatusInterrupted:
			ename := "error"
			if o.Status == StatusInterrupted {
				ename = "interrupted"
			}
			first, _, _ := strings.Cut(o.Text, "\n")
			tb := []any{}
			for _, l := range strings.Split(o.Text, "\n") {
				tb = append(tb, l)
			}
			list = append(list, map[string]any{"output_type": "error", "ename": ename, "evalue": first, "traceback": tb})
		default:
			if o.Text != "" {
				lines := []any{}
				for _, l := range nbformat.Lines(o.Text) {
					lines = append(lines, l)
				}
				list = append(list, map[string]any{"output_type": "execute_result", "execution_count": n,
					"data": map[string]any{"text/plain": lines}, "metadata": map[string]any{}})
			}
		}
		if list == nil {
			list = []any{}
		}
		c["outputs"] = list
		c["execution_count"] = n
	}
	if err := missingCells(path, outs, done); err != nil {
		return 0, err
	}
	if changed == 0 {
		return 0, nil
	}
	var b bytes.Buffer
	b.Write(data[:len(data)-len(body)])
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(nb); err != nil {
		return 0, fmt.Errorf("update outputs: %s: %w", path, err)
	}
	if err := writeFileAtomic(path, b.Bytes(), keepMode); err != nil {
		return 0, err
	}
	return changed, nil
}
