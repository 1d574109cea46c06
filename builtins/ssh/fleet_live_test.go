package ssh_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/ssh"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/sshdtest"
	"github.com/opsh/opsh/internal/testenv"
)

// lockedBuffer is a writer several goroutines write to.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestFleetLiveAndInterrupted: on a terminal a fleet's run shows a live
// line; interrupted while two of four hosts hang, it keeps the rows of
// the hosts that finished, marks the others interrupted, and shows the
// table.
func TestFleetLiveAndInterrupted(t *testing.T) {
	e := newEnv(t)
	var fast []string
	for i := 1; i <= 4; i++ {
		s := e.server(sshdtest.Options{})
		e.alias(fmt.Sprintf("web-%d", i), s)
		if i%2 == 1 {
			fast = append(fast, fmt.Sprintf(`*" %d")`, s.Port))
		}
	}
	// Hosts 1 and 3 answer at once; 2 and 4 hang.
	cmd := `case "$SSH_CONNECTION" in ` + strings.Join(fast, " echo fast;; ") + ` echo fast;; *) sleep 60;; esac`

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut lockedBuffer
	prev := cell.Set(&cell.State{Ctx: ctx, Stdout: &out, Stderr: &errOut, Terminal: true})
	defer cell.Set(prev)

	done := make(chan *ssh.Results, 1)
	go func() { done <- e.Client.Fleet("web-*").Run(cmd) }()
	testenv.WaitFor(t, 20*time.Second, "the live line", func() error {
		if s := errOut.String(); !strings.Contains(s, "2/4 done · 0 failed · 2 running · ") {
			return errors.New("live line so far: " + s)
		}
		return nil
	})
	cancel()
	var res *ssh.Results
	select {
	case res = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the run did not stop when interrupted")
	}
	if got := res.OK().Hosts(); strings.Join(got, ",") != "web-1,web-3" {
		t.Errorf("finished hosts %v\n%s", got, res.Display())
	}
	for _, row := range res.Failed().Rows {
		if !errors.Is(row.Err, ssh.ErrInterrupted) {
			t.Errorf("%s: %v, want interrupted", row.Host, row.Err)
		}
	}
	shown := out.String()
	for _, want := range []string{"web-1", "fast", "web-2", "interrupted", "4 hosts: 2 ok, 0 failed, 2 interrupted in "} {
		if !strings.Contains(shown, want) {
			t.Errorf("shown table lacks %q:\n%s", want, shown)
		}
	}
	if s := errOut.String(); !strings.HasSuffix(s, "\r\x1b[K") {
		t.Errorf("the live line is not cleared: %q", s)
	}
}

// TestRunShowsWaiting: a remote command still running after 2 s shows
// how long it has waited, on a terminal, until it returns.
func TestRunShowsWaiting(t *testing.T) {
	e := newEnv(t)
	s := e.server(sshdtest.Options{})
	h := e.dial(s)
	var out, errOut lockedBuffer
	prev := cell.Set(&cell.State{Ctx: context.Background(), Stdout: &out, Stderr: &errOut, Terminal: true})
	defer cell.Set(prev)
	if _, err := h.Run("sleep 2.5"); err != nil {
		t.Fatal(err)
	}
	line := errOut.String()
	if !strings.Contains(line, "\r\x1b[Kssh "+h.Name+": sleep 2.5 · 2.") || !strings.HasSuffix(line, "\r\x1b[K") {
		t.Errorf("waiting line %q", line)
	}
	var quick lockedBuffer
	cell.Set(&cell.State{Ctx: context.Background(), Stdout: &out, Stderr: &quick, Terminal: true})
	if _, err := h.Run("true"); err != nil || quick.String() != "" {
		t.Errorf("a quick command showed %q (%v)", quick.String(), err)
	}
}
