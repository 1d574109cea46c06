package corpus

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unrestricted"
)

// BareEnv is the environment variable that makes a process started by
// BareCommand run one program in bare yaegi (see ServeBare); its value is
// the default GOPATH.
const BareEnv = "OPSH_CORPUS_BARE_GOPATH"

// Layout makes dir a GOPATH in which the yaegi module whose _test
// directory is testDir appears at its import path (a symbolic link, not a
// copy), as yaegi's tests expect for imports such as
// "github.com/traefik/yaegi/_test/foo". It returns dir.
func Layout(dir, testDir string) (string, error) {
	parent := filepath.Join(dir, "src", filepath.Dir(YaegiModule))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("make corpus GOPATH: %w", err)
	}
	link := filepath.Join(parent, filepath.Base(YaegiModule))
	if err := os.Symlink(filepath.Dir(testDir), link); err != nil && !os.IsExist(err) {
		return "", fmt.Errorf("make corpus GOPATH: %w", err)
	}
	return dir, nil
}

// Bare runs the program at path in a fresh bare yaegi interpreter in this
// process, as the baseline: interp.New with Unrestricted and the GOPATH
// the program asks for (else gopath), yaegi's stdlib and unrestricted
// symbols, then Eval of the whole source, with os.Args set to the path
// alone. A panic of the interpreter is returned as an error.
//
// Bare uses Eval, not EvalWithContext (which changes how some programs
// run: chan8.go), so nothing stops a program that never ends: run it in a
// child process (BareCommand) to bound it.
func Bare(path, gopath string, stdout, stderr io.Writer) error {
	return Interpret(path, gopath, stdout, stderr, func(i *interp.Interpreter) error {
		for _, symbols := range []interp.Exports{stdlib.Symbols, unrestricted.Symbols} {
			if err := i.Use(symbols); err != nil {
				return fmt.Errorf("load symbols: %w", err)
			}
		}
		return nil
	})
}

// Interpret runs the program at path as Bare does, in an interpreter that
// setup gives its symbols (and whatever else it loads).
func Interpret(path, gopath string, stdout, stderr io.Writer, setup func(*interp.Interpreter) error) (err error) {
	p, _, err := ReadProgram(path)
	if err != nil {
		return err
	}
	if p.GoPath != "" {
		gopath = p.GoPath
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaegi panicked: %v", r)
		}
	}()
	i := interp.New(interp.Options{
		Unrestricted: true, GoPath: gopath, Args: []string{path}, Stdout: stdout, Stderr: stderr,
	})
	if err := setup(i); err != nil {
		return err
	}
	_, err = i.Eval(string(src))
	return err
}

// BareCommand returns a RunFunc that runs each program in bare yaegi in a
// child process: exe (a binary that calls ServeBare first thing, such as a
// test binary from its TestMain) started in dir with BareEnv set to gopath.
func BareCommand(exe, dir, gopath string) RunFunc {
	return Command(dir, exe, nil, []string{BareEnv + "=" + gopath})
}

// ServeBare does nothing unless BareEnv is set; then it runs the program
// named by the last argument with Bare on the process's own streams and
// exits: 0 if it ran to its end, 1 with the error on stderr otherwise. The
// argument is taken off os.Args first: compiled flag.Parse, which
// interpreted code reaches, reads the process's arguments.
func ServeBare() {
	gopath, ok := os.LookupEnv(BareEnv)
	if !ok {
		return
	}
	path := os.Args[len(os.Args)-1]
	os.Args = os.Args[:1]
	err := Bare(path, gopath, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}
