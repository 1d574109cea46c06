// Package corpus runs yaegi's own test programs (the _test directory of the
// yaegi module in the module cache, read in place, never copied) through a
// caller's way of running Go, and checks each program's output against the
// `// Output:` block that ends it, as yaegi's own tests do: both sides
// trimmed of surrounding space, the program's path followed by a colon
// removed from what it printed. A program ending in an `// Error:` block
// passes when running it fails with an error containing that text.
//
// The runner gives each program a deadline and runs several at once; a
// RunFunc that executes each program in a child process (Command,
// BareCommand) keeps a program that exits, hangs or crashes the runtime
// from taking the runner down.
package corpus

import (
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// YaegiModule is the module whose _test directory is the corpus.
const YaegiModule = "github.com/traefik/yaegi"

// Program is one corpus program that says what it must print or fail with.
type Program struct {
	Path    string // absolute path of the .go file
	Name    string // base name, e.g. "closure9.go"
	Want    string // expected output, or expected error text if WantErr; trimmed
	WantErr bool   // the program ends with an `// Error:` block
	GoPath  string // the GOPATH the program asks for (`// GOPATH:dir`), absolute; "" for the default
}

// YaegiTestDir returns the _test directory of the yaegi version the module
// in dir (or the working directory, if dir is "") depends on.
func YaegiTestDir(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", YaegiModule)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(ee.Stderr)))
		}
		return "", fmt.Errorf("locate %s: %w", YaegiModule, err)
	}
	modDir := strings.TrimSpace(string(out))
	if modDir == "" {
		return "", fmt.Errorf("locate %s: not downloaded (go mod download %s)", YaegiModule, YaegiModule)
	}
	return filepath.Join(modDir, "_test"), nil
}

// LoadModule finds the _test directory of the yaegi module opsh depends
// on (see YaegiTestDir) and loads its programs.
func LoadModule(ctx context.Context) (testDir string, progs []Program, err error) {
	if testDir, err = YaegiTestDir(ctx, ""); err != nil {
		return "", nil, err
	}
	progs, err = Load(testDir)
	return testDir, progs, err
}

// Load reads the programs of testDir (not its subdirectories) that end
// with an Output or Error block, sorted by name.
func Load(testDir string) ([]Program, error) {
	files, err := filepath.Glob(filepath.Join(testDir, "*.go"))
	if err != nil {
		return nil, fmt.Errorf("list corpus: %w", err)
	}
	var progs []Program
	for _, f := range files {
		p, ok, err := ReadProgram(f)
		if err != nil {
			return nil, err
		}
		if ok {
			progs = append(progs, p)
		}
	}
	sort.Slice(progs, func(a, b int) bool { return progs[a].Name < progs[b].Name })
	return progs, nil
}

// ReadProgram reads what the program at path must print from its last
// comment, as yaegi's tests do; ok is false if that comment is neither an
// Output nor an Error block.
func ReadProgram(path string) (p Program, ok bool, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return p, false, fmt.Errorf("read corpus program %s: %w", path, err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), abs, nil, parser.ParseComments)
	if f == nil || len(f.Comments) == 0 {
		// A program that does not parse is judged by its runner; without
		// comments it says nothing about its output.
		return p, false, nil
	}
	p = Program{Path: abs, Name: filepath.Base(abs)}
	text := f.Comments[len(f.Comments)-1].Text()
	if rest, found := strings.CutPrefix(text, "GOPATH:"); found {
		dir, body, _ := strings.Cut(rest, "\n")
		p.GoPath = filepath.Join(filepath.Dir(abs), dir)
		text = body
	}
	switch {
	case strings.HasPrefix(text, "Output:\n"):
		p.Want = strings.TrimSpace(strings.TrimPrefix(text, "Output:\n"))
	case strings.HasPrefix(text, "Error:\n"):
		p.Want, p.WantErr = strings.TrimSpace(strings.TrimPrefix(text, "Error:\n")), true
	default:
		return Program{}, false, nil
	}
	return p, true, nil
}

// Check reports whether a run of p that printed stdout and ended with err
// is what p says it must do.
func (p Program) Check(stdout string, err error) bool {
	if p.WantErr {
		return err != nil && strings.Contains(strings.TrimSpace(err.Error()), p.Want)
	}
	if err != nil {
		return false
	}
	got := strings.ReplaceAll(strings.TrimSpace(stdout), p.Path+":", "")
	return got == p.Want
}

// RunFunc runs the Go program at path and returns what it printed on
// standard output, and an error if it did not run to its end.
type RunFunc func(ctx context.Context, path string) (stdout string, err error)

// Options bound a run of the corpus.
type Options struct {
	Timeout  time.Duration // per program; 0 means 20s
	Parallel int           // programs at once; 0 means 4
}

// Result is the outcome of one program.
type Result struct {
	Program Program
	Stdout  string
	Err     error
	Pass    bool
	Elapsed time.Duration
}

// Run runs every program through run, opts.Parallel at a time, each under
// its own deadline, and returns the results in the order of progs. It stops
// starting programs once ctx is done.
func Run(ctx context.Context, progs []Program, run RunFunc, opts Options) []Result {
	if opts.Timeout <= 0 {
		opts.Timeout = 20 * time.Second
	}
	if opts.Parallel <= 0 {
		opts.Parallel = 4
	}
	results := make([]Result, len(progs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range opts.Parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range work {
				results[n] = runOne(ctx, progs[n], run, opts.Timeout)
			}
		}()
	}
	for n := range progs {
		if ctx.Err() != nil {
			results[n] = Result{Program: progs[n], Err: ctx.Err()}
			continue
		}
		work <- n
	}
	close(work)
	wg.Wait()
	return results
}

// runOne runs p under its deadline; a run that outlives it fails.
func runOne(ctx context.Context, p Program, run RunFunc, timeout time.Duration) Result {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	out, err := run(ctx, p.Path)
	if err == nil && ctx.Err() != nil {
		err = fmt.Errorf("run %s: %w", p.Name, ctx.Err())
	}
	return Result{Program: p, Stdout: out, Err: err, Pass: p.Check(out, err), Elapsed: time.Since(start)}
}

// Passed returns the names of the programs that passed, sorted.
func Passed(results []Result) []string {
	var names []string
	for _, r := range results {
		if r.Pass {
			names = append(names, r.Program.Name)
		}
	}
	sort.Strings(names)
	return names
}

// environ is the environment of a child process: the parent's plus env.
func environ(env []string) []string { return append(os.Environ(), env...) }
