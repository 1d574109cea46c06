package sessions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/opsh/opsh/internal/redact"
)

// Jupyter's notebook format, version 4 (nbformat 4.5: cells have ids).
type notebook struct {
	Cells         []nbCell `json:"cells"`
	Metadata      nbMeta   `json:"metadata"`
	NBFormat      int      `json:"nbformat"`
	NBFormatMinor int      `json:"nbformat_minor"`
}

type nbMeta struct {
	KernelSpec   *nbKernel `json:"kernelspec,omitempty"`
	LanguageInfo *nbLang   `json:"language_info,omitempty"`
	Opsh         *nbOpsh   `json:"opsh,omitempty"`
}

type nbKernel struct {
	DisplayName string `json:"display_name"`
	Language    string `json:"language,omitempty"`
	Name        string `json:"name"`
}

type nbLang struct {
	FileExtension string `json:"file_extension,omitempty"`
	MimeType      string `json:"mimetype,omitempty"`
	Name          string `json:"name"`
}

// nbOpsh is the transcript's header and footer, kept in the notebook's
// metadata so that a notebook reads back as the transcript it came from.
type nbOpsh struct {
	ID       string     `json:"id,omitempty"`
	Start    *time.Time `json:"start,omitempty"`
	User     string     `json:"user,omitempty"`
	Host     string     `json:"host,omitempty"`
	Version  string     `json:"version,omitempty"`
	End      *time.Time `json:"end,omitempty"`
	Redacted int        `json:"redacted,omitempty"`
	Title    string     `json:"title,omitempty"`
	Facts    []nbFact   `json:"facts,omitempty"`
}

type nbFact struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	After int    `json:"after"`
}

type nbCell struct {
	CellType       string          `json:"cell_type"`
	ExecutionCount *int            `json:"execution_count,omitempty"`
	ID             string          `json:"id,omitempty"`
	Metadata       nbCellMeta      `json:"metadata"`
	Outputs        []nbOutput      `json:"outputs,omitempty"`
	Source         json.RawMessage `json:"source"`
}

// code cells must have execution_count (null allowed) and outputs.
type nbCodeCell struct {
	CellType       string     `json:"cell_type"`
	ExecutionCount *int       `json:"execution_count"`
	ID             string     `json:"id"`
	Metadata       nbCellMeta `json:"metadata"`
	Outputs        []nbOutput `json:"outputs"`
	Source         []string   `json:"source"`
}

type nbMarkdownCell struct {
	CellType string     `json:"cell_type"`
	ID       string     `json:"id"`
	Metadata nbCellMeta `json:"metadata"`
	Source   []string   `json:"source"`
}

type nbCellMeta struct {
	Opsh *nbCellOpsh `json:"opsh,omitempty"`
}

type nbCellOpsh struct {
	Cell  int        `json:"cell"`
	At    *time.Time `json:"at,omitempty"`
	Dur   string     `json:"dur,omitempty"`
	Type  string     `json:"type,omitempty"`
	Bound bool       `json:"bound,omitempty"`
	Pair  bool       `json:"pair,omitempty"`
}

type nbOutput struct {
	OutputType     string          `json:"output_type"`
	ExecutionCount *int            `json:"execution_count,omitempty"`
	Name           string          `json:"name,omitempty"`
	Text           json.RawMessage `json:"text,omitempty"`
	Data           map[string]any  `json:"data,omitempty"`
	Metadata       *struct{}       `json:"metadata,omitempty"`
	EName          string          `json:"ename,omitempty"`
	EValue         string          `json:"evalue,omitempty"`
	Traceback      []string        `json:"traceback,omitempty"`
}

// multiline reads nbformat's multiline string: a string or a list of strings.
func multiline(raw json.RawMessage) (string, error) {
	if len(raw) == 0 {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var l []string
	if err := json.Unmarshal(raw, &l); err != nil {
		return "", errors.New("source is neither a string nor a list of strings")
	}
	return strings.Join(l, ""), nil
}

func anyText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		var b strings.Builder
		for _, e := range x {
			if s, ok := e.(string); ok {
				b.WriteString(s)
			}
		}
		return b.String()
	}
	return ""
}

// splitSource is nbformat's list form: lines ending in "\n", the last one
// without.
func splitSource(s string) []string {
	if s == "" {
		return []string{}
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

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
	var nb notebook
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
				var c nbCell
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
		src, err := multiline(nc.Source)
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
func notebookOutput(outs []nbOutput, om *nbCellOpsh) *Output {
	if len(outs) == 0 && (om == nil || om.Dur == "") {
		return nil
	}
	o := &Output{Status: StatusOK}
	var b strings.Builder
	for _, out := range outs {
		switch out.OutputType {
		case "stream":
			s, _ := multiline(out.Text)
			b.WriteString(s)
		case "execute_result", "display_data":
			if s := anyText(out.Data["text/plain"]); s != "" {
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
func (t *Transcript) ran(i int) bool {
	c := t.Cells[i]
	return c.Output != nil || !c.At.IsZero() && (i < len(t.Cells)-1 || t.Ended)
}

// Notebook exports t as a Jupyter notebook (nbformat 4.5): code cells with
// their outputs, notes as Markdown cells, the header, footer and facts in the
// notebook's metadata. Everything is redacted again on the way out.
func Notebook(t *Transcript) ([]byte, error) {
	t = redacted(t)
	nb := struct {
		Cells         []any  `json:"cells"`
		Metadata      nbMeta `json:"metadata"`
		NBFormat      int    `json:"nbformat"`
		NBFormatMinor int    `json:"nbformat_minor"`
	}{
		Cells: []any{},
		Metadata: nbMeta{
			KernelSpec:   &nbKernel{DisplayName: KernelDisplayName, Language: "go", Name: KernelName},
			LanguageInfo: &nbLang{FileExtension: ".go", MimeType: "text/x-go", Name: "go"},
		},
		NBFormat: 4, NBFormatMinor: 5,
	}
	m := t.Meta
	o := &nbOpsh{ID: m.ID, User: m.User, Host: m.Host, Version: m.Version, Redacted: t.Redacted, Title: t.Title}
	if !m.Start.IsZero() {
		s := m.Start.UTC()
		o.Start = &s
	}
	if t.Ended {
		e := t.End.UTC()
		o.End = &e
	}
	for _, f := range t.Facts {
		o.Facts = append(o.Facts, nbFact{Key: f.Key, Value: f.Value, After: f.After})
	}
	nb.Metadata.Opsh = o
	ni := 0
	notes := func(after int) {
		for ; ni < len(t.Notes) && t.Notes[ni].After <= after; ni++ {
			nb.Cells = append(nb.Cells, nbMarkdownCell{CellType: "markdown", ID: "note-" + strconv.Itoa(ni+1),
				Metadata: nbCellMeta{}, Source: splitSource(t.Notes[ni].Text)})
		}
	}
	for i, c := range t.Cells {
		notes(i)
		n := c.N
		cm := &nbCellOpsh{Cell: c.N}
		if !c.At.IsZero() {
			at := c.At.UTC()
			cm.At = &at
		}
		cc := nbCodeCell{CellType: "code", ID: "cell-" + strconv.Itoa(i+1), Source: splitSource(c.Src), Outputs: []nbOutput{}}
		if t.ran(i) {
			cc.ExecutionCount = &n
		}
		if out := c.Output; out != nil {
			if out.Dur > 0 {
				cm.Dur = roundDur(out.Dur).String()
			}
			if v := out.Value; v != nil {
				cm.Type, cm.Bound, cm.Pair = v.Type, v.Bound, v.Pair
			}
			switch out.Status {
			case StatusError, StatusInterrupted:
				ename := "error"
				if out.Status == StatusInterrupted {
					ename = "interrupted"
				}
				first, _, _ := strings.Cut(out.Text, "\n")
				cc.Outputs = append(cc.Outputs, nbOutput{OutputType: "error", EName: ename, EValue: first,
					Traceback: strings.Split(out.Text, "\n")})
			default:
				if out.Text != "" {
					cc.Outputs = append(cc.Outputs, nbOutput{OutputType: "execute_result", ExecutionCount: &n,
						Data: map[string]any{"text/plain": splitSource(out.Text)}, Metadata: &struct{}{}})
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
				for _, l := range splitSource(o.Text) {
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
