package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/opsh/opsh/builtins/internal/progress"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/redact"
)

// Response is an HTTP response with its whole body read. Its fields are
// those of http.Response that matter at the prompt; the body is behind
// Text, Bytes, JSON, Decode and Path.
type Response struct {
	// StatusCode is the status code, 200; Status is the status line, "200 OK".
	StatusCode int
	Status     string
	// Proto is the protocol, "HTTP/1.1" or "HTTP/2.0".
	Proto string
	// Header holds the response headers: r.Header.Get("Content-Type").
	Header http.Header
	// Method and URL are those of the request; URL is the final one, after
	// any redirects (without a password).
	Method string
	URL    string
	// Redirects lists the URLs that redirected, in order.
	Redirects []string
	// Elapsed is how long the call took, retries included.
	Elapsed time.Duration
	// File is where Download saved the body ("" otherwise); the body is
	// then not in memory.
	File string

	body []byte
	size int64 // of the body, in File or in memory
}

func newResponse(method, u string, resp *http.Response, body []byte, via []string, elapsed time.Duration) *Response {
	return &Response{
		StatusCode: resp.StatusCode,
		Status:     resp.Status,
		Proto:      resp.Proto,
		Header:     resp.Header,
		Method:     method,
		URL:        u,
		Redirects:  via,
		Elapsed:    elapsed,
		body:       body,
		size:       int64(len(body)),
	}
}

// Text is the body as a string.
func (r *Response) Text() string { return string(r.body) }

// Bytes is the body.
func (r *Response) Bytes() []byte { return r.body }

// OK reports whether the status is below 400.
func (r *Response) OK() bool { return r.StatusCode < 400 }

// ContentType is the media type of the body, without parameters:
// "application/json".
func (r *Response) ContentType() string {
	ct := r.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.TrimSpace(strings.ToLower(ct))
}

// JSON decodes the body: a map[string]any for an object, []any for a list,
// float64, string, bool or nil. A body that is not JSON is an error naming
// its content type and first bytes. Numbers are float64, exact up to 2^53:
// decode large IDs into typed fields with Decode.
func (r *Response) JSON() (any, error) {
	var v any
	if err := r.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// Decode decodes the JSON body into v, a pointer (to a struct, a map, a
// slice): var u User; r.Decode(&u).
func (r *Response) Decode(v any) error {
	if len(bytes.TrimSpace(r.body)) == 0 {
		return fmt.Errorf("%s %s: %s: the body is empty, not JSON", r.Method, r.URL, r.Status)
	}
	if err := cell.UnmarshalJSON(r.body, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fmt.Errorf("%s %s: decode JSON: %w", r.Method, r.URL, err)
		}
		ct := r.Header.Get("Content-Type")
		if ct == "" {
			ct = "no Content-Type"
		}
		return fmt.Errorf("%s %s: the body (%s, %s) is not JSON: %w; it starts %s",
			r.Method, r.URL, ct, progress.Bytes(r.size), err, excerpt(r.body, 60))
	}
	return nil
}

// Path returns the value at a path into the JSON body: dot-separated keys
// and list indexes, r.Path("slideshow.slides.0.title"); an index may also
// be written slides[0], and a negative index counts from the end. A step
// that does not exist is an error naming it and what is there instead.
func (r *Response) Path(path string) (any, error) {
	v, err := r.JSON()
	if err != nil {
		return nil, err
	}
	return Lookup(v, path)
}

// Check returns a *StatusError if the status is 400 or above, naming the
// method, the URL, the status and the start of the body; nil otherwise.
func (r *Response) Check() error {
	if r.StatusCode < 400 {
		return nil
	}
	return &StatusError{Method: r.Method, URL: r.URL, StatusCode: r.StatusCode, Status: r.Status, Body: excerptText(r.body, 300)}
}

// StatusError is the error Check returns for a status of 400 or above.
type StatusError struct {
	Method     string
	URL        string
	StatusCode int
	Status     string
	// Body is the start of the body, on one line, with secrets masked.
	Body string
}

func (e *StatusError) Error() string {
	s := e.Method + " " + e.URL + ": " + e.Status
	if e.Body != "" {
		s += ": " + e.Body
	}
	return s
}

// String is the first line of Display.
func (r *Response) String() string {
	parts := []string{r.Status}
	if ct := r.ContentType(); ct != "" {
		parts = append(parts, ct)
	}
	parts = append(parts, progress.Bytes(r.size), durationString(r.Elapsed))
	return strings.Join(parts, " · ")
}

// Display limits: a body longer than this is cut, with a note.
const (
	displayLines = 60
	displayBytes = 6000
)

// Display is how the REPL shows a response: a status line,
// "200 OK · application/json · 312 B · 41 ms", then the body, JSON
// indented, long bodies cut with a note, secrets masked.
func (r *Response) Display() string {
	head := r.String()
	if r.File != "" {
		return head + "\nsaved to " + r.File
	}
	if len(r.body) == 0 {
		return head
	}
	return head + "\n" + r.displayBody()
}

func (r *Response) displayBody() string {
	body := r.body
	if looksJSON(r.ContentType(), body) {
		var buf bytes.Buffer
		if err := json.Indent(&buf, bytes.TrimSpace(body), "", "  "); err == nil {
			body = buf.Bytes()
		}
	}
	if !isText(body) {
		return fmt.Sprintf("(%s of binary data; r.Bytes() has them)", progress.Bytes(int64(len(body))))
	}
	s := strings.TrimRight(string(body), "\n")
	total := strings.Count(s, "\n") + 1
	cut := false
	lines := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			lines++
			if lines == displayLines {
				s, cut = s[:i], true
				break
			}
		}
	}
	if len(s) > displayBytes {
		i := displayBytes
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s, cut = s[:i], true
	}
	s = redact.String(s)
	if cut {
		shown := strings.Count(s, "\n") + 1
		s += fmt.Sprintf("\n… cut: %d of %d lines shown; r.Text() has all %s", shown, total, progress.Bytes(r.size))
	}
	return s
}

func looksJSON(ct string, body []byte) bool {
	if ct == "application/json" || strings.HasSuffix(ct, "+json") {
		return true
	}
	b := bytes.TrimSpace(body)
	return len(b) > 0 && (b[0] == '{' || b[0] == '[') && json.Valid(b)
}

func isText(b []byte) bool {
	if len(b) > 8192 {
		b = b[:8192]
		// Do not call a cut rune invalid.
		for i := 0; i < utf8.UTFMax && len(b) > 0 && !utf8.Valid(b); i++ {
			b = b[:len(b)-1]
		}
	}
	return utf8.Valid(b) && bytes.IndexByte(b, 0) < 0
}

// excerpt quotes the first n bytes of b, for error messages.
func excerpt(b []byte, n int) string {
	more := ""
	if len(b) > n {
		b, more = b[:n], "…"
	}
	return fmt.Sprintf("%q%s", redact.String(string(b)), more)
}

// excerptText is the start of a body on one line.
func excerptText(b []byte, n int) string {
	if !isText(b) {
		return fmt.Sprintf("(%s of binary data)", progress.Bytes(int64(len(b))))
	}
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > n {
		i := n
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s = s[:i] + "…"
	}
	return redact.String(s)
}

func durationString(d time.Duration) string {
	switch {
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < 10*time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	default:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
}
