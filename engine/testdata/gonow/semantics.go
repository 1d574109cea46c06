// Value semantics and the corners of the language people trip on.
package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"unicode/utf8"
)

type Point struct{ X, Y int }

type Grid [3][3]int

type Named interface{ Name() string }
type Sized interface{ Size() int }
type File interface {
	Named
	Sized
}

type doc struct {
	name string
	body []byte
}

func (d doc) Name() string     { return d.name }
func (d *doc) Size() int       { return len(d.body) }
func (d *doc) Append(s string) { d.body = append(d.body, s...) }

type Logger struct{ prefix string }

func (l *Logger) Log(s string) string { return l.prefix + s }

type Service struct {
	*Logger
	Point
	Name string
}

func divide(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	q = a / b
	return
}

func counter() (func() int, func()) {
	n := 0
	return func() int { n++; return n }, func() { n = 0 }
}

func classify(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int, int64:
		return fmt.Sprintf("integer %v", x)
	case string:
		return "string of " + fmt.Sprint(len(x))
	case error:
		return "error " + x.Error()
	case fmt.Stringer:
		return "stringer " + x.String()
	case []int:
		return fmt.Sprint("ints ", len(x))
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func main() {
	a := [3]int{1, 2, 3}
	b := a
	b[0] = 9
	fmt.Println(a, b, a == [3]int{1, 2, 3})
	var g Grid
	g[1][1] = 5
	h := g
	h[1][1]++
	fmt.Println(g[1][1], h[1][1])
	pts := []Point{{1, 2}, {3, 4}}
	for _, p := range pts {
		p.X = 100
	}
	for i := range pts {
		pts[i].Y *= 10
	}
	fmt.Println(pts)
	seen := map[Point]bool{{1, 20}: true}
	fmt.Println(seen[pts[0]], seen[Point{3, 40}], Point{1, 2} == Point{1, 2})
	m := map[string]Point{"a": {1, 1}}
	p := m["a"]
	p.X = 7
	m["a"] = p
	fmt.Println(m)

	d := &doc{name: "notes.txt"}
	d.Append("hello ")
	d.Append("world")
	var f File = d
	fmt.Println(f.Name(), f.Size(), string(d.body))
	if s, ok := f.(Sized); ok {
		fmt.Println("sized", s.Size())
	}

	svc := Service{&Logger{"[svc] "}, Point{1, 2}, "api"}
	fmt.Println(svc.Log("up"), svc.X, svc.Point.Y)
	logf := svc.Log
	svc.Logger = &Logger{"[new] "}
	fmt.Println(logf("bound"), svc.Log("fresh"))

	fmt.Println(divide(7, 2))
	fmt.Println(divide(1, 0))
	next, reset := counter()
	next()
	next()
	fmt.Println(next())
	reset()
	fmt.Println(next())

	for _, v := range []any{nil, 3, int64(4), "hé", errors.New("x"), pts, []int{1}, 2.5} {
		fmt.Println(classify(v))
	}

	s := "héllo, 世界"
	fmt.Println(len(s), utf8.RuneCountInString(s), s[1], string(s[1]), []byte(s[:3]))
	for i, r := range "aé" {
		fmt.Print(i, ":", string(r), " ")
	}
	fmt.Println()
	fmt.Println(-7/2, -7%2, 7>>1, -7>>1, 1<<10, uint8(len(s)+240)+10, math.MaxInt64, math.Inf(1), -0.0)
	var u uint = 0
	u--
	fmt.Println(u == math.MaxUint, ^0, 0x1F&^0x3, 6|9, 6^3)
	fmt.Printf("%x %X %08.3f %+d %U %c %b %o %e %g %5s|%-5s| %q %v\n", "hi", []byte{1, 171}, math.Pi, 5, 'é', 'A', 5, 8, 1234.5678, 1e21, "ab", "cd", 'x', map[string]int{"b": 2, "a": 1})
	fmt.Printf("%#v %+v %T %v\n", Point{1, 2}, Point{3, 4}, pts, &Point{5, 6})
	fmt.Printf("%6.2f%% %t %v %d\n", 99.5, true, nil, []int8{-1, 2})

	i := 0
retry:
	i++
	if i < 3 {
		goto retry
	}
	fmt.Println("tries", i)
outer:
	for x := 0; x < 3; x++ {
		for y := 0; y < 3; y++ {
			if y == 1 {
				continue outer
			}
			if x == 2 {
				break outer
			}
			fmt.Print(x, y, " ")
		}
	}
	fmt.Println()
	if v, err := divide(9, 3); err != nil {
		fmt.Println("err", err)
	} else if v > 2 {
		fmt.Println("big", v)
	} else {
		fmt.Println("small", v)
	}
	var sb strings.Builder
	defer fmt.Println("deferred 1")
	defer func() { fmt.Println("deferred 2", sb.String()) }()
	sb.WriteString("built")
	fmt.Fprintln(os.Stdout, "to stdout")
}
