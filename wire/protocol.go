// Package wire is the protocol between opsh's front-end and its worker, and
// the code on both ends of it.
//
// A session is two processes started from one binary. The front-end owns
// the terminal (or Jupyter), history, the transcript and the secret
// redactor that guards them; the worker holds the interpreter, the builtins
// and every value the user made. When the worker dies (stack overflow,
// concurrent map writes, out of memory, SIGKILL), the front-end learns why,
// starts a fresh worker and keeps the session.
//
// The protocol is specified here, in protocol.go, with its messages; the
// worker's end is [Serve] and [RunWorker] (worker.go), the front-end's
// [Start] and [Client] (client.go). Both ends come from one binary, so
// their versions match unless a worker runs elsewhere (later: over SSH).
//
// # Transport
//
// The front-end creates a Unix stream socket pair and starts the worker
// from its own executable with a hidden subcommand, the worker's end of
// the pair as file descriptor 3. Everything the two processes say to each
// other goes over that socket. The worker's standard input is /dev/null;
// its standard output and error, before it redirects them (see [RunWorker]),
// and its crash output go to a pipe the front-end reads to learn why a
// worker died. The worker never writes to the terminal or to session files.
//
// # Framing
//
// The socket carries frames in both directions. A frame is
//
//	length  uint32, big-endian: the number of bytes that follow (at most MaxFrame)
//	kind    one byte: the message's [Kind]
//	id      uvarint: the request the frame belongs to
//	fields  the message's fields, in the order its code method lists them
//
// Fields are encoded as: integers as zig-zag varints (encoding/binary's
// AppendVarint); flags as a uvarint 0 or 1; strings and byte strings as a
// uvarint length then the bytes, as they are (text is not checked for
// UTF-8: a chunk of output may end inside a character); lists of strings
// as a uvarint count then each string; maps of strings as a uvarint count
// then key, value, key, value in no particular order.
//
// # Handshake and versions
//
// The first frame in each direction is a [Hello]. The front-end sends its
// [Version] and the memory limit the worker is to apply; the worker answers
// with its own Version and its process ID. Each side refuses a peer whose
// Version differs from its own (the worker answers with its Version, then
// closes the connection). Within one Version a field may be appended at
// the end of a message: a decoder ignores bytes after the fields it knows,
// and a field missing at the end decodes as its zero value. Any other change
// (a field removed, reordered or retyped, a kind renumbered) is a new
// Version.
//
// # Requests and replies
//
// The front-end numbers its requests with IDs it chooses, starting at 1;
// ID 0 is reserved for what the worker says outside any request. Every
// request but [Interrupt] and [InputReply] gets exactly one final reply
// with the same ID:
//
//	Execute     → events, then Done
//	Complete    → Completions  (or Fault)
//	Inspect     → Inspection   (or Fault)
//	IsComplete  → Completeness (or Fault)
//	Call        → CallReply    (or Fault)
//	Reset       → Done         (or Fault)
//	Shutdown    → Done, then the worker exits
//	Interrupt   → no reply: the execute it names ends sooner, with Done{interrupted}
//	InputReply  → no reply: it answers an InputRequest
//	Release     → no reply: the held execute it names may run
//
// The worker handles Execute, Complete, Inspect, IsComplete, Call and Reset
// one at a time, in the order they arrive: a completion asked for while a
// cell runs is answered when the cell is done. Interrupt, InputReply,
// Release and Shutdown are handled as they arrive, while a cell runs.
// Interrupt cancels the context of the execute whose ID it carries (even
// one still queued).
//
// # Held cells
//
// An [Execute] with Hold set is prepared but not run until a [Release]
// with its ID arrives: the worker parses and compiles the cell, and may
// report that it does not compile (Error, then Done) without waiting, but
// runs none of it before the Release. The front-end sends the Execute, puts
// the cell's input on disk in the transcript, then sends the Release, so
// the worker's preparation and the disk's sync overlap while the rule that
// a cell's input is on disk before the cell runs holds. An Interrupt ends
// a held cell as it ends a running one; a Release for an execute that has
// ended, or was not held, is ignored.
//
// # Events of an execute
//
// While a cell runs the worker streams events with the execute's ID, as
// they happen: [Stream] (a chunk of standard output or error), [Display]
// (a value with its rich forms), [Result] (the cell's value), [Error],
// [Progress] (a progress line the front-end draws), [Secret] and
// [InputRequest]. The last frame of the execute is [Done]. Output a
// cell's goroutines write after its Done, or between cells, arrives with
// the ID of whatever execute is running then, or ID 0; a front-end shows
// it as it comes.
//
// An [InputRequest] asks the front-end for a line (a password without
// echo when Password is set); the front-end answers with an [InputReply]
// with the execute's ID, Cancelled if the user gave up or the front-end
// cannot ask (Execute.AllowInput false). The worker sends no other
// InputRequest for the same execute until it has the reply.
//
// # Secrets come first
//
// A [Secret] tells the front-end a value its redactor must hide. The
// worker sends it, synchronously, at the moment the secret is registered,
// before it returns to the code that registered it; all frames go through
// one ordered connection, so every frame that can carry output written
// after the registration follows the Secret. The front-end in turn must
// register each Secret with its redactor before it handles any later
// frame, whatever its ID (the [Client] does this in its reading goroutine,
// through Options.OnSecret, before it hands on any later event). So a
// secret is known on the front-end before any output that may contain it
// is written anywhere.
//
// # Stray output
//
// Interpreted code may write to the process's own file descriptors 1 and
// 2 (os.Stdout in interpreted code, a child process given os.Stdout). The
// worker points those descriptors at pipes it reads and turns what it
// reads into Stream events, for the execute that is running or for ID 0.
// Before it sends an execute's Done, and before any event other than a
// Stream, it drains both pipes: output written before a cell ends comes
// before its Done, and output printed before a value comes before its
// Result.
//
// # The worker process
//
// These rules are not on the wire but belong to the contract between the
// two ends ([Start] and [RunWorker] keep them):
//
//   - The worker runs in its own process group, as Jupyter runs its
//     kernels: the terminal's Ctrl-C reaches the front-end only, which
//     sends Interrupt, and a kill reaches the worker and every program it
//     started. A program the worker starts therefore cannot read the
//     terminal (it would be stopped by SIGTTIN); input goes through
//     InputRequest.
//   - The worker gets SIGKILL when the front-end dies (Pdeathsig), and
//     exits when the connection ends.
//   - Interrupts: the first cancels the cell's context; if the cell has not
//     ended InterruptGrace (2 s) later, or on a second interrupt, the
//     front-end kills the worker and starts a fresh one.
//   - Memory: the worker applies Hello.MemoryLimit to itself
//     (internal/memlimit: the Go runtime's soft limit, RLIMIT_DATA), and
//     the front-end kills it when its resident memory passes the limit.
//   - A worker that ends for any reason is reported as a [WorkerDiedError]
//     whose Reason is the runtime's own line ("fatal error: concurrent map
//     writes"), read from the worker's descriptor 2, or how it ended.
package wire

import (
	"encoding/binary"
	"fmt"
	"io"
)

// Version is the protocol version this package speaks. Both sides must
// speak the same one (see "Handshake and versions").
const Version = 2

// MaxFrame is the largest frame either side sends or accepts, in bytes.
// Output is sent in chunks far smaller than this; a display value larger
// than MaxFrame cannot be sent.
const MaxFrame = 64 << 20

// A Kind identifies a message type on the wire; it is a frame's first
// byte after the length.
type Kind uint8

// The message kinds. Requests from the front-end are below 32; messages
// from the worker are 32 and above; Hello goes both ways.
const (
	KindHello      Kind = 1
	KindExecute    Kind = 2
	KindComplete   Kind = 3
	KindInspect    Kind = 4
	KindIsComplete Kind = 5
	KindInterrupt  Kind = 6
	KindReset      Kind = 7
	KindShutdown   Kind = 8
	KindCall       Kind = 9
	KindInputReply Kind = 10
	KindRelease    Kind = 11

	KindStream       Kind = 32
	KindDisplay      Kind = 33
	KindResult       Kind = 34
	KindError        Kind = 35
	KindProgress     Kind = 36
	KindSecret       Kind = 37
	KindInputRequest Kind = 38
	KindDone         Kind = 39
	KindCompletions  Kind = 40
	KindInspection   Kind = 41
	KindCompleteness Kind = 42
	KindCallReply    Kind = 43
	KindFault        Kind = 44
)

// A Message is one of the types in this file: what a frame carries.
type Message interface {
	// Kind is the message's kind on the wire.
	Kind() Kind
	// code encodes or decodes the message's fields, in wire order.
	code(c *coder)
}

// An Event is a message the worker streams while a cell runs: Stream,
// Display, Result, Error, Progress, Secret or InputRequest.
type Event interface {
	Message
	event()
}

// newMessage returns a zero message of kind k to decode into.
func newMessage(k Kind) (Message, error) {
	switch k {
	case KindHello:
		return new(Hello), nil
	case KindExecute:
		return new(Execute), nil
	case KindComplete:
		return new(Complete), nil
	case KindInspect:
		return new(Inspect), nil
	case KindIsComplete:
		return new(IsComplete), nil
	case KindInterrupt:
		return new(Interrupt), nil
	case KindReset:
		return new(Reset), nil
	case KindShutdown:
		return new(Shutdown), nil
	case KindCall:
		return new(Call), nil
	case KindInputReply:
		return new(InputReply), nil
	case KindRelease:
		return new(Release), nil
	}
	return newWorkerMessage(k)
}

// newWorkerMessage is newMessage for the kinds the worker sends.
func newWorkerMessage(k Kind) (Message, error) {
	switch k {
	case KindStream:
		return new(Stream), nil
	case KindDisplay:
		return new(Display), nil
	case KindResult:
		return new(Result), nil
	case KindError:
		return new(Error), nil
	case KindProgress:
		return new(Progress), nil
	case KindSecret:
		return new(Secret), nil
	case KindInputRequest:
		return new(InputRequest), nil
	case KindDone:
		return new(Done), nil
	case KindCompletions:
		return new(Completions), nil
	case KindInspection:
		return new(Inspection), nil
	case KindCompleteness:
		return new(Completeness), nil
	case KindCallReply:
		return new(CallReply), nil
	case KindFault:
		return new(Fault), nil
	}
	return nil, fmt.Errorf("unknown message kind %d", k)
}

// Hello opens the conversation in both directions.
type Hello struct {
	// Version is the sender's protocol Version.
	Version int
	// PID is the worker's process ID (worker to front-end only).
	PID int
	// MemoryLimit is the memory, in bytes, the worker may use; 0 for no
	// limit (front-end to worker only). See [RunWorker].
	MemoryLimit int64
}

// Execute asks the worker to run a cell.
type Execute struct {
	// Code is the cell's source.
	Code string
	// Cell is the cell's number, chosen by the front-end (which owns the
	// transcript); the worker binds _N to it. 0 for a silent cell.
	Cell int
	// Silent runs the cell without a number: no Result, no _ binding.
	Silent bool
	// Terminal tells builtins that output goes to an interactive terminal,
	// where progress lines are drawn.
	Terminal bool
	// Width is the terminal's width in columns, 0 if unknown.
	Width int
	// AllowInput reports whether the front-end can answer an InputRequest.
	AllowInput bool
	// Deferred runs, instead of Code, the calls the session's top-level
	// defer statements deferred, last first, as a program's main runs its
	// deferred calls when it returns: the front-end asks for it when the
	// session ends and before a Reset.
	Deferred bool
	// Hold has the worker prepare the cell but run none of it until a
	// Release with the execute's ID arrives (see "Held cells").
	Hold bool
}

// Complete asks for completions of Code at byte offset Cursor.
type Complete struct {
	Code   string
	Cursor int
}

// Inspect asks what the name at byte offset Cursor of Code is (:doc,
// :type, x?). Detail is 0 for a summary, 1 or more for more.
type Inspect struct {
	Code   string
	Cursor int
	Detail int
}

// IsComplete asks whether Code is a whole cell or needs more lines.
type IsComplete struct {
	Code string
}

// Interrupt cancels the execute whose ID the frame carries.
type Interrupt struct{}

// Release lets the held execute whose ID the frame carries run.
type Release struct{}

// Reset asks the worker to forget every value the user made.
type Reset struct{}

// Shutdown asks the worker to stop what it runs, answer Done and exit.
type Shutdown struct{}

// Call is a small query the protocol does not name (the list of
// variables, the session's facts). Method names it; Args and the reply's
// Result are opaque to the protocol (JSON by convention).
type Call struct {
	Method string
	Args   []byte
}

// InputReply answers an InputRequest of the execute with the same ID.
type InputReply struct {
	// Value is the line the user typed, without its newline.
	Value string
	// Cancelled reports that there is no answer: the user gave up, or
	// the front-end cannot ask.
	Cancelled bool
}

// Stream is a chunk of a cell's standard output or error, sent as it is
// written.
type Stream struct {
	// Name is "stdout" or "stderr" (StdoutName, StderrName).
	Name string
	// Text is the chunk's bytes; it may end inside a UTF-8 character.
	Text string
}

// The names of the two streams.
const (
	StdoutName = "stdout"
	StderrName = "stderr"
)

// Display is a value to show now, in the forms the front-end may choose
// from.
type Display struct {
	// Data maps a MIME type (text/plain, text/html, application/json,
	// image/png in base64...) to the value in that form.
	Data map[string]string
	// Metadata holds notes about the forms, by key; a structured value
	// is JSON text.
	Metadata map[string]string
}

// Result is the value of a cell's last expression, bound to _ and _N.
type Result struct {
	// Cell is the cell's number (Execute.Cell).
	Cell int
	// Name is the variable the value is bound to ("_3"), or the name the
	// cell assigned ("x" for x := f()).
	Name string
	// Type is the value's Go type as the user wrote it.
	Type string
	// Pair reports a (T, error) pair shown as two values.
	Pair bool
	// Plain, HTML and JSON are the value's forms; HTML and JSON may be
	// empty.
	Plain string
	HTML  string
	JSON  string
}

// Error is a cell's failure. It is also a Go error, so a Handler may
// return one from Execute to have it sent as it is.
type Error struct {
	// Class says what failed: "compile", "runtime", "panic",
	// "interrupted" or "error" (the ErrorClass constants). (Every message
	// has a Kind method, so the field is not called Kind.)
	Class   string
	Message string
	// Line and Column locate the failure in the cell (1-based), 0 if
	// unknown.
	Line, Column int
	// Traceback holds the frames that led to the failure, innermost last.
	Traceback []string
}

// The classes of Error.
const (
	ErrorClassCompile     = "compile"
	ErrorClassRuntime     = "runtime"
	ErrorClassPanic       = "panic"
	ErrorClassInterrupted = "interrupted"
	ErrorClassOther       = "error"
)

// Error returns the failure's message, with its place when known.
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Message)
	}
	return e.Message
}

// Progress is one progress line of a long builtin (an S3 transfer, a
// docker pull, a fleet run), drawn by the front-end.
type Progress struct {
	// Bar identifies the line among those of the cell; a later Progress
	// with the same Bar replaces it.
	Bar string
	// Text is the line to draw, without a newline.
	Text string
	// Done reports the line's last update: the front-end leaves it as
	// it is, or removes it.
	Done bool
}

// Secret is a value registered in the worker as secret. The front-end's
// redactor must know it before it writes any later output (see "Secrets
// come first"). Never log or record a Secret message.
type Secret struct {
	Name  string
	Value string
}

// InputRequest asks the front-end for a line of input.
type InputRequest struct {
	Prompt string
	// Password asks for input without echo.
	Password bool
}

// Done ends an execute (and answers Reset and Shutdown).
type Done struct {
	// Status is StatusOK, StatusError or StatusInterrupted.
	Status string
	// Message says more when Status is not ok; the Error events of the
	// execute say it in full.
	Message string
}

// The statuses of Done.
const (
	StatusOK          = "ok"
	StatusError       = "error"
	StatusInterrupted = "interrupted"
)

// Completions answers Complete: Matches replace the bytes
// Code[Start:End].
type Completions struct {
	Matches    []string
	Start, End int
}

// Inspection answers Inspect.
type Inspection struct {
	// Found reports whether there was something to say.
	Found bool
	// Data maps a MIME type to the text, as Display.Data does.
	Data map[string]string
}

// Completeness answers IsComplete.
type Completeness struct {
	// Status is CodeComplete, CodeIncomplete, CodeInvalid or CodeUnknown.
	Status string
	// Indent is what to put before the next line when incomplete.
	Indent string
}

// The statuses of Completeness.
const (
	CodeComplete   = "complete"
	CodeIncomplete = "incomplete"
	CodeInvalid    = "invalid"
	CodeUnknown    = "unknown"
)

// CallReply answers Call.
type CallReply struct {
	Result []byte
}

// Fault answers a request that failed: the handler returned an error, or
// the worker could not understand the request.
type Fault struct {
	Message string
}

// Error returns the fault's message.
func (f *Fault) Error() string { return f.Message }

func (m *Hello) code(c *coder) { c.int(&m.Version); c.int(&m.PID); c.int64(&m.MemoryLimit) }
func (m *Execute) code(c *coder) {
	c.string(&m.Code)
	c.int(&m.Cell)
	c.bool(&m.Silent)
	c.bool(&m.Terminal)
	c.int(&m.Width)
	c.bool(&m.AllowInput)
	c.bool(&m.Deferred)
	c.bool(&m.Hold)
}
func (m *Complete) code(c *coder)     { c.string(&m.Code); c.int(&m.Cursor) }
func (m *Inspect) code(c *coder)      { c.string(&m.Code); c.int(&m.Cursor); c.int(&m.Detail) }
func (m *IsComplete) code(c *coder)   { c.string(&m.Code) }
func (*Interrupt) code(*coder)        {}
func (*Release) code(*coder)          {}
func (*Reset) code(*coder)            {}
func (*Shutdown) code(*coder)         {}
func (m *Call) code(c *coder)         { c.string(&m.Method); c.bytes(&m.Args) }
func (m *InputReply) code(c *coder)   { c.string(&m.Value); c.bool(&m.Cancelled) }
func (m *Stream) code(c *coder)       { c.string(&m.Name); c.string(&m.Text) }
func (m *Display) code(c *coder)      { c.strmap(&m.Data); c.strmap(&m.Metadata) }
func (m *Progress) code(c *coder)     { c.string(&m.Bar); c.string(&m.Text); c.bool(&m.Done) }
func (m *Secret) code(c *coder)       { c.string(&m.Name); c.string(&m.Value) }
func (m *InputRequest) code(c *coder) { c.string(&m.Prompt); c.bool(&m.Password) }
func (m *Done) code(c *coder)         { c.string(&m.Status); c.string(&m.Message) }
func (m *Completions) code(c *coder)  { c.strings(&m.Matches); c.int(&m.Start); c.int(&m.End) }
func (m *Inspection) code(c *coder)   { c.bool(&m.Found); c.strmap(&m.Data) }
func (m *Completeness) code(c *coder) { c.string(&m.Status); c.string(&m.Indent) }
func (m *CallReply) code(c *coder)    { c.bytes(&m.Result) }
func (m *Fault) code(c *coder)        { c.string(&m.Message) }
func (m *Result) code(c *coder) {
	c.int(&m.Cell)
	c.string(&m.Name)
	c.string(&m.Type)
	c.bool(&m.Pair)
	c.string(&m.Plain)
	c.string(&m.HTML)
	c.string(&m.JSON)
}
func (m *Error) code(c *coder) {
	c.string(&m.Class)
	c.string(&m.Message)
	c.int(&m.Line)
	c.int(&m.Column)
	c.strings(&m.Traceback)
}

// Kind implements Message.
func (*Hello) Kind() Kind { return KindHello }

// Kind implements Message.
func (*Execute) Kind() Kind { return KindExecute }

// Kind implements Message.
func (*Complete) Kind() Kind { return KindComplete }

// Kind implements Message.
func (*Inspect) Kind() Kind { return KindInspect }

// Kind implements Message.
func (*IsComplete) Kind() Kind { return KindIsComplete }

// Kind implements Message.
func (*Interrupt) Kind() Kind { return KindInterrupt }

// Kind implements Message.
func (*Release) Kind() Kind { return KindRelease }

// Kind implements Message.
func (*Reset) Kind() Kind { return KindReset }

// Kind implements Message.
func (*Shutdown) Kind() Kind { return KindShutdown }

// Kind implements Message.
func (*Call) Kind() Kind { return KindCall }

// Kind implements Message.
func (*InputReply) Kind() Kind { return KindInputReply }

// Kind implements Message.
func (*Stream) Kind() Kind { return KindStream }

// Kind implements Message.
func (*Display) Kind() Kind { return KindDisplay }

// Kind implements Message.
func (*Result) Kind() Kind { return KindResult }

// Kind implements Message.
func (*Error) Kind() Kind { return KindError }

// Kind implements Message.
func (*Progress) Kind() Kind { return KindProgress }

// Kind implements Message.
func (*Secret) Kind() Kind { return KindSecret }

// Kind implements Message.
func (*InputRequest) Kind() Kind { return KindInputRequest }

// Kind implements Message.
func (*Done) Kind() Kind { return KindDone }

// Kind implements Message.
func (*Completions) Kind() Kind { return KindCompletions }

// Kind implements Message.
func (*Inspection) Kind() Kind { return KindInspection }

// Kind implements Message.
func (*Completeness) Kind() Kind { return KindCompleteness }

// Kind implements Message.
func (*CallReply) Kind() Kind { return KindCallReply }

// Kind implements Message.
func (*Fault) Kind() Kind { return KindFault }

func (*Stream) event()       {}
func (*Display) event()      {}
func (*Result) event()       {}
func (*Error) event()        {}
func (*Progress) event()     {}
func (*Secret) event()       {}
func (*InputRequest) event() {}

// AppendFrame appends the frame of m, for request id, to buf.
func AppendFrame(buf []byte, id uint64, m Message) []byte {
	start := len(buf)
	buf = append(buf, 0, 0, 0, 0, byte(m.Kind()))
	buf = binary.AppendUvarint(buf, id)
	c := coder{buf: buf}
	m.code(&c)
	buf = c.buf
	binary.BigEndian.PutUint32(buf[start:], uint32(len(buf)-start-4))
	return buf
}

// DecodeFrame decodes a frame's body (what follows its length): the
// request ID and the message.
func DecodeFrame(body []byte) (id uint64, m Message, err error) {
	if len(body) == 0 {
		return 0, nil, fmt.Errorf("decode frame: %w", errTruncated)
	}
	m, err = newMessage(Kind(body[0]))
	if err != nil {
		return 0, nil, fmt.Errorf("decode frame: %w", err)
	}
	id, n := binary.Uvarint(body[1:])
	if n <= 0 {
		return 0, nil, fmt.Errorf("decode frame: request id: %w", errTruncated)
	}
	c := coder{dec: true, buf: body[1+n:]}
	m.code(&c)
	if c.err != nil {
		return 0, nil, fmt.Errorf("decode %T: %w", m, c.err)
	}
	return id, m, nil
}

// ReadFrame reads one frame from r into *buf (grown as needed and reused
// across calls) and decodes it.
func ReadFrame(r io.Reader, buf *[]byte) (id uint64, m Message, err error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > MaxFrame {
		return 0, nil, fmt.Errorf("read frame: %d bytes, more than the %d allowed", n, MaxFrame)
	}
	if uint32(cap(*buf)) < n {
		*buf = make([]byte, n)
	}
	body := (*buf)[:n]
	if _, err := io.ReadFull(r, body); err != nil {
		return 0, nil, fmt.Errorf("read frame: %w", noEOF(err))
	}
	return DecodeFrame(body)
}

// noEOF turns an EOF inside a frame into io.ErrUnexpectedEOF: only an
// EOF between frames is a clean end.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
