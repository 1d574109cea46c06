package export

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/opsh/opsh/sessions"
)

// recorded is testdata/session.md, a session as the recorder writes it,
// with every kind of block: outputs and errors (one holding a fence), an
// interrupted cell, facts, notes (one that looks like a cell) and the
// footer.
func recorded(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "session.md"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustParse(t testing.TB, name string, data []byte) *sessions.Transcript {
	t.Helper()
	tr, err := sessions.Parse(name, data)
	if err != nil {
		t.Fatalf("parse %s: %v\n%s", name, err, data)
	}
	return tr
}

func TestMarkdownExport(t *testing.T) {
	data := recorded(t)
	md := string(Markdown(mustParse(t, "s.md", data)))
	for _, want := range []string{
		"# opsh session 2026-11-22 00:15 UTC\n\nstarted 2026-11-22T00:15:03Z · alice@laptop · opsh v0.1.0 · id 20261122-001503-a1b2\n",
		"\n```go\nr.Status\n```\n\n```text\n\"200 OK\"\n```\n",
		"\n- aws.account: 123456789012\n- aws.region: eu-west-1\n",
		"\n**error**\n\n````text\n```\n3:1: undefined: undefined\n````\n",
		"Two paragraphs.\n\n```go {cell=9}\nnot a cell\n```\n",
		"\n---\n\nended 2026-11-22T00:42:10Z · 27m7s · 5 cells · 2 errors\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, sessions.Magic) || strings.Contains(md, "<!-- opsh fact") || strings.Contains(md, "{cell=1") {
		t.Errorf("markdown keeps opsh markers:\n%s", md)
	}
	if _, err := To("pdf", &sessions.Transcript{}, nil); err == nil {
		t.Error("unknown format accepted")
	}
	nb, err := To("ipynb", mustParse(t, "s.md", data), nil)
	if err != nil || !json.Valid(nb) {
		t.Errorf("ipynb export: %v", err)
	}
}

// TestSaveReadsBack saves a Go script as a Go script, a transcript and a
// notebook: each reads back with the same cells, and is private (0600).
func TestSaveReadsBack(t *testing.T) {
	script := "#!/usr/bin/env -S opsh run\n// Which hosts answer?\nhosts := []string{\"web-1\", \"web-2\"}\n" +
		"func up(h string) bool { return h == \"web-1\" }\nfmt.Println(len(hosts), up(hosts[0]))\n"
	tr := mustParse(t, "check.go", []byte(script))
	dir := t.TempDir()
	saved := filepath.Join(dir, "s.go")
	if err := Save(saved, tr); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(saved)
	back, err := sessions.Parse(saved, data)
	if err != nil {
		t.Fatal(err)
	}
	var srcs, want []string
	for _, c := range back.Cells {
		srcs = append(srcs, c.Src)
	}
	for _, c := range tr.Cells {
		want = append(want, c.Src)
	}
	if !reflect.DeepEqual(srcs, want) {
		t.Errorf("saved script reads back as\n%q\nwant\n%q", srcs, want)
	}
	for _, ext := range []string{".md", ".ipynb"} {
		p := filepath.Join(dir, "s"+ext)
		if err := Save(p, tr); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(p)
		b, err := sessions.Parse(p, data)
		if err != nil || len(b.Cells) != len(tr.Cells) {
			t.Errorf("%s: %v, %d cells", ext, err, len(b.Cells))
		}
		if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s saved with mode %o", ext, fi.Mode().Perm())
		}
	}
}

// FuzzExport: whatever parses, as a script, a notebook or a transcript,
// exports without a panic.
func FuzzExport(f *testing.F) {
	data := recorded(f)
	f.Add(data)
	f.Add([]byte("x := 1\nfunc f() {}\nf()\n"))
	tr, err := sessions.Parse("s.md", data)
	if err != nil {
		f.Fatal(err)
	}
	nb, err := Notebook(tr)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(nb)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"f.go", "f.ipynb", "f.md"} {
			if tr, err := sessions.Parse(name, data); err == nil {
				Go(tr, nil)
				Notebook(tr)
				Markdown(tr)
				Script(tr)
			}
		}
	})
}
