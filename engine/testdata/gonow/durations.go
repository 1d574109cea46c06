// Latency and uptime arithmetic: ParseDuration, Round, Truncate, fixed
// layouts for Parse and Format, Sub, percentiles over sorted durations.
package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

type Window struct {
	Start, End time.Time
}

func (w Window) Len() time.Duration { return w.End.Sub(w.Start) }

func (w Window) String() string {
	return fmt.Sprintf("%s→%s (%v)", w.Start.Format("Jan 2 15:04"), w.End.Format("15:04:05"), w.Len())
}

func percentile(ds []time.Duration, p float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p)
	return s[i]
}

func main() {
	samples := "12ms 1.5s 250us 3m2.5s 90ms 1h2m 700ns 45ms bogus 2h"
	var ds []time.Duration
	for _, f := range strings.Fields(samples) {
		d, err := time.ParseDuration(f)
		if err != nil {
			fmt.Println("skip:", err)
			continue
		}
		ds = append(ds, d)
	}
	for _, d := range ds {
		fmt.Printf("%-12v round(ms)=%-10v trunc(s)=%-8v %.3fs %dns\n", d, d.Round(time.Millisecond), d.Truncate(time.Second), d.Seconds(), d.Nanoseconds())
	}
	fmt.Println("p50:", percentile(ds, 0.5), "p90:", percentile(ds, 0.9), "max:", slices.Max(ds))
	var total time.Duration
	for _, d := range ds {
		total += d
	}
	fmt.Println("total:", total, "avg:", (total / time.Duration(len(ds))).Round(time.Microsecond))
	fmt.Println(time.Duration(1500)*time.Millisecond, 90*time.Minute, time.Duration(0), -3*time.Second)
	fmt.Printf("%d %v %s %q\n", 2*time.Second, time.Minute/3, time.Hour.String(), 5*time.Millisecond)
	fmt.Println(time.Duration(2*time.Hour+30*time.Minute).Hours(), (150 * time.Second).Minutes())

	layout := "2006-01-02 15:04:05"
	a, err := time.Parse(layout, "2026-02-27 23:10:00")
	if err != nil {
		fmt.Println(err)
	}
	b, _ := time.Parse(layout, "2026-03-01 01:25:30")
	w := Window{a, b}
	fmt.Println(w)
	fmt.Println(w.Len().Round(time.Hour), w.Len().Truncate(time.Hour), b.After(a), a.Equal(a.UTC()))
	fmt.Println(a.Add(36*time.Hour).Format(time.RFC3339), a.AddDate(0, 1, 0).Format("Mon Jan _2 2006"))
	fmt.Println(a.Weekday(), a.YearDay(), b.Month(), int(b.Month()), a.Truncate(time.Hour).Format(time.Kitchen))
	_, err = time.Parse(layout, "2026-13-01 00:00:00")
	fmt.Println("bad:", err)
	t3, _ := time.Parse(time.RFC3339, "2026-06-01T12:00:00+02:00")
	fmt.Println(t3.UTC().Format(time.DateTime), t3.Unix(), t3.Format("-07:00 MST"))
	windows := []Window{{a, b}, {a, a.Add(time.Hour)}, {b, b.Add(30 * time.Minute)}}
	slices.SortFunc(windows, func(x, y Window) int { return int(x.Len() - y.Len()) })
	for _, w := range windows {
		fmt.Printf("%v | %s\n", w.Len(), w)
	}
	fmt.Println(windows[0])
	fmt.Printf("%v\n", windows[:2])
	d, _ := time.ParseDuration("1h15m30.918273645s")
	for _, r := range []time.Duration{time.Nanosecond, time.Microsecond, time.Second, 2 * time.Second, time.Minute, 15 * time.Minute, time.Hour, 0} {
		fmt.Printf("r %v t %v\n", d.Round(r), d.Truncate(r))
	}
}
