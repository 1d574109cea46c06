// A tiny process supervisor: children started with CommandContext and a
// custom Cancel, WaitDelay, restarts with backoff until a budget, output
// scanned with a custom split, and a SIGUSR1 to ourselves for "reload".
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

type Child struct {
	Name     string
	Script   string
	Restarts int
	Codes    []int
}

func (c *Child) runOnce(ctx context.Context) (int, error) {
	cmd := exec.CommandContext(ctx, "sh", "-c", c.Script)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 500 * time.Millisecond
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return -int(ws.Signal()), err
		}
		return ee.ExitCode(), err
	}
	return 0, err
}

func (c *Child) supervise(ctx context.Context, budget int) {
	backoff := time.Millisecond
	for c.Restarts < budget {
		code, _ := c.runOnce(ctx)
		c.Codes = append(c.Codes, code)
		if code == 0 || ctx.Err() != nil {
			return
		}
		c.Restarts++
		time.Sleep(backoff)
		backoff *= 2
	}
}

func splitComma(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.IndexByte(data, ','); i >= 0 {
		return i + 1, bytes.TrimSpace(data[:i]), nil
	}
	if atEOF && len(data) > 0 {
		return len(data), bytes.TrimSpace(data), nil
	}
	return 0, nil, nil
}

func main() {
	ok := &Child{Name: "ok", Script: "exit 0"}
	flappy := &Child{Name: "flappy", Script: "exit 2"}
	hung := &Child{Name: "hung", Script: "sleep 5"}
	ok.supervise(context.Background(), 3)
	flappy.supervise(context.Background(), 3)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	hung.supervise(ctx, 3)
	for _, c := range []*Child{ok, flappy, hung} {
		fmt.Printf("%-6s restarts=%d codes=%v\n", c.Name, c.Restarts, c.Codes)
	}

	out, err := exec.Command("sh", "-c", "printf 'a, b,c ,, d'").Output()
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Split(splitComma)
	var toks []string
	for sc.Scan() {
		toks = append(toks, sc.Text())
	}
	fmt.Printf("%q %v\n", toks, err)

	ws := bufio.NewScanner(strings.NewReader("  alpha beta\n\tgamma  "))
	ws.Split(bufio.ScanWords)
	n := 0
	for ws.Scan() {
		n++
	}
	fmt.Println("words:", n)

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGUSR1)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	select {
	case s := <-sigs:
		fmt.Println("got", s, s == syscall.SIGUSR1)
	case <-time.After(time.Second):
		fmt.Println("no signal")
	}
	signal.Stop(sigs)
	fmt.Println(syscall.SIGTERM, int(syscall.SIGKILL), syscall.Signal(15) == syscall.SIGTERM)
}
