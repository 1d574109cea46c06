package sys_test

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/opsh/opsh/builtins/sys"
	"github.com/opsh/opsh/internal/testenv"
	"github.com/opsh/opsh/internal/yaegitest"
)

// openPTY opens a pseudo-terminal: the master side, and the terminal.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		testenv.Missing(t, "no pseudo-terminals: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close(); s.Close() })
	return m, s
}

// lockedText collects what the terminal shows.
type lockedText struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedText) add(p []byte) { l.mu.Lock(); l.b.Write(p); l.mu.Unlock() }
func (l *lockedText) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// runOnPTY runs the test binary's helper test named helper as a session
// on a pseudo-terminal, types input once the screen shows READY, and
// returns the screen when the helper is done.
func runOnPTY(t *testing.T, helper, mode, input string) string {
	t.Helper()
	master, tty := openPTY(t)
	cmd := exec.Command(os.Args[0], "-test.run=^"+helper+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), "OPSH_SYS_INTERACTIVE_HELPER="+mode)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	var screen lockedText
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			screen.add(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	testenv.WaitFor(t, 20*time.Second, "the program to ask for input", func() error {
		if !strings.Contains(screen.String(), "READY") {
			return fmt.Errorf("screen so far: %q", screen.String())
		}
		return nil
	})
	master.Write([]byte(input))
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the helper did not finish; screen:\n%s", screen.String())
	}
	testenv.WaitFor(t, 5*time.Second, "the helper's last line", func() error {
		if !strings.Contains(screen.String(), "END") {
			return fmt.Errorf("no END line")
		}
		return nil
	})
	return screen.String()
}

// TestInteractiveFromWorker runs Interactive as opsh does: in a worker
// process of its own process group, while the terminal's foreground group
// is the front-end's. The program gets the terminal; afterwards the
// front-end's group is in the foreground again, not the worker's.
func TestInteractiveFromWorker(t *testing.T) {
	out := runOnPTY(t, "TestInteractiveHelper", "front", "from the worker\n")
	t.Logf("terminal:\n%s", out)
	for _, want := range []string{"STDIN-TTY STDOUT-TTY FOREGROUND", "got from the worker", "RESULT <nil>", "FRONT-FOREGROUND true"} {
		if !strings.Contains(out, want) {
			t.Errorf("the terminal lacks %q:\n%s", want, out)
		}
	}
}

// TestInteractive runs the test binary as a session on a pseudo-terminal
// (as opsh runs on the user's terminal), where sys.Interactive gives a
// shell the terminal: it sees a terminal on stdin and stdout, is the
// foreground group, reads what is typed; afterwards the caller is the
// foreground group again, and an exit status is an *ExitError.
func TestInteractive(t *testing.T) {
	out := runOnPTY(t, "TestInteractiveHelper", "1", "typed at the keyboard\n")
	t.Logf("terminal:\n%s", out)
	for _, want := range []string{"STDIN-TTY STDOUT-TTY FOREGROUND", "got typed at the keyboard", "RESULT <nil>", "BACK true", "EXIT sh -c 'exit 3': exit status 3"} {
		if !strings.Contains(out, want) {
			t.Errorf("the terminal lacks %q:\n%s", want, out)
		}
	}
}

// TestInteractiveHelper is the program TestInteractive runs on its
// pseudo-terminal; on its own it does nothing.
func TestInteractiveHelper(t *testing.T) {
	switch os.Getenv("OPSH_SYS_INTERACTIVE_HELPER") {
	case "1", "worker":
	case "front":
		// As opsh's front-end: the worker runs in a process group of its own.
		w := exec.Command(os.Args[0], "-test.run=^TestInteractiveHelper$", "-test.count=1")
		w.Env = append(os.Environ(), "OPSH_SYS_INTERACTIVE_HELPER=worker")
		w.Stdin, w.Stdout, w.Stderr = os.Stdin, os.Stdout, os.Stderr
		w.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := w.Run(); err != nil {
			fmt.Println("WORKER", err)
		}
		pg, _ := unix.IoctlGetInt(0, unix.TIOCGPGRP)
		fmt.Println("FRONT-FOREGROUND", pg == unix.Getpgrp())
		fmt.Println("END")
		return
	default:
		return
	}
	script := `test -t 0 && printf 'STDIN-TTY '; test -t 1 && printf 'STDOUT-TTY '
set -- $(cat /proc/$$/stat); [ "$5" = "$8" ] && echo FOREGROUND
echo READY; read line; echo "got $line"`
	// As typed at the opsh prompt.
	i := newInterp(t)
	v := yaegitest.Eval(t, i, "script := "+strconvQuote(script)+"\nfmt.Sprint(sys.Interactive(\"sh\", \"-c\", script))")
	fmt.Println("RESULT", v.Interface())
	pg, _ := unix.IoctlGetInt(0, unix.TIOCGPGRP)
	fmt.Println("BACK", pg == unix.Getpgrp())
	fmt.Println("EXIT", sys.Interactive("sh", "-c", "exit 3"))
	if os.Getenv("OPSH_SYS_INTERACTIVE_HELPER") == "1" {
		fmt.Println("END")
	}
}

// TestInteractiveWithoutTerminal fails at once, naming the problem.
func TestInteractiveWithoutTerminal(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestInteractiveNoTTYHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "OPSH_SYS_INTERACTIVE_HELPER=2")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // no controlling terminal
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "no terminal to give it") {
		t.Errorf("without a terminal: %s", out)
	}
}

// TestInteractiveNoTTYHelper runs Interactive in a session without a
// terminal, for TestInteractiveWithoutTerminal.
func TestInteractiveNoTTYHelper(t *testing.T) {
	if os.Getenv("OPSH_SYS_INTERACTIVE_HELPER") != "2" {
		return
	}
	fmt.Println(sys.Interactive("true"))
}
