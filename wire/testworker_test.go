package wire

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// workerEnv switches the test binary into a worker: the tests start
// themselves as the worker process, as opsh starts itself with its hidden
// subcommand.
const workerEnv = "OPSH_WIRE_TEST_WORKER"

// dieAfterEnv makes the test worker exit that many milliseconds after it
// starts: a worker that cannot live.
const dieAfterEnv = "OPSH_WIRE_TEST_DIE_AFTER"

// brokenEnv makes the test worker's evaluator fail to start.
const brokenEnv = "OPSH_WIRE_TEST_BROKEN"

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) == "1" {
		if ms, err := strconv.Atoi(os.Getenv(dieAfterEnv)); err == nil {
			time.AfterFunc(time.Duration(ms)*time.Millisecond, func() { os.Exit(5) })
		}
		newHandler := func() (Handler, error) { return testHandler{}, nil }
		if os.Getenv(brokenEnv) == "1" {
			newHandler = func() (Handler, error) { return nil, errors.New("the symbols do not load") }
		}
		if err := RunWorker(context.Background(), newHandler); err != nil {
			fmt.Fprintln(os.Stderr, "test worker:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// testHandler is a tiny evaluator whose cells are commands that exercise
// the protocol and every way a worker can die:
//
//	nop              nothing
//	echo TEXT        a Result with TEXT, and TEXT on stdout
//	chunks N MS      N chunks of stdout, MS milliseconds apart
//	stray            writes to os.Stdout, os.Stderr and through a child process
//	secret VALUE     registers VALUE as secret, then prints it on os.Stdout
//	input            asks for a password and returns it as the Result
//	escape           starts a program in its own session that keeps
//	                 descriptor 2, prints its PID, then spins
//	printthen X      prints on os.Stdout, then returns the Result X
//	child            starts sleep 1000 and returns its PID
//	waitctx          waits for the cell's context, then returns its error
//	spin             loops for ever, ignoring the context
//	fail             returns an error
//	panic            panics in the handler (caught by the worker)
//	stackoverflow    recurses without end
//	mapwrites        eight goroutines write one map
//	alloc N          make([]byte, N)
//	hog              appends 1 MiB slices for ever
//	gopanic          a goroutine panics, and panics again in its defer
//	exit N           os.Exit(N)
//	prepare          prints "prepared T" before the cell may run (it is a
//	                 Preparer), then "ran T", T the time in Unix nanoseconds
type testHandler struct{}

var sink any

func (testHandler) PreparesHeldCells() {}

func (testHandler) Execute(ctx context.Context, req *Execute, out *Emitter) error {
	cmd, arg, _ := strings.Cut(req.Code, " ")
	if cmd == "prepare" {
		fmt.Fprintln(out.Stdout(), "prepared", time.Now().UnixNano())
	}
	if err := out.Proceed(ctx); err != nil {
		return err
	}
	switch cmd {
	case "nop":
		return nil
	case "prepare":
		fmt.Fprintln(out.Stdout(), "ran", time.Now().UnixNano())
		return nil
	case "echo":
		fmt.Fprintln(out.Stdout(), arg)
		return out.Emit(&Result{Cell: req.Cell, Name: "_" + strconv.Itoa(req.Cell), Type: "string", Plain: arg})
	case "chunks":
		return chunks(out, arg)
	case "stray":
		return stray()
	case "secret":
		if err := out.Emit(&Secret{Name: "s", Value: arg}); err != nil {
			return err
		}
		fmt.Fprintf(os.Stdout, "the secret is %s\n", arg)
		return nil
	case "input":
		v, err := out.Input(ctx, "password: ", true)
		if err != nil {
			return err
		}
		return out.Emit(&Result{Cell: req.Cell, Plain: v})
	case "waitctx":
		fmt.Fprintln(out.Stdout(), "waiting")
		<-ctx.Done()
		return ctx.Err()
	case "child":
		c := exec.Command("sleep", "1000")
		if err := c.Start(); err != nil {
			return err
		}
		return out.Emit(&Result{Plain: strconv.Itoa(c.Process.Pid)})
	case "escape":
		// A program that leaves the worker's process group and keeps its
		// descriptor 2: the worker's death cannot close that pipe.
		c := exec.Command("sleep", "60")
		c.Stderr = os.NewFile(2, "diagnostics")
		c.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := c.Start(); err != nil {
			return err
		}
		fmt.Fprintln(out.Stdout(), c.Process.Pid)
		for i := 0; ; i++ {
			sink = i
		}
	case "printthen":
		fmt.Fprintln(os.Stdout, "printed", arg)
		return out.Emit(&Result{Cell: req.Cell, Plain: arg})
	case "fail":
		return errors.New("it failed")
	case "panic":
		panic("handler panic")
	}
	return die(cmd, arg, out)
}

// unprepared is a Handler that is not a Preparer: the Server holds its
// cells itself.
type unprepared struct{ Handler }

// die runs the commands that end the worker, or never end.
func die(cmd, arg string, out *Emitter) error {
	fmt.Fprintln(out.Stdout(), "started")
	switch cmd {
	case "spin":
		for i := 0; ; i++ {
			sink = i
		}
	case "stackoverflow":
		sink = recurse(1)
	case "mapwrites":
		m := map[int]int{}
		var wg sync.WaitGroup
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 1e9; i++ {
					m[i%1000] = i
				}
			}()
		}
		wg.Wait()
	case "alloc":
		n, _ := strconv.Atoi(arg)
		b := make([]byte, n)
		b[len(b)-1] = 1
		sink = b
	case "hog":
		var hog [][]byte
		for {
			b := make([]byte, 1<<20)
			for i := range b {
				b[i] = 1
			}
			hog = append(hog, b)
			sink = hog
			time.Sleep(time.Millisecond)
		}
	case "gopanic":
		go func() {
			defer func() { panic("g2") }()
			panic("g")
		}()
		time.Sleep(time.Minute)
	case "exit":
		n, _ := strconv.Atoi(arg)
		os.Exit(n)
	}
	return fmt.Errorf("unknown command %q", cmd)
}

func recurse(n int) int {
	var pad [64]byte
	pad[n%64] = byte(n)
	return recurse(n+1) + int(pad[0])
}

// chunks writes n chunks of stdout, ms milliseconds apart.
func chunks(out *Emitter, arg string) error {
	var n, ms int
	if _, err := fmt.Sscan(arg, &n, &ms); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if i > 0 {
			time.Sleep(time.Duration(ms) * time.Millisecond)
		}
		fmt.Fprintf(out.Stdout(), "chunk %d\n", i)
	}
	return nil
}

// stray writes around the Emitter, as interpreted code and the programs
// it starts do.
func stray() error {
	fmt.Fprint(os.Stdout, "fd1 ")
	fmt.Fprint(os.Stderr, "os.Stderr ")
	c := exec.Command("sh", "-c", "echo child-out; echo child-err >&2")
	c.Stdout, c.Stderr = os.Stdout, os.Stderr
	return c.Run()
}

func (testHandler) Complete(_ context.Context, req *Complete) (*Completions, error) {
	if req.Code == "none" {
		return nil, nil
	}
	return &Completions{Matches: []string{req.Code + "ln", req.Code + "f"}, Start: 0, End: req.Cursor}, nil
}

func (testHandler) Inspect(_ context.Context, req *Inspect) (*Inspection, error) {
	return &Inspection{Found: true, Data: map[string]string{"text/plain": fmt.Sprintf("%s detail %d", req.Code, req.Detail)}}, nil
}

func (testHandler) IsComplete(_ context.Context, req *IsComplete) (*Completeness, error) {
	if strings.HasSuffix(req.Code, "{") {
		return &Completeness{Status: CodeIncomplete, Indent: "\t"}, nil
	}
	return &Completeness{Status: CodeComplete}, nil
}

func (testHandler) Reset(context.Context) error { return nil }

func (testHandler) Call(_ context.Context, req *Call) ([]byte, error) {
	switch req.Method {
	case "pid":
		return []byte(strconv.Itoa(os.Getpid())), nil
	case "echo":
		return req.Args, nil
	}
	return nil, fmt.Errorf("no method %q", req.Method)
}

// startTestWorker starts the test binary as a worker with opts (Command
// filled in, Env added to the test's) and shuts it down at the end of the
// test.
func startTestWorker(t testing.TB, opts Options) *Client {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	opts.Command = []string{exe, "-test.run=^$"}
	opts.Env = append(append(os.Environ(), workerEnv+"=1"), opts.Env...)
	if opts.MemoryLimit == 0 {
		opts.MemoryLimit = 1 << 30
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := Start(ctx, opts)
	if err != nil {
		t.Fatalf("start worker: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := c.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return c
}
