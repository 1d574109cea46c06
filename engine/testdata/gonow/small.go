// Small things: slice types with pointer methods, append aliasing, copy,
// iota expressions, wrapping arithmetic, function fields, and struct
// values in maps updated through a pointer map.
package main

import (
	"fmt"
	"math"
	"strings"
)

type Stack []int

func (s *Stack) Push(v int) { *s = append(*s, v) }
func (s *Stack) Pop() int {
	old := *s
	v := old[len(old)-1]
	*s = old[:len(old)-1]
	return v
}
func (s Stack) Peek() int { return s[len(s)-1] }

type Perm uint8

const (
	Read Perm = 1 << iota
	Write
	Exec
	_
	Admin
	All = Read | Write | Exec | Admin
)

func (p Perm) String() string {
	var parts []string
	for _, x := range []struct {
		p Perm
		n string
	}{{Read, "r"}, {Write, "w"}, {Exec, "x"}, {Admin, "A"}} {
		if p&x.p != 0 {
			parts = append(parts, x.n)
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "")
}

type Job struct {
	Name string
	Run  func(int) int
}

func (j Job) Do(n int) string { return fmt.Sprintf("%s(%d)=%d", j.Name, n, j.Run(n)) }

const (
	KB = 1 << (10 * (iota + 1))
	MB
	GB
)

func main() {
	var s Stack
	s.Push(1)
	s.Push(2)
	s.Push(3)
	fmt.Println(s.Pop(), s.Peek(), len(s), s)

	a := make([]int, 3, 10)
	b := append(a, 4)
	c := append(a, 5)
	fmt.Println(b[3], c[3], len(a))
	d := []int{1, 2, 3, 4, 5}
	n := copy(d, d[2:])
	fmt.Println(n, d)
	e := d[1:3:3]
	e = append(e, 99)
	fmt.Println(d, e, cap(e) >= 3)

	fmt.Println(Read, Write, Exec, Admin, All, Perm(0), Read|Exec, uint8(All))
	fmt.Printf("%v %d %s\n", Write|Admin, Write|Admin, Perm(6))
	fmt.Println(KB, MB, GB/MB)

	var i8 int8 = 127
	i8++
	var u16 uint16 = 0
	u16--
	var i32 int32 = math.MaxInt32
	i32 += 2
	fmt.Println(i8, u16, i32, 7/2, -7/2, 7.0/2, 1<<62>>60)

	jobs := []Job{{"double", func(n int) int { return n * 2 }}, {"square", func(n int) int { return n * n }}}
	for _, j := range jobs {
		fmt.Print(j.Do(4), " ")
	}
	fmt.Println()

	type counter struct{ hits, misses int }
	stats := map[string]*counter{}
	for _, k := range strings.Fields("a b a c a b") {
		if stats[k] == nil {
			stats[k] = &counter{}
		}
		stats[k].hits++
	}
	fmt.Println(stats["a"].hits, stats["b"].hits, len(stats))
	vals := map[string]counter{"x": {1, 2}}
	cv := vals["x"]
	cv.misses = 10
	vals["x"] = cv
	fmt.Println(vals["x"])
	key := string([]byte{'k', '1'})
	m := map[string]bool{key: true}
	fmt.Println(m["k1"], strings.Compare("a", "b"), "abc" < "abd", "Z" < "a")
}
