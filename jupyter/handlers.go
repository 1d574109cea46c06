package jupyter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/go-zeromq/zmq4"
)

// errStopOnError says a cell failed and asked for the cells queued behind
// it to be aborted.
var errStopOnError = errors.New("cell failed with stop_on_error")

// handler answers one request type.
type handler func(k *Kernel, ctx context.Context, sock zmq4.Socket, msg *Message) error

var handlers = map[string]handler{
	"kernel_info_request": (*Kernel).kernelInfo,
	"execute_request":     (*Kernel).execute,
	"complete_request":    (*Kernel).complete,
	"inspect_request":     (*Kernel).inspect,
	"is_complete_request": (*Kernel).isComplete,
	"history_request":     (*Kernel).historyRequest,
	"comm_info_request":   (*Kernel).commInfo,
	"interrupt_request":   (*Kernel).interrupt,
	"shutdown_request":    (*Kernel).shutdownRequest,
}

// handle answers msg between a busy and an idle status, as the protocol
// asks for every request.
func (k *Kernel) handle(ctx context.Context, sock zmq4.Socket, msg *Message) error {
	h, ok := handlers[msg.Header.MsgType]
	if !ok {
		k.cfg.Log.Printf("ignored a message of unknown type %q", msg.Header.MsgType)
		return nil
	}
	k.status(msg, "busy")
	defer k.status(msg, "idle")
	return h(k, ctx, sock, msg)
}

// decode reads msg's content into v, which holds the defaults.
func decode(msg *Message, v any) error {
	if len(msg.Content) == 0 {
		return nil
	}
	if err := json.Unmarshal(msg.Content, v); err != nil {
		return fmt.Errorf("decode %s: %w", msg.Header.MsgType, err)
	}
	return nil
}

// replyError answers a request that could not be read.
func (k *Kernel) replyError(sock zmq4.Socket, msg *Message, msgType string, err error) error {
	k.send(sock, msg, msgType, errorContent(&Error{Name: "BadRequest", Value: err.Error(), Traceback: []string{err.Error()}}))
	return nil
}

func errorContent(e *Error) map[string]any {
	tb := e.Traceback
	if tb == nil {
		tb = []string{}
	}
	return map[string]any{"status": "error", "ename": e.Name, "evalue": e.Value, "traceback": tb}
}

func (k *Kernel) kernelInfo(_ context.Context, sock zmq4.Socket, msg *Message) error {
	k.send(sock, msg, "kernel_info_reply", map[string]any{
		"status":                 "ok",
		"protocol_version":       ProtocolVersion,
		"implementation":         "opsh",
		"implementation_version": k.cfg.Version,
		"language_info": map[string]any{
			"name":               "go",
			"version":            k.cfg.LanguageVersion,
			"mimetype":           "text/x-go",
			"file_extension":     ".go",
			"pygments_lexer":     "go",
			"codemirror_mode":    "go",
			"nbconvert_exporter": "script",
		},
		"banner":     k.cfg.Banner,
		"help_links": []map[string]string{{"text": "opsh :help", "url": "https://github.com/opsh/opsh#readme"}},
	})
	return nil
}

func (k *Kernel) complete(ctx context.Context, sock zmq4.Socket, msg *Message) error {
	var req struct {
		Code      string `json:"code"`
		CursorPos int    `json:"cursor_pos"`
	}
	req.CursorPos = -1
	if err := decode(msg, &req); err != nil {
		return k.replyError(sock, msg, "complete_reply", err)
	}
	b, err := k.getBackend(ctx)
	if err != nil {
		return k.replyError(sock, msg, "complete_reply", err)
	}
	cursor := runeToByte(req.Code, req.CursorPos)
	matches, start, end := b.Complete(req.Code, cursor)
	if matches == nil {
		matches = []string{}
	}
	k.send(sock, msg, "complete_reply", map[string]any{
		"status":       "ok",
		"matches":      matches,
		"cursor_start": byteToRune(req.Code, start),
		"cursor_end":   byteToRune(req.Code, end),
		"metadata":     map[string]any{},
	})
	return nil
}

func (k *Kernel) inspect(ctx context.Context, sock zmq4.Socket, msg *Message) error {
	var req struct {
		Code        string `json:"code"`
		CursorPos   int    `json:"cursor_pos"`
		DetailLevel int    `json:"detail_level"`
	}
	req.CursorPos = -1
	if err := decode(msg, &req); err != nil {
		return k.replyError(sock, msg, "inspect_reply", err)
	}
	b, err := k.getBackend(ctx)
	if err != nil {
		return k.replyError(sock, msg, "inspect_reply", err)
	}
	data, found := b.Inspect(req.Code, runeToByte(req.Code, req.CursorPos), req.DetailLevel)
	if data == nil {
		data = MIMEBundle{}
	}
	k.send(sock, msg, "inspect_reply", map[string]any{"status": "ok", "found": found, "data": data, "metadata": map[string]any{}})
	return nil
}

func (k *Kernel) isComplete(ctx context.Context, sock zmq4.Socket, msg *Message) error {
	var req struct {
		Code string `json:"code"`
	}
	if err := decode(msg, &req); err != nil {
		return k.replyError(sock, msg, "is_complete_reply", err)
	}
	b, err := k.getBackend(ctx)
	if err != nil {
		return k.replyError(sock, msg, "is_complete_reply", err)
	}
	status, indent := b.IsComplete(req.Code)
	content := map[string]any{"status": status}
	if status == "incomplete" {
		content["indent"] = indent
	}
	k.send(sock, msg, "is_complete_reply", content)
	return nil
}

func (k *Kernel) commInfo(_ context.Context, sock zmq4.Socket, msg *Message) error {
	// opsh has no comms (widgets); an empty list is the honest answer.
	k.send(sock, msg, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
	return nil
}

func (k *Kernel) interrupt(_ context.Context, sock zmq4.Socket, msg *Message) error {
	k.Interrupt()
	k.send(sock, msg, "interrupt_reply", map[string]any{"status": "ok"})
	return nil
}

func (k *Kernel) shutdownRequest(_ context.Context, sock zmq4.Socket, msg *Message) error {
	var req struct {
		Restart bool `json:"restart"`
	}
	if err := decode(msg, &req); err != nil {
		return k.replyError(sock, msg, "shutdown_reply", err)
	}
	status := "ok"
	if b := k.readyBackend(); b != nil {
		if err := b.Shutdown(req.Restart); err != nil {
			k.cfg.Log.Printf("shutdown: %v", err)
			status = "error"
		}
	}
	content := map[string]any{"status": status, "restart": req.Restart}
	k.send(sock, msg, "shutdown_reply", content)
	k.publish(msg, "shutdown_reply", content) // as ipykernel does, for clients watching iopub
	k.shutdown()
	return nil
}

// runeToByte turns a cursor position counted in Unicode code points (the
// protocol's unit since 5.2) into a byte offset in s; -1 means the end.
func runeToByte(s string, pos int) int {
	if pos < 0 {
		return len(s)
	}
	n := 0
	for i := range s {
		if n == pos {
			return i
		}
		n++
	}
	return len(s)
}

// byteToRune is runeToByte's inverse.
func byteToRune(s string, off int) int {
	if off > len(s) {
		off = len(s)
	}
	return len([]rune(s[:off]))
}
