// A build-and-ship pipeline in miniature: flags, commands as argument
// lists, gzip+tar of generated files, base64 and HMAC signatures, a
// bounded ticker, WaitGroup.Go and context causes.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type options struct {
	env     string
	workers int
	dry     bool
	tags    []string
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("ship", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.env, "env", "staging", "target environment")
	fs.IntVar(&o.workers, "workers", 2, "parallel uploads")
	fs.BoolVar(&o.dry, "dry-run", false, "print only")
	fs.Func("tag", "a tag (repeatable)", func(s string) error {
		if s == "" {
			return errors.New("empty tag")
		}
		o.tags = append(o.tags, s)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	return o, nil
}

func archive(files map[string]string) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		body := files[n]
		hdr := &tar.Header{Name: n, Mode: 0o644, Size: int64(len(body)), ModTime: time.Unix(0, 0)}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if _, err := io.WriteString(tw, body); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func list(data []byte) ([]string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	var out []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		b, _ := io.ReadAll(tr)
		out = append(out, fmt.Sprintf("%s(%d)", h.Name, len(b)))
	}
}

func main() {
	o, err := parseFlags([]string{"-env", "prod", "-workers=3", "-tag", "v1.2", "-tag", "hotfix"})
	fmt.Printf("%+v %v\n", o, err)
	_, err = parseFlags([]string{"-workers", "many"})
	fmt.Println(err != nil, strings.Contains(err.Error(), "invalid value"))
	_, err = parseFlags([]string{"extra"})
	fmt.Println(err)

	out, err := exec.Command("sh", "-c", "echo built $0 && echo warn >&2", "app").Output()
	fmt.Printf("%q %v\n", out, err)
	err = exec.Command("sh", "-c", "exit 3").Run()
	var ee *exec.ExitError
	fmt.Println(errors.As(err, &ee), ee.ExitCode())
	_, err = exec.LookPath("no-such-tool-here")
	fmt.Println(errors.Is(err, exec.ErrNotFound))

	data, err := archive(map[string]string{"bin/app": strings.Repeat("\x7fELF", 64), "etc/app.yaml": "port: 80\n"})
	fmt.Println(err, len(data) > 20)
	names, err := list(data)
	fmt.Println(names, err)

	key := []byte("deploy-key")
	mac := hmac.New(sha256.New, key)
	mac.Write(data)
	sig := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	check := hmac.New(sha256.New, key)
	check.Write(data)
	fmt.Println(len(sig), hmac.Equal(mac.Sum(nil), check.Sum(nil)))
	raw, err := base64.URLEncoding.DecodeString("aGVsbG8_")
	fmt.Printf("%q %v\n", raw, err)

	var uploaded atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, o.workers)
	for i := range 7 {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			time.Sleep(time.Millisecond)
			uploaded.Add(int64(i))
		})
	}
	wg.Wait()
	fmt.Println("uploaded", uploaded.Load())

	ctx, cancel := context.WithCancelCause(context.Background())
	ticker := time.NewTicker(2 * time.Millisecond)
	defer ticker.Stop()
	ticks := 0
loop:
	for {
		select {
		case <-ticker.C:
			ticks++
			if ticks == 3 {
				cancel(errors.New("health check failed"))
			}
		case <-ctx.Done():
			break loop
		}
	}
	fmt.Println(ticks >= 3, ctx.Err(), context.Cause(ctx)) // a tick may come with Done
	host, _ := os.Hostname()
	fmt.Println(host != "", os.Getenv("NO_SUCH_VAR_X") == "")
	os.Setenv("SHIP_ENV", o.env)
	fmt.Println(os.ExpandEnv("deploying to $SHIP_ENV"))
}
