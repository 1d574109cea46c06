// Log triage with named groups: parse syslog-ish lines, redact secrets,
// count by level and service, and report the slowest calls.
package main

import (
	"bufio"
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

const raw = `2026-03-01T10:00:00Z api INFO request path=/v1/users dur=12ms token=abc123
2026-03-01T10:00:01Z api WARN slow request path=/v1/orders dur=1.5s token=zzz999
2026-03-01T10:00:02Z db ERROR connection reset peer=10.0.0.5:5432 dur=250ms
2026-03-01T10:00:03Z api info request path=/v1/users dur=9ms
not a log line at all
2026-03-01T10:00:04Z cache DEBUG miss key=user:42 dur=350us
2026-03-01T10:00:05Z db ERROR timeout peer=10.0.0.6:5432 dur=2s password=hunter2`

var lineRE = regexp.MustCompile(`^(?P<ts>\S+) (?P<svc>\w+) (?P<level>[A-Za-z]+) (?P<msg>.*)$`)
var kvRE = regexp.MustCompile(`(\w+)=(\S+)`)
var secretRE = regexp.MustCompile(`(token|password)=\S+`)

type Entry struct {
	At      time.Time
	Service string
	Level   string
	Msg     string
	Fields  map[string]string
	Dur     time.Duration
}

func parse(line string) (Entry, bool) {
	m := lineRE.FindStringSubmatch(line)
	if m == nil {
		return Entry{}, false
	}
	get := func(name string) string { return m[lineRE.SubexpIndex(name)] }
	at, err := time.Parse(time.RFC3339, get("ts"))
	if err != nil {
		return Entry{}, false
	}
	e := Entry{At: at, Service: get("svc"), Level: strings.ToUpper(get("level")), Msg: get("msg"), Fields: map[string]string{}}
	for _, kv := range kvRE.FindAllStringSubmatch(e.Msg, -1) {
		e.Fields[kv[1]] = kv[2]
	}
	if d, err := time.ParseDuration(e.Fields["dur"]); err == nil {
		e.Dur = d
	}
	return e, true
}

func main() {
	fmt.Println("groups:", lineRE.SubexpNames()[1:], lineRE.NumSubexp())
	var entries []Entry
	sc := bufio.NewScanner(strings.NewReader(raw))
	n := 0
	for sc.Scan() {
		n++
		line := secretRE.ReplaceAllStringFunc(sc.Text(), func(s string) string {
			k, _, _ := strings.Cut(s, "=")
			return k + "=" + strings.Repeat("*", 4)
		})
		e, ok := parse(line)
		if !ok {
			fmt.Printf("line %d: skipped %q\n", n, line)
			continue
		}
		entries = append(entries, e)
	}
	byLevel := map[string][]string{}
	for _, e := range entries {
		byLevel[e.Level] = append(byLevel[e.Level], e.Service)
	}
	levels := make([]string, 0, len(byLevel))
	for l := range byLevel {
		levels = append(levels, l)
	}
	slices.Sort(levels)
	for _, l := range levels {
		fmt.Printf("%-6s %d %v\n", l, len(byLevel[l]), byLevel[l])
	}
	slices.SortFunc(entries, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(b.Dur, a.Dur), strings.Compare(a.Service, b.Service))
	})
	for i, e := range entries[:3] {
		fmt.Printf("#%d %-5s %8v %s %q\n", i+1, e.Service, e.Dur, e.At.Format("15:04:05"), e.Fields["path"]+e.Fields["peer"])
	}
	redacted := secretRE.ReplaceAllString("token=abc password=x user=bob", "$1=<redacted>")
	fmt.Println(redacted)
	fmt.Println(kvRE.ReplaceAllString("a=1 b=2", "${2}:${1}"))
	idx := kvRE.FindAllStringIndex("x a=1 bb=22", -1)
	fmt.Println(idx, kvRE.MatchString("nothing"))
	fmt.Printf("%q\n", regexp.MustCompile(`\s*,\s*`).Split("a , b,c ,  d", -1))
}
