// Interfaces embedding interfaces, a type switch over the session's types,
// recover into a named result, csv, bufio, regexp, sha256, tabwriter, time.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

type Shape interface {
	Area() float64
	fmt.Stringer
}

type Named interface {
	Shape
	Name() string
}

type Rect struct{ W, H float64 }

func (r Rect) Area() float64  { return r.W * r.H }
func (r Rect) String() string { return fmt.Sprintf("rect %gx%g", r.W, r.H) }
func (r Rect) Name() string   { return "rect" }

type Circle struct{ R float64 }

func (c *Circle) Area() float64  { return math.Pi * c.R * c.R }
func (c *Circle) String() string { return fmt.Sprintf("circle r=%g", c.R) }

func describe(s Shape) string {
	switch v := s.(type) {
	case Rect:
		return "R:" + v.String()
	case *Circle:
		return fmt.Sprintf("C:%.2f", v.Area())
	default:
		return "?"
	}
}

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

var errEmpty = errors.New("empty")

func parseRecords(s string) ([][]string, error) {
	if s == "" {
		return nil, errEmpty
	}
	return csv.NewReader(strings.NewReader(s)).ReadAll()
}

func main() {
	shapes := []Shape{Rect{2, 3}, &Circle{1}}
	sort.SliceStable(shapes, func(i, j int) bool { return shapes[i].Area() < shapes[j].Area() })
	for _, s := range shapes {
		fmt.Println(describe(s), s)
	}
	var n Named = Rect{1, 1}
	fmt.Println(n.Name(), n.Area(), n)
	if _, ok := shapes[0].(Named); ok {
		fmt.Println("named")
	}
	q, err := safeDiv(1, 0)
	fmt.Println(q, err)
	recs, err := parseRecords("host,port\nweb,80\ndb,5432\n")
	fmt.Println(len(recs), recs[2][1], err)
	_, err = parseRecords("")
	fmt.Println(errors.Is(err, errEmpty))
	sc := bufio.NewScanner(strings.NewReader("a 1\nb 2\n\nc 3\n"))
	total := 0
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 {
			continue
		}
		v, _ := strconv.Atoi(f[1])
		total += v
	}
	fmt.Println(total)
	re := regexp.MustCompile(`(\w+)=(\d+)`)
	for _, m := range re.FindAllStringSubmatch("a=1 b=22 c=x", -1) {
		fmt.Print(m[1], ":", m[2], " ")
	}
	fmt.Println()
	sum := sha256.Sum256([]byte("opsh"))
	fmt.Println(hex.EncodeToString(sum[:4]), base64.StdEncoding.EncodeToString([]byte("hi")))
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 4, 1, ' ', 0)
	fmt.Fprintln(tw, "HOST\tPORT")
	fmt.Fprintln(tw, "web\t80")
	tw.Flush()
	fmt.Print(buf.String())
	t, _ := time.Parse(time.RFC3339, "2026-12-06T10:00:00Z")
	fmt.Println(t.Add(90*time.Minute).Format("15:04"), t.Weekday(), t.YearDay())
	f, _ := strconv.ParseFloat("2.5", 64)
	fmt.Println(math.Round(f*10)/10, math.MaxInt8, strconv.Quote("a\tb"))
	fmt.Fprintln(os.Stdout, "to stdout")
}
