package export

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unrestricted"

	"github.com/opsh/opsh/builtins/all"
	"github.com/opsh/opsh/internal/resolve"
	"github.com/opsh/opsh/sessions"
)

// t0 is when the test sessions started.
var t0 = time.Date(2026, 11, 22, 0, 15, 3, 0, time.UTC)

// testIndex resolves package names as the REPL does.
var testIndex = resolve.New(all.Symbols, stdlib.Symbols, unrestricted.Symbols)

// session is what the REPL would record for a session that uses _ and _N,
// declares a name twice with two types, defines funcs (one using a session
// variable), a type, a (T, error) builtin, a param, an import, and has a
// failed cell.
func session() *sessions.Transcript {
	bound := func(typ string) *sessions.ValueInfo { return &sessions.ValueInfo{Type: typ, Bound: true} }
	pair := func(typ string) *sessions.ValueInfo { return &sessions.ValueInfo{Type: typ, Bound: true, Pair: true} }
	cells := []struct {
		src string
		out string
		v   *sessions.ValueInfo
		st  sessions.Status
	}{
		{`hosts := []string{"web-1", "web-2"}`, "", nil, ""},
		{`len(hosts)`, "2", bound("int"), ""},
		{`_ * 10`, "20", bound("int"), ""},
		{`strings.ToUpper(hosts[0])`, `"WEB-1"`, bound("string"), ""},
		{`x := 1`, "", nil, ""},
		{`x := "now a string"`, "", nil, ""},
		{`x`, `"now a string"`, bound("string"), ""},
		{"// double doubles.\nfunc double(n int) int { return n * 2 }", "", nil, ""},
		{`func greet() string { return "hi " + x }`, "", nil, ""},
		{`double(_3)`, "40", bound("int"), ""},
		{`greet()`, `"hi now a string"`, bound("string"), ""},
		{`type pair struct{ a, b int }`, "", nil, ""},
		{`p := pair{1, 2}`, "", nil, ""},
		{`secret.Env("OPSH_EXPORT_TEST_TOKEN")`, "«redacted:OPSH_EXPORT_TEST_TOKEN»", pair("secret.Value"), ""},
		{`strconv.Atoi("12")`, "12", pair("int"), ""},
		{`undefined()`, "undefined: undefined", nil, sessions.StatusError},
		{"host := param(\"host\", \"web-1\")\nfmt.Println(\"host is\", host)", "host is web-1", nil, ""},
		{`r, err := strconv.Atoi("7")`, "", nil, ""},
		{"if err != nil {\n\tpanic(err)\n}\nr + _", "19", bound("int"), ""},
		{"for _, h := range hosts {\n\tunused := h\n\tfmt.Println(h)\n}", "web-1\nweb-2", nil, ""},
		{"import \"encoding/json\"", "", nil, ""},
		{`json.Valid([]byte("{}"))`, "true", bound("bool"), ""},
		{`_`, "true", bound("bool"), ""},
		{`x`, `"now a string"`, bound("string"), ""},
		{`ok, err := strconv.ParseBool("true")`, "", nil, ""},
		{`ok`, "true", bound("bool"), ""},
	}
	t := &sessions.Transcript{Kind: sessions.KindTranscript, Ended: true, End: t0.Add(time.Hour),
		Meta:  sessions.Meta{ID: "20261122-001503-a1b2", Start: t0, User: "alice", Host: "laptop", Version: "v0.1.0"},
		Notes: []sessions.Note{{Text: "Checked the tier.", After: 3}},
		Facts: []sessions.Fact{{Key: "aws.region", Value: "eu-west-1", After: 1}},
	}
	for i, c := range cells {
		cell := &sessions.Cell{N: i + 1, At: t0.Add(time.Duration(i) * time.Second), Src: c.src}
		if c.out != "" || c.v != nil || c.st != "" {
			cell.Output = &sessions.Output{Text: c.out, Value: c.v, Status: c.st}
			if c.st == "" {
				cell.Output.Status = sessions.StatusOK
			}
		}
		t.Cells = append(t.Cells, cell)
	}
	return t
}

// TestGoBuildsAndRuns exports a session to Go, builds it with go
// build inside this module, and runs it.
func TestGoBuildsAndRuns(t *testing.T) {
	goBin := testenvGo(t)
	src, err := Go(session(), testIndex)
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	text := string(src)
	for _, want := range []string{
		`"github.com/opsh/opsh/builtins/secret"`,
		"_2 := len(hosts)",
		"_3 := _2 * 10",
		"x2 := \"now a string\"",
		"_10 := double(_3)",
		"var greet func() string",
		"_14, err := secret.Env(\"OPSH_EXPORT_TEST_TOKEN\")",
		"log.Fatalf(\"cell 14: %v\", err)",
		"// cell 16 (2026-11-22T00:15:18Z) failed in the session: undefined: undefined\n\t// undefined()",
		"r, err2 := strconv.Atoi(\"7\")",
		"_19 := r + _15",
		"_23 := _22",
		"_ = p",
		"// Checked the tier.",
		"// aws.region: eu-west-1",
		"type pair struct{ a, b int }",
		"ok, err3 := strconv.ParseBool(\"true\")\n\tif err3 != nil {\n\t\tlog.Fatalf(\"cell 25: %v\", err3)\n\t}",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("program lacks %q", want)
		}
	}
	out := buildAndRun(t, goBin, src, []string{"OPSH_EXPORT_TEST_TOKEN=tok-123456"}, "-p", "host=web-9")
	for _, want := range []string{"2\n20\n\"WEB-1\"\n", "40\n\"hi now a string\"\n", "«redacted:OPSH_EXPORT_TEST_TOKEN»\n12\nhost is web-9\n19\nweb-1\nweb-2\ntrue\ntrue\n\"now a string\"\ntrue\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("program output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "tok-123456") {
		t.Errorf("the secret was printed:\n%s", out)
	}
	// An error from a (T, error) cell ends the program naming the cell.
	out = buildAndRun(t, goBin, src, nil)
	if !strings.Contains(out, "cell 14: secret.Env: OPSH_EXPORT_TEST_TOKEN is not set") {
		t.Errorf("missing env: %s", out)
	}
}

func TestGoUnresolved(t *testing.T) {
	tr := &sessions.Transcript{Cells: []*sessions.Cell{{N: 1, Src: `mystery.Do()`}, {N: 2, Src: `web.Get("http://x")`}}}
	src, err := Go(tr, testIndex)
	if err == nil || !strings.Contains(err.Error(), "mystery") || strings.Contains(err.Error(), "web") {
		t.Errorf("unresolved: %v", err)
	}
	if !strings.Contains(string(src), `"github.com/opsh/opsh/builtins/web"`) || !strings.Contains(string(src), "TODO: import the packages named mystery") {
		t.Errorf("program:\n%s", src)
	}
}

func testenvGo(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		p = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	return p
}

// buildAndRun builds src as a main package of this module (through a go
// build overlay, so the tree is not touched) and runs it with args.
func buildAndRun(t *testing.T, goBin string, src []byte, env []string, args ...string) string {
	t.Helper()
	modOut, err := exec.Command(goBin, "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(strings.TrimSpace(string(modOut)))
	var b [4]byte
	rand.Read(b[:])
	pkgDir := filepath.Join(root, "sessions", "export", "internal", "prog"+hex.EncodeToString(b[:]))
	tmp := t.TempDir()
	file := filepath.Join(tmp, "main.go")
	os.WriteFile(file, src, 0o600)
	ov, _ := json.Marshal(map[string]any{"Replace": map[string]string{filepath.Join(pkgDir, "main.go"): file}})
	overlay := filepath.Join(tmp, "overlay.json")
	os.WriteFile(overlay, ov, 0o600)
	bin := filepath.Join(tmp, "session")
	cmd := exec.Command(goBin, "build", "-overlay", overlay, "-o", bin, "./sessions/export/internal/"+filepath.Base(pkgDir))
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		numbered := strings.Split(string(src), "\n")
		for i := range numbered {
			numbered[i] = strings.Repeat(" ", 4-len(itoa(i+1))) + itoa(i+1) + " " + numbered[i]
		}
		t.Fatalf("go build: %v\n%s\n%s", err, out, strings.Join(numbered, "\n"))
	}
	run := exec.Command(bin, args...)
	run.Env = append(os.Environ(), env...)
	out, _ := run.CombinedOutput()
	return string(out)
}

func itoa(i int) string {
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}
