package repl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lines is a LineReader over a fixed list of lines.
type lines struct{ l []string }

func (r *lines) ReadLine(string) (string, error) {
	if len(r.l) == 0 {
		return "", io.EOF
	}
	s := r.l[0]
	r.l = r.l[1:]
	return s, nil
}

func runScript(t *testing.T, interactive bool, input ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	s, err := New(Config{Reader: &lines{input}, Stdout: &out, Stderr: &out, Interactive: interactive, Backend: newWorker(t)})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Run(context.Background())
	return out.String(), err
}

// TestIssueExample is the `_` example of the REPL issue, piped as a script.
func TestIssueExample(t *testing.T) {
	out, err := runScript(t, false,
		`x := 40`,
		`x + 2`,
		`y := _ * 2`,
		`y`,
		`_, err := strconv.Atoi("7")`,
		`n, _ := strconv.Atoi("9")`,
		`n`,
		`_`,
		`fmt.Println("side effect")`,
		`log.SetFlags(0)`,
		`_`,
		`_2`,
		`strconv.Atoi("12")`,
		`_ + 1`,
		`strconv.Atoi("x")`,
		`"never reached"`,
	)
	want := "42\n84\n9\n9\nside effect\n9\n42\n12\n13\nerror: strconv.Atoi: parsing \"x\": invalid syntax\n"
	if out != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out, want)
	}
	var ce *CellError
	if !errors.As(err, &ce) || ce.Line != 15 || ce.Cell != 15 {
		t.Fatalf("err = %v, want the failure at line 15, cell 15", err)
	}
}

func TestMultiLineCellsAndContinuation(t *testing.T) {
	out, err := runScript(t, false,
		`func add(a, b int) int {`,
		`	return a + b`,
		`}`,
		"s := `raw",
		"string`",
		`add(1,`,
		`  2)`,
		`len(s)`,
	)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := out, "3\n10\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestInteractiveGoesOnAfterFailure(t *testing.T) {
	out, err := runScript(t, true, `undefinedName`, `panic("boom")`, `1+1`)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"error: undefined: undefinedName", "panic: boom", "2\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output %q lacks %q", out, want)
		}
	}
}

func TestDisplay(t *testing.T) {
	out, err := runScript(t, false,
		`type Host struct { Name string; Port int; Tags []string; note string }`,
		`Host{"web-1", 22, []string{"a"}, "n"}`,
		`map[string]int{"b": 2, "a": 1}`,
		`u, _ := url.Parse("https://example.com:8443/x")`,
		`u.Host`,
		`errors.New("bad")`,
		`strings.Repeat("line\n", 3)`,
		`func two() (int, string) { return 1, "a" }`,
		`two()`,
		"type codeErr struct{ code int }\nfunc (e *codeErr) Error() string { return fmt.Sprint(\"code \", e.code) }",
		`var err2 error = &codeErr{6}`,
		`err2`,
		"type Token struct{ v string }\nfunc (t Token) String() string { return \"tok:***\" }",
		`Token{"secret"}`,
		`big.NewInt(0).Exp(big.NewInt(2), big.NewInt(70), nil)`,
		`time.UTC`,
		`var none []Host`,
		`none`,
		`map[string]struct{}{"a": {}}`,
		`struct{ A int; b string }{1, "z"}`,
		`json.MarshalIndent(map[string]int{"a": 1}, "", "  ")`,
		`var buf bytes.Buffer`,
		`buf.WriteString("written")`,
		`buf`,
		`type Port int`,
		`ports := []Port{80}`,
		`ports`,
	)
	if err != nil {
		t.Fatal(err)
	}
	want := `Host{Name: "web-1", Port: 22, Tags: []string{"a"}, note: "n"}
map[string]int{"a": 1, "b": 2}
"example.com:8443"
bad
line
line
line
1
"a"
code 6
tok:***
1180591620717411303424
UTC
[]Host(nil)
map[string]struct{}{"a": struct{}{}}
struct{ A int; b string }{A: 1, b: "z"}
{
  "a": 1
}
7
written
[]Port{80}
`
	if out != want {
		t.Fatalf("got:\n%s\nwant:\n%s", out, want)
	}
}

func TestLongOutputIsCut(t *testing.T) {
	out, _ := runScript(t, true, `strings.Repeat("x\n", 500)`, `:more`)
	if !strings.Contains(out, "… 300 more lines (:more shows all)") {
		t.Fatalf("no cut note in %q", out[len(out)-200:])
	}
	if got := strings.Count(out, "x\n"); got != 700 {
		t.Fatalf(":more showed %d lines in all, want 200 + 500", got)
	}
}

func TestMetaCommands(t *testing.T) {
	out, _ := runScript(t, true, `u, _ := url.Parse("http://h/p")`, `:type u`, `:type strconv.Atoi("1")`, `:help`, `:nope`, `:s`, `:type nope`, `:h limits`)
	for _, want := range []string{"*url.URL\n", "(int, error)\n", ":doc NAME", "unknown command :nope", "ambiguous command :s: :save, :session, :source",
		"error: undefined: nope\n", "Limits of the interpreter"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestComplete(t *testing.T) {
	var out bytes.Buffer
	s, err := New(Config{Reader: &lines{}, Stdout: &out, Stderr: &out, Backend: newWorker(t)})
	if err != nil {
		t.Fatal(err)
	}
	s.Do(context.Background(), `u, _ := url.Parse("http://h/p")`)
	for _, tc := range []struct {
		line string
		want []string
		n    int
	}{
		{"strings.Sp", []string{"Split", "SplitAfter", "SplitAfterN", "SplitAfterSeq", "SplitN", "SplitSeq"}, 2},
		{"x := u.Hos", []string{"Host", "Hostname"}, 3},
		{":hi", []string{":history"}, 3},
		{"strconv.Ato", []string{"Atoi"}, 3},
	} {
		got, n := s.Complete(tc.line, len(tc.line))
		if strings.Join(got, ",") != strings.Join(tc.want, ",") || n != tc.n {
			t.Errorf("Complete(%q) = %v, %d; want %v, %d", tc.line, got, n, tc.want, tc.n)
		}
	}
}

func TestDoc(t *testing.T) {
	out, _ := runScript(t, true, `:doc strings.Split`, `u, _ := url.Parse("http://h/p")`, `:doc u.Hostname`, `:doc sys.Run`, `:doc strngs.Split`)
	for _, want := range []string{"func Split(s, sep string) []string", "func (u *URL) Hostname() string", "func Run(name string, args ...any) (string, error)", "did you mean: strings.Split"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestFacts: what a builtin learns about the session's context (the AWS
// account it uses) shows in :session, once however often it is told.
func TestFacts(t *testing.T) {
	var out bytes.Buffer
	s, err := New(Config{Reader: &lines{}, Stdout: &out, Stderr: &out, Backend: newWorker(t)})
	if err != nil {
		t.Fatal(err)
	}
	s.Do(context.Background(), `facts.Learn()`)
	s.Do(context.Background(), `facts.Learn()`)
	s.Do(context.Background(), `:session`)
	if got := strings.Count(out.String(), "aws account 123456789012 · region us-east-1"); got != 1 {
		t.Fatalf(":session shows the fact %d times:\n%s", got, out.String())
	}
	if f := s.Transcript().Facts; len(f) != 1 || f[0].After != 1 {
		t.Fatalf("facts = %+v, want one, after cell 1", f)
	}
}

func TestExitAtThePromptEndsOnlyTheCell(t *testing.T) {
	out, err := runScript(t, true, `x := 1`, `os.Exit(2)`, `x + 1`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "os.Exit(2) ends a script; this session goes on") || !strings.HasSuffix(out, "2\n") {
		t.Fatalf("output %q", out)
	}
}

func TestOutputWithoutNewlineIsEnded(t *testing.T) {
	out, _ := runScript(t, true, `fmt.Print("no newline")`, `1+1`)
	if out != "no newline\n2\n" {
		t.Fatalf("output %q", out)
	}
}

func TestSyntaxErrorLines(t *testing.T) {
	for src, want := range map[string]string{
		`fmt.Println("x"`:             "error: syntax error: line 1:",
		"x := 1\ny := (2 +\n3))":      "error: syntax error: line 2:", // line 2 of cell 2
		"func f() {\n\treturn 1 +\n}": "error: syntax error: line 3:",
	} {
		out, _ := runScript(t, false, strings.Split(src, "\n")...)
		if !strings.HasPrefix(out, want) || strings.Contains(out, "more errors") {
			t.Errorf("%q: got %q, want %q…", src, out, want)
		}
	}
}

// TestPanicInAFunctionNamesIt: a panic inside a function the user declared
// names the function and the cell's line that called it (yaegi gives the
// function's first statement, which is not where it happened).
func TestPanicInAFunctionNamesIt(t *testing.T) {
	out, _ := runScript(t, true,
		"func ratio(a, b int) int {",
		"\tfmt.Println(\"dividing\")",
		"\treturn a / b",
		"}",
		"total := 10",
		"r := ratio(total, 0)",
		"type Pool struct{}",
		"func (p *Pool) Get() { panic(\"empty pool\") }",
		"(&Pool{}).Get()")
	for _, want := range []string{"panic: runtime error: integer divide by zero\n  in: ratio\n  at: r := ratio(total, 0)", "panic: empty pool\n  in: Get\n  at: (&Pool{}).Get()"} {
		if !strings.Contains(out, want) {
			t.Errorf("output %q lacks %q", out, want)
		}
	}
	if strings.Contains(out, `at: fmt.Println("dividing")`) {
		t.Errorf("the function's first statement is named as the panic's: %q", out)
	}
}

func TestPanicNamesItsLine(t *testing.T) {
	out, _ := runScript(t, true, "var m map[string]int", "if true {", "\tx := 1", "\tm[\"a\"] = x", "}")
	// yaegi places the panic at its statement's position, which inside a
	// block can be a neighbouring line; the line shown is one of the cell's.
	if !strings.Contains(out, "panic: assignment to entry in nil map") || !strings.Contains(out, `at: x := 1`) && !strings.Contains(out, `at: m["a"] = x`) {
		t.Fatalf("output %q", out)
	}
}

func TestHabits(t *testing.T) {
	out, _ := runScript(t, true, `help`, `strings.Split?`, `x := 1`, `exit`, `x`)
	if !strings.Contains(out, "Commands") || !strings.Contains(out, "func Split(s, sep string) []string") || strings.Contains(out, "\n1\n") {
		t.Fatalf("output %q", out)
	}
}

func TestDisplayOfFilesHashesAndTimes(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "f.txt"), []byte("hello"), 0o640); err != nil {
		t.Fatal(err)
	}
	out, err := runScript(t, false,
		`os.Stat("`+dir+`/f.txt")`,
		`os.ReadDir("`+dir+`")`,
		`sha256.Sum256([]byte("hello"))`,
		`time.Date(2026, 11, 22, 1, 2, 3, 0, time.UTC)`,
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"-rw-r-----          5 ", " f.txt\n", "[]fs.DirEntry{f.txt}",
		"[32]byte 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", "2026-11-22 01:02:03 +0000 UTC\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestTopLevelDefer: the session's cells are a program's main: a top-level
// defer runs when the session ends (last first, after the cells' output),
// or before :reset, so what it closes stays open for the cells after it;
// a failing deferred call fails a script; os.Exit runs none.
func TestTopLevelDefer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hosts")
	if err := os.WriteFile(path, []byte("web-1\nweb-2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := runScript(t, false,
		fmt.Sprintf(`f, err := os.Open(%q)`, path),
		`defer f.Close()`,
		`defer fmt.Println("closing")`,
		`sc := bufio.NewScanner(f)`,
		`n := 0`,
		`for sc.Scan() { n++ }`,
		`fmt.Println(n, sc.Err())`,
	)
	if err != nil || out != "2 <nil>\nclosing\n" {
		t.Fatalf("output %q, error %v; want the file read whole, then the deferred call", out, err)
	}

	out, err = runScript(t, false, `for _, h := range []string{"a", "b"} { defer fmt.Println("done", h) }`, `for i := 0; i < 2; i++ { defer fmt.Println(i) }`)
	if err != nil || out != "1\n0\ndone b\ndone a\n" {
		t.Fatalf("output %q, error %v; want each iteration's defer with its own arguments, last first", out, err)
	}

	out, err = runScript(t, false, `defer fmt.Println("first")`, `defer fmt.Println("second")`, `:reset`, `defer fmt.Println("after reset")`, `1 + 1`)
	if err != nil || !strings.HasPrefix(out, "second\nfirst\n") || !strings.HasSuffix(out, "2\nafter reset\n") {
		t.Fatalf("output %q, error %v; want the deferred calls at :reset, last first, and the later one at the end", out, err)
	}

	out, err = runScript(t, false, `defer func() { panic("in a deferred call") }()`, `1 + 1`)
	var ce *CellError
	if !errors.As(err, &ce) || !strings.Contains(out, "panic: in a deferred call") {
		t.Fatalf("output %q, error %v; want the script failed by its deferred call", out, err)
	}

	out, err = runScript(t, false, `defer fmt.Println("never")`, `os.Exit(3)`)
	var exit *ExitError
	if !errors.As(err, &exit) || exit.Code != 3 || strings.Contains(out, "never") {
		t.Fatalf("output %q, error %v; want os.Exit(3) and no deferred call", out, err)
	}
}

// TestTopLevelReturn: a return outside any function is main's: a script
// ends there, successfully, after its deferred calls; the statements after
// it, in its cell and in later cells, do not run. At the prompt the session
// goes on.
func TestTopLevelReturn(t *testing.T) {
	out, err := runScript(t, false,
		`defer fmt.Println("deferred")`,
		`hosts := []string{}`,
		"if len(hosts) == 0 {\n\tfmt.Println(\"nothing to do\")\n\treturn\n}\nfmt.Println(\"not in the cell\")",
		`fmt.Println("not in a later cell")`,
	)
	if err != nil || out != "nothing to do\ndeferred\n" {
		t.Fatalf("output %q, error %v; want the script ended by return, then the deferred call", out, err)
	}
	out, err = runScript(t, false, `for i := range 5 { if i == 2 { return }; fmt.Println(i) }`, `fmt.Println("after")`)
	if err != nil || out != "0\n1\n" {
		t.Fatalf("output %q, error %v; want a return in a loop to end the script", out, err)
	}
	out, err = runScript(t, false, `f := func() int { return 7 }`, `f()`, `return 1`)
	var ce *CellError
	if !errors.As(err, &ce) || !strings.Contains(out, "7\n") || !strings.Contains(out, "error: too many return values") {
		t.Fatalf("output %q, error %v; want a function literal's return left alone, and return 1 refused", out, err)
	}
	out, err = runScript(t, true, `return`, `1 + 1`)
	if err != nil || !strings.Contains(out, "return ends a script here") || !strings.Contains(out, "2\n") {
		t.Fatalf("output %q, error %v; want a note, and the session going on", out, err)
	}
}

// TestDecodeIntoSessionStructs: a builtin that decodes JSON into the
// user's value (web's Response.Decode) fills an embedded struct's fields
// and leaves unexported ones alone, as the session's json.Unmarshal does.
func TestDecodeIntoSessionStructs(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ID": 5, "name": "web-1", "secret": "s"}`)
	}))
	defer srv.Close()
	out, err := runScript(t, false,
		`type Base struct { ID int }`,
		"type Host struct { Base; Name string `json:\"name\"`; secret string }",
		fmt.Sprintf(`r, err := web.Get(%q)`, srv.URL),
		`var h Host`,
		`r.Decode(&h)`,
		`fmt.Println(h.ID, h.Name, h.secret == "")`,
	)
	if err != nil || out != "5 web-1 true\n" {
		t.Fatalf("output %q, error %v; want the embedded struct's field filled", out, err)
	}
}
