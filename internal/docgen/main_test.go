package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// writeModule makes a module with builtins under a temp root: name → files.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files["go.mod"] = "module example.com/m\n\ngo 1.22\n"
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// readIndex parses index.txt.gz as repl/docs does.
func readIndex(t *testing.T, file string) index {
	t.Helper()
	data := gunzip(t, file)
	var idx index
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "@"):
			f := strings.Fields(line[1:])
			if len(f) != 4 {
				t.Fatalf("index line %q", line)
			}
			idx.Packages = append(idx.Packages, indexEntry{Path: f[0], Name: f[1], File: f[2], Builtin: f[3] == "builtin"})
		case len(idx.Packages) == 0:
			t.Fatalf("index starts with %q", line)
		case strings.HasPrefix(line, "!"):
			p := &idx.Packages[len(idx.Packages)-1]
			p.NA = append(p.NA, line[1:])
		default:
			p := &idx.Packages[len(idx.Packages)-1]
			p.Names = append(p.Names, line)
		}
	}
	return idx
}

func readJSON(t *testing.T, file string, v any) {
	t.Helper()
	if err := json.Unmarshal(gunzip(t, file), v); err != nil {
		t.Fatal(err)
	}
}

// gunzip reads a gzipped file whole.
func gunzip(t *testing.T, file string) []byte {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

var fooSrc = `// Package foo does foo things.
package foo

// Run runs name.
//
//	foo.Run("x")
func Run(name string, args ...any) (string, error) { return "", nil }

// Map is generic, which the interpreter cannot call.
func Map[T any](x T) T { return x }

// Big has many fields.
type Big struct {
	// A is the first.
	A int
	B, C string // B and C
	hidden int
	*Embedded
` + manyFields + `}

// Embedded is embedded.
type Embedded struct{}

// Get gets.
func (b *Big) Get() error { return nil }

// Getter gets things.
type Getter interface {
	// Get gets one.
	Get() error
	unexported()
}

// Kind is a kind.
type Kind int

// The kinds.
const (
	K0 Kind = iota
	K1
` + manyConsts + `)

// NewBig makes a Big.
func NewBig() *Big { return nil }
`

var manyFields = func() string {
	var b strings.Builder
	for _, c := range "DEFGHIJKLMNOPQRSTUVWXYZ" {
		b.WriteString("\t// " + string(c) + " doc.\n\tF" + string(c) + " int\n")
	}
	return b.String()
}()

var manyConsts = func() string {
	var b strings.Builder
	for _, c := range "ABCDEFGHIJKLMNOPQRSTU" {
		b.WriteString("\tKind" + string(c) + "\n")
	}
	return b.String()
}()

func TestBuiltins(t *testing.T) {
	root := writeModule(t, map[string]string{
		"builtins/foo/foo.go":              fooSrc,
		"builtins/foo/foo_test.go":         "package foo\n\n// Testing is in a test file.\nfunc Testing() {}\n",
		"builtins/foo/other_windows.go":    "package foo\n\n// Windows is for windows only.\nfunc Windows() {}\n",
		"builtins/foo/tagged.go":           "//go:build ignore\n\npackage foo\n\n// Ignored is ignored.\nfunc Ignored() {}\n",
		"builtins/foo/symbols/symbols.go":  "package symbols\n",
		"builtins/bar/bar.go":              "// Package bar has no symbols.\npackage bar\n\nfunc Bar() {}\n",
		"builtins/baz/symbols/README":      "no Go files\n",
		"builtins/baz/baz.go":              "// Package baz.\npackage baz\n",
		"builtins/internal/x/x.go":         "package x\n",
		"builtins/foo/symbols/gen_test.go": "package symbols\n",
	})
	out := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	// A stale file of an earlier run is removed.
	if err := os.WriteFile(filepath.Join(out, "opsh.gone.json.gz"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(config{out: out, root: root, noStd: true}); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(out, "*"))
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	if got, want := strings.Join(names, " "), "index.txt.gz opsh.foo.json.gz"; got != want {
		t.Fatalf("files %q, want %q", got, want)
	}

	idx := readIndex(t, filepath.Join(out, "index.txt.gz"))
	if len(idx.Packages) != 1 {
		t.Fatalf("index: %+v", idx)
	}
	ie := idx.Packages[0]
	if ie.Path != "example.com/m/builtins/foo" || ie.Name != "foo" || !ie.Builtin || ie.File != "opsh.foo.json.gz" {
		t.Errorf("index entry %+v", ie)
	}
	if got, want := strings.Join(ie.NA, " "), "Map"; got != want {
		t.Errorf("NA = %q, want %q", got, want)
	}
	for _, n := range ie.Names {
		if n == "Testing" || n == "Windows" || n == "Ignored" || strings.Contains(n, "hidden") || strings.Contains(n, "unexported") {
			t.Errorf("index lists %s", n)
		}
	}

	var pf pkgFile
	readJSON(t, filepath.Join(out, ie.File), &pf)
	if pf.Doc != "Package foo does foo things.\n" {
		t.Errorf("Doc = %q", pf.Doc)
	}
	byName := map[string]entry{}
	var order []string
	for _, e := range pf.Entries {
		byName[e.Name] = e
		order = append(order, e.Name)
	}
	if !sort.StringsAreSorted(order) {
		t.Errorf("entries not sorted: %v", order)
	}
	check := func(name, kind, decl, doc string) {
		t.Helper()
		e, ok := byName[name]
		if !ok {
			t.Errorf("no entry %s", name)
			return
		}
		if e.Kind != kind || e.Decl != decl || e.Doc != doc {
			t.Errorf("%s = {%s %q %q}, want {%s %q %q}", name, e.Kind, e.Decl, e.Doc, kind, decl, doc)
		}
	}
	check("Run", "func", "func Run(name string, args ...any) (string, error)", "Run runs name.\n\n    foo.Run(\"x\")\n")
	check("Big.A", "field", "A int", "A is the first.\n")
	check("Big.B", "field", "B string", "B and C\n")
	check("Big.C", "field", "C string", "B and C\n")
	check("Big.Embedded", "field", "*Embedded", "")
	check("Big.Get", "method", "func (b *Big) Get() error", "Get gets.\n")
	check("Getter.Get", "method", "Get() error", "Get gets one.\n")
	check("K1", "const", "const (\n    K0 Kind = iota\n    ...\n    K1\n    ...\n)", "The kinds.\n")
	if !byName["Map"].NA || byName["Run"].NA {
		t.Errorf("Map NA %v, Run NA %v", byName["Map"].NA, byName["Run"].NA)
	}
	if got := byName["Big"].Related; len(got) != 1 || got[0] != "NewBig" {
		t.Errorf("Big.Related = %v", got)
	}

	// A long struct is printed without its field comments, then cut.
	big := byName["Big"].Decl
	if strings.Contains(big, "hidden") || strings.Contains(big, "// A is") || !strings.Contains(big, "// contains filtered or unexported fields") {
		t.Errorf("Big decl:\n%s", big)
	}
	if n := strings.Count(big, "\n") + 1; n > maxTypeLines {
		t.Errorf("Big decl has %d lines", n)
	}
	// A short interface keeps its comments.
	if g := byName["Getter"].Decl; !strings.Contains(g, "// Get gets one.\n    Get() error") {
		t.Errorf("Getter decl:\n%s", g)
	}
	for _, want := range []string{"func Run(name string, args ...any) (string, error)\n", "type Big struct{ ... }\n    func NewBig() *Big\n"} {
		if !strings.Contains(pf.Listing, want) {
			t.Errorf("listing\n%s\nlacks %q", pf.Listing, want)
		}
	}
	if strings.Contains(pf.Listing, "Map") {
		t.Errorf("listing shows Map, which the interpreter cannot call:\n%s", pf.Listing)
	}
}

// TestDeterministic runs the generator twice over the real tree, standard
// library included: the same sources give the same bytes.
func TestDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the whole standard library twice")
	}
	var dirs [2]string
	for i := range dirs {
		dirs[i] = t.TempDir()
		if err := run(config{out: dirs[i]}); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dirs[0], "*.gz"))
	if len(files) < 100 {
		t.Fatalf("only %d files written", len(files))
	}
	for _, f := range files {
		a, _ := os.ReadFile(f)
		b, err := os.ReadFile(filepath.Join(dirs[1], filepath.Base(f)))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between runs (%v)", filepath.Base(f), err)
		}
	}
	idx := readIndex(t, filepath.Join(dirs[0], "index.txt.gz"))
	have := map[string]bool{}
	for _, p := range idx.Packages {
		have[p.Path] = true
	}
	for _, want := range []string{"strings", "net/http", "os/exec", "github.com/opsh/opsh/builtins/sys", "github.com/opsh/opsh/builtins/secret"} {
		if !have[want] {
			t.Errorf("index lacks %s", want)
		}
	}
}
