// Command worker measures what running cells in a worker process costs,
// against the same work done in one process, in the same run (machines
// here are shared and noisy, so ratios mean more than absolute figures):
//
//   - per cell: N trivial cells through wire.Client.Execute (the whole
//     round trip: Execute frame, handler, drain of the captured stdout and
//     stderr pipes, Done frame). With a handler that does nothing, that is
//     the protocol's cost, set against the floor: a 20-byte ping-pong
//     between two processes over a socket pair, back to back and with the
//     front-end busy 50µs before each cell (the worker's threads then fall
//     asleep, and waking them is most of the cost). With a yaegi interpreter
//     evaluating `x := 1` (a real trivial cell; a fresh interpreter each
//     round on both sides), it is set against the same interpreter called
//     in-process;
//   - worker start: wire.Start up to the handshake (when a front-end may
//     show its prompt; the evaluator is made after it), and up to the
//     first cell answered, against starting the same binary as a process
//     that exits at once (the floor any worker pays), median of
//     alternating runs;
//   - idle resident memory: the front-end (this process, which has not
//     touched an interpreter) plus a yaegi worker after one cell, against
//     one process holding the same interpreter after one cell.
//
// Run it from the repository root: go run ./bench/worker
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/opsh/opsh/internal/memlimit"
	"github.com/opsh/opsh/wire"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// The hidden subcommands this program runs itself with.
const (
	cmdWorker = "__worker" // __worker trivial|yaegi: a worker
	cmdExit   = "__exit"   // exits at once: the start-up floor
	cmdInProc = "__inproc" // one process with an interpreter: prints its RSS
	cmdEcho   = "__echo"   // echoes what it reads on descriptor 3: the ping-pong floor
)

func main() {
	if len(os.Args) > 1 && strings.HasPrefix(os.Args[1], "__") {
		os.Exit(hidden(os.Args[1], os.Args[2:]))
	}
	cells := flag.Int("cells", 8000, "trivial cells for the per-cell figures")
	runs := flag.Int("n", 30, "runs of each start-up measurement")
	flag.Parse()
	exe, err := os.Executable()
	check(err)
	ctx := context.Background()

	rss(ctx, exe)
	protocol(ctx, exe, *cells)
	perCell(ctx, exe, *cells/4)
	startUp(ctx, exe, *runs)
}

// hidden runs one of the hidden subcommands.
func hidden(name string, args []string) int {
	switch name {
	case cmdExit:
		return 0
	case cmdEcho:
		return echo()
	case cmdInProc:
		h := newHandler("yaegi")
		if _, err := h.eval("x := 1"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		runtime.GC()
		n, err := memlimit.RSS(os.Getpid())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println(n)
		return 0
	case cmdWorker:
		kind := args[0]
		newH := func() (wire.Handler, error) { return newHandler(kind), nil }
		if err := wire.RunWorker(context.Background(), newH); err != nil {
			fmt.Fprintln(os.Stderr, "worker:", err)
			return 1
		}
		return 0
	}
	fmt.Fprintln(os.Stderr, "unknown subcommand", name)
	return 2
}

// handler is the worker's evaluator for the benchmark: nothing at all, or
// a yaegi interpreter with the standard library.
type handler struct {
	in *interp.Interpreter
	// evalTime sums the time eval took in Execute, for Call("evaltime").
	evalTime time.Duration
}

func newHandler(kind string) *handler {
	h := &handler{}
	if kind == "yaegi" {
		check(h.Reset(context.Background()))
	}
	return h
}

// eval runs one cell in-process.
func (h *handler) eval(code string) (string, error) {
	if h.in == nil {
		return "", nil
	}
	v, err := h.in.Eval(code)
	if err != nil || !v.IsValid() {
		return "", err
	}
	return fmt.Sprint(v), nil
}

func (h *handler) Execute(_ context.Context, req *wire.Execute, _ *wire.Emitter) error {
	t := time.Now()
	_, err := h.eval(req.Code)
	h.evalTime += time.Since(t)
	return err
}
func (h *handler) Complete(context.Context, *wire.Complete) (*wire.Completions, error) {
	return nil, nil
}
func (h *handler) Inspect(context.Context, *wire.Inspect) (*wire.Inspection, error) {
	return nil, nil
}
func (h *handler) IsComplete(context.Context, *wire.IsComplete) (*wire.Completeness, error) {
	return nil, nil
}
func (h *handler) Reset(context.Context) error {
	in := interp.New(interp.Options{})
	if err := in.Use(stdlib.Symbols); err != nil {
		return err
	}
	h.in = in
	return nil
}

// Call answers "evaltime": the time Execute spent evaluating since the
// last such call, in nanoseconds.
func (h *handler) Call(_ context.Context, req *wire.Call) ([]byte, error) {
	if req.Method != "evaltime" {
		return nil, errors.New("no such call")
	}
	d := h.evalTime
	h.evalTime = 0
	return []byte(strconv.FormatInt(int64(d), 10)), nil
}

var _ wire.Handler = (*handler)(nil)

// start starts a worker of the given kind with this program.
func start(ctx context.Context, exe, kind string) *wire.Client {
	c, err := wire.Start(ctx, wire.Options{Command: []string{exe, cmdWorker, kind}})
	check(err)
	return c
}

func shutdown(c *wire.Client) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	check(c.Shutdown(ctx))
}

// gap is how long the front-end works between two cells in the second
// protocol figure (recording, line editing): long enough for the worker's
// threads to go to sleep, which is what an interactive session sees.
const gap = 50 * time.Microsecond

// protocol prints the round trip of a cell that does nothing, against a
// ping-pong between two processes over a socket pair: back to back, then
// with the front-end busy for gap before each cell.
func protocol(ctx context.Context, exe string, n int) {
	c := start(ctx, exe, "trivial")
	defer shutdown(c)
	for _, g := range []time.Duration{0, gap} {
		var wire, floor []time.Duration
		for round := 0; round < 5; round++ {
			wire = append(wire, cells(ctx, c, n, g))
			floor = append(floor, pingPong(exe, n, g))
		}
		w, f := median(wire), median(floor)
		fmt.Printf("protocol  %d empty cells, %v of front-end work between cells: %v a round trip; socket ping-pong between two processes %v (%.2f×)\n",
			n, g, us(w), us(f), float64(w)/float64(f))
	}
}

// busy keeps the CPU busy for d, as a front-end between two cells.
func busy(d time.Duration) {
	for t := time.Now(); time.Since(t) < d; {
	}
}

// cells runs n cells of `x := 1`, each after g of other work, and returns
// the time a round trip.
func cells(ctx context.Context, c *wire.Client, n int, g time.Duration) time.Duration {
	var sum time.Duration
	for i := 0; i < n; i++ {
		busy(g)
		t := time.Now()
		d, err := c.Execute(ctx, "x := 1", wire.ExecOptions{Cell: i + 1}, nil)
		check(err)
		if d.Status != wire.StatusOK {
			check(fmt.Errorf("cell: %s", d.Message))
		}
		sum += time.Since(t)
	}
	return sum / time.Duration(n)
}

// perCell prints the time of a trivial yaegi cell through a worker and
// in-process, each round with fresh interpreters. The two alternate cell
// by cell, so that the machine's noise falls on both alike.
func perCell(ctx context.Context, exe string, n int) {
	c := start(ctx, exe, "yaegi")
	defer shutdown(c)
	local := newHandler("yaegi")
	var remote, inproc, inWorker []time.Duration
	for round := 0; round < 5; round++ {
		check(c.Reset(ctx))
		check(local.Reset(ctx))
		_, err := c.Call(ctx, "evaltime", nil)
		check(err)
		var r, l time.Duration
		for i := 0; i < n; i++ {
			t := time.Now()
			d, err := c.Execute(ctx, "x := 1", wire.ExecOptions{Cell: i + 1}, nil)
			check(err)
			if d.Status != wire.StatusOK {
				check(fmt.Errorf("cell: %s", d.Message))
			}
			t2 := time.Now()
			_, err = local.eval("x := 1")
			check(err)
			r, l = r+t2.Sub(t), l+time.Since(t2)
		}
		remote = append(remote, r/time.Duration(n))
		inproc = append(inproc, l/time.Duration(n))
		b, err := c.Call(ctx, "evaltime", nil)
		check(err)
		ns, err := strconv.ParseInt(string(b), 10, 64)
		check(err)
		inWorker = append(inWorker, time.Duration(ns)/time.Duration(n))
	}
	r, l, e := median(remote), median(inproc), median(inWorker)
	fmt.Printf("per cell  %d × `x := 1` in yaegi: through the worker %v a cell (of which Eval in the worker %v), in-process %v; overhead %v (%.2f×)\n",
		n, us(r), us(e), us(l), us(r-l), float64(r)/float64(l))
}

// pingPong times n round trips of 20 bytes to an echoing process, each
// after g of other work.
func pingPong(exe string, n int, g time.Duration) time.Duration {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	check(err)
	syscall.CloseOnExec(fds[0])
	syscall.CloseOnExec(fds[1])
	mine, theirs := os.NewFile(uintptr(fds[0]), "ping"), os.NewFile(uintptr(fds[1]), "pong")
	cmd := exec.Command(exe, cmdEcho)
	cmd.ExtraFiles = []*os.File{theirs}
	check(cmd.Start())
	theirs.Close()
	b := make([]byte, 20)
	var sum time.Duration
	for i := 0; i < n; i++ {
		busy(g)
		t := time.Now()
		_, err := mine.Write(b)
		check(err)
		_, err = io.ReadFull(mine, b)
		check(err)
		sum += time.Since(t)
	}
	mine.Close()
	check(cmd.Wait())
	return sum / time.Duration(n)
}

// echo copies descriptor 3 back to itself until it ends.
func echo() int {
	f := os.NewFile(3, "pong")
	if _, err := io.Copy(f, f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// startUp prints the start-up time of a worker against a bare process.
func startUp(ctx context.Context, exe string, runs int) {
	var bare, hello, trivial, yaegi []time.Duration
	for i := 0; i < runs; i++ {
		t := time.Now()
		check(exec.Command(exe, cmdExit).Run())
		bare = append(bare, time.Since(t))
		h, first := timeStart(ctx, exe, "trivial")
		trivial = append(trivial, first)
		h, first = timeStart(ctx, exe, "yaegi")
		hello, yaegi = append(hello, h), append(yaegi, first)
	}
	b := median(bare)
	fmt.Printf("start     bare process %v; Start returns (handshake, yaegi worker) %v (%.2f×); first cell answered: trivial worker %v (%.2f×), yaegi+stdlib worker %v (%.2f×)\n",
		ms(b), ms(median(hello)), ratio(median(hello), b), ms(median(trivial)), ratio(median(trivial), b), ms(median(yaegi)), ratio(median(yaegi), b))
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

// timeStart times a worker's start up to the return of Start (the
// handshake: the front-end may show its prompt) and up to its first
// cell's Done.
func timeStart(ctx context.Context, exe, kind string) (hello, first time.Duration) {
	t := time.Now()
	c := start(ctx, exe, kind)
	hello = time.Since(t)
	_, err := c.Execute(ctx, "1", wire.ExecOptions{}, nil)
	check(err)
	first = time.Since(t)
	shutdown(c)
	return hello, first
}

// rss prints the idle resident memory of front-end plus worker against
// one process holding the interpreter.
func rss(ctx context.Context, exe string) {
	c := start(ctx, exe, "yaegi")
	defer shutdown(c)
	_, err := c.Execute(ctx, "x := 1", wire.ExecOptions{}, nil)
	check(err)
	runtime.GC()
	debug.FreeOSMemory()
	front, err := memlimit.RSS(os.Getpid())
	check(err)
	back, err := memlimit.RSS(c.PID())
	check(err)
	out, err := exec.Command(exe, cmdInProc).Output()
	check(err)
	one, err := strconv.ParseInt(string(out[:len(out)-1]), 10, 64)
	check(err)
	fmt.Printf("idle RSS  front-end %s + yaegi worker %s = %s; one process with the interpreter %s (%.2f×)\n",
		memlimit.Format(front), memlimit.Format(back), memlimit.Format(front+back), memlimit.Format(one), float64(front+back)/float64(one))
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func us(d time.Duration) string { return fmt.Sprintf("%.1fµs", float64(d)/1e3) }
func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/1e6) }

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
