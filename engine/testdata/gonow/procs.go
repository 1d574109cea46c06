// Running commands as ops scripts do: pipes read line by line, stdin fed
// from a string, environment and working directory, exit codes, a
// timeout that kills, and two commands piped together.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

func main() {
	cmd := exec.Command("sh", "-c", "for i in 1 2 3; do echo line $i; done; echo oops >&2")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Println(err)
		return
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		fmt.Println(err)
		return
	}
	sc := bufio.NewScanner(stdout)
	var lines []string
	for sc.Scan() {
		lines = append(lines, strings.ToUpper(sc.Text()))
	}
	err = cmd.Wait()
	fmt.Println(lines, err, strings.TrimSpace(stderr.String()))

	sort := exec.Command("sort", "-r")
	sort.Stdin = strings.NewReader("b\nc\na\n")
	out, err := sort.Output()
	fmt.Printf("%q %v\n", out, err)

	dir, _ := os.MkdirTemp("", "procs")
	defer os.RemoveAll(dir)
	pwd := exec.Command("sh", "-c", "basename \"$PWD\"; echo \"$GREETING\"")
	pwd.Dir = dir
	pwd.Env = append(os.Environ(), "GREETING=hi there")
	out, _ = pwd.CombinedOutput()
	got := strings.Split(strings.TrimSpace(string(out)), "\n")
	fmt.Println(strings.HasPrefix(got[0], "procs"), got[1])

	err = exec.Command("sh", "-c", "exit 7").Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		fmt.Println("exit", ee.ExitCode(), ee.Success())
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = exec.CommandContext(ctx, "sleep", "5").Run()
	fmt.Println(err != nil, ctx.Err(), time.Since(start) < 3*time.Second)

	gen := exec.Command("printf", "x\\ny\\nx\\n")
	uniq := exec.Command("sort", "-u")
	pipe, _ := gen.StdoutPipe()
	uniq.Stdin = pipe
	var res bytes.Buffer
	uniq.Stdout = &res
	uniq.Start()
	gen.Run()
	uniq.Wait()
	fmt.Printf("%q\n", res.String())
	path, err := exec.LookPath("sh")
	fmt.Println(path != "", err)
}
