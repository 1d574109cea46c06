// Package nbformat is Jupyter's notebook format, version 4 (nbformat 4.5:
// cells have ids), as the JSON types opsh reads and writes it with, and
// the opsh metadata that lets a notebook read back as the transcript it
// came from. Package sessions reads notebooks and rewrites their outputs;
// package sessions/export writes them.
package nbformat

import (
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Notebook is a notebook as read: its cells, metadata and format version.
type Notebook struct {
	Cells         []Cell `json:"cells"`
	Metadata      Meta   `json:"metadata"`
	NBFormat      int    `json:"nbformat"`
	NBFormatMinor int    `json:"nbformat_minor"`
}

// Meta is a notebook's metadata.
type Meta struct {
	KernelSpec   *Kernel   `json:"kernelspec,omitempty"`
	LanguageInfo *Language `json:"language_info,omitempty"`
	Opsh         *Opsh     `json:"opsh,omitempty"`
}

// Kernel is the kernelspec a notebook asks for.
type Kernel struct {
	DisplayName string `json:"display_name"`
	Language    string `json:"language,omitempty"`
	Name        string `json:"name"`
}

// Language is a notebook's language_info.
type Language struct {
	FileExtension string `json:"file_extension,omitempty"`
	MimeType      string `json:"mimetype,omitempty"`
	Name          string `json:"name"`
}

// Opsh is the transcript's header and footer, kept in the notebook's
// metadata so that a notebook reads back as the transcript it came from.
type Opsh struct {
	ID       string     `json:"id,omitempty"`
	Start    *time.Time `json:"start,omitempty"`
	User     string     `json:"user,omitempty"`
	Host     string     `json:"host,omitempty"`
	Version  string     `json:"version,omitempty"`
	End      *time.Time `json:"end,omitempty"`
	Redacted int        `json:"redacted,omitempty"`
	Title    string     `json:"title,omitempty"`
	Facts    []Fact     `json:"facts,omitempty"`
}

// Fact is a transcript's fact, with the number of cells before it.
type Fact struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	After int    `json:"after"`
}

// Cell is a cell of any type as read; Source is a string or a list of
// strings (see Multiline).
type Cell struct {
	CellType       string          `json:"cell_type"`
	ExecutionCount *int            `json:"execution_count,omitempty"`
	ID             string          `json:"id,omitempty"`
	Metadata       CellMeta        `json:"metadata"`
	Outputs        []Output        `json:"outputs,omitempty"`
	Source         json.RawMessage `json:"source"`
}

// CodeCell is a code cell as written: code cells must have
// execution_count (null allowed) and outputs.
type CodeCell struct {
	CellType       string   `json:"cell_type"`
	ExecutionCount *int     `json:"execution_count"`
	ID             string   `json:"id"`
	Metadata       CellMeta `json:"metadata"`
	Outputs        []Output `json:"outputs"`
	Source         []string `json:"source"`
}

// MarkdownCell is a Markdown cell as written.
type MarkdownCell struct {
	CellType string   `json:"cell_type"`
	ID       string   `json:"id"`
	Metadata CellMeta `json:"metadata"`
	Source   []string `json:"source"`
}

// CellMeta is a cell's metadata.
type CellMeta struct {
	Opsh *CellOpsh `json:"opsh,omitempty"`
}

// CellOpsh is what the transcript records of a cell beside its source and
// output: its number, start time, duration and what the REPL made of its
// value.
type CellOpsh struct {
	Cell  int        `json:"cell"`
	At    *time.Time `json:"at,omitempty"`
	Dur   string     `json:"dur,omitempty"`
	Type  string     `json:"type,omitempty"`
	Bound bool       `json:"bound,omitempty"`
	Pair  bool       `json:"pair,omitempty"`
}

// Output is one output of a code cell: a stream, a result, display data or
// an error.
type Output struct {
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

// Multiline reads nbformat's multiline string: a string or a list of strings.
func Multiline(raw json.RawMessage) (string, error) {
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

// Text is the text of a multiline string decoded into v (a string, or a
// list of strings), "" for anything else.
func Text(v any) string {
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

// Lines is nbformat's list form of a multiline string: lines ending in
// "\n", the last one without.
func Lines(s string) []string {
	if s == "" {
		return []string{}
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
