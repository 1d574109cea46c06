// A generic function given only variadic arguments, interface embedding, a type switch, closures,
// sync.Once and atomics, context trees, a scanner over a log, JSON with tags
// and nested structs, WalkDir.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type Number interface {
	~int | ~int64 | ~float64
}

func Sum[T Number](xs ...T) (total T) {
	for _, x := range xs {
		total += x
	}
	return total
}

type Shape interface {
	Area() float64
}
type Named interface {
	Shape
	Name() string
}
type Rect struct{ W, H float64 }

func (r Rect) Area() float64 { return r.W * r.H }
func (r Rect) Name() string  { return "rect" }

type Millis int64

func describe(v any) string {
	switch x := v.(type) {
	case int, int64:
		return fmt.Sprintf("integer %v", x)
	case string:
		return "string " + x
	case Named:
		return x.Name()
	case nil:
		return "nil"
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func counter() (func() int, func()) {
	n := 0
	return func() int { n++; return n }, func() { n = 0 }
}

var memo = map[int]int{}

func fib(n int) int {
	if n < 2 {
		return n
	}
	if v, ok := memo[n]; ok {
		return v
	}
	memo[n] = fib(n-1) + fib(n-2)
	return memo[n]
}

type Config struct {
	Name    string            `json:"name"`
	Port    int               `json:"port,omitempty"`
	Labels  map[string]string `json:"labels"`
	Backend struct {
		Host string `json:"host"`
	} `json:"backend"`
	Timeout time.Duration `json:"-"`
}

func main() {
	fmt.Println(Sum(1, 2, 3), Sum(1.5, 2.5))
	a, b := 2, 3.5
	fmt.Println(Sum(float64(a), b), Sum(a, a))

	var s Shape = Rect{2, 3}
	fmt.Println(s.Area(), describe(s), describe(3), describe("x"), describe(nil), describe(2.5))

	next, reset := counter()
	next()
	next()
	fmt.Println(next())
	reset()
	fmt.Println(next())
	fmt.Println(fib(50))

	var once sync.Once
	var hits atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			once.Do(func() { fmt.Println("init once") })
			hits.Add(1)
		}()
	}
	wg.Wait()
	fmt.Println(hits.Load())

	ctx, cancel := context.WithCancel(context.Background())
	child, cancelChild := context.WithTimeout(ctx, time.Hour)
	defer cancelChild()
	cancel()
	<-child.Done()
	fmt.Println(child.Err(), errors.Is(child.Err(), context.Canceled))

	log := "GET /a 200 12ms\nPOST /b 500 130ms\nGET /c 200 8ms\n"
	sc := bufio.NewScanner(strings.NewReader(log))
	codes := map[string]int{}
	var total time.Duration
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		codes[f[2]]++
		d, err := time.ParseDuration(f[3])
		if err == nil {
			total += d
		}
	}
	fmt.Println(codes, total, slices.Sorted(maps.Keys(codes)))

	var buf bytes.Buffer
	io.Copy(&buf, strings.NewReader("copied"))
	fmt.Println(buf.String(), buf.Len())

	var cfg Config
	err := json.Unmarshal([]byte(`{"name":"api","labels":{"env":"prod"},"backend":{"host":"10.0.0.1"}}`), &cfg)
	fmt.Println(err, cfg.Name, cfg.Labels["env"], cfg.Backend.Host, cfg.Port)
	out, _ := json.Marshal(cfg)
	fmt.Println(string(out))

	host, port, found := strings.Cut("db:5432", ":")
	p, _ := strconv.Atoi(port)
	fmt.Println(host, p+1, found)

	dir, _ := os.MkdirTemp("", "walk")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "a.log"), []byte("x"), 0o600)
	os.Mkdir(filepath.Join(dir, "sub"), 0o700)
	os.WriteFile(filepath.Join(dir, "sub", "b.log"), []byte("yy"), 0o600)
	var sizes []int64
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".log") {
			info, _ := d.Info()
			sizes = append(sizes, info.Size())
		}
		return nil
	})
	fmt.Println(sizes)

	var m Millis = 1500
	fmt.Println(time.Duration(m) * time.Millisecond)
	idx := slices.Index([]string{"a", "b"}, "b")
	fmt.Println(idx, slices.Contains([]int{1, 2}, 3), errors.Join(errors.New("a"), errors.New("b")))
}
