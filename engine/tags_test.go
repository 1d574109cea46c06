package engine

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestCellTagComment: a cell's `// yaegi:tags` comment sets the build tags
// of the source packages it imports, as in a file given to yaegi.
func TestCellTagComment(t *testing.T) {
	gopath := t.TempDir()
	dir := filepath.Join(gopath, "src", "tagged")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{
		"plain.go": "// +build !dummy\n\npackage tagged\n\nconst Which = \"plain\"\n",
		"dummy.go": "// +build dummy\n\npackage tagged\n\nconst Which = \"dummy\"\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	e, err := NewEvaluator(EvalOptions{Stdout: &out, Stderr: &out, GoPath: gopath})
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{"// yaegi:tags dummy\n\nimport \"tagged\"", `fmt.Println(tagged.Which)`} {
		if r := e.Eval(context.Background(), src); r.Err != nil {
			t.Fatalf("%s: %v", src, r.Err)
		}
	}
	if got, want := out.String(), "dummy\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}
