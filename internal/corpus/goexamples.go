package corpus

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/doc"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// GoExamples writes the runnable examples of the standard library of the
// Go at goroot into dir as programs of the corpus's shape, and returns how
// many it wrote. An example is an Example function of a package's external
// test files (package strings_test) whose comment says what it prints,
// `// Output:` in order; go/doc makes it a whole program (package main,
// the imports and the declarations of the test files it uses), as Go's
// playground runs it, and its output becomes the program's Output block.
// The sources are read in place, and the programs are written to dir
// only: nothing of Go's tree is copied into the repository.
//
// Examples of internal and vendored packages and of the commands are left
// out, as are those printing in no fixed order (Unordered output) and
// those go/doc cannot make a program of.
func GoExamples(goroot, dir string) (int, error) {
	src := filepath.Join(goroot, "src")
	written := map[string]bool{}
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		switch d.Name() {
		case "testdata", "internal", "vendor":
			return filepath.SkipDir
		}
		if path == filepath.Join(src, "cmd") {
			return filepath.SkipDir
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		return writeExamples(path, strings.ReplaceAll(rel, string(filepath.Separator), "_"), dir, written)
	})
	if err != nil {
		return 0, fmt.Errorf("write Go's examples: %w", err)
	}
	return len(written), nil
}

// writeExamples writes the examples of the package in pkgDir, their names
// starting with prefix, into dir; written holds the names taken.
func writeExamples(pkgDir, prefix, dir string, written map[string]bool) error {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(pkgDir)
	if err != nil {
		return err
	}
	var files []*ast.File
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(pkgDir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			return err
		}
		if strings.HasSuffix(f.Name.Name, "_test") {
			files = append(files, f)
		}
	}
	for _, ex := range doc.Examples(files...) {
		if ex.Play == nil || ex.Unordered || (ex.Output == "" && !ex.EmptyOutput) {
			continue
		}
		var b bytes.Buffer
		if err := format.Node(&b, fset, ex.Play); err != nil {
			return fmt.Errorf("%s: Example%s: %w", pkgDir, ex.Name, err)
		}
		b.WriteString("\n// Output:\n")
		for line := range strings.Lines(strings.TrimSpace(ex.Output)) {
			b.WriteString(strings.TrimRight("// "+line, " \n") + "\n")
		}
		name := prefix + "__Example" + ex.Name
		for i := 2; written[name]; i++ {
			name = fmt.Sprintf("%s__Example%s_%d", prefix, ex.Name, i)
		}
		written[name] = true
		if err := os.WriteFile(filepath.Join(dir, name+".go"), b.Bytes(), 0o600); err != nil {
			return err
		}
	}
	return nil
}
