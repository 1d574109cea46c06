package engine

import "testing"

func TestCompleteness(t *testing.T) {
	for code, want := range map[string]string{
		"x := 1":                         "complete",
		":help":                          "complete",
		"for i := 0; i < 3; i++ {\n}":    "complete",
		"func f() {":                     "incomplete\t",
		"if x {\n\tm := map[string]int{": "incomplete\t\t",
		"s := `raw":                      "incomplete",
		"x := 1 +":                       "incomplete",
		`s := "{"`:                       "complete",
		"x := )":                         "invalid",
		"}":                              "invalid",
		"a := 1 @ 2":                     "invalid",
		"if x > 1:":                      "complete",
		"switch {\ncase x > 1:":          "incomplete\t",
	} {
		c := Completeness(code)
		if got := c.Status + c.Indent; got != want {
			t.Errorf("Completeness(%q) = %q, want %q", code, got, want)
		}
	}
}
