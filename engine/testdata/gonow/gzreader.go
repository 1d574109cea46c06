// A gzip'd log read through a struct that embeds io.Reader and io.Closer,
// closed with its file: the decompressed lines, not the raw bytes.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

func open(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(path, ".gz") {
		return f, nil
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{zr, f}, nil
}

func main() {
	dir, err := os.MkdirTemp("", "gzlogs")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	fmt.Fprint(zw, "GET /a 200\nGET /b 500\nPOST /c 500\n")
	zw.Close()
	os.WriteFile(filepath.Join(dir, "access.log.gz"), buf.Bytes(), 0o600)
	os.WriteFile(filepath.Join(dir, "error.log"), []byte("disk full\n"), 0o600)

	for _, name := range []string{"access.log.gz", "error.log"} {
		rc, err := open(filepath.Join(dir, name))
		if err != nil {
			fmt.Println(err)
			continue
		}
		errors := 0
		lines := 0
		sc := bufio.NewScanner(rc)
		for sc.Scan() {
			lines++
			if strings.HasSuffix(sc.Text(), " 500") {
				errors++
			}
		}
		fmt.Println(name, lines, errors, sc.Err(), rc.Close())
	}
	w := struct {
		io.Writer
		io.Closer
	}{&buf, io.NopCloser(nil)}
	buf.Reset()
	fmt.Fprint(w, "written")
	fmt.Println(buf.String(), w.Close())
}
