package wire

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"strings"
	"testing"
)

// everyMessage holds one message of each kind, every field set to a value
// other than its zero value (strings with bytes a text codec would
// mangle).
func everyMessage() []Message {
	odd := "a\x00b\xffc\n\"é"
	return []Message{
		&Hello{Version: Version, PID: 4242, MemoryLimit: 2 << 30},
		&Execute{Code: "x := 1\n" + odd, Cell: 7, Silent: true, Terminal: true, Width: 120, AllowInput: true, Deferred: true, Hold: true},
		&Complete{Code: "fmt.Pr", Cursor: 6},
		&Inspect{Code: "os.Getenv", Cursor: -1, Detail: 2},
		&IsComplete{Code: "func f() {"},
		&Interrupt{},
		&Release{},
		&Reset{},
		&Shutdown{},
		&Call{Method: "variables", Args: []byte{0, 1, 2, 255}},
		&InputReply{Value: "hunter2", Cancelled: true},
		&Stream{Name: StderrName, Text: odd},
		&Display{Data: map[string]string{"text/plain": "x", "text/html": "<b>x</b>"}, Metadata: map[string]string{"image/png": `{"width":3}`}},
		&Result{Cell: 3, Name: "_3", Type: "map[string]int", Pair: true, Plain: "map[a:1]", HTML: "<table/>", JSON: `{"a":1}`},
		&Error{Class: ErrorClassCompile, Message: "undefined: y", Line: 2, Column: 5, Traceback: []string{"main.f()", odd}},
		&Progress{Bar: "s3:get", Text: "12 MiB / 40 MiB", Done: true},
		&Secret{Name: "token", Value: "s3cr3t" + odd},
		&InputRequest{Prompt: "password: ", Password: true},
		&Done{Status: StatusInterrupted, Message: "interrupted"},
		&Completions{Matches: []string{"Printf", "Println", ""}, Start: 4, End: 6},
		&Inspection{Found: true, Data: map[string]string{"text/plain": "func Getenv(key string) string"}},
		&Completeness{Status: CodeIncomplete, Indent: "\t"},
		&CallReply{Result: []byte(`["x","y"]`)},
		&Fault{Message: "no such method"},
	}
}

// TestRoundTripEveryMessage encodes every message type and decodes it
// back, through one stream of frames.
func TestRoundTripEveryMessage(t *testing.T) {
	msgs := everyMessage()
	var stream []byte
	for i, m := range msgs {
		stream = AppendFrame(stream, uint64(i*1000+1), m)
	}
	r := bytes.NewReader(stream)
	var buf []byte
	for i, want := range msgs {
		id, got, err := ReadFrame(r, &buf)
		if err != nil {
			t.Fatalf("frame %d (%T): %v", i, want, err)
		}
		if id != uint64(i*1000+1) {
			t.Errorf("%T: id %d, want %d", want, id, i*1000+1)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%T round trip:\n got %#v\nwant %#v", want, got, want)
		}
	}
	if r.Len() != 0 {
		t.Errorf("%d bytes left after the last frame", r.Len())
	}
}

// TestEveryKindIsTested checks that everyMessage covers every kind the
// decoder knows, so a new message cannot miss the round trip.
func TestEveryKindIsTested(t *testing.T) {
	tested := map[Kind]bool{}
	for _, m := range everyMessage() {
		if tested[m.Kind()] {
			t.Errorf("kind %d appears twice", m.Kind())
		}
		tested[m.Kind()] = true
	}
	for k := 0; k < 256; k++ {
		m, err := newMessage(Kind(k))
		if err != nil {
			continue
		}
		if m.Kind() != Kind(k) {
			t.Errorf("newMessage(%d) made a %T of kind %d", k, m, m.Kind())
		}
		if !tested[Kind(k)] {
			t.Errorf("kind %d (%T) is not in everyMessage", k, m)
		}
	}
}

// TestZeroMessagesRoundTrip checks that empty fields stay empty (nil
// maps and lists, not empty ones), so that decode(encode(zero)) == zero.
func TestZeroMessagesRoundTrip(t *testing.T) {
	for _, full := range everyMessage() {
		zero, _ := newMessage(full.Kind())
		_, got, err := DecodeFrame(AppendFrame(nil, 9, zero)[4:])
		if err != nil {
			t.Fatalf("%T: %v", zero, err)
		}
		if !reflect.DeepEqual(got, zero) {
			t.Errorf("%T: got %#v, want %#v", zero, got, zero)
		}
	}
}

// TestAppendedFieldsAreIgnored checks the compatibility rule: bytes after
// the known fields are ignored, and fields missing at the end are zero.
func TestAppendedFieldsAreIgnored(t *testing.T) {
	frame := AppendFrame(nil, 5, &Done{Status: StatusOK, Message: "m"})
	body := append(append([]byte{}, frame[4:]...), 0x02, 'h', 'i')
	_, m, err := DecodeFrame(body)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := *m.(*Done), (Done{Status: StatusOK, Message: "m"}); got != want {
		t.Errorf("with a field appended: got %+v, want %+v", got, want)
	}
	// A Done from a sender that knew only Status.
	short := []byte{byte(KindDone), 5, 2, 'o', 'k'}
	_, m, err = DecodeFrame(short)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := *m.(*Done), (Done{Status: StatusOK}); got != want {
		t.Errorf("with the last field missing: got %+v, want %+v", got, want)
	}
}

// TestCorruptFramesFail checks that frames cut inside a field, with
// lengths past their end, of unknown kinds or too long are errors, not
// panics or huge allocations.
func TestCorruptFramesFail(t *testing.T) {
	frame := AppendFrame(nil, 1, &Error{Class: "c", Message: "a long enough message", Traceback: []string{"one", "two"}})
	body := frame[4:]
	for n := 1; n < len(body); n++ {
		_, _, _ = DecodeFrame(body[:n]) // must not panic; a cut between fields is a valid shorter message
	}
	if _, _, err := DecodeFrame([]byte{byte(KindStream), 1, 0xff, 0xff, 0xff, 0x7f}); err == nil {
		t.Error("a string length past the frame's end decoded")
	}
	if _, _, err := DecodeFrame([]byte{byte(KindCompletions), 1, 0xff, 0xff, 0xff, 0xff, 0x0f}); err == nil {
		t.Error("a list count past the frame's end decoded")
	}
	if _, _, err := DecodeFrame([]byte{200, 1}); err == nil || !strings.Contains(err.Error(), "unknown message kind 200") {
		t.Errorf("unknown kind: err = %v", err)
	}
	var big [4]byte
	binary.BigEndian.PutUint32(big[:], MaxFrame+1)
	var buf []byte
	if _, _, err := ReadFrame(bytes.NewReader(big[:]), &buf); err == nil {
		t.Error("a frame longer than MaxFrame was accepted")
	}
	if _, _, err := ReadFrame(bytes.NewReader(frame[:len(frame)-1]), &buf); err == nil {
		t.Error("a frame cut short was accepted")
	}
}

// FuzzDecodeFrame checks that no input makes the decoder panic, and that
// what decodes encodes back to something that decodes the same.
func FuzzDecodeFrame(f *testing.F) {
	for _, m := range everyMessage() {
		f.Add(AppendFrame(nil, 3, m)[4:])
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		id, m, err := DecodeFrame(body)
		if err != nil {
			return
		}
		id2, m2, err := DecodeFrame(AppendFrame(nil, id, m)[4:])
		if err != nil || id2 != id || !reflect.DeepEqual(m, m2) {
			t.Fatalf("re-encoding %#v: %#v, %v", m, m2, err)
		}
	})
}

// BenchmarkFrameRoundTrip measures encoding and decoding an Execute and
// its Done, the frames of a trivial cell.
func BenchmarkFrameRoundTrip(b *testing.B) {
	var buf, rbuf []byte
	ex, done := &Execute{Code: "x := 1", Cell: 1}, &Done{Status: StatusOK}
	for b.Loop() {
		buf = AppendFrame(buf[:0], 1, ex)
		buf = AppendFrame(buf, 1, done)
		r := bytes.NewReader(buf)
		if _, _, err := ReadFrame(r, &rbuf); err != nil {
			b.Fatal(err)
		}
		if _, _, err := ReadFrame(r, &rbuf); err != nil {
			b.Fatal(err)
		}
	}
}
