package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func candidateNames(c Candidates) map[string]Candidate {
	m := map[string]Candidate{}
	for _, it := range c.Items {
		m[it.Name] = it
	}
	return m
}

// TestCandidates: completion inside strings, after calls and indexes, with
// kinds and types, running no call.
func TestCandidates(t *testing.T) {
	ev, err := NewEvaluator(EvalOptions{Stdout: os.Stdout, Stderr: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, src := range []string{
		`type box struct{ Name string }`,
		`calls := 0`,
		`func boxes() []*url.URL { calls++; return []*url.URL{{Host: "h"}} }`,
		`u, _ := url.Parse("http://example.com/x")`,
	} {
		if r := ev.Eval(ctx, src); r.Err != nil {
			t.Fatalf("%s: %v", src, r.Err)
		}
	}
	dir := t.TempDir()
	for _, f := range []string{"alpha.txt", "alps/"} {
		p := filepath.Join(dir, f)
		if strings.HasSuffix(f, "/") {
			os.Mkdir(p, 0o700)
		} else {
			os.WriteFile(p, nil, 0o600)
		}
	}
	tests := []struct {
		code       string
		want       []string // names that must be offered
		kind, typ  string   // of want[0]
		replaceLen int
	}{
		{`os.ReadFile("` + dir + `/al`, []string{dir + "/alpha.txt", dir + "/alps/"}, "file", "", len(dir) + 3},
		{`x := "` + dir + `/alps`, []string{dir + "/alps/"}, "dir", "", len(dir) + 5},
		{`time.Now().Unix`, []string{"Unix", "UnixMilli", "UnixNano"}, "method", "func() int64", 4},
		{`boxes()[0].Ho`, []string{"Host"}, "field", "string", 2},
		{`strings.Sp`, []string{"Split", "SplitN"}, "func", "func(string, string) []string", 2},
		{`u.Hos`, []string{"Host"}, "field", "string", 3},
		{`u.Hostn`, []string{"Hostname"}, "method", "func() string", 5},
		{`cal`, []string{"calls"}, "var", "int", 3},
		{`box`, []string{"box", "boxes"}, "type", "", 3},
		{`stri`, []string{"strings"}, "package", "", 4},
		{`os.O_RD`, []string{"O_RDONLY"}, "const", "int", 4},
	}
	for _, tt := range tests {
		c := ev.Candidates(tt.code, len(tt.code))
		got := candidateNames(c)
		for _, w := range tt.want {
			if _, ok := got[w]; !ok {
				t.Errorf("%s: no %s in %v", tt.code, w, c.Items)
			}
		}
		if first := got[tt.want[0]]; first.Kind != tt.kind || first.Type != tt.typ {
			t.Errorf("%s: %s is %q %q, want %q %q", tt.code, tt.want[0], first.Kind, first.Type, tt.kind, tt.typ)
		}
		if n := c.End - c.Start; n != tt.replaceLen {
			t.Errorf("%s: replaces %d bytes, want %d", tt.code, n, tt.replaceLen)
		}
	}
	if r := ev.Eval(ctx, `calls`); r.Err != nil || len(r.Values) != 1 || r.Values[0].Int() != 0 {
		t.Errorf("completion ran a call: calls = %v (%v)", r.Values, r.Err)
	}
}

// TestFormatFull: :more shows a long list whole.
func TestFormatFull(t *testing.T) {
	ev, err := NewEvaluator(EvalOptions{Stdout: os.Stdout, Stderr: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	r := ev.Eval(context.Background(), `make([]int, 150)`)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if cut := ev.Format(r.Values[0]); !strings.Contains(cut, "(50 more)") {
		t.Fatalf("the display is not cut:\n%s", cut)
	}
	full, err := ev.FormatFull(r.Bound)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(full, "more)") || strings.Count(full, "0") != 150 {
		t.Errorf("full display:\n%s", full)
	}
}
