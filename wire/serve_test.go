package wire

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

// serveInProcess runs Serve with the test handler on one end of an
// in-memory connection and returns the other end, already past the
// handshake, and Serve's result.
func serveInProcess(t *testing.T) (*frameConn, <-chan error) {
	t.Helper()
	front, back := net.Pipe()
	errc := make(chan error, 1)
	go func() { errc <- Serve(context.Background(), back, testHandler{}) }()
	fc := newFrameConn(front)
	t.Cleanup(func() { fc.close() })
	if err := fc.send(0, &Hello{Version: Version}); err != nil {
		t.Fatal(err)
	}
	if _, m, err := fc.recv(); err != nil || m.(*Hello).Version != Version {
		t.Fatalf("handshake: %#v, %v", m, err)
	}
	return fc, errc
}

// recvUntil reads frames until one of type T with ID id, and returns it.
func recvUntil[T Message](t *testing.T, fc *frameConn, id uint64) T {
	t.Helper()
	for {
		gotID, m, err := fc.recv()
		if err != nil {
			t.Fatalf("recv: %v", err)
		}
		if r, ok := m.(T); ok && gotID == id {
			return r
		}
	}
}

func TestServeRefusesAnotherVersion(t *testing.T) {
	front, back := net.Pipe()
	errc := make(chan error, 1)
	go func() { errc <- Serve(context.Background(), back, testHandler{}) }()
	fc := newFrameConn(front)
	defer fc.close()
	if err := fc.send(0, &Hello{Version: Version + 1}); err != nil {
		t.Fatal(err)
	}
	_, m, err := fc.recv()
	if err != nil {
		t.Fatal(err)
	}
	if h, ok := m.(*Hello); !ok || h.Version != Version {
		t.Errorf("answer %#v, want the worker's Hello with version %d", m, Version)
	}
	if err := <-errc; err == nil || !strings.Contains(err.Error(), "version") {
		t.Errorf("Serve returned %v, want a version error", err)
	}
}

func TestServeAnswersWhatItCannotTake(t *testing.T) {
	fc, _ := serveInProcess(t)
	if err := fc.send(4, &Done{Status: StatusOK}); err != nil {
		t.Fatal(err)
	}
	if f := recvUntil[*Fault](t, fc, 4); !strings.Contains(f.Message, "does not take *wire.Done") {
		t.Errorf("fault %q", f.Message)
	}
}

// TestInterruptReachesAQueuedCell checks that an interrupt sent for a cell
// still waiting behind another is not lost: the cell starts cancelled.
func TestInterruptReachesAQueuedCell(t *testing.T) {
	fc, _ := serveInProcess(t)
	for _, f := range []struct {
		id uint64
		m  Message
	}{
		{1, &Execute{Code: "chunks 2 200"}}, // busy for 200ms
		{2, &Execute{Code: "waitctx"}},      // queued behind it
		{2, &Interrupt{}},
	} {
		if err := fc.send(f.id, f.m); err != nil {
			t.Fatal(err)
		}
	}
	if d := recvUntil[*Done](t, fc, 1); d.Status != StatusOK {
		t.Errorf("cell 1: %+v", d)
	}
	start := time.Now()
	if d := recvUntil[*Done](t, fc, 2); d.Status != StatusInterrupted {
		t.Errorf("cell 2: %+v, want interrupted", d)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("the queued, interrupted cell took %v", took)
	}
}

func TestServeShutdown(t *testing.T) {
	fc, errc := serveInProcess(t)
	if err := fc.send(9, &Shutdown{}); err != nil {
		t.Fatal(err)
	}
	if d := recvUntil[*Done](t, fc, 9); d.Status != StatusOK {
		t.Errorf("shutdown answer %+v", d)
	}
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("Serve after Shutdown: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after Shutdown")
	}
}
