// Everyday patterns of ops code not covered elsewhere: a recover that
// turns a panic into the function's named error, fallthrough, arrays as
// map keys and struct equality, a method overridden by the outer struct
// of an embedding, an interface embedding another, io plumbing
// (MultiWriter, TeeReader, io.Copy), strings.NewReplacer and Cut, and a
// bounded ticker loop with a deadline.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

type Notifier interface{ Notify(msg string) string }

type Named interface {
	Notifier
	Name() string
}

type base struct{ id string }

func (b base) Notify(msg string) string { return "base " + b.id + ": " + msg }
func (b base) Name() string             { return b.id }

type pager struct {
	base
	level int
}

func (p pager) Notify(msg string) string { return fmt.Sprintf("page L%d %s: %s", p.level, p.id, msg) }

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("safeDiv(%d, %d): %v", a, b, r)
		}
	}()
	return a / b, nil
}

func severity(code int) string {
	var out []string
	switch {
	case code >= 500:
		out = append(out, "page")
		fallthrough
	case code >= 400:
		out = append(out, "log")
	default:
		out = append(out, "ignore")
	}
	return strings.Join(out, "+")
}

type endpoint struct {
	host string
	port int
}

func main() {
	q, err := safeDiv(10, 2)
	fmt.Println(q, err)
	q, err = safeDiv(1, 0)
	fmt.Println(q, err)

	fmt.Println(severity(503), severity(404), severity(200))

	seen := map[[2]string]int{}
	for _, pair := range [][2]string{{"a", "b"}, {"b", "a"}, {"a", "b"}} {
		seen[pair]++
	}
	fmt.Println(seen[[2]string{"a", "b"}], len(seen))
	e1, e2 := endpoint{"db", 5432}, endpoint{"db", 5432}
	fmt.Println(e1 == e2, e1 != endpoint{"db", 5433})
	byEndpoint := map[endpoint][]string{}
	byEndpoint[e1] = append(byEndpoint[e1], "primary")
	byEndpoint[e2] = append(byEndpoint[e2], "pool")
	fmt.Println(byEndpoint[endpoint{"db", 5432}])

	var ns []Named = []Named{base{"ops"}, pager{base{"oncall"}, 2}}
	for _, n := range ns {
		fmt.Println(n.Name(), "->", n.Notify("disk full"))
	}
	var n Notifier = ns[1]
	if p, ok := n.(pager); ok {
		fmt.Println("pager level", p.level, p.base.Notify("x"))
	}

	var logBuf, hashBuf bytes.Buffer
	h := sha256.New()
	w := io.MultiWriter(&logBuf, h)
	src := io.TeeReader(strings.NewReader("line one\nline two\n"), &hashBuf)
	copied, err := io.Copy(w, src)
	fmt.Println(copied, err, logBuf.Len(), hashBuf.String() == logBuf.String())
	fmt.Printf("%x\n", h.Sum(nil)[:6])

	r := strings.NewReplacer("{host}", "web-1", "{port}", "443")
	fmt.Println(r.Replace("https://{host}:{port}/health"))
	if user, host, ok := strings.Cut("deploy@web-1", "@"); ok {
		fmt.Println(user, host)
	}
	before, after, found := strings.Cut("no-at-sign", "@")
	fmt.Printf("%q %q %v\n", before, after, found)

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	ticks := 0
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-tick.C:
			ticks++
			if ticks == 3 {
				cancel()
			}
		}
	}
	fmt.Println("ticks", ticks, errors.Is(ctx.Err(), context.Canceled))
}
