package ansi

import "testing"

func TestStrip(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                                  "plain",
		"\x1b[1;32mok\x1b[0m":                    "ok",
		"\x1b[?7701hvalue\x1b[?7701l":            "value",
		"\x1b]8;;http://x\x1b\\link\x1b]8;;\x07": "link",
		"\x1b]0;title\x07text":                   "text",
		"a\x1b[2Kb\x1b[1A":                       "ab",
		"\x1bcreset":                             "reset",
	} {
		if got := Strip(in); got != want {
			t.Errorf("Strip(%q) = %q, want %q", in, got, want)
		}
	}
}
