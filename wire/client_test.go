package wire

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// recorder collects a cell's events.
type recorder struct {
	mu     sync.Mutex
	events []Event
	at     []time.Time
}

func (r *recorder) add(ev Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
	r.at = append(r.at, time.Now())
}

// stream returns the text of every Stream event named name, joined.
func (r *recorder) stream(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, ev := range r.events {
		if s, ok := ev.(*Stream); ok && s.Name == name {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// started returns a channel closed when the cell prints its first Stream.
func (r *recorder) started() (func(Event), <-chan struct{}) {
	ch := make(chan struct{})
	var once sync.Once
	return func(ev Event) {
		r.add(ev)
		if _, ok := ev.(*Stream); ok {
			once.Do(func() { close(ch) })
		}
	}, ch
}

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// execute runs a cell that must end with a Done.
func execute(t *testing.T, c *Client, code string) (*Done, *recorder) {
	t.Helper()
	r := &recorder{}
	d, err := c.Execute(ctxTimeout(t, 10*time.Second), code, ExecOptions{Cell: 1}, r.add)
	if err != nil {
		t.Fatalf("execute %q: %v", code, err)
	}
	return d, r
}

func TestExecuteEcho(t *testing.T) {
	c := startTestWorker(t, Options{})
	d, r := execute(t, c, "echo hello")
	if d.Status != StatusOK {
		t.Fatalf("status %q (%s), want ok", d.Status, d.Message)
	}
	if got, want := r.stream(StdoutName), "hello\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	last := r.events[len(r.events)-1]
	if res, ok := last.(*Result); !ok || res.Plain != "hello" || res.Name != "_1" {
		t.Errorf("last event %#v, want the Result hello bound to _1", last)
	}
}

// TestBeforeRunOverlapsPreparation checks ExecOptions.BeforeRun through a
// worker process: the worker prepares the cell while BeforeRun runs, and
// runs it only after BeforeRun returned.
func TestBeforeRunOverlapsPreparation(t *testing.T) {
	c := startTestWorker(t, Options{})
	execute(t, c, "nop") // the worker is up
	var returned time.Time
	r := &recorder{}
	d, err := c.Execute(ctxTimeout(t, 10*time.Second), "prepare", ExecOptions{Cell: 2, BeforeRun: func() {
		time.Sleep(300 * time.Millisecond)
		returned = time.Now()
	}}, r.add)
	if err != nil || d.Status != StatusOK {
		t.Fatalf("execute: %+v, %v", d, err)
	}
	var prepared, ran int64
	if _, err := fmt.Sscanf(r.stream(StdoutName), "prepared %d\nran %d\n", &prepared, &ran); err != nil {
		t.Fatalf("output %q: %v", r.stream(StdoutName), err)
	}
	if at := time.Unix(0, prepared); !at.Before(returned) {
		t.Errorf("the worker prepared the cell %v after BeforeRun returned; want it during BeforeRun", at.Sub(returned))
	}
	if at := time.Unix(0, ran); at.Before(returned) {
		t.Errorf("the cell ran %v before BeforeRun returned", returned.Sub(at))
	}
}

// TestEventsArriveAsTheyHappen checks that output is streamed while the
// cell runs, not gathered until it ends.
func TestEventsArriveAsTheyHappen(t *testing.T) {
	c := startTestWorker(t, Options{})
	start := time.Now()
	d, r := execute(t, c, "chunks 3 300")
	end := time.Now()
	if d.Status != StatusOK || len(r.at) != 3 {
		t.Fatalf("status %q, %d events; want ok and 3 chunks", d.Status, len(r.at))
	}
	if early := end.Sub(r.at[0]); early < 450*time.Millisecond {
		t.Errorf("the first chunk arrived %v before the cell ended (%v after it began); want it as it was written, ~600ms before", early, r.at[0].Sub(start))
	}
}

func TestFailuresEndTheCell(t *testing.T) {
	c := startTestWorker(t, Options{})
	for _, tc := range []struct {
		code, class, msg string
	}{
		{"fail", ErrorClassOther, "it failed"},
		{"panic", ErrorClassPanic, "handler panic"},
		{"nosuch", ErrorClassOther, `unknown command "nosuch"`},
	} {
		d, r := execute(t, c, tc.code)
		if d.Status != StatusError {
			t.Errorf("%s: status %q, want error", tc.code, d.Status)
		}
		var e *Error
		for _, ev := range r.events {
			if x, ok := ev.(*Error); ok {
				e = x
			}
		}
		if e == nil || e.Class != tc.class || e.Message != tc.msg {
			t.Errorf("%s: error event %+v, want class %q message %q", tc.code, e, tc.class, tc.msg)
		}
	}
	if got := c.Generation(); got != 1 {
		t.Errorf("generation %d after failing cells, want 1: a failing cell must not kill the worker", got)
	}
}

// TestStrayOutputComesBeforeDone checks that writes around the Emitter
// (os.Stdout, os.Stderr, a child process given them) become Stream events
// of the cell, all sent before its Done.
func TestStrayOutputComesBeforeDone(t *testing.T) {
	c := startTestWorker(t, Options{})
	for i := 0; i < 20; i++ {
		d, r := execute(t, c, "stray")
		if d.Status != StatusOK {
			t.Fatalf("status %q: %s", d.Status, d.Message)
		}
		if got, want := r.stream(StdoutName), "fd1 child-out\n"; got != want {
			t.Fatalf("run %d: stdout %q, want %q", i, got, want)
		}
		if got, want := r.stream(StderrName), "os.Stderr child-err\n"; got != want {
			t.Fatalf("run %d: stderr %q, want %q", i, got, want)
		}
	}
}

// TestSecretComesFirst checks the ordering rule: OnSecret has run before
// any event carrying the secret is handed on, even output written to the
// process's own stdout right after the registration.
func TestSecretComesFirst(t *testing.T) {
	var mu sync.Mutex
	known := map[string]bool{}
	c := startTestWorker(t, Options{OnSecret: func(s *Secret) {
		mu.Lock()
		known[s.Value] = true
		mu.Unlock()
	}})
	for i := 0; i < 50; i++ {
		value := "tok-" + strconv.Itoa(i) + "-x9"
		seen := false
		_, err := c.Execute(ctxTimeout(t, 10*time.Second), "secret "+value, ExecOptions{}, func(ev Event) {
			s, ok := ev.(*Stream)
			if !ok || !strings.Contains(s.Text, value) {
				return
			}
			seen = true
			mu.Lock()
			defer mu.Unlock()
			if !known[value] {
				t.Errorf("output %q handed on before its secret was registered", s.Text)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if !seen {
			t.Fatalf("the cell's output never carried the secret %q", value)
		}
	}
}

func TestInputRoundTrip(t *testing.T) {
	c := startTestWorker(t, Options{})
	var asked *InputRequest
	r := &recorder{}
	d, err := c.Execute(ctxTimeout(t, 10*time.Second), "input", ExecOptions{
		Input: func(_ context.Context, req *InputRequest) (string, error) {
			asked = req
			return "hunter2", nil
		},
	}, r.add)
	if err != nil || d.Status != StatusOK {
		t.Fatalf("execute: %v %+v", err, d)
	}
	if asked == nil || asked.Prompt != "password: " || !asked.Password {
		t.Errorf("input request %+v, want a password prompt", asked)
	}
	if res, ok := r.events[len(r.events)-1].(*Result); !ok || res.Plain != "hunter2" {
		t.Errorf("events %#v, want the Result hunter2", r.events)
	}
	// Without an Input function the cell learns it cannot ask.
	d, r = execute(t, c, "input")
	if d.Status != StatusError || !strings.Contains(d.Message, "cannot ask for input") {
		t.Errorf("without Input: %+v, want an error saying input is not available", d)
	}
}

func TestQueries(t *testing.T) {
	c := startTestWorker(t, Options{})
	ctx := ctxTimeout(t, 10*time.Second)
	comp, err := c.Complete(ctx, "Print", 5)
	if err != nil || strings.Join(comp.Matches, ",") != "Println,Printf" || comp.End != 5 {
		t.Errorf("complete: %+v, %v", comp, err)
	}
	comp, err = c.Complete(ctx, "none", 4)
	if err != nil || len(comp.Matches) != 0 {
		t.Errorf("complete with no matches: %+v, %v", comp, err)
	}
	in, err := c.Inspect(ctx, "os.Getenv", 3, 1)
	if err != nil || in.Data["text/plain"] != "os.Getenv detail 1" {
		t.Errorf("inspect: %+v, %v", in, err)
	}
	ic, err := c.IsComplete(ctx, "func f() {")
	if err != nil || ic.Status != CodeIncomplete || ic.Indent != "\t" {
		t.Errorf("is-complete: %+v, %v", ic, err)
	}
	res, err := c.Call(ctx, "echo", []byte(`{"a":1}`))
	if err != nil || string(res) != `{"a":1}` {
		t.Errorf("call: %q, %v", res, err)
	}
	if _, err := c.Call(ctx, "nosuch", nil); err == nil || !strings.Contains(err.Error(), `no method "nosuch"`) {
		t.Errorf("call of an unknown method: %v", err)
	}
	if err := c.Reset(ctx); err != nil {
		t.Errorf("reset: %v", err)
	}
}

// TestCooperativeInterrupt checks that a cell that watches its context
// ends with StatusInterrupted and keeps the worker.
func TestCooperativeInterrupt(t *testing.T) {
	c := startTestWorker(t, Options{})
	r := &recorder{}
	onEvent, started := r.started()
	go func() {
		<-started
		c.Interrupt()
	}()
	begin := time.Now()
	d, err := c.Execute(ctxTimeout(t, 10*time.Second), "waitctx", ExecOptions{}, onEvent)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != StatusInterrupted {
		t.Errorf("status %q, want interrupted", d.Status)
	}
	if took := time.Since(begin); took > time.Second {
		t.Errorf("the interrupted cell took %v to end", took)
	}
	if got := c.Generation(); got != 1 {
		t.Errorf("generation %d, want 1: a cell that stops must not cost the worker", got)
	}
}

// pidOf asks the current worker for its process ID.
func pidOf(t *testing.T, c *Client) int {
	t.Helper()
	b, err := c.Call(ctxTimeout(t, 5*time.Second), "pid", nil)
	if err != nil {
		t.Fatalf("call pid: %v", err)
	}
	pid, _ := strconv.Atoi(string(b))
	return pid
}

// dies runs a cell that must end with the worker's death, and checks the
// error, that a fresh worker is ready within 2 s of the death being
// reported, and that it answers.
func dies(t *testing.T, c *Client, code string, onEvent func(Event)) (died *WorkerDiedError, ready time.Time) {
	t.Helper()
	before := pidOf(t, c)
	gen := c.Generation()
	_, err := c.Execute(ctxTimeout(t, 30*time.Second), code, ExecOptions{}, onEvent)
	diedAt := time.Now()
	if !errors.As(err, &died) || !errors.Is(err, ErrWorkerDied) {
		t.Fatalf("%s: err = %v, want a WorkerDiedError", code, err)
	}
	if _, err := c.Ready(ctxTimeout(t, 5*time.Second)); err != nil {
		t.Fatalf("%s: no fresh worker: %v", code, err)
	}
	ready = time.Now()
	if took := ready.Sub(diedAt); took > 2*time.Second {
		t.Errorf("%s: a fresh worker took %v to be ready, want ≤ 2s", code, took)
	}
	if after := pidOf(t, c); after == before {
		t.Errorf("%s: the same worker %d still answers", code, before)
	}
	if got := c.Generation(); got != gen+1 {
		t.Errorf("%s: generation %d, want %d", code, got, gen+1)
	}
	d, r := execute(t, c, "echo again")
	if d.Status != StatusOK || r.stream(StdoutName) != "again\n" {
		t.Errorf("%s: the fresh worker's first cell: %+v %q", code, d, r.stream(StdoutName))
	}
	if c.Restarted() != nil {
		t.Errorf("%s: Restarted reports a death Execute already returned", code)
	}
	return died, ready
}

// TestFatalErrorsKillOnlyTheWorker runs each way a Go process dies beyond
// recover, and checks the session survives with the runtime's reason.
func TestFatalErrorsKillOnlyTheWorker(t *testing.T) {
	limit := int64(1 << 30)
	if raceEnabled {
		limit = -1 // the race detector's shadow memory does not fit under a limit
	}
	c := startTestWorker(t, Options{MemoryLimit: limit})
	for _, tc := range []struct{ code, reason string }{
		{"stackoverflow", "fatal error: stack overflow"},
		{"mapwrites", "fatal error: concurrent map writes"},
		{"alloc 1099511627776", "fatal error: runtime: out of memory"},
		// 3 GiB not touched: only the kernel limit the worker applied on
		// itself (1 GiB + memlimit.DataHeadroom) stops it.
		{"alloc 3221225472", "fatal error: runtime: out of memory"},
		{"gopanic", "panic: g"},
		{"exit 3", "exit status 3"},
	} {
		t.Run(strings.ReplaceAll(tc.code, " ", "_"), func(t *testing.T) {
			if raceEnabled && strings.HasPrefix(tc.code, "alloc") {
				t.Skip("the race detector's shadow memory does not fit under a memory limit")
			}
			r := &recorder{}
			died, _ := dies(t, c, tc.code, r.add)
			if died.Reason != tc.reason && !strings.HasPrefix(died.Reason, tc.reason) {
				t.Errorf("reason %q, want %q (output:\n%s)", died.Reason, tc.reason, died.Output)
			}
			if died.Stopped {
				t.Errorf("Stopped is set for a death the front-end did not cause")
			}
			if got := r.stream(StdoutName); got != "started\n" {
				t.Errorf("output before the death %q, want %q", got, "started\n")
			}
			t.Logf("%s → %v", tc.code, died)
		})
	}
}

// TestRunawayAllocationHitsTheLimit checks that a loop that keeps
// allocating ends the worker at its memory limit.
func TestRunawayAllocationHitsTheLimit(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's shadow memory does not fit under a memory limit")
	}
	const limit = 256 << 20
	c := startTestWorker(t, Options{MemoryLimit: limit})
	died, _ := dies(t, c, "hog", nil)
	if !strings.Contains(died.Reason, "memory") {
		t.Errorf("reason %q, want it to be about memory", died.Reason)
	}
	t.Logf("hog → %v", died)
}

// TestKilledFromOutside checks SIGKILL from another process, during a
// cell and between cells.
func TestKilledFromOutside(t *testing.T) {
	c := startTestWorker(t, Options{})
	onEvent, started := (&recorder{}).started()
	killed := make(chan time.Time, 1)
	go func() {
		<-started
		killed <- time.Now()
		_ = syscall.Kill(c.PID(), syscall.SIGKILL)
	}()
	died, ready := dies(t, c, "spin", onEvent)
	if died.Reason != "signal: killed" {
		t.Errorf("reason %q, want signal: killed", died.Reason)
	}
	if took := ready.Sub(<-killed); took > 2*time.Second {
		t.Errorf("SIGKILL to a fresh worker ready: %v, want ≤ 2s", took)
	} else {
		t.Logf("SIGKILL to a fresh worker ready: %v", took.Round(time.Millisecond))
	}

	// Between cells: the next prompt learns of it through Restarted.
	pid := pidOf(t, c)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	var d *WorkerDiedError
	for deadline := time.Now().Add(5 * time.Second); d == nil && time.Now().Before(deadline); {
		d = c.Restarted()
		time.Sleep(10 * time.Millisecond)
	}
	if d == nil || d.Reason != "signal: killed" || d.PID != pid {
		t.Fatalf("Restarted() = %v, want the death of %d by signal: killed", d, pid)
	}
	if again := c.Restarted(); again != nil {
		t.Errorf("Restarted reported the same death twice")
	}
	if dd, r := execute(t, c, "echo alive"); dd.Status != StatusOK || r.stream(StdoutName) != "alive\n" {
		t.Errorf("after a death between cells: %+v", dd)
	}
}

// TestInterruptIgnoredKillsWithinGrace runs a cell that ignores its
// context ten times and checks each first interrupt gets the prompt back
// within 3 s (the default 2 s grace, then a kill and a fresh worker).
func TestInterruptIgnoredKillsWithinGrace(t *testing.T) {
	c := startTestWorker(t, Options{})
	for i := 0; i < 10; i++ {
		onEvent, started := (&recorder{}).started()
		var interruptedAt time.Time
		go func() {
			<-started
			interruptedAt = time.Now()
			c.Interrupt()
		}()
		_, err := c.Execute(ctxTimeout(t, 30*time.Second), "spin", ExecOptions{}, onEvent)
		took := time.Since(interruptedAt)
		var died *WorkerDiedError
		if !errors.As(err, &died) || !died.Stopped || !strings.Contains(died.Reason, "did not stop within 2s") {
			t.Fatalf("run %d: err = %v, want the worker stopped after the grace", i, err)
		}
		if took > 3*time.Second {
			t.Errorf("run %d: interrupt to return %v, want ≤ 3s", i, took)
		}
		if _, err := c.Ready(ctxTimeout(t, 5*time.Second)); err != nil {
			t.Fatal(err)
		}
		t.Logf("run %d: interrupt to return %v", i, took.Round(time.Millisecond))
	}
	if d, _ := execute(t, c, "echo ok"); d.Status != StatusOK {
		t.Errorf("after ten kills: %+v", d)
	}
}

// TestSecondInterruptKillsAtOnce checks the second Ctrl-C policy.
func TestSecondInterruptKillsAtOnce(t *testing.T) {
	c := startTestWorker(t, Options{})
	onEvent, started := (&recorder{}).started()
	var second time.Time
	go func() {
		<-started
		c.Interrupt()
		second = time.Now()
		c.Interrupt()
	}()
	_, err := c.Execute(ctxTimeout(t, 30*time.Second), "spin", ExecOptions{}, onEvent)
	var died *WorkerDiedError
	if !errors.As(err, &died) || died.Reason != "interrupted twice" {
		t.Fatalf("err = %v, want the worker stopped by the second interrupt", err)
	}
	if took := time.Since(second); took > time.Second {
		t.Errorf("second interrupt to return %v, want well under 1s", took)
	}
}

// TestContextCancelInterrupts checks that cancelling Execute's context
// is an interrupt.
func TestContextCancelInterrupts(t *testing.T) {
	c := startTestWorker(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := &recorder{}
	onEvent, started := r.started()
	go func() {
		<-started
		cancel()
	}()
	d, err := c.Execute(ctx, "waitctx", ExecOptions{}, onEvent)
	if err != nil || d.Status != StatusInterrupted {
		t.Fatalf("got %+v, %v; want Done interrupted", d, err)
	}
}

// TestProgramsDieWithTheWorker checks that a program a cell started does
// not outlive a worker that died.
func TestProgramsDieWithTheWorker(t *testing.T) {
	c := startTestWorker(t, Options{})
	_, r := execute(t, c, "child")
	res, ok := r.events[len(r.events)-1].(*Result)
	if !ok {
		t.Fatalf("events %#v, want the child's PID", r.events)
	}
	child, _ := strconv.Atoi(res.Plain)
	if !alive(child) {
		t.Fatalf("the child %d is not running", child)
	}
	if err := syscall.Kill(c.PID(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if !alive(child) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the child %d outlived its worker", child)
		}
	}
}

// alive reports whether process pid runs: it exists and is not a zombie
// waiting for whoever adopted it to reap it.
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(rest, "Z")
}

// TestDeathReportedDespiteAnEscapedProgram checks that a program holding
// the dead worker's descriptor 2 open does not hold back the report.
func TestDeathReportedDespiteAnEscapedProgram(t *testing.T) {
	c := startTestWorker(t, Options{})
	r := &recorder{}
	onEvent, started := r.started()
	killed := make(chan time.Time, 1)
	go func() {
		<-started
		killed <- time.Now()
		_ = syscall.Kill(c.PID(), syscall.SIGKILL)
	}()
	_, err := c.Execute(ctxTimeout(t, 10*time.Second), "escape", ExecOptions{}, onEvent)
	returned := time.Now()
	if pid, perr := strconv.Atoi(strings.TrimSpace(r.stream(StdoutName))); perr == nil {
		defer syscall.Kill(pid, syscall.SIGKILL)
	} else {
		t.Errorf("no PID of the escaped program in %q", r.stream(StdoutName))
	}
	if !errors.Is(err, ErrWorkerDied) {
		t.Fatalf("err = %v, want the worker's death", err)
	}
	if took := returned.Sub(<-killed); took > time.Second {
		t.Errorf("the death was reported %v after the kill, want < 1s", took)
	}
}

// TestWorkerThatCannotLive checks that workers dying right after their
// start are restarted a few times only, then on demand.
func TestWorkerThatCannotLive(t *testing.T) {
	c := startTestWorker(t, Options{Env: []string{dieAfterEnv + "=50"}})
	deadline := time.Now().Add(10 * time.Second)
	for c.Generation() < maxQuickDeaths && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	// Let the last one die, and give a restart time to happen if one would.
	for c.PID() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	if got := c.Generation(); got != maxQuickDeaths {
		t.Fatalf("generation %d, want %d: workers that die at once are restarted %d times", got, maxQuickDeaths, maxQuickDeaths-1)
	}
	if d := c.Restarted(); d == nil || d.Reason != "exit status 5" {
		t.Errorf("Restarted() = %v, want the last death, exit status 5", d)
	}
	if _, err := c.Ready(ctxTimeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if got := c.Generation(); got != maxQuickDeaths+1 {
		t.Errorf("generation %d after a call, want %d: a call starts a worker on demand", got, maxQuickDeaths+1)
	}
}

// TestEvaluatorThatCannotStart checks that a worker whose evaluator
// fails to start dies with the evaluator's error as its reason.
func TestEvaluatorThatCannotStart(t *testing.T) {
	c := startTestWorker(t, Options{Env: []string{brokenEnv + "=1"}})
	_, err := c.Execute(ctxTimeout(t, 10*time.Second), "echo x", ExecOptions{}, nil)
	var died *WorkerDiedError
	if !errors.As(err, &died) || died.Reason != "start the evaluator: the symbols do not load" {
		t.Fatalf("err = %v, want the evaluator's error as the reason", err)
	}
}

// TestResultFollowsItsOutput checks that a Result emitted after a write to
// the captured descriptor 1 arrives after that output.
func TestResultFollowsItsOutput(t *testing.T) {
	c := startTestWorker(t, Options{})
	for i := 0; i < 50; i++ {
		_, r := execute(t, c, "printthen "+strconv.Itoa(i))
		var order []string
		for _, ev := range r.events {
			switch ev := ev.(type) {
			case *Stream:
				order = append(order, "stream "+strings.TrimSpace(ev.Text))
			case *Result:
				order = append(order, "result "+ev.Plain)
			}
		}
		want := []string{"stream printed " + strconv.Itoa(i), "result " + strconv.Itoa(i)}
		if strings.Join(order, "|") != strings.Join(want, "|") {
			t.Fatalf("events %q, want %q", order, want)
		}
	}
}

func TestShutdown(t *testing.T) {
	c := startTestWorker(t, Options{})
	pid := c.PID()
	if err := c.Shutdown(ctxTimeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("worker %d still exists after Shutdown (kill 0: %v)", pid, err)
	}
	if _, err := c.Execute(ctxTimeout(t, time.Second), "echo x", ExecOptions{}, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("execute after shutdown: %v, want ErrClosed", err)
	}
	if got := c.Generation(); got != 1 {
		t.Errorf("a worker was started after Shutdown (generation %d)", got)
	}
}

// TestLaunch: Launch returns before the worker runs; the worker counts as
// generation 1 at once (a front-end configures it by that number), the
// first call waits for it, and a start that fails is that call's error.
func TestLaunch(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	c, err := Launch(Options{Command: []string{exe, "-test.run=^$"}, Env: append(os.Environ(), workerEnv+"=1"), MemoryLimit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Shutdown(context.Background())
	if got := c.Generation(); got != 1 {
		t.Errorf("generation %d right after Launch, want 1", got)
	}
	if pid := pidOf(t, c); pid == 0 {
		t.Error("the first call did not reach a worker")
	}
	if got := c.Generation(); got != 1 {
		t.Errorf("generation %d after the first call, want 1", got)
	}

	bad, err := Launch(Options{Command: []string{"/nonexistent/opsh", "__worker"}})
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Shutdown(context.Background())
	if _, err := bad.Call(ctxTimeout(t, 10*time.Second), "pid", nil); err == nil || !strings.Contains(err.Error(), "/nonexistent/opsh") {
		t.Errorf("a call to a worker that cannot start: %v, want why", err)
	}
}

// TestClose: Close returns once the worker has answered, and the worker
// then exits on its own; no fresh one starts.
func TestClose(t *testing.T) {
	c := startTestWorker(t, Options{})
	pid := pidOf(t, c)
	if err := c.Close(ctxTimeout(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for syscall.Kill(pid, 0) == nil && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := syscall.Kill(pid, 0); err == nil {
		t.Errorf("worker %d still runs 5 s after Close", pid)
	}
	if got := c.Generation(); got != 1 {
		t.Errorf("generation %d after Close, want 1", got)
	}
}

func TestStartFailures(t *testing.T) {
	ctx := ctxTimeout(t, 10*time.Second)
	if _, err := Start(ctx, Options{Command: []string{"/nonexistent/opsh", "__worker"}}); err == nil {
		t.Error("started a worker from a missing program")
	}
	// A program that is not a worker: its words end up in the error.
	_, err := Start(ctx, Options{Command: []string{"sh", "-c", "echo not a worker >&2; exit 2"}})
	if err == nil || !strings.Contains(err.Error(), "not a worker") {
		t.Errorf("start of a non-worker: %v, want the program's words in the error", err)
	}
}

// TestDiagnosticsReason checks how a crash report becomes one line.
func TestDiagnosticsReason(t *testing.T) {
	for _, tc := range []struct{ out, want string }{
		{"runtime: goroutine stack exceeds 1000000000-byte limit\nruntime: sp=0xc0200e0390\nfatal error: stack overflow\n\nruntime stack:\n", "fatal error: stack overflow"},
		{"panic: g\n\tpanic: g2\n\ngoroutine 7 [running]:\nmain.main.func1()\n", "panic: g; panic: g2"},
		{"some warning\nfatal error: concurrent map writes\n\ngoroutine 9 [running]:\npanic: not this\n", "fatal error: concurrent map writes"},
		{"just noise\n", ""},
	} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		d := newDiagnostics(r)
		fmt.Fprint(w, tc.out)
		w.Close()
		d.wait(5 * time.Second)
		if got := d.reason(); got != tc.want {
			t.Errorf("reason of %q = %q, want %q", tc.out, got, tc.want)
		}
	}
}

// BenchmarkExecuteRoundTrip measures a cell that does nothing, through a
// real worker process: the protocol's whole cost a cell (bench/worker
// sets it against its floor).
func BenchmarkExecuteRoundTrip(b *testing.B) {
	c := startTestWorker(b, Options{})
	ctx := context.Background()
	for b.Loop() {
		d, err := c.Execute(ctx, "nop", ExecOptions{}, nil)
		if err != nil || d.Status != StatusOK {
			b.Fatal(d, err)
		}
	}
}
