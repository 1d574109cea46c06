package engine

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"html"
	"image"
	"image/png"
	"reflect"
	"strings"
	"unicode"

	"github.com/mattn/go-runewidth"

	"github.com/opsh/opsh/internal/redact"
)

// pngMagic starts every PNG file.
var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// richForms adds to data the forms a notebook shows better than text:
// image/png for images (an image.Image, PNG bytes, a response whose body is
// a PNG), application/json for a JSON body or json.RawMessage, and
// text/html for the tables builtins display (containers, instances,
// listings, fleet results). text is the value's text/plain.
func richForms(v reflect.Value, text string, data map[string]string) {
	for v.IsValid() && v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	v = unboxed(v)
	if v.IsValid() && v.Type() == typedViewType {
		v = v.Interface().(typedView).value
	}
	if !v.IsValid() || !v.CanInterface() || ((v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil()) {
		return
	}
	switch x := v.Interface().(type) {
	case image.Image:
		var buf bytes.Buffer
		if png.Encode(&buf, x) == nil {
			data["image/png"] = base64.StdEncoding.EncodeToString(buf.Bytes())
		}
		return
	case json.RawMessage:
		addJSONBytes(data, x)
		return
	case []byte:
		if bytes.HasPrefix(x, pngMagic) {
			data["image/png"] = base64.StdEncoding.EncodeToString(x)
		}
		return
	case interface {
		ContentType() string
		Bytes() []byte
	}:
		switch ct := x.ContentType(); {
		case ct == "image/png" && bytes.HasPrefix(x.Bytes(), pngMagic):
			data["image/png"] = base64.StdEncoding.EncodeToString(x.Bytes())
		case ct == "application/json" || strings.HasSuffix(ct, "+json"):
			addJSONBytes(data, x.Bytes())
		}
	}
	if _, ok := v.Interface().(interface{ Display() string }); ok {
		if h, ok := tableHTML(text); ok {
			data["text/html"] = h
		}
	}
}

// addJSON adds v, marshalled, as application/json.
func addJSON(data map[string]string, v any) {
	if b, err := json.Marshal(v); err == nil {
		addJSONBytes(data, b)
	}
}

// addJSONBytes adds a JSON document as application/json, unless it holds a
// secret (the notebook file would keep it).
func addJSONBytes(data map[string]string, b []byte) {
	if !json.Valid(b) || redact.Contains(string(b)) {
		return
	}
	data["application/json"] = string(bytes.TrimSpace(b))
}

// pngBundle is a PNG image's display.
func pngBundle(b []byte) map[string]string {
	if !bytes.HasPrefix(b, pngMagic) {
		return map[string]string{"text/plain": "(not a PNG image)"}
	}
	return map[string]string{"image/png": base64.StdEncoding.EncodeToString(b), "text/plain": "(PNG image)"}
}

// tableHTML turns a builtin's table (an upper-case header of columns
// separated by two spaces, rows aligned under it, as builtins/internal/table
// draws them) into an HTML table. Lines before the header become a caption.
// ok is false when text holds no such table.
func tableHTML(text string) (string, bool) {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	h := -1
	var cols []int
	for i, l := range lines {
		if c := headerColumns(l); len(c) >= 2 {
			h, cols = i, c
			break
		}
	}
	if h < 0 || h == len(lines)-1 {
		return "", false
	}
	var b strings.Builder
	b.WriteString("<table>\n")
	if h > 0 {
		b.WriteString("<caption>" + html.EscapeString(strings.Join(lines[:h], "\n")) + "</caption>\n")
	}
	writeRow(&b, "th", splitColumns(lines[h], cols))
	for _, l := range lines[h+1:] {
		if l == "(no rows)" {
			continue
		}
		writeRow(&b, "td", splitColumns(l, cols))
	}
	b.WriteString("</table>")
	return b.String(), true
}

// headerColumns gives the display columns where a table header's columns
// start, or nil if line is not a header: upper-case words, columns two
// spaces apart.
func headerColumns(line string) []int {
	if line == "" || line[0] == ' ' || strings.IndexFunc(line, unicode.IsLower) >= 0 || strings.IndexFunc(line, unicode.IsLetter) < 0 {
		return nil
	}
	cols := []int{0}
	w, spaces := 0, 0
	for _, r := range line {
		if r == ' ' {
			spaces++
		} else {
			if spaces >= 2 {
				cols = append(cols, w)
			}
			spaces = 0
		}
		w += runewidth.RuneWidth(r)
	}
	return cols
}

// splitColumns cuts a table line at the display columns cols.
func splitColumns(line string, cols []int) []string {
	cells := make([]string, len(cols))
	w, c := 0, 0
	var cur strings.Builder
	for _, r := range line {
		for c+1 < len(cols) && w >= cols[c+1] {
			cells[c] = strings.TrimSpace(cur.String())
			cur.Reset()
			c++
		}
		cur.WriteRune(r)
		w += runewidth.RuneWidth(r)
	}
	cells[c] = strings.TrimSpace(cur.String())
	return cells
}

func writeRow(b *strings.Builder, tag string, cells []string) {
	b.WriteString("<tr>")
	for _, c := range cells {
		b.WriteString("<" + tag + ">" + html.EscapeString(c) + "</" + tag + ">")
	}
	b.WriteString("</tr>\n")
}
