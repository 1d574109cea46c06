//go:build unix

package wire

import (
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"
)

// pollingPair returns a pollingConn and the other end of its socket pair.
func pollingPair(t *testing.T) (*pollingConn, net.Conn) {
	t.Helper()
	front, child, err := socketPair()
	if err != nil {
		t.Fatal(err)
	}
	peer, err := net.FileConn(child)
	child.Close()
	if err != nil {
		t.Fatal(err)
	}
	p, ok := polling(front).(*pollingConn)
	if !ok {
		t.Fatalf("a socket pair's end is not polled: %T", polling(front))
	}
	t.Cleanup(func() { p.Close(); peer.Close() })
	return p, peer
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("not so after 5 s: %s", what)
		}
		time.Sleep(100 * time.Microsecond)
	}
}

// TestPollingConnReads checks that a pollingConn reads as a connection
// does, in its window and out of it: what the peer wrote, then the end of
// file; an expected reply wakes a read that sleeps, which then polls and
// sleeps again once the window has passed, never returning the deadline
// that woke it.
func TestPollingConnReads(t *testing.T) {
	p, peer := pollingPair(t)
	got := make(chan string)
	read := func() {
		buf := make([]byte, 16)
		n, err := p.Read(buf)
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		got <- string(buf[:n])
	}

	go read()
	waitFor(t, "a read with no reply expected sleeps", p.asleep.Load)
	p.expect()
	// The read clears the deadline that woke it, polls for the window,
	// and sleeps again.
	waitFor(t, "the sleeping read is woken", func() bool { return p.wakes.Load() == 1 })
	waitFor(t, "the read sleeps again after the window", p.asleep.Load)
	if _, err := peer.Write([]byte("done")); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "done" {
		t.Fatalf("read %q, want %q", s, "done")
	}

	// A reply within the window.
	p.expect()
	go read()
	if _, err := peer.Write([]byte("quick")); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "quick" {
		t.Fatalf("read %q, want %q", s, "quick")
	}
	p.settle()

	peer.Close()
	if n, err := p.Read(make([]byte, 4)); n != 0 || err != io.EOF {
		t.Fatalf("read after the peer closed: %d, %v; want 0, EOF", n, err)
	}
}

// TestPollingConnKeepsDeadlines checks that a deadline set by its user
// still ends a read, in the window or not, and that closing ends one.
func TestPollingConnKeepsDeadlines(t *testing.T) {
	p, _ := pollingPair(t)
	for _, window := range []bool{false, true} {
		if window {
			p.expect()
		}
		if err := p.SetReadDeadline(time.Now().Add(20 * time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Read(make([]byte, 4)); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("read past its deadline (window open: %v): %v, want the deadline exceeded", window, err)
		}
	}
	if err := p.SetReadDeadline(time.Time{}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		_, err := p.Read(make([]byte, 4))
		done <- err
	}()
	waitFor(t, "the read sleeps", p.asleep.Load)
	p.Close()
	if err := <-done; !errors.Is(err, net.ErrClosed) {
		t.Errorf("read of a closed connection: %v, want net.ErrClosed", err)
	}
}
