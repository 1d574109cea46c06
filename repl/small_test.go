package repl

import (
	"regexp"
	"strings"
	"testing"
)

// TestMoreShowsAll: :more shows a list the display cut at 100 elements
// whole.
func TestMoreShowsAll(t *testing.T) {
	out, err := runScript(t, true, `xs := make([]int, 150)`, `xs`, `:more`)
	if err != nil {
		t.Fatal(err)
	}
	cut, more, ok := strings.Cut(out, "(50 more)")
	if !ok {
		t.Fatalf("the display is not cut:\n%s", out)
	}
	if strings.Count(cut, "0") != 100 || strings.Count(more, "0") != 150 || strings.Contains(more, "more)") {
		t.Errorf(":more did not show 150 elements:\n%s", more)
	}
}

// TestMetaDropsComments: a Go comment after a meta-command's arguments is
// not part of them (the README's tour line); a URL's // is.
func TestMetaDropsComments(t *testing.T) {
	for in, want := range map[string]string{
		"strings.Split // how to cut": "strings.Split",
		"// all a comment":            "",
		"http://x/y":                  "http://x/y",
		"see http://x // really":      "see http://x",
		"a\t// tab":                   "a",
	} {
		if got := dropComment(in); got != want {
			t.Errorf("dropComment(%q) = %q, want %q", in, got, want)
		}
	}
	out, err := runScript(t, false, `:doc strings.Split // how to cut`)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(out, "func Split(s, sep string) []string") {
		t.Errorf(":doc with a comment:\n%s", out)
	}
}

// TestThemeColors: hints, the continuation prompt and the rest use only
// the eight base colours and faint text, never the bright ones (bright
// black is the background in Solarized Dark).
func TestThemeColors(t *testing.T) {
	th := ColorTheme()
	sgr := regexp.MustCompile(`\x1b\[([0-9;]*)m`)
	for name, f := range map[string]func(string) string{"prompt": th.Prompt, "continue": th.Continue, "error": th.Error, "note": th.Note, "dim": th.Dim, "heading": th.Heading} {
		styled := f("x")
		codes := sgr.FindAllStringSubmatch(styled, -1)
		if len(codes) == 0 {
			t.Errorf("%s is not styled: %q", name, styled)
		}
		for _, c := range codes {
			for _, p := range strings.Split(c[1], ";") {
				switch p {
				case "", "0", "1", "2", "31", "32", "33", "34", "35", "36", "37", "39":
				default:
					t.Errorf("%s uses SGR %s (%q): not one of the base colours", name, p, styled)
				}
			}
		}
	}
}
