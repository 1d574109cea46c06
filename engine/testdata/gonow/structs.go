// Struct plumbing: constructors with options, embedding and overriding,
// struct tags read by reflect, comparisons, copies of nested slices, and
// anonymous structs.
package main

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"
)

type Option func(*Client)

type Client struct {
	Base    string
	Timeout time.Duration
	Retries int
	Headers map[string]string
}

func WithTimeout(d time.Duration) Option { return func(c *Client) { c.Timeout = d } }
func WithRetries(n int) Option           { return func(c *Client) { c.Retries = n } }
func WithHeader(k, v string) Option {
	return func(c *Client) {
		if c.Headers == nil {
			c.Headers = map[string]string{}
		}
		c.Headers[k] = v
	}
}

func NewClient(base string, opts ...Option) *Client {
	c := &Client{Base: base, Timeout: 10 * time.Second, Retries: 1}
	for _, o := range opts {
		o(c)
	}
	return c
}

type Animal struct{ Name string }

func (a Animal) Speak() string { return a.Name + " makes a sound" }
func (a Animal) Intro() string { return "I am " + a.Name + ": " + a.Speak() }

type Dog struct {
	Animal
	Breed string
}

func (d Dog) Speak() string { return d.Name + " barks" }

type Record struct {
	ID    int    `json:"id" db:"record_id"`
	Owner string `json:"owner,omitempty" db:"owner"`
}

type Matrix struct {
	Rows [][]int
}

func (m Matrix) Clone() Matrix {
	out := Matrix{Rows: make([][]int, len(m.Rows))}
	for i, r := range m.Rows {
		out.Rows[i] = append([]int(nil), r...)
	}
	return out
}

func main() {
	c := NewClient("https://api", WithTimeout(3*time.Second), WithHeader("X-A", "1"), WithRetries(4))
	fmt.Println(c.Base, c.Timeout, c.Retries, c.Headers)
	d := Dog{Animal{"rex"}, "lab"}
	fmt.Println(d.Speak(), "|", d.Intro(), "|", d.Animal.Speak())
	t := reflect.TypeOf(Record{})
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fmt.Printf("%s json=%q db=%q exported=%v\n", f.Name, f.Tag.Get("json"), f.Tag.Get("db"), f.IsExported())
	}
	r1, r2 := Record{ID: 1, Owner: "a"}, Record{ID: 1, Owner: "a"}
	fmt.Println(r1 == r2, r1 != Record{ID: 2})
	m := Matrix{Rows: [][]int{{1, 2}, {3}}}
	shallow := m
	deep := m.Clone()
	m.Rows[0][0] = 99
	fmt.Println(shallow.Rows[0][0], deep.Rows[0][0])
	points := []struct {
		Name string
		X, Y int
	}{{"b", 2, 1}, {"a", 1, 2}, {"c", 2, 0}}
	sort.Slice(points, func(i, j int) bool {
		if points[i].X != points[j].X {
			return points[i].X < points[j].X
		}
		return points[i].Name < points[j].Name
	})
	var names []string
	for _, p := range points {
		names = append(names, p.Name)
	}
	fmt.Println(strings.Join(names, ","), points[0])
	cfg := struct {
		Host string
		Port int
	}{"db", 5432}
	fmt.Printf("%v %+v\n", cfg, cfg)
	type local struct{ A, B int }
	l := local{1, 2}
	l2 := l
	l2.A = 10
	fmt.Println(l, l2, reflect.DeepEqual(l, local{1, 2}))
	var zero Client
	fmt.Println(zero.Headers == nil, len(zero.Headers), zero.Timeout)
	ptr := &zero
	ptr.Retries++
	fmt.Println(zero.Retries)
}
