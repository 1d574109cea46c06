package sessions

import (
	"reflect"
	"strings"
	"testing"
)

func TestParams(t *testing.T) {
	src := "host := param(\"host\", \"web-1\")\n" +
		"fmt.Println(host)\n" +
		"func port() string { return param(\"port\", \"22\") }\n" +
		"n := param(`count`)\n" +
		"name := \"dyn\"\n" +
		"x := param(name, \"ignored\")\n"
	tr, err := Parse("p.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := Params(tr)
	want := []Param{
		{Name: "host", Type: TypeString, Default: `"web-1"`, Value: "web-1", Cell: 1, Line: 1},
		{Name: "port", Type: TypeString, Default: `"22"`, Value: "22", Cell: 3, Line: 3},
		{Name: "count", Cell: 4, Line: 4},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Params = %+v, want %+v", got, want)
	}
	if err := CheckParams(tr, map[string]string{"host": "web-2", "count": "3"}); err != nil {
		t.Errorf("declared params rejected: %v", err)
	}
	err = CheckParams(tr, map[string]string{"hots": "web-2", "host": "x"})
	if err == nil || err.Error() != `p.go: no cell declares parameter "hots"; it declares "count", "host", "port"` {
		t.Errorf("undeclared param: %v", err)
	}
	none, _ := Parse("q.go", []byte("x := 1\n"))
	if err := CheckParams(none, map[string]string{"a": "1"}); err == nil || !strings.Contains(err.Error(), "declares no parameters") {
		t.Errorf("no params: %v", err)
	}
}

// TestParamTypes reads each kind of default param takes, and what it
// cannot tell without running the cell.
func TestParamTypes(t *testing.T) {
	for _, tc := range []struct {
		arg, typ, value string
	}{
		{`"web-1"`, TypeString, "web-1"},
		{"`raw`", TypeString, "raw"},
		{`"a" + "b"`, TypeString, "ab"},
		{`3`, TypeInt, "3"},
		{`-3`, TypeInt, "-3"},
		{`0x10`, TypeInt, "16"},
		{`1 << 10`, TypeInt, "1024"},
		{`7 / 2`, TypeInt, "3"},
		{`7 % 4`, TypeInt, "3"},
		{`int(2.0)`, TypeInt, "2"},
		{`0.5`, TypeFloat, "0.5"},
		{`7 / 2.0`, TypeFloat, "3.5"},
		{`float64(3)`, TypeFloat, "3"},
		{`1e3`, TypeFloat, "1000"},
		{`false`, TypeBool, "false"},
		{`!false`, TypeBool, "true"},
		{`time.Second`, TypeDuration, "1s"},
		{`30 * time.Second`, TypeDuration, "30s"},
		{`90 * time.Minute`, TypeDuration, "1h30m0s"},
		{`1.5 * time.Second`, TypeDuration, "1.5s"},
		{`(time.Hour + 2*time.Minute)`, TypeDuration, "1h2m0s"},
		{`-time.Millisecond`, TypeDuration, "-1ms"},
		{`time.Duration(500)`, TypeDuration, "500ns"},
		// Not constants, or not a parameter type: any text is taken.
		{`os.Getenv("HOST")`, "", ""},
		{`defaultHost`, "", ""},
		{`'x'`, "", ""},
		{`int(2.5)`, "", ""},
		{`1.5 * time.Nanosecond`, "", ""},
		{`1 << 70`, "", ""},
		{`1 / 0`, "", ""},
		{`"a" - "b"`, "", ""},
		{`true + 1`, "", ""},
		{`time.Now()`, "", ""},
		{`x.Second`, "", ""},
	} {
		tr, err := Parse("p.go", []byte("v := param(\"v\", "+tc.arg+", \"what it is\")\n"))
		if err != nil {
			t.Fatal(err)
		}
		ps := Params(tr)
		if len(ps) != 1 {
			t.Errorf("%s: %d params", tc.arg, len(ps))
			continue
		}
		p := ps[0]
		if p.Type != tc.typ || p.Value != tc.value || p.Default != tc.arg || p.Description != "what it is" {
			t.Errorf("param(\"v\", %s): type %q value %q default %q description %q, want type %q value %q",
				tc.arg, p.Type, p.Value, p.Default, p.Description, tc.typ, tc.value)
		}
	}
}

func TestParamParse(t *testing.T) {
	for _, tc := range []struct {
		typ, in, want, err string
	}{
		{TypeString, " web 2 ", " web 2 ", ""},
		{"", "anything", "anything", ""},
		{TypeInt, "42", "42", ""},
		{TypeInt, " -7", "-7", ""},
		{TypeInt, "010", "10", ""}, // decimal, not octal
		{TypeInt, "three", "", `parameter "p" takes an int, not "three"`},
		{TypeInt, "1.5", "", `parameter "p" takes an int, not "1.5"`},
		{TypeFloat, "1.50", "1.5", ""},
		{TypeFloat, "2", "2", ""},
		{TypeFloat, "x", "", `parameter "p" takes a number, not "x"`},
		{TypeBool, "TRUE", "true", ""},
		{TypeBool, "0", "false", ""},
		{TypeBool, "yes", "", `parameter "p" takes true or false, not "yes"`},
		{TypeDuration, "90s", "1m30s", ""},
		{TypeDuration, "1h30m", "1h30m0s", ""},
		{TypeDuration, "5", "", `parameter "p" takes a duration such as 90s or 1h30m, not "5"`},
	} {
		got, err := Param{Name: "p", Type: tc.typ}.Parse(tc.in)
		if got != tc.want || (err == nil) != (tc.err == "") || (err != nil && err.Error() != tc.err) {
			t.Errorf("Parse(%s, %q) = %q, %v; want %q, %s", tc.typ, tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestParamValues(t *testing.T) {
	src := "host := param(\"host\", \"web-1\", \"the host to check\")\n" +
		"n := param(\"count\", 3)\n" +
		"n2 := param(\"count\", \"shadowed: the first declaration counts\")\n" +
		"wait := param(\"timeout\", 30*time.Second)\n" +
		"tok := \"«redacted:api-token»\"\n"
	tr, err := Parse("check.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := ParamsByName(tr); len(got) != 3 || got[1].Name != "count" || got[1].Type != TypeInt || got[0].Description != "the host to check" {
		t.Errorf("ParamsByName = %+v", got)
	}
	got, err := ParamValues(tr, map[string]string{"count": "12", "timeout": "2m", "host": "web-2", "api-token": "s3cr3t"})
	want := map[string]string{"count": "12", "timeout": "2m0s", "host": "web-2", "api-token": "s3cr3t"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ParamValues = %v, %v; want %v", got, err, want)
	}
	if _, err := ParamValues(tr, map[string]string{"count": "many"}); err == nil || err.Error() != `check.go: parameter "count" takes an int, not "many"` {
		t.Errorf("ill-typed value: %v", err)
	}
	if _, err := ParamValues(tr, map[string]string{"hots": "x"}); err == nil ||
		err.Error() != `check.go: no cell declares parameter "hots"; it declares "api-token", "count", "host", "timeout"` {
		t.Errorf("unknown name: %v", err)
	}
}

// TestParamsInProgram reads params inside the functions of a Go program
// (a file with a package clause, one cell), with their lines.
func TestParamsInProgram(t *testing.T) {
	src := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(param(\"n\", 2))\n}\n"
	tr, err := Parse("prog.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ps := Params(tr)
	if len(ps) != 1 || ps[0].Name != "n" || ps[0].Type != TypeInt || ps[0].Line != 6 {
		t.Errorf("Params = %+v, want n, int, line 6", ps)
	}
}

func TestLockLine(t *testing.T) {
	for _, tc := range []struct {
		file, src, name string
		line            int
		err             string
	}{
		{"t.md", "<!-- opsh transcript v1 -->\n<!-- opsh lock nightly-backup -->\n\n```go\nx := 1\n```\n", "nightly-backup", 2, ""},
		{"t.md", "#!/usr/bin/env -S opsh run\n<!-- opsh transcript v1 -->\n# opsh session\n\nSome prose.\n  <!-- opsh lock  db -->\n```go\nx := 1\n```\n", "db", 6, ""},
		// After the first block, in a note escaped by the recorder, or in a cell: not a lock line.
		{"t.md", "```go\nx := 1\n```\n<!-- opsh lock late -->\n", "", 0, ""},
		{"t.md", "\\<!-- opsh lock typed -->\n```go\nx := 1\n```\n", "", 0, ""},
		{"t.md", "<!-- opsh lock -->\n```go\nx := 1\n```\n", "", 1, `t.md:1: a lock line names one lock: "<!-- opsh lock -->"`},
		{"t.md", "<!-- opsh lock a -->\n<!-- opsh lock b -->\n```go\nx := 1\n```\n", "", 2, `t.md:2: a second lock line (line 1 names "a")`},
		{"s.go", "// Nightly backup.\n//\n//opsh:lock backup\n\nx := 1\n", "backup", 3, ""},
		{"s.go", "#!/usr/bin/env -S opsh run\n//opsh:lock backup\nx := 1\n", "backup", 2, ""},
		{"s.go", "x := 1\n//opsh:lock late\n", "", 0, ""},
		{"s.go", "// opsh:lock spaced is prose\nx := 1\n", "", 0, ""},
	} {
		tr, err := Parse(tc.file, []byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		name, line, err := LockLine(tr, []byte(tc.src))
		if name != tc.name || line != tc.line || (err == nil) != (tc.err == "") || (err != nil && err.Error() != tc.err) {
			t.Errorf("LockLine(%q) = %q, %d, %v; want %q, %d, %s", tc.src, name, line, err, tc.name, tc.line, tc.err)
		}
	}
}

func TestFillRedacted(t *testing.T) {
	src := "db := sql.Open(\"postgres\", \"postgres://app:«redacted:url-password»@db/app\")\n" +
		"tok := `«redacted:github-token»` // «redacted:github-token» in a comment stays\n"
	tr := &Transcript{Cells: []*Cell{{N: 1, Src: src}}}
	if got, want := RedactedNames(tr), []string{"url-password", "github-token"}; !reflect.DeepEqual(got, want) {
		t.Errorf("RedactedNames = %q, want %q", got, want)
	}
	if err := CheckParams(tr, map[string]string{"github-token": "x"}); err != nil {
		t.Errorf("a redacted name is a parameter: %v", err)
	}
	got, err := Fill(src, map[string]string{"url-password": `p"w`, "github-token": "ghp_x`y"})
	if err != nil {
		t.Fatal(err)
	}
	want := "db := sql.Open(\"postgres\", \"postgres://app:p\\\"w@db/app\")\n" +
		"tok := \"ghp_x`y\" // «redacted:github-token» in a comment stays\n"
	if got != want {
		t.Errorf("Fill:\n%s\nwant:\n%s", got, want)
	}
	if _, err := Fill(src, map[string]string{"url-password": "x"}); err == nil || !strings.Contains(err.Error(), `"github-token"`) {
		t.Errorf("missing value: %v", err)
	}
}
