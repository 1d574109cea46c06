package export

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoExportBuildsTestdata exports every transcript of testdata (the
// recorded test session among them) to Go and builds them all with go build:
// the README's idioms (r := web.Get(u), web.Get(u).Text(), r := _), names
// resolved as the REPL resolves them, the session's own (T, error) funcs.
func TestGoExportBuildsTestdata(t *testing.T) {
	goBin := testenvGo(t)
	files, _ := filepath.Glob("testdata/*.md")
	if len(files) == 0 {
		t.Fatal("no transcripts in testdata")
	}
	progs := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src, err := Go(mustParse(t, f, data), testIndex)
		if err != nil {
			t.Fatalf("%s: %v\n%s", f, err, src)
		}
		progs[f] = src
	}
	buildAll(t, goBin, progs)
	for _, want := range []string{`"text/template"`, `"math/rand"`, `"net/url"`, "n2, err := strconv.Atoi(\"42\")", "d, err := double(\"21\")", "n := must(strconv.Atoi(s))"} {
		if !strings.Contains(string(progs["testdata/resolve.md"]), want) {
			t.Errorf("resolve.md's program lacks %q:\n%s", want, progs["testdata/resolve.md"])
		}
	}
	for _, want := range []string{"type Host2 struct", "func (h Host2) String() string { return \"host \" + h.Name }", "type Host3 struct", "func (h Host3) String() string { return fmt.Sprintf(", "b := Host2{\"web-2\", 22}", "c := Host3{\"web-3\", 80}"} {
		if !strings.Contains(string(progs["testdata/redefine.md"]), want) {
			t.Errorf("redefine.md's program lacks %q:\n%s", want, progs["testdata/redefine.md"])
		}
	}
	for _, unwanted := range []string{"func (h Host2) Where()", "func (h Host3) Where()"} {
		if strings.Contains(string(progs["testdata/redefine.md"]), unwanted) {
			t.Errorf("redefine.md's program carries %q, which uses a field the new Host lacks:\n%s", unwanted, progs["testdata/redefine.md"])
		}
	}
	for _, want := range []string{"r2, err := web.Get(u)", "body := must(web.Get(u)).Text()", "again, err = web.Get(u)", "r := _3", "if err := must(web.Get(u)).Check(); err != nil {"} {
		if !strings.Contains(string(progs["testdata/readme-tour.md"]), want) {
			t.Errorf("readme-tour.md's program lacks %q:\n%s", want, progs["testdata/readme-tour.md"])
		}
	}
}

// TestGoExportRunsLikeTheSession runs the README tour's program against
// an HTTP server on 127.0.0.1: it prints what the session showed, and an
// error where the session's cell would have failed ends it naming the cell.
func TestGoExportRunsLikeTheSession(t *testing.T) {
	goBin := testenvGo(t)
	healthy := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if !healthy {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		json.NewEncoder(w).Encode(map[string]any{"status": "ok", "checks": map[string]string{"db": "ok"}})
	}))
	defer srv.Close()
	data, _ := os.ReadFile("testdata/readme-tour.md")
	src, err := Go(mustParse(t, "readme-tour.md", data), testIndex)
	if err != nil {
		t.Fatal(err)
	}
	out := buildAndRun(t, goBin, src, nil, "-p", "url="+srv.URL)
	for _, want := range []string{"\"NO IMPORTS NEEDED\"\n", "200 OK", "\n\"ok\"\n200\ntrue\ntrue\nstatus is ok\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out = buildAndRun(t, goBin, src, nil, "-p", "url=http://127.0.0.1:1/none")
	if !strings.Contains(out, "cell 3: ") {
		t.Errorf("a failing web.Get does not end the program at cell 3:\n%s", out)
	}
}

// buildAll builds each program as a main package of this module, through
// one go build with an overlay (the tree is not touched).
func buildAll(t *testing.T, goBin string, progs map[string][]byte) {
	t.Helper()
	root := moduleRoot(t, goBin)
	tmp := t.TempDir()
	replace := map[string]string{}
	var pkgs []string
	names := map[string]string{}
	for name, src := range progs {
		var b [4]byte
		rand.Read(b[:])
		pkg := "prog" + hex.EncodeToString(b[:])
		file := filepath.Join(tmp, pkg+".go")
		os.WriteFile(file, src, 0o600)
		replace[filepath.Join(root, "sessions", "export", "internal", pkg, "main.go")] = file
		pkgs = append(pkgs, "./sessions/export/internal/"+pkg)
		names[pkg] = name
	}
	ov, _ := json.Marshal(map[string]any{"Replace": replace})
	overlay := filepath.Join(tmp, "overlay.json")
	os.WriteFile(overlay, ov, 0o600)
	cmd := exec.Command(goBin, append([]string{"build", "-overlay", overlay}, pkgs...)...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		msg := string(out)
		for pkg, name := range names {
			msg = strings.ReplaceAll(msg, "sessions/export/internal/"+pkg, name)
		}
		t.Fatalf("go build: %v\n%s", err, msg)
	}
}

func moduleRoot(t *testing.T, goBin string) string {
	t.Helper()
	out, err := exec.Command(goBin, "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}
