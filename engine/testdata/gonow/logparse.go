// Log triage: a regexp over access-log lines, counts by status and path,
// the slowest requests, and a histogram.
package main

import (
	"bufio"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

const logs = `127.0.0.1 - - [06/Dec/2026:10:00:01 +0000] "GET /api/users HTTP/1.1" 200 512 0.031
10.0.0.2 - - [06/Dec/2026:10:00:02 +0000] "POST /api/login HTTP/1.1" 401 87 0.120
10.0.0.3 - - [06/Dec/2026:10:00:03 +0000] "GET /api/users HTTP/1.1" 200 498 0.029
10.0.0.2 - - [06/Dec/2026:10:00:04 +0000] "GET /health HTTP/1.1" 200 2 0.001
10.0.0.9 - - [06/Dec/2026:10:00:05 +0000] "GET /api/orders HTTP/1.1" 500 120 1.503
garbage
10.0.0.3 - - [06/Dec/2026:10:00:07 +0000] "GET /api/orders HTTP/1.1" 502 0 3.001`

var lineRE = regexp.MustCompile(`^(\S+) \S+ \S+ \[([^\]]+)\] "(\w+) (\S+) [^"]*" (\d{3}) (\d+) ([\d.]+)$`)

type Request struct {
	IP       string
	At       time.Time
	Method   string
	Path     string
	Status   int
	Bytes    int
	Duration time.Duration
}

func (r Request) Failed() bool { return r.Status >= 500 }

type counter map[string]int

func (c counter) top(n int) []string {
	keys := slices.Collect(maps.Keys(c))
	sort.Slice(keys, func(i, j int) bool {
		if c[keys[i]] != c[keys[j]] {
			return c[keys[i]] > c[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > n {
		keys = keys[:n]
	}
	return keys
}

func parse(line string) (Request, error) {
	m := lineRE.FindStringSubmatch(line)
	if m == nil {
		return Request{}, fmt.Errorf("no match: %.20q", line)
	}
	at, err := time.Parse("02/Jan/2006:15:04:05 -0700", m[2])
	if err != nil {
		return Request{}, err
	}
	status, _ := strconv.Atoi(m[5])
	n, _ := strconv.Atoi(m[6])
	secs, _ := strconv.ParseFloat(m[7], 64)
	return Request{m[1], at, m[3], m[4], status, n, time.Duration(secs * float64(time.Second))}, nil
}

func main() {
	var reqs []Request
	bad := 0
	sc := bufio.NewScanner(strings.NewReader(logs))
	for sc.Scan() {
		r, err := parse(sc.Text())
		if err != nil {
			bad++
			fmt.Println("skip:", err)
			continue
		}
		reqs = append(reqs, r)
	}
	byStatus := map[int]int{}
	paths := counter{}
	ips := counter{}
	var total time.Duration
	for _, r := range reqs {
		byStatus[r.Status]++
		paths[r.Path]++
		ips[r.IP]++
		total += r.Duration
	}
	fmt.Println(len(reqs), "requests,", bad, "bad lines")
	for _, s := range slices.Sorted(maps.Keys(byStatus)) {
		fmt.Printf("%d %s\n", s, strings.Repeat("#", byStatus[s]))
	}
	fmt.Println("top paths:", paths.top(2), "top ips:", ips.top(1))
	slow := slices.Clone(reqs)
	slices.SortFunc(slow, func(a, b Request) int { return int(b.Duration - a.Duration) })
	for _, r := range slow[:2] {
		fmt.Printf("%-12s %-5s %v failed=%t at %s\n", r.Path, r.Method, r.Duration, r.Failed(), r.At.Format(time.Kitchen))
	}
	fmt.Printf("mean %v\n", (total / time.Duration(len(reqs))).Round(time.Millisecond))
	failed := slices.IndexFunc(reqs, Request.Failed)
	fmt.Println("first failure:", reqs[failed].Path, reqs[failed].At.Sub(reqs[0].At))
	window := reqs[len(reqs)-1].At.Sub(reqs[0].At)
	fmt.Printf("%.2f req/s over %v\n", float64(len(reqs))/window.Seconds(), window)
}
