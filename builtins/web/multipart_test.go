package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/opsh/opsh/builtins/web"
)

// TestMultipartToHTTPBin posts fields and files to go-httpbin, which
// parses the form and echoes it: the fields, the file's contents, and a
// Content-Length (no chunked body).
func TestMultipartToHTTPBin(t *testing.T) {
	b := newBin(t)
	file := filepath.Join(t.TempDir(), "report.txt")
	os.WriteFile(file, []byte("disk full on web-3\n"), 0o644)
	r := must[*web.Response](t)(web.Post(b.URL+"/post", web.Multipart(
		web.Field("k", "v"), web.Fields(map[string]string{"a": "1", "b": "2"}),
		web.File("upload", file), web.FileData("notes", "notes.md", []byte("# notes\n")))))
	if r.StatusCode != 200 {
		t.Fatalf("%s %s", r.Status, r.Text())
	}
	for p, want := range map[string]any{"form.k.0": "v", "form.a.0": "1", "form.b.0": "2"} {
		if got := path(t, r, p); got != want {
			t.Errorf("%s = %v, want %v", p, got, want)
		}
	}
	if got := path(t, r, "files.upload.0"); !strings.Contains(got.(string), "disk full on web-3") {
		t.Errorf("files.upload = %v", got)
	}
	if got := path(t, r, "files.notes.0"); !strings.Contains(got.(string), "# notes") {
		t.Errorf("files.notes = %v", got)
	}
	if got := path(t, r, "headers.Content-Length.0"); got == nil || got == "" {
		t.Errorf("no Content-Length: %v", got)
	}
	if _, err := web.Post(b.URL+"/post", web.Multipart(web.File("f", filepath.Join(t.TempDir(), "missing")))); err == nil {
		t.Error("a missing file was posted")
	}
}

// TestMultipartStreams uploads a 64 MiB file to a server that reads the
// form as a stream and hashes it: the bytes arrive intact, with the
// length announced, and the client allocates far less than the file's
// size (the file is never read into memory).
func TestMultipartStreams(t *testing.T) {
	const size = 64 << 20
	file := filepath.Join(t.TempDir(), "big.bin")
	f, _ := os.Create(file)
	h := sha256.New()
	chunk := bytes.Repeat([]byte("0123456789abcdef"), 4096)
	for n := 0; n < size; n += len(chunk) {
		f.Write(chunk)
		h.Write(chunk)
	}
	f.Close()
	want := hex.EncodeToString(h.Sum(nil))

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mr, err := r.MultipartReader()
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			if p.FormName() == "upload" {
				h := sha256.New()
				n, _ := io.Copy(h, p)
				io.WriteString(w, p.FileName()+" "+hex.EncodeToString(h.Sum(nil))+" "+itoa(n)+" "+itoa(r.ContentLength))
			}
		}
	}))
	t.Cleanup(srv.Close)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := must[*web.Response](t)(web.Post(srv.URL, web.Multipart(web.Field("k", "v"), web.File("upload", file))))
	runtime.ReadMemStats(&after)
	fields := strings.Fields(r.Text())
	if len(fields) != 4 || fields[0] != "big.bin" || fields[1] != want || fields[2] != itoa(size) {
		t.Fatalf("server got %q, want big.bin %s %d", r.Text(), want, size)
	}
	if fields[3] == "-1" {
		t.Error("the body was sent chunked, without a Content-Length")
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > size/4 {
		t.Errorf("the upload allocated %d MiB for a %d MiB file", alloc>>20, size>>20)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
