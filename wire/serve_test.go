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
	return serveWith(t, testHandler{})
}

// serveWith is serveInProcess with the handler h.
func serveWith(t *testing.T, h Handler) (*frameConn, <-chan error) {
	t.Helper()
	front, back := net.Pipe()
	errc := make(chan error, 1)
	go func() { errc <- Serve(context.Background(), back, h) }()
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
	sendAll(t, fc,
		frame(1, &Execute{Code: "chunks 2 200"}), // busy for 200ms
		frame(2, &Execute{Code: "waitctx"}),      // queued behind it
		frame(2, &Interrupt{}))
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

// framed is a message and the ID of its frame.
type framed struct {
	id uint64
	m  Message
}

func frame(id uint64, m Message) framed { return framed{id, m} }

// sendAll sends frames in order.
func sendAll(t *testing.T, fc *frameConn, frames ...framed) {
	t.Helper()
	for _, f := range frames {
		if err := fc.send(f.id, f.m); err != nil {
			t.Fatal(err)
		}
	}
}

// quiet fails the test if a frame arrives within d.
func quiet(t *testing.T, fc *frameConn, d time.Duration, what string) {
	t.Helper()
	conn := fc.rwc.(net.Conn)
	conn.SetReadDeadline(time.Now().Add(d))
	defer conn.SetReadDeadline(time.Time{})
	if id, m, err := fc.recv(); err == nil {
		t.Fatalf("%s: got %T %+v (ID %d) before the Release", what, m, m, id)
	}
}

// TestHeldCellWaitsForItsRelease checks Execute.Hold for a Handler that
// is not a Preparer: nothing of the cell runs before its Release.
func TestHeldCellWaitsForItsRelease(t *testing.T) {
	fc, _ := serveWith(t, unprepared{testHandler{}})
	sendAll(t, fc, frame(1, &Execute{Code: "echo hi", Hold: true}))
	quiet(t, fc, 200*time.Millisecond, "held cell")
	sendAll(t, fc, frame(1, &Release{}))
	if s := recvUntil[*Stream](t, fc, 1); s.Text != "hi\n" {
		t.Errorf("output %q, want hi", s.Text)
	}
	if d := recvUntil[*Done](t, fc, 1); d.Status != StatusOK {
		t.Errorf("done %+v", d)
	}
}

// TestPreparerPreparesBeforeTheRelease checks that a Preparer's Execute is
// called at once for a held cell and runs the cell only after the Release.
func TestPreparerPreparesBeforeTheRelease(t *testing.T) {
	fc, _ := serveInProcess(t)
	sendAll(t, fc, frame(1, &Execute{Code: "prepare", Hold: true}))
	if s := recvUntil[*Stream](t, fc, 1); !strings.HasPrefix(s.Text, "prepared ") {
		t.Fatalf("first output %q, want prepared", s.Text)
	}
	quiet(t, fc, 200*time.Millisecond, "prepared cell")
	sendAll(t, fc, frame(1, &Release{}))
	if s := recvUntil[*Stream](t, fc, 1); !strings.HasPrefix(s.Text, "ran ") {
		t.Errorf("output after the release %q, want ran", s.Text)
	}
	if d := recvUntil[*Done](t, fc, 1); d.Status != StatusOK {
		t.Errorf("done %+v", d)
	}
}

// TestInterruptEndsAHeldCell checks that a held cell the user gives up on
// ends interrupted without running, and that a late Release is ignored.
func TestInterruptEndsAHeldCell(t *testing.T) {
	for _, h := range []Handler{testHandler{}, unprepared{testHandler{}}} {
		fc, _ := serveWith(t, h)
		sendAll(t, fc, frame(1, &Execute{Code: "echo never", Hold: true}), frame(1, &Interrupt{}))
		for {
			_, m, err := fc.recv()
			if err != nil {
				t.Fatal(err)
			}
			if s, ok := m.(*Stream); ok && strings.Contains(s.Text, "never") {
				t.Errorf("%T: the interrupted held cell ran", h)
			}
			if d, ok := m.(*Done); ok {
				if d.Status != StatusInterrupted {
					t.Errorf("%T: done %+v, want interrupted", h, d)
				}
				break
			}
		}
		// A Release for the ended cell, or for no cell, changes nothing:
		// no Fault, and the next cell runs at once.
		sendAll(t, fc, frame(1, &Release{}), frame(7, &Release{}), frame(2, &Execute{Code: "echo next"}))
		id, m, err := fc.recv()
		if err != nil || id != 2 {
			t.Fatalf("%T: after stray Releases got %T %+v (ID %d), %v; want cell 2's output", h, m, m, id, err)
		}
		if d := recvUntil[*Done](t, fc, 2); d.Status != StatusOK {
			t.Errorf("%T: cell 2 %+v", h, d)
		}
	}
}
