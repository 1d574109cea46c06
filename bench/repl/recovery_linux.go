package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// recoveryGroup is one recovery figure: its label, its target, and what
// the front-end should say before the prompt comes back.
type recoveryGroup struct {
	label  string
	target time.Duration
	// expect is what a try must say to count within the target; "" takes
	// any outcome (a cell that ignores Ctrl-C recovers by the worker being
	// killed, which is a recovery too).
	expect string
}

var (
	deathGroup = &recoveryGroup{"worker death → prompt", 2 * time.Second, saidDied}
	ctrlCGroup = &recoveryGroup{"first Ctrl-C → prompt", 3 * time.Second, ""}
)

// recoveryCase is one way of losing the prompt: a cell typed at it and,
// for a cell that does not lose it by itself at once, what is done to the
// session once the cell has run for settle. The clock starts when the
// cell is sent, or, for a case with act, just before act.
type recoveryCase struct {
	group  *recoveryGroup
	name   string
	cell   string
	settle time.Duration
	act    func(*ptySession) error
}

// recoveryCases are the cases -recovery measures, each in a session of
// its own so that one case's leftovers (a goroutine still spinning, a
// worker that is not restarted at once after quick deaths) cannot weigh
// on the next.
var recoveryCases = []recoveryCase{
	{group: deathGroup, name: "infinite recursion", cell: `func f(n int) int { return f(n+1) + 1 }; f(0)`},
	{group: deathGroup, name: "concurrent map writes", cell: `m := map[int]int{}; var wg sync.WaitGroup; for i := range 8 { wg.Add(1); go func() { defer wg.Done(); for j := range 1000000 { m[j] = i } }() }; wg.Wait()`},
	{group: deathGroup, name: "out of memory", cell: `b := make([]byte, 1<<40); len(b)`},
	{group: deathGroup, name: "panic in a goroutine's deferred function", cell: `go func() { defer func() { panic("g2") }(); panic("g") }(); time.Sleep(time.Second)`},
	// 200 ms: the cell is surely running in the worker by then.
	{group: deathGroup, name: "SIGKILL from outside", cell: `time.Sleep(time.Hour)`, settle: 200 * time.Millisecond, act: (*ptySession).killWorker},
	// 300 ms: long enough for the loop to be well under way, as when a
	// person notices it runs away.
	{group: ctrlCGroup, name: "allocating loop", cell: `var hog [][]byte; for { hog = append(hog, make([]byte, 1<<20)); time.Sleep(time.Millisecond) }`, settle: 300 * time.Millisecond, act: (*ptySession).interrupt},
	{group: ctrlCGroup, name: "busy loop", cell: `for {}`, settle: 300 * time.Millisecond, act: (*ptySession).interrupt},
	{group: ctrlCGroup, name: "loop in a goroutine the cell waits for", cell: `done := make(chan bool); go func() { for {} }(); <-done`, settle: 300 * time.Millisecond, act: (*ptySession).interrupt},
}

// What a try said before its prompt came back (outcome).
const (
	saidDied        = "the worker died"
	saidInterrupted = "interrupted"
	saidOther       = "something else"
	saidNoPrompt    = "no prompt"
	// saidEnded is a cell that ended before the Ctrl-C or the kill.
	saidEnded = "ended by itself"
)

// recoveryWait bounds every wait for the terminal: a try that has no
// prompt by then failed, and the session is ended rather than hung on.
const recoveryWait = 15 * time.Second

// measureRecovery prints, for each recovery case, how long the prompt
// took to come back over tries tries.
func measureRecovery(env []string, bin string, tries int) {
	for _, c := range recoveryCases {
		fmt.Println(recoveryLine(c, runRecoveryCase(env, bin, c, tries)))
	}
}

// tryResult is one try: how long the prompt took and what was said.
type tryResult struct {
	took    time.Duration
	outcome string
	said    string // the output, when the outcome is unexpected
}

// runRecoveryCase starts one opsh session on a terminal and runs c's
// cell in it tries times. A try without a prompt ends the session: the
// tries left count as failed.
func runRecoveryCase(env []string, bin string, c recoveryCase, tries int) []tryResult {
	s, err := startPTYSession(env, bin)
	if err != nil {
		return failAll(tries, err)
	}
	defer s.end()
	var results []tryResult
	for len(results) < tries {
		r, err := s.try(c)
		if err != nil {
			return append(results, failAll(tries-len(results), err)...)
		}
		results = append(results, r)
	}
	return results
}

// failAll is n tries that got no prompt because of err.
func failAll(n int, err error) []tryResult {
	r := make([]tryResult, n)
	for i := range r {
		r[i] = tryResult{outcome: saidNoPrompt, said: err.Error()}
	}
	return r
}

// recoveryLine is the report of one case: the median and maximum over the
// tries that got a prompt, how many were within the target, and what the
// tries said before their prompts.
func recoveryLine(c recoveryCase, results []tryResult) string {
	var took []time.Duration
	within, tally, odd := 0, map[string]int{}, ""
	for _, r := range results {
		tally[r.outcome]++
		if odd == "" {
			odd = r.said // set only for an unexpected outcome
		}
		if r.outcome == saidNoPrompt || r.outcome == saidEnded {
			continue // no recovery was timed
		}
		took = append(took, r.took)
		if r.took <= c.group.target && (c.group.expect == "" || r.outcome == c.group.expect) {
			within++
		}
	}
	line := fmt.Sprintf("recovery  %s, %s: ", c.group.label, c.name)
	if len(took) > 0 {
		line += fmt.Sprintf("median %v, max %v, ", median(took).Round(time.Millisecond), maxOf(took).Round(time.Millisecond))
	}
	var says []string
	for _, o := range []string{saidDied, saidInterrupted, saidOther, saidEnded, saidNoPrompt} {
		if tally[o] > 0 {
			says = append(says, fmt.Sprintf("%s ×%d", o, tally[o]))
		}
	}
	line += fmt.Sprintf("%d of %d ≤ %g s (%s)", within, len(results), c.group.target.Seconds(), strings.Join(says, ", "))
	if odd != "" {
		line += fmt.Sprintf("\n          first odd try said: %q", odd)
	}
	return line
}

// maxOf is the longest of d, which is not empty.
func maxOf(d []time.Duration) time.Duration {
	m := d[0]
	for _, x := range d[1:] {
		m = max(m, x)
	}
	return m
}

// ptySession is opsh at a pseudo-terminal, and all it has written. A
// goroutine reads the terminal all along, as a terminal emulator does: a
// terminal nobody reads fills up and stops opsh at its next write (the
// line editor redraws the line at every key), which would skew the clock.
type ptySession struct {
	cmd    *exec.Cmd
	master *os.File
	prompt int           // the number of the prompt opsh waits at
	more   chan struct{} // a read was made (buffered: one pending is enough)
	read   chan struct{} // closed when reading ends

	mu    sync.Mutex
	out   []byte
	reads []readMark
	err   error // why reading ended
}

// readMark is when the terminal's output up to end was read.
type readMark struct {
	end int
	at  time.Time
}

// startPTYSession starts `opsh --no-record` on a new pseudo-terminal,
// as timePrompt does, and waits for its first prompt.
func startPTYSession(env []string, bin string) (*ptySession, error) {
	master, slave := openPTY()
	// A real terminal's size: at width 0 the line editor would wrap and
	// redraw the long cells, and the prompt it redraws is what we look for.
	_ = unix.IoctlSetWinsize(int(master.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 50, Col: 250})
	cmd := exec.Command(bin, "--no-record")
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	err := cmd.Start()
	slave.Close()
	if err != nil {
		master.Close()
		return nil, err
	}
	s := &ptySession{cmd: cmd, master: master, more: make(chan struct{}, 1), read: make(chan struct{})}
	go s.readAll()
	if _, _, err := s.nextPrompt(0); err != nil {
		s.end()
		return nil, fmt.Errorf("first prompt: %w", err)
	}
	return s, nil
}

// readAll reads the terminal until it is hung up or closed, noting when
// each piece was read.
func (s *ptySession) readAll() {
	defer close(s.read)
	buf := make([]byte, 64<<10)
	for {
		n, err := s.master.Read(buf)
		at := time.Now()
		s.mu.Lock()
		s.out = append(s.out, buf[:n]...)
		s.reads = append(s.reads, readMark{len(s.out), at})
		s.err = err
		s.mu.Unlock()
		select {
		case s.more <- struct{}{}:
		default:
		}
		if err != nil {
			return
		}
	}
}

// written is how much opsh has written to the terminal so far.
func (s *ptySession) written() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.out)
}

// try runs c's cell once and measures how long the prompt took to come
// back.
func (s *ptySession) try(c recoveryCase) (tryResult, error) {
	if err := s.ready(); err != nil {
		return tryResult{}, fmt.Errorf("the cell before the try: %w", err)
	}
	from := s.written()
	if err := s.send(c.cell); err != nil {
		return tryResult{}, err
	}
	start := time.Now()
	if c.act != nil {
		time.Sleep(c.settle)
		// A cell that failed or ended at once has nothing to recover
		// from: acting on the prompt would measure nothing.
		if _, said, ok := s.findPrompt(from); ok {
			return tryResult{outcome: saidEnded, said: shown(said)}, nil
		}
		start = time.Now()
		if err := c.act(s); err != nil {
			return tryResult{}, err
		}
	}
	at, said, err := s.nextPrompt(from)
	if err != nil {
		return tryResult{}, err
	}
	r := tryResult{took: at.Sub(start), outcome: outcomeOf(said)}
	if at.Before(start) { // it ended just as it was acted on
		r.outcome = saidEnded
	}
	if r.outcome == saidOther || r.outcome == saidEnded {
		r.said = shown(said)
	}
	return r, nil
}

// ready runs a trivial cell, untimed, so that the measured cell runs in a
// worker that is up, as it does for a person who types it, and not in one
// still starting after the last try's death.
func (s *ptySession) ready() error {
	// The offset is taken before the line is sent: the answer may come
	// before send returns.
	from := s.written()
	if err := s.send("1"); err != nil {
		return err
	}
	_, _, err := s.nextPrompt(from)
	return err
}

// outcomeOf is what the front-end said between a cell's line and the
// next prompt: the worker's death (repl.WorkerDiedError, the worker
// having been stopped for an ignored interrupt included), the cell being
// interrupted, or something else.
func outcomeOf(said string) string {
	switch {
	case strings.Contains(said, saidDied):
		return saidDied
	case interruptedRE.MatchString(said):
		return saidInterrupted
	}
	return saidOther
}

// interruptedRE is the line the front-end ends an interrupted cell with.
// It may follow the echo of the cell's line on the same terminal line:
// the line editor's last redraw has no line break of its own.
var interruptedRE = regexp.MustCompile(`\binterrupted\r?\n`)

// shown is the end of what opsh wrote, for a person to read: without the
// line editor's escape sequences and redraws of the line.
func shown(said string) string {
	said = escapeRE.ReplaceAllString(said, "")
	if i := strings.LastIndexAny(said, "\r\n"); i >= 0 && strings.TrimSpace(said[i:]) == "" {
		said = strings.TrimRight(said, "\r\n")
	}
	return string(tail([]byte(said), 200))
}

// escapeRE matches a terminal's control sequences (CSI).
var escapeRE = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// send types a line and Enter.
func (s *ptySession) send(line string) error {
	_, err := io.WriteString(s.master, line+"\r")
	return err
}

// interrupt presses Ctrl-C: the terminal sends SIGINT to opsh, as it does
// for a person.
func (s *ptySession) interrupt() error {
	_, err := io.WriteString(s.master, "\x03")
	return err
}

// killWorker kills opsh's worker with SIGKILL, as the kernel's OOM killer
// or a person with kill -9 would.
func (s *ptySession) killWorker() error {
	var live []int
	for _, pid := range children(s.cmd.Process.Pid) {
		if state(pid) != "Z" { // a dead worker not yet waited for
			live = append(live, pid)
		}
	}
	if len(live) != 1 {
		return fmt.Errorf("want one worker to kill, opsh has %v", live)
	}
	return syscall.Kill(live[0], syscall.SIGKILL)
}

// state is a process's state letter ("R", "S", "Z", …), "" when it is
// gone.
func state(pid int) string {
	if f := stat(pid); len(f) > 0 {
		return f[0]
	}
	return ""
}

// started is when a process started, in clock ticks since boot: with its
// PID, it names the process, which a reused PID does not.
func started(pid int) string {
	if f := stat(pid); len(f) > 19 {
		return f[19]
	}
	return ""
}

// stat is /proc/PID/stat from its third field (the state) on, nil when the
// process is gone.
func stat(pid int) []string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil
	}
	// The command name, in parentheses, may hold spaces: the state is the
	// field after its closing one.
	return strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
}

// promptRE is the prompt of cell N, "[N]›".
var promptRE = regexp.MustCompile(`\[(\d+)\]›`)

// nextPrompt waits until, in what opsh wrote from offset from on, a
// prompt appears whose number is not the one opsh waited at (the line
// editor redraws that one as the line is typed), and returns when it was
// read and what came before it. It waits at most recoveryWait.
func (s *ptySession) nextPrompt(from int) (time.Time, string, error) {
	timeout := time.NewTimer(recoveryWait)
	defer timeout.Stop()
	for {
		if at, said, ok := s.findPrompt(from); ok {
			return at, said, nil
		}
		select {
		case <-s.more:
		case <-timeout.C:
			s.mu.Lock()
			defer s.mu.Unlock()
			return time.Time{}, "", fmt.Errorf("no prompt within %v; the terminal showed %q", recoveryWait, shown(string(s.out[from:])))
		}
		s.mu.Lock()
		err := s.err
		s.mu.Unlock()
		if err != nil {
			if at, said, ok := s.findPrompt(from); ok {
				return at, said, nil
			}
			return time.Time{}, "", fmt.Errorf("reading the terminal: %w", err)
		}
	}
}

// findPrompt looks for nextPrompt's prompt in what was read so far.
func (s *ptySession) findPrompt(from int) (time.Time, string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range promptRE.FindAllSubmatchIndex(s.out[from:], -1) {
		n, _ := strconv.Atoi(string(s.out[from+m[2] : from+m[3]]))
		if n == s.prompt {
			continue
		}
		s.prompt = n
		end := from + m[1]
		i := sort.Search(len(s.reads), func(i int) bool { return s.reads[i].end >= end })
		return s.reads[i].at, string(s.out[from:end]), true
	}
	return time.Time{}, "", false
}

// tail is the last n bytes of b.
func tail(b []byte, n int) []byte {
	return b[max(0, len(b)-n):]
}

// end hangs up, as timePrompt does: opsh stops its worker and exits. One
// that has not within 10 s is killed; a worker left running after it is
// killed too.
func (s *ptySession) end() {
	workers := map[int]string{}
	for _, pid := range children(s.cmd.Process.Pid) {
		workers[pid] = started(pid)
	}
	_ = s.cmd.Process.Signal(syscall.SIGHUP)
	exited := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(exited) }()
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-exited
	}
	// What is left to read is read before the terminal is closed; a
	// worker still holding it open is killed below, which ends the read.
	select {
	case <-s.read:
	case <-time.After(time.Second):
	}
	for pid, at := range workers {
		if at != "" && started(pid) == at && state(pid) != "Z" {
			fmt.Fprintf(os.Stderr, "bench: opsh left its worker %d running; killed\n", pid)
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	s.master.Close()
	<-s.read
}
