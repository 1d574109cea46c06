package web

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Part is one part of a multipart form: see Field, Fields, File and
// FileData.
type Part struct {
	fields   [][2]string // form fields, name and value, in order
	name     string      // a file part's field name
	path     string      // the file's path, read as the body is sent
	data     []byte      // or its contents, held in memory
	filename string
	err      error
}

// Field is a form field: web.Field("comment", "nightly build").
func Field(name, value string) Part { return Part{fields: [][2]string{{name, value}}} }

// Fields are form fields from a map, sent in the order of their names:
// the fields of an S3 presigned POST (p.Fields), for instance.
func Fields(m map[string]string) Part {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	var p Part
	for _, k := range names {
		p.fields = append(p.fields, [2]string{k, m[k]})
	}
	return p
}

// File is a file upload in the form field name, read from path as the
// request is sent (never held in memory whole), named by its base name
// and typed by its extension.
func File(name, path string) Part {
	return Part{name: name, path: path, filename: filepath.Base(path)}
}

// FileData is a file upload whose contents are in memory, named filename.
func FileData(name, filename string, data []byte) Part {
	return Part{name: name, data: data, filename: filename}
}

// MultipartForm is a multipart/form-data request body, made by Multipart.
type MultipartForm struct {
	parts    []Part
	boundary string
}

// Multipart is a multipart/form-data body of fields and files, in the
// order given, as an HTML form or Python's requests (files=) sends it:
//
//	web.Post(u, web.Multipart(web.Field("k", "v"), web.File("upload", "report.pdf")))
//
// Files are streamed from disk as the request goes out, with the body's
// length known in advance (S3 and other servers refuse chunked uploads);
// a retry reads them again.
func Multipart(parts ...Part) *MultipartForm {
	b := make([]byte, 15)
	rand.Read(b)
	return &MultipartForm{parts: parts, boundary: fmt.Sprintf("opsh%x", b)}
}

// ContentType is the body's Content-Type, boundary included.
func (m *MultipartForm) ContentType() string {
	return "multipart/form-data; boundary=" + m.boundary
}

// segment is a run of the body: bytes in memory, or a file's contents.
type segment struct {
	data []byte
	path string
	size int64
}

// layout lays the body out as segments and returns its length.
func (m *MultipartForm) layout() ([]segment, int64, error) {
	var segs []segment
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.SetBoundary(m.boundary); err != nil {
		return nil, 0, err
	}
	flush := func() {
		if buf.Len() > 0 {
			segs = append(segs, segment{data: bytes.Clone(buf.Bytes()), size: int64(buf.Len())})
			buf.Reset()
		}
	}
	for _, p := range m.parts {
		if p.err != nil {
			return nil, 0, p.err
		}
		for _, f := range p.fields {
			if err := w.WriteField(f[0], f[1]); err != nil {
				return nil, 0, err
			}
		}
		if p.name == "" {
			continue
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, escapeQuotes(p.name), escapeQuotes(p.filename)))
		ct := mime.TypeByExtension(filepath.Ext(p.filename))
		if ct == "" {
			ct = "application/octet-stream"
		}
		h.Set("Content-Type", ct)
		if _, err := w.CreatePart(h); err != nil {
			return nil, 0, err
		}
		if p.path == "" {
			buf.Write(p.data)
			continue
		}
		fi, err := os.Stat(p.path)
		if err != nil {
			return nil, 0, fmt.Errorf("multipart file %s: %w", p.name, err)
		}
		if !fi.Mode().IsRegular() {
			return nil, 0, fmt.Errorf("multipart file %s: %s is not a regular file", p.name, p.path)
		}
		flush()
		segs = append(segs, segment{path: p.path, size: fi.Size()})
	}
	if err := w.Close(); err != nil {
		return nil, 0, err
	}
	flush()
	var n int64
	for _, s := range segs {
		n += s.size
	}
	return segs, n, nil
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"")

func escapeQuotes(s string) string { return quoteEscaper.Replace(s) }

// segmentReader reads the segments in turn, opening each file when it is
// reached and closing it when done.
type segmentReader struct {
	segs []segment
	cur  io.Reader
	f    *os.File
	left int64 // bytes still due from the current file
}

func (r *segmentReader) Read(p []byte) (int, error) {
	for {
		if r.cur != nil {
			n, err := r.cur.Read(p)
			if r.f != nil {
				r.left -= int64(n)
			}
			if err == io.EOF {
				if r.f != nil && r.left > 0 {
					return n, fmt.Errorf("multipart file %s: shrank while being sent", r.f.Name())
				}
				r.closeFile()
				r.cur = nil
				if n > 0 {
					return n, nil
				}
				continue
			}
			return n, err
		}
		if len(r.segs) == 0 {
			return 0, io.EOF
		}
		s := r.segs[0]
		r.segs = r.segs[1:]
		if s.path == "" {
			r.cur = bytes.NewReader(s.data)
			continue
		}
		f, err := os.Open(s.path)
		if err != nil {
			return 0, fmt.Errorf("multipart file: %w", err)
		}
		r.f, r.left, r.cur = f, s.size, io.LimitReader(f, s.size)
	}
}

func (r *segmentReader) closeFile() {
	if r.f != nil {
		r.f.Close()
		r.f = nil
	}
}

func (r *segmentReader) Close() error {
	r.closeFile()
	r.segs, r.cur = nil, nil
	return nil
}

// errNoParts is the error of an empty form.
var errNoParts = errors.New("multipart: no fields or files given")
