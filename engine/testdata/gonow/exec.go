// Running commands: argument lists, exit codes as *exec.ExitError,
// CombinedOutput, Stdin from a reader, Environ, and a command table.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
)

type Check struct {
	Name string
	Argv []string
}

type Outcome struct {
	Name string
	Code int
	Out  string
}

func run(c Check) Outcome {
	cmd := exec.Command(c.Argv[0], c.Argv[1:]...)
	out, err := cmd.CombinedOutput()
	o := Outcome{Name: c.Name, Out: strings.TrimSpace(string(out))}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		o.Code = ee.ExitCode()
	case err != nil:
		o.Code = -1
		o.Out = "not run"
	}
	return o
}

func main() {
	checks := []Check{
		{"echo", []string{"echo", "-n", "hello", "world"}},
		{"fail", []string{"sh", "-c", "echo broken >&2; exit 3"}},
		{"quote", []string{"printf", "%s|", "a b", "c"}},
		{"missing", []string{"/nonexistent/bin/tool"}},
	}
	var outs []Outcome
	for _, c := range checks {
		outs = append(outs, run(c))
	}
	slices.SortFunc(outs, func(a, b Outcome) int { return b.Code - a.Code })
	for _, o := range outs {
		fmt.Printf("%-8s code=%d out=%q\n", o.Name, o.Code, o.Out)
	}

	err := exec.Command("sh", "-c", "exit 3").Run()
	fmt.Println(err)
	var ee *exec.ExitError
	fmt.Println(errors.As(err, &ee), ee.ExitCode(), ee.Exited())
	if ee2, ok := err.(*exec.ExitError); ok {
		fmt.Println("asserted:", ee2.ProcessState.ExitCode())
	}

	cmd := exec.Command("tr", "a-z", "A-Z")
	cmd.Stdin = strings.NewReader("disk full on /var\n")
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err = cmd.Run()
	fmt.Printf("%q %q %v\n", stdout.String(), stderr.String(), err)

	env := exec.Command("sh", "-c", "echo $REGION-$TIER")
	env.Env = append(env.Environ(), "REGION=eu", "TIER=prod")
	has := slices.ContainsFunc(env.Env, func(s string) bool { return strings.HasPrefix(s, "TIER=") })
	out, err := env.Output()
	fmt.Printf("%s %v %v\n", bytes.TrimSpace(out), err, has)

	fmt.Println(exec.Command("echo", "x").String())
	_, err = exec.LookPath("definitely-not-a-command-xyz")
	fmt.Println(errors.Is(err, exec.ErrNotFound))

	wc := exec.Command("wc", "-l")
	in, _ := wc.StdinPipe()
	go func() {
		defer in.Close()
		for i := range 5 {
			fmt.Fprintf(in, "line %d\n", i)
		}
	}()
	n, err := wc.Output()
	fmt.Println(strings.TrimSpace(string(n)), err)
	c := exec.Command("sh", "-c", "exit 0")
	fmt.Println(c.Run(), c.ProcessState.Success(), c.ProcessState.ExitCode())
}
