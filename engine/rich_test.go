package engine

import (
	"encoding/json"
	"image"
	"image/color"
	"reflect"
	"slices"
	"testing"
)

func TestTableHTML(t *testing.T) {
	tests := []struct {
		desc, text, want string
		ok               bool
	}{
		{
			desc: "containers",
			text: "ID            IMAGE    STATUS      NAMES\n0123456789ab  busybox  Up 2 min    web-1\nfedcba987654  nginx    Exited (0)  a<b",
			want: "<table>\n<tr><th>ID</th><th>IMAGE</th><th>STATUS</th><th>NAMES</th></tr>\n" +
				"<tr><td>0123456789ab</td><td>busybox</td><td>Up 2 min</td><td>web-1</td></tr>\n" +
				"<tr><td>fedcba987654</td><td>nginx</td><td>Exited (0)</td><td>a&lt;b</td></tr>\n</table>",
			ok: true,
		},
		{
			desc: "a caption, a header with spaces, an empty cell, wide runes",
			text: "2 instances\nID   PRIVATE IP  NAME\ni-1  10.0.0.1    wéb\ni-2              db",
			want: "<table>\n<caption>2 instances</caption>\n<tr><th>ID</th><th>PRIVATE IP</th><th>NAME</th></tr>\n" +
				"<tr><td>i-1</td><td>10.0.0.1</td><td>wéb</td></tr>\n<tr><td>i-2</td><td></td><td>db</td></tr>\n</table>",
			ok: true,
		},
		{desc: "no rows", text: "NAME  CREATED\n(no rows)", want: "<table>\n<tr><th>NAME</th><th>CREATED</th></tr>\n</table>", ok: true},
		{desc: "a status line is no table", text: "200 OK · application/json · 37 B", ok: false},
		{desc: "a header alone is no table", text: "NAME  CREATED", ok: false},
		{desc: "lower case is no header", text: "name  value\na     b", ok: false},
	}
	for _, tc := range tests {
		got, ok := tableHTML(tc.text)
		if ok != tc.ok || got != tc.want {
			t.Errorf("%s: tableHTML = %q, %v\nwant %q, %v", tc.desc, got, ok, tc.want, tc.ok)
		}
	}
}

type displayed struct{ text string }

func (d displayed) Display() string { return d.text }

type body struct {
	ct string
	b  []byte
}

func (b body) ContentType() string { return b.ct }
func (b body) Bytes() []byte       { return b.b }

func TestRichForms(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 2, 2))
	img.Set(1, 1, color.White)
	tests := []struct {
		desc  string
		v     any
		text  string
		mimes []string
	}{
		{"an image", img, "", []string{"image/png", "text/plain"}},
		{"PNG bytes", append([]byte(nil), pngMagic...), "", []string{"image/png", "text/plain"}},
		{"other bytes", []byte("plain"), "", []string{"text/plain"}},
		{"a JSON body", body{"application/json", []byte(`{"a": [1, 2]}`)}, "", []string{"application/json", "text/plain"}},
		{"a problem+json body", body{"application/problem+json", []byte(`{"title": "x"}`)}, "", []string{"application/json", "text/plain"}},
		{"a text body", body{"text/plain", []byte(`{"a": 1}`)}, "", []string{"text/plain"}},
		{"a raw message", json.RawMessage(`[true]`), "", []string{"application/json", "text/plain"}},
		{"a displayed table", displayed{}, "NAME  SIZE\na     1", []string{"text/html", "text/plain"}},
		{"a table-like text without Display", "NAME  SIZE\na     1", "NAME  SIZE\na     1", []string{"text/plain"}},
		{"nil", nil, "nil", []string{"text/plain"}},
	}
	for _, tc := range tests {
		data := map[string]string{"text/plain": tc.text}
		richForms(reflect.ValueOf(tc.v), tc.text, data)
		var got []string
		for m := range data {
			got = append(got, m)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.mimes) {
			t.Errorf("%s: forms %v, want %v", tc.desc, got, tc.mimes)
		}
	}
}
