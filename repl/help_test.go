package repl

import (
	"regexp"
	"strings"
	"testing"
)

// TestHelpOnWhatYouHold: x? describes a variable, x?? shows the source of
// a function the session declared, :who lists the variables, :time and
// :timeit time, an undefined name suggests the closest ones (not a name
// whose declaration failed), a %magic says its command.
func TestHelpOnWhatYouHold(t *testing.T) {
	out, err := runScript(t, true,
		`u, _ := url.Parse("http://example.com/x")`,
		`r := 7`,
		`r?`,
		`u?`,
		`// twice doubles.`+"\n"+`func twice(x int) int {`+"\n"+`return 2 * x`+"\n"+`}`,
		`twice??`,
		`:who`,
		`host := "web-1"`,
		`hsot`,
		`q`,
		`strings.Spilt("a", "b")`,
		`:time twice(21)`,
		`_`,
		`:timeit twice(3)`,
		`_`,
		`%timeit twice(3)`,
		`%whos`,
		`ok := true`,
		`!ok`,
		`func hosts() []string { return []string{hots} }`,
		"var hots = 5",
		`hosts()`,
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"r int\n7\n",
		"u *url.URL\n",
		"EscapedPath, Hostname, IsAbs",
		"// cell 3\n// twice doubles.\nfunc twice(x int) int {\nreturn 2 * x\n}\n",
		"r  int\nu  *url.URL\n",
		"error: undefined: hsot — did you mean host?\n",
		"error: undefined: q\n",
		"has no symbol Spilt — did you mean Split?\n",
		"42\ntime: ",
		"error: %timeit is :timeit in opsh",
		"error: %whos is :who in opsh",
		"\nfalse\n",
		"error: undefined: hosts (its declaration failed; declare it again)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "did you mean color") {
		t.Errorf("r? suggests documentation:\n%s", out)
	}
	if !regexp.MustCompile(`\n[0-9.]+(ns|µs) per loop \(best of \d runs, \d+ loops each\)\n42\n`).MatchString(out) {
		t.Errorf(":timeit, then _ still 42:\n%s", out)
	}
}
