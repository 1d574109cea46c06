package jupyter

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
)

// streamDelay is how long printed text may wait to be sent with what is
// printed next: a loop printing a thousand lines sends a few messages,
// and a line printed alone reaches the notebook within this delay.
const streamDelay = 10 * time.Millisecond

type executeRequest struct {
	Code         string `json:"code"`
	Silent       bool   `json:"silent"`
	StoreHistory bool   `json:"store_history"`
	AllowStdin   bool   `json:"allow_stdin"`
	StopOnError  bool   `json:"stop_on_error"`
}

func (k *Kernel) execute(ctx context.Context, sock zmq4.Socket, msg *Message) error {
	req := executeRequest{StoreHistory: true, AllowStdin: true, StopOnError: true}
	if err := decode(msg, &req); err != nil {
		return k.replyError(sock, msg, "execute_reply", err)
	}
	if req.Silent {
		req.StoreHistory = false
	}
	count := k.count + 1
	if req.StoreHistory {
		k.count = count
	}
	if !req.Silent {
		k.publish(msg, "execute_input", map[string]any{"code": req.Code, "execution_count": count})
	}
	cellCtx, cancel := context.WithCancel(ctx)
	k.runMu.Lock()
	k.cancelCell = cancel
	k.runMu.Unlock()
	defer func() {
		k.runMu.Lock()
		k.cancelCell = nil
		k.runMu.Unlock()
		cancel()
	}()
	out := &outputs{k: k, parent: msg, count: count, silent: req.Silent}
	k.runMu.Lock()
	k.cellOut = out
	k.runMu.Unlock()
	breq := ExecuteRequest{Code: req.Code, Count: count, Silent: req.Silent}
	if req.AllowStdin {
		breq.Input = k.input(cellCtx, msg)
	}
	res := k.run(cellCtx, breq, out.emit)
	for _, sync := range k.syncers {
		sync()
	}
	out.finish()
	if req.StoreHistory {
		k.history.add(count, req.Code, out.resultText)
	}
	if res.Err != nil {
		if !req.Silent {
			k.publish(msg, "error", errorContent(res.Err))
		}
		content := errorContent(res.Err)
		content["execution_count"] = count
		k.send(sock, msg, "execute_reply", content)
		if req.StopOnError && !req.Silent {
			return errStopOnError
		}
		return nil
	}
	k.send(sock, msg, "execute_reply", map[string]any{
		"status": "ok", "execution_count": count, "user_expressions": map[string]any{}, "payload": []any{},
	})
	return nil
}

// run runs a cell in the backend, once it is ready.
func (k *Kernel) run(ctx context.Context, req ExecuteRequest, emit func(Event)) ExecuteResult {
	b, err := k.getBackend(ctx)
	if err != nil {
		return ExecuteResult{Err: &Error{Name: "error", Value: err.Error(), Traceback: []string{err.Error()}}}
	}
	return b.Execute(ctx, req, emit)
}

// outputs publishes a cell's events on iopub. Consecutive stream text of
// one name is sent together, after at most streamDelay.
type outputs struct {
	k      *Kernel
	parent *Message
	count  int
	silent bool

	mu         sync.Mutex
	name       string // of the stream text waiting in buf
	buf        []byte
	timer      *time.Timer
	resultText string // the result's text/plain, for the history
}

func (o *outputs) emit(ev Event) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch e := ev.(type) {
	case Stream:
		if o.silent || e.Text == "" {
			return
		}
		if e.Name != o.name {
			o.flushLocked()
		}
		o.name = e.Name
		o.buf = append(o.buf, e.Text...)
		if o.timer == nil {
			o.timer = time.AfterFunc(streamDelay, o.flush)
		}
	case Display:
		o.flushLocked()
		if !o.silent {
			o.k.publish(o.parent, "display_data", map[string]any{"data": e.Data, "metadata": orEmpty(e.Metadata), "transient": map[string]any{}})
		}
	case Result:
		o.flushLocked()
		if s, ok := e.Data["text/plain"].(string); ok {
			o.resultText = s
		}
		if !o.silent {
			o.k.publish(o.parent, "execute_result", map[string]any{"execution_count": o.count, "data": e.Data, "metadata": orEmpty(e.Metadata)})
		}
	}
}

func (o *outputs) flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked()
}

func (o *outputs) flushLocked() {
	if o.timer != nil {
		o.timer.Stop()
		o.timer = nil
	}
	if len(o.buf) == 0 {
		return
	}
	o.k.publish(o.parent, "stream", map[string]any{"name": o.name, "text": string(o.buf)})
	o.buf = o.buf[:0]
}

// finish sends what is waiting, before the reply and the idle status.
func (o *outputs) finish() { o.flush() }

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// errInputInterrupted is the answer to an input request the user
// interrupted.
var errInputInterrupted = errors.New("input interrupted")

// input returns the function a cell calls to ask the user for a line
// (input_request on the stdin channel, to the peer that sent parent).
func (k *Kernel) input(ctx context.Context, parent *Message) func(prompt string, password bool) (string, error) {
	return func(prompt string, password bool) (string, error) {
		k.inputMu.Lock()
		defer k.inputMu.Unlock()
		for len(k.stdinIn) > 0 { // replies to earlier, abandoned requests
			<-k.stdinIn
		}
		m, err := reply(parent, k.session, "input_request", map[string]any{"prompt": prompt, "password": password})
		if err != nil {
			return "", err
		}
		if err := k.write(k.stdin, m); err != nil {
			return "", err
		}
		for {
			select {
			case r := <-k.stdinIn:
				if r.Header.MsgType != "input_reply" {
					continue
				}
				var content struct {
					Value string `json:"value"`
				}
				if err := decode(r, &content); err != nil {
					return "", err
				}
				return content.Value, nil
			case <-ctx.Done():
				return "", errInputInterrupted
			}
		}
	}
}
