// Metrics aggregation: Prometheus-style text parsed with regexp, a generic
// Counter type with methods, closures as accumulators, Expand with named
// groups, and a bar chart with strings.Builder.
package main

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

const scrape = `# HELP http_requests_total Requests.
http_requests_total{code="200",method="get",svc="api"} 1027
http_requests_total{code="500",method="get",svc="api"} 3
http_requests_total{code="200",method="post",svc="auth"} 88
http_requests_total{code="404",method="get",svc="web"} 17
latency_seconds_sum{svc="api"} 12.5
latency_seconds_count{svc="api"} 1030
up{svc="db"} 0`

var sampleRE = regexp.MustCompile(`^(?P<name>[a-z_]+)\{(?P<labels>[^}]*)\} (?P<value>\S+)$`)
var labelRE = regexp.MustCompile(`(\w+)="([^"]*)"`)

type Counter[K cmp.Ordered] struct {
	m map[K]float64
}

func NewCounter[K cmp.Ordered]() *Counter[K] { return &Counter[K]{m: map[K]float64{}} }

func (c *Counter[K]) Add(k K, v float64) { c.m[k] += v }

func (c *Counter[K]) Top(n int) []K {
	keys := slices.Collect(maps.Keys(c.m))
	slices.SortFunc(keys, func(a, b K) int {
		return cmp.Or(cmp.Compare(c.m[b], c.m[a]), cmp.Compare(a, b))
	})
	return keys[:min(n, len(keys))]
}

func (c *Counter[K]) Get(k K) float64 { return c.m[k] }

func accumulator() (func(float64), func() (float64, float64, float64)) {
	n, sum, hi := 0.0, 0.0, math.Inf(-1)
	return func(v float64) {
			n++
			sum += v
			hi = math.Max(hi, v)
		}, func() (float64, float64, float64) {
			return n, sum / n, hi
		}
}

func bar(v, maxV float64, width int) string {
	var b strings.Builder
	n := int(math.Round(v / maxV * float64(width)))
	b.WriteString(strings.Repeat("█", n))
	b.WriteString(strings.Repeat("·", width-n))
	return b.String()
}

func main() {
	bySvc := NewCounter[string]()
	byCode := NewCounter[int]()
	add, stats := accumulator()
	var tmpl []byte
	for _, line := range strings.Split(scrape, "\n") {
		m := sampleRE.FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		tmpl = sampleRE.ExpandString(tmpl[:0], "$name@$value", line, m)
		name := line[m[2]:m[3]]
		labels := map[string]string{}
		for _, kv := range labelRE.FindAllStringSubmatch(line[m[4]:m[5]], -1) {
			labels[kv[1]] = kv[2]
		}
		v, err := strconv.ParseFloat(line[m[6]:m[7]], 64)
		if err != nil {
			continue
		}
		fmt.Printf("%-28s %v\n", string(tmpl), slices.Sorted(maps.Keys(labels)))
		if name != "http_requests_total" {
			continue
		}
		bySvc.Add(labels["svc"], v)
		code, _ := strconv.Atoi(labels["code"])
		byCode.Add(code, v)
		add(v)
	}
	top := bySvc.Top(5)
	hi := bySvc.Get(top[0])
	for _, s := range top {
		fmt.Printf("%-5s %6.0f %s\n", s, bySvc.Get(s), bar(bySvc.Get(s), hi, 20))
	}
	fmt.Println("codes:", byCode.Top(2), byCode.Get(500))
	n, avg, mx := stats()
	fmt.Printf("n=%v avg=%.2f max=%g\n", n, avg, mx)
	fmt.Println(sampleRE.SubexpNames(), sampleRE.SubexpIndex("value"), sampleRE.SubexpIndex("nope"))
	fmt.Println(labelRE.ReplaceAllStringFunc(`a="1",b="2"`, strings.ToUpper))
	fmt.Printf("%q\n", labelRE.FindAllString(`x="1" y="" z`, -1))
	fmt.Println(string(labelRE.ReplaceAllFunc([]byte(`k="v"`), func(b []byte) []byte { return append([]byte("["), append(b, ']')...) })))
	re := regexp.MustCompile(`a+?`)
	fmt.Println(re.FindString("aaa"), re.String(), regexp.QuoteMeta("1.5*x"))
	lre := regexp.MustCompilePOSIX(`a+|a+b`)
	fmt.Println(lre.FindString("aab"))
	_, err := regexp.Compile(`(unclosed`)
	fmt.Println(err)
}
