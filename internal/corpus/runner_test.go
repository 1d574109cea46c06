package corpus_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/internal/corpus"
)

// write writes src as dir/name and returns its path.
func write(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReadProgram reads the three shapes of a program's last comment.
func TestReadProgram(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, src string
		ok        bool
		want      corpus.Program
	}{
		{"out.go", "package main\n\nfunc main() { println(1) }\n\n// Output:\n// 1\n// 2\n", true,
			corpus.Program{Want: "1\n2"}},
		{"err.go", "package main\n\nfunc main() { x }\n\n// Error:\n// 3:15: undefined: x\n", true,
			corpus.Program{Want: "3:15: undefined: x", WantErr: true}},
		{"gopath.go", "package main\n\nfunc main() {}\n\n// GOPATH:testdata/p1\n// Output:\n// hi\n", true,
			corpus.Program{Want: "hi", GoPath: filepath.Join(dir, "testdata/p1")}},
		{"none.go", "package main\n\n// main does nothing.\nfunc main() {}\n", false, corpus.Program{}},
	}
	for _, tt := range tests {
		p, ok, err := corpus.ReadProgram(write(t, dir, tt.name, tt.src))
		if err != nil {
			t.Fatal(err)
		}
		if ok != tt.ok || p.Want != tt.want.Want || p.WantErr != tt.want.WantErr || p.GoPath != tt.want.GoPath {
			t.Errorf("%s: got %v %+v, want %v %+v", tt.name, ok, p, tt.ok, tt.want)
		}
	}
}

// TestCheck compares output and errors as yaegi's tests do.
func TestCheck(t *testing.T) {
	out := corpus.Program{Path: "/x/a.go", Want: "a\nb"}
	bad := corpus.Program{Want: "undefined: x", WantErr: true}
	tests := []struct {
		p    corpus.Program
		out  string
		err  error
		want bool
	}{
		{out, "\na\nb\n\n", nil, true},
		{out, "a\nb", errors.New("exit status 2"), false},
		{out, "a\nc", nil, false},
		{corpus.Program{Path: "/x/a.go", Want: "1:2: boom"}, "/x/a.go:1:2: boom\n", nil, true},
		{bad, "", errors.New("3:15: undefined: x"), true},
		{bad, "", errors.New("3:15: undefined: y"), false},
		{bad, "undefined: x", nil, false},
	}
	for n, tt := range tests {
		if got := tt.p.Check(tt.out, tt.err); got != tt.want {
			t.Errorf("case %d: Check = %v, want %v", n, got, tt.want)
		}
	}
}

// TestRunSurvivesBadPrograms runs, in bare yaegi child processes, a
// program that never ends, one that exits with a status, one that panics in
// a goroutine and one that is right: the runner reports each and carries
// on, and the endless one is stopped at its deadline.
func TestRunSurvivesBadPrograms(t *testing.T) {
	dir := t.TempDir()
	progs := map[string]string{
		"forever.go": "package main\n\nfunc main() {\n\tfor {\n\t}\n}\n\n// Output:\n// never\n",
		"exit.go":    "package main\n\nimport \"os\"\n\nfunc main() {\n\tprintln(\"bye\")\n\tos.Exit(3)\n}\n\n// Output:\n// bye\n",
		"crash.go": "package main\n\nimport \"time\"\n\nfunc main() {\n\tgo func() { panic(\"boom\") }()\n" +
			"\ttime.Sleep(5 * time.Second)\n}\n\n// Output:\n// \n",
		"good.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"ok\") }\n\n// Output:\n// ok\n",
	}
	for name, src := range progs {
		write(t, dir, name, src)
	}
	list, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	results := corpus.Run(t.Context(), list, corpus.BareCommand(exe, dir, dir), corpus.Options{Timeout: 3 * time.Second, Parallel: 4})
	if elapsed := time.Since(start); elapsed > 15*time.Second {
		t.Errorf("run took %s: the endless program was not stopped", elapsed)
	}
	got := map[string]corpus.Result{}
	for _, r := range results {
		got[r.Program.Name] = r
	}
	if r := got["good.go"]; !r.Pass {
		t.Errorf("good.go failed: %q %v", r.Stdout, r.Err)
	}
	for _, name := range []string{"forever.go", "exit.go", "crash.go"} {
		if r := got[name]; r.Pass || r.Err == nil {
			t.Errorf("%s: pass=%v err=%v, want a failure with an error", name, r.Pass, r.Err)
		}
	}
	if r := got["forever.go"]; r.Err == nil || !strings.Contains(r.Err.Error(), "deadline") {
		t.Errorf("forever.go: err = %v, want the deadline", r.Err)
	}
	if got, want := corpus.Passed(results), []string{"good.go"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Passed = %v, want %v", got, want)
	}
}

// TestRunStopsLeftovers runs a program that starts a long sleep and exits:
// the sleep, left in the program's process group, is killed with it.
func TestRunStopsLeftovers(t *testing.T) {
	dir := t.TempDir()
	src := "package main\n\nimport (\n\t\"fmt\"\n\t\"os/exec\"\n)\n\nfunc main() {\n" +
		"\tc := exec.Command(\"sleep\", \"60\")\n\tif err := c.Start(); err != nil {\n\t\tpanic(err)\n\t}\n" +
		"\tfmt.Println(c.Process.Pid)\n}\n\n// Output:\n// 0\n"
	prog := write(t, dir, "leftover.go", src)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := corpus.BareCommand(exe, dir, dir)(t.Context(), prog)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(out))
	if err != nil {
		t.Fatalf("program printed %q, not a pid", out)
	}
	for deadline := time.Now().Add(10 * time.Second); alive(pid); {
		if time.Now().After(deadline) {
			t.Fatalf("sleep %d still runs after its program ended", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// alive reports whether process pid exists and is not a zombie.
func alive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, after, _ := strings.Cut(string(stat), ") ")
	return !strings.HasPrefix(after, "Z")
}
