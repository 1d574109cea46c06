// Standard library structs configured with the program's own types: a
// server whose Handler is a struct, a client whose Transport is a stub
// round tripper (by pointer), a command writing to a prefixing writer, a
// logger whose level is a type of ours, a limited reader of a literal
// without keys, and a slice of servers of elided type.

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
)

type health struct{ service string }

func (h health) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "%s ok %s", h.service, r.URL.Path)
}

type stub struct {
	calls int
	body  string
}

func (s *stub) RoundTrip(r *http.Request) (*http.Response, error) {
	s.calls++
	return &http.Response{
		StatusCode: 200,
		Status:     "200 OK",
		Body:       io.NopCloser(strings.NewReader(s.body)),
		Header:     http.Header{},
		Request:    r,
	}, nil
}

type prefixed struct {
	prefix string
	out    *bytes.Buffer
}

func (p prefixed) Write(b []byte) (int, error) {
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if line != "" {
			p.out.WriteString(p.prefix + line)
		}
	}
	return len(b), nil
}

type quiet struct{}

func (quiet) Level() slog.Level { return slog.LevelWarn }

type upper struct{ r io.Reader }

func (u upper) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	copy(p, bytes.ToUpper(p[:n]))
	return n, err
}

func get(h http.Handler, path string) string {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec.Body.String()
}

func main() {
	srv := &http.Server{Addr: "127.0.0.1:0", Handler: health{"api"}}
	fmt.Println(srv.Addr, get(srv.Handler, "/healthz"))

	st := &stub{body: `{"version":"1.2.3"}`}
	client := &http.Client{Transport: st}
	resp, err := client.Get("http://deploy.internal/version")
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.Status, string(body), st.calls)

	var out bytes.Buffer
	cmd := &exec.Cmd{Path: "/bin/echo", Args: []string{"echo", "deployed\nrestarted"}, Stdout: prefixed{"[web-1] ", &out}}
	fmt.Println(cmd.Run())
	fmt.Print(out.String())

	opts := slog.HandlerOptions{Level: quiet{}}
	logger := slog.New(slog.NewTextHandler(os.Stdout, &opts))
	ctx := context.Background()
	fmt.Println(logger.Enabled(ctx, slog.LevelInfo), logger.Enabled(ctx, slog.LevelError))

	lr := io.LimitedReader{upper{strings.NewReader("tail of the log")}, 8}
	head, _ := io.ReadAll(&lr)
	fmt.Printf("%q\n", head)

	pool := []*http.Server{{Addr: ":8080", Handler: health{"web"}}, {Addr: ":8081", Handler: health{"admin"}}}
	for _, s := range pool {
		fmt.Println(s.Addr, get(s.Handler, "/"))
	}
}
