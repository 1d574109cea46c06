package gosrc_test

import (
	"bytes"
	"strings"
	"testing"
)

// limits are the uses of the packages that yaegi v0.16.1 gets wrong inside
// a function body, whatever the source, with the error each gives (the
// package docs list them). The test fails if one behaves otherwise, so the
// list stays true.
var limits = []struct {
	desc    string
	decl    string
	wantErr string // "" if the limit is a wrong value, not an error
	call    string
	wrong   string // printed by call when wantErr is ""
}{
	{"range over an iterator", `func f() { for k := range maps.Keys(map[string]int{"a": 1}) { fmt.Println(k) } }`, "nil type", "", ""},
	{"Insert with no values", `func f() []int { return slices.Insert([]int{1}, 0) }`, "index out of range [2] with length 2", "", ""},
	{"Or with one argument", `func f() string { return cmp.Or("x") }`, "index out of range [1] with length 1", "", ""},
	{"Concat of a spread slice", `func f() []int { parts := [][]int{{1}, {2}}; return slices.Concat(parts...) }`, "index out of range [1] with length 1", "", ""},
	{"Sort of a compiled function's slice type", `func f() []string { s := strings.Fields("b a"); slices.Sort(s); return s }`, "invalid memory address or nil pointer dereference", "", ""},
	{"Max of a compiled function's slice type", `func f() string { return slices.Max(strings.Fields("b a")) }`, "invalid memory address or nil pointer dereference", "", ""},
	{"SortFunc with a compiled function", `func f() { slices.SortFunc([]string{"b", "a"}, strings.Compare) }`, "undefined type for E", "", ""},
	{"Keys of a compiled map type", `func f() int { return len(slices.Collect(maps.Keys(url.Values{"a": nil}))) }`, "invalid memory address or nil pointer dereference", "", ""},
	{"user generic named like a package's", `func Max[T cmp.Ordered](s []T) T { return s[0] }`, "", `fmt.Println(Max([]int{1, 2}), slices.Max([]int{1, 5, 2}))`, "1 1\n"},
}

// TestLimits checks that each of limits still fails as described.
func TestLimits(t *testing.T) {
	for _, l := range limits {
		t.Run(l.desc, func(t *testing.T) {
			var out bytes.Buffer
			i := newInterp(t, &out)
			srcs := []string{imports, l.decl}
			if l.call != "" {
				srcs = append(srcs, l.call)
			}
			err := evalAll(t.Context(), i, srcs...)
			switch {
			case l.wantErr == "" && err != nil:
				t.Fatalf("error %v, want the wrong value %q", err, l.wrong)
			case l.wantErr == "" && out.String() != l.wrong:
				t.Errorf("printed %q, the known wrong value is %q: update the limits", out.String(), l.wrong)
			case l.wantErr != "" && err == nil:
				t.Errorf("no error: the limit is gone, update the docs and this list")
			case l.wantErr != "" && !strings.Contains(err.Error(), l.wantErr):
				t.Errorf("error %q, want it to contain %q", err, l.wantErr)
			}
		})
	}
}

// TestExplicitTypeArguments checks the way around the inference limits:
// the functions that take []E accept their element type as the one type
// argument (where Go's take [S, E]), a slice of a compiled type included.
func TestExplicitTypeArguments(t *testing.T) {
	var out bytes.Buffer
	i := newInterp(t, &out)
	err := evalAll(t.Context(), i, imports,
		`func f() { w := strings.Fields("b c a"); slices.Sort[string](w); fmt.Println(w, slices.Max[string](w)) }`, `f()`,
		`func g() { fmt.Println(len(maps.Clone[string, int](map[string]int{"a": 1}))) }`, `g()`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "[a b c] c\n1\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
