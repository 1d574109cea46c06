package web_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/opsh/opsh/builtins/web"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/testenv"
)

// TestSlowRequestShowsWaiting: on a terminal, a request still waiting
// after 2 s shows its method, URL and elapsed time until it returns, then
// clears the line; a quick one shows nothing.
func TestSlowRequestShowsWaiting(t *testing.T) {
	b := newBin(t)
	var slow, quick testenv.Buffer
	prev := cell.Set(&cell.State{Ctx: context.Background(), Stdout: os.Stdout, Stderr: &slow, Terminal: true})
	t.Cleanup(func() { cell.Set(prev) })
	if _, err := web.Get(b.URL + "/delay/3"); err != nil {
		t.Fatal(err)
	}
	line := slow.String()
	if !strings.Contains(line, "GET "+b.URL+"/delay/3 · 2.") || !strings.HasSuffix(line, "\r\x1b[K") {
		t.Errorf("waiting line %q", line)
	}
	cell.Set(&cell.State{Ctx: context.Background(), Stdout: os.Stdout, Stderr: &quick, Terminal: true})
	if _, err := web.Get(b.URL + "/get"); err != nil || quick.String() != "" {
		t.Errorf("a quick request showed %q (%v)", quick.String(), err)
	}
}
