package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportedSessionBuilds records a piped session that uses the REPL's
// leniencies ((T, error) calls given to one name or used as one value, _
// and _N, package names never imported), exports it with opsh sessions
// export --to go, builds the program with go build in this module, and
// runs it: it prints what the session printed.
func TestExportedSessionBuilds(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the export with")
	}
	dir := t.TempDir()
	env := map[string]string{"OPSH_HOME": filepath.Join(dir, "state"), "NO_COLOR": "1", "HOME": dir}
	cells := strings.Join([]string{
		`n := strconv.Atoi("40")`,
		`n + 2`,
		`strconv.Atoi("12")`,
		`m := _ + 1`,
		`fmt.Println("m is", m)`,
		`t := template.Must(template.New("x").Parse("{{.}} ok\n"))`,
		`t.Execute(os.Stdout, "template")`,
		`u := url.Parse("https://example.com/p?q=v")`,
		`u.Query().Get("q")`,
		`strings.ToUpper(url.Parse("https://example.com/x").Host)`,
		`func half(s string) (int, error) { v := strconv.Atoi(s); return v / 2, nil }`,
		`h := half("8")`,
		`h`,
	}, "\n") + "\n"
	code, stdout, stderr := opshRun(t, env, cells)
	if code != 0 {
		t.Fatalf("session: exit %d\n%s%s", code, stdout, stderr)
	}
	prog := filepath.Join(dir, "prog.go")
	if code, _, stderr := opshRun(t, env, "", "sessions", "export", "last", "--to", "go", "-o", prog); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, stderr)
	}
	out := buildAndRunProgram(t, goBin, prog)
	if want := stdout; out != want {
		src, _ := os.ReadFile(prog)
		t.Errorf("the exported program prints\n%s\nthe session printed\n%s\nprogram:\n%s", out, want, src)
	}
}

// buildAndRunProgram builds the Go file at prog as a main package of this
// module (through a go build overlay: the tree is not touched), runs it and
// returns its output.
func buildAndRunProgram(t *testing.T, goBin, prog string) string {
	t.Helper()
	gomod, err := exec.Command(goBin, "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	tmp := t.TempDir()
	pkg := "exported" + filepath.Base(tmp)
	ov, _ := json.Marshal(map[string]any{"Replace": map[string]string{filepath.Join(root, "cmd", "opsh", "internal", pkg, "main.go"): prog}})
	overlay := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(overlay, ov, 0o600); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(tmp, "prog")
	build := exec.Command(goBin, "build", "-overlay", overlay, "-o", bin, "./cmd/opsh/internal/"+pkg)
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		src, _ := os.ReadFile(prog)
		t.Fatalf("go build of the export: %v\n%s\n%s", err, out, src)
	}
	out, err := exec.Command(bin).CombinedOutput()
	if err != nil {
		t.Fatalf("exported program: %v\n%s", err, out)
	}
	return string(out)
}
