package web_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/opsh/opsh/builtins/web"
)

// cannedTransport answers every request at once with the same response,
// so that a benchmark measures the client's own cost.
type cannedTransport struct{ body []byte }

func (c cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(c.body)),
		ContentLength: int64(len(c.body)),
		Request:       req,
	}, nil
}

var canned = cannedTransport{[]byte(`{"status":"ok","service":"api","checks":{"db":"ok","cache":"ok"}}`)}

// BenchmarkOverheadNetHTTP is net/http's client over the canned transport.
func BenchmarkOverheadNetHTTP(b *testing.B) {
	c := &http.Client{Transport: canned}
	for n := 0; n < b.N; n++ {
		resp, err := c.Get("http://api.test/health")
		if err != nil {
			b.Fatal(err)
		}
		io.ReadAll(resp.Body)
		resp.Body.Close()
	}
}

// BenchmarkOverheadCompiled is this package's client over the canned transport.
func BenchmarkOverheadCompiled(b *testing.B) {
	s := web.Session("http://api.test")
	web.SetTransport(s, canned)
	for n := 0; n < b.N; n++ {
		r, err := s.Get("/health")
		if err != nil || r.StatusCode != 200 {
			b.Fatal(err)
		}
	}
}

// BenchmarkOverheadInterpreted is the interpreted loop over the canned transport.
func BenchmarkOverheadInterpreted(b *testing.B) {
	i := newInterp(b)
	v, err := i.Eval(`s := web.Session("http://api.test"); s`)
	if err != nil {
		b.Fatal(err)
	}
	web.SetTransport(v.Interface().(*web.Client), canned)
	loop := benchLoop(b)
	b.ResetTimer()
	if _, err := i.Eval(strings.Replace(loop, "N", strconv.Itoa(b.N), 1)); err != nil {
		b.Fatal(fmt.Sprint(err))
	}
}
