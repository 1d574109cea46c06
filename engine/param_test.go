package engine

import (
	"context"
	"io"
	"strings"
	"testing"
)

// TestTypedParams: param takes a default of the type the cell wants (a
// string, a number, a bool, a duration) and an optional description; a
// value given on the command line arrives as text and is read as that
// type. args() are the script's arguments.
func TestTypedParams(t *testing.T) {
	given := map[string]string{"count": "5", "dry-run": "true", "timeout": "2s", "host": "web-2", "ratio": "0.5", "bad": "x"}
	e, err := NewEvaluator(EvalOptions{Stdout: io.Discard, Stderr: io.Discard, Args: []string{"x.go", "a", "b"},
		Param: func(name, def string) string {
			if v, ok := given[name]; ok {
				return v
			}
			return def
		}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ src, want string }{
		{`host := param("host", "web-1", "the host to check")`, ""},
		{`host`, "web-2"},
		{`n := param("count", 3)`, ""},
		{`n + 1`, "6"},
		{`param("dry-run", false)`, "true"},
		{`to := param("timeout", 30*time.Second)`, ""},
		{`to.Seconds()`, "2"},
		{`param("ratio", 1.5) * 2`, "1"},
		{`param("other", 7)`, "7"},
		{`param("bad", 7)`, `error: panic: param "bad": "x" is not a int`},
		{`args()`, "[a b]"},
		{`func f() string { return param("host", "x") }`, ""},
		{`f()`, "web-2"},
	} {
		if got := show(e.Eval(context.Background(), tc.src)); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s = %q, want %q", tc.src, got, tc.want)
		}
	}
}
