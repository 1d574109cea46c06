// Log shipping plumbing: io.Pipe between a producer goroutine and a
// scanner, MultiWriter to a file and a hash, TeeReader, LimitReader,
// SectionReader, and a buffered writer flushed at the end.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

type countingWriter struct {
	n     int64
	lines int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	c.lines += bytes.Count(p, []byte("\n"))
	return len(p), nil
}

type failAfter struct{ left int }

var errDiskFull = errors.New("no space left on device")

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.left {
		n := f.left
		f.left = 0
		return n, errDiskFull
	}
	f.left -= len(p)
	return len(p), nil
}

func main() {
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriter(pw)
		for i := range 5 {
			fmt.Fprintf(bw, "2024-05-01T10:00:0%dZ level=%s msg=\"event %d\"\n", i, []string{"info", "warn"}[i%2], i)
		}
		bw.Flush()
		pw.CloseWithError(io.ErrUnexpectedEOF)
	}()
	sc := bufio.NewScanner(pr)
	warns := 0
	for sc.Scan() {
		if strings.Contains(sc.Text(), "level=warn") {
			warns++
		}
	}
	fmt.Println("warns:", warns, "scan err:", sc.Err())

	dir, _ := os.MkdirTemp("", "ship")
	defer os.RemoveAll(dir)
	f, _ := os.Create(filepath.Join(dir, "out.log"))
	h := sha256.New()
	cw := &countingWriter{}
	mw := io.MultiWriter(f, h, cw)
	src := strings.NewReader("alpha\nbeta\ngamma\n")
	var seen bytes.Buffer
	n, err := io.Copy(mw, io.TeeReader(src, &seen))
	f.Close()
	fmt.Println(n, err, cw.n, cw.lines, seen.Len())
	fmt.Printf("%x\n", h.Sum(nil)[:6])
	disk, _ := os.ReadFile(filepath.Join(dir, "out.log"))
	fmt.Println(bytes.Equal(disk, seen.Bytes()))

	lr := io.LimitReader(strings.NewReader("0123456789"), 4)
	head, _ := io.ReadAll(lr)
	fmt.Printf("%s\n", head)
	sr := io.NewSectionReader(strings.NewReader("header|payload|trailer"), 7, 7)
	mid, _ := io.ReadAll(sr)
	fmt.Printf("%s %d\n", mid, sr.Size())

	fw := &failAfter{left: 10}
	w := bufio.NewWriterSize(fw, 4)
	_, err = w.WriteString("0123456789ABCDEF")
	if err == nil {
		err = w.Flush()
	}
	fmt.Println(err, errors.Is(err, errDiskFull), w.Buffered())

	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	fmt.Fprint(bw, "pending")
	fmt.Println(buf.Len(), bw.Buffered(), bw.Available() > 0)
	bw.Flush()
	fmt.Println(buf.String())

	r := io.MultiReader(strings.NewReader("a,b,"), strings.NewReader("c"))
	all, _ := io.ReadAll(r)
	fmt.Println(strings.Split(string(all), ","))
	var sb strings.Builder
	nw, err := io.WriteString(&sb, "written")
	fmt.Println(nw, err, sb.String())
	_, err = io.ReadFull(strings.NewReader("ab"), make([]byte, 4))
	fmt.Println(err, errors.Is(err, io.ErrUnexpectedEOF))
	nn, err := io.CopyN(io.Discard, strings.NewReader("xyz"), 5)
	fmt.Println(nn, err == io.EOF)
}
