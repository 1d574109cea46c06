// Disk usage report: human byte sizes with a Format method (fmt.Formatter),
// a GoString method, tabwriter with left-aligned columns, stable multi-key
// sorting, and slices/maps helpers on grouped mounts.
package main

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

type Bytes uint64

func (b Bytes) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v', 's':
		units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
		v, i := float64(b), 0
		for v >= 1024 && i < len(units)-1 {
			v /= 1024
			i++
		}
		prec, ok := f.Precision()
		if !ok {
			prec = 1
		}
		s := strconv.FormatFloat(v, 'f', prec, 64) + " " + units[i]
		if w, ok := f.Width(); ok && f.Flag('-') {
			s = fmt.Sprintf("%-*s", w, s)
		} else if ok {
			s = fmt.Sprintf("%*s", w, s)
		}
		fmt.Fprint(f, s)
	case 'd':
		fmt.Fprint(f, uint64(b))
	default:
		fmt.Fprintf(f, "%%!%c(Bytes=%d)", verb, uint64(b))
	}
}

type Mount struct {
	Host, Path string
	Size, Used Bytes
}

func (m Mount) Pct() float64 { return float64(m.Used) / float64(m.Size) * 100 }

func (m Mount) GoString() string { return fmt.Sprintf("Mount(%s:%s)", m.Host, m.Path) }

func main() {
	mounts := []Mount{
		{"web-1", "/", 50 << 30, 41 << 30},
		{"web-1", "/var", 200 << 30, 20 << 30},
		{"db-1", "/", 50 << 30, 12 << 30},
		{"db-1", "/data", 2 << 40, 1900 << 30},
		{"web-2", "/", 50 << 30, 41 << 30},
		{"web-2", "/tmp", 512 << 20, 100 << 10},
	}
	sort.SliceStable(mounts, func(i, j int) bool {
		if a, b := mounts[i].Pct(), mounts[j].Pct(); a != b {
			return a > b
		}
		return mounts[i].Host < mounts[j].Host
	})
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "HOST\tMOUNT\tSIZE\tUSED\tUSE%\t")
	for _, m := range mounts {
		flag := ""
		if m.Pct() > 80 {
			flag = " !"
		}
		fmt.Fprintf(w, "%s\t%s\t%v\t%.2v\t%5.1f%%%s\t\n", m.Host, m.Path, m.Size, m.Used, m.Pct(), flag)
	}
	w.Flush()
	fmt.Printf("[%10v] [%-10v] [%d] [%x]\n", Bytes(1536), Bytes(1536), Bytes(1536), Bytes(1536))
	fmt.Println(Bytes(3<<30), []Bytes{1, 2048})
	fmt.Printf("%#v\n", mounts[0])
	fmt.Printf("%+v\n", mounts[len(mounts)-1])
	fmt.Println(fmt.Sprint(Bytes(10)), fmt.Sprintf("%s", Bytes(1<<20)))

	byHost := map[string][]string{}
	var total Bytes
	for _, m := range mounts {
		byHost[m.Host] = append(byHost[m.Host], m.Path)
		total += m.Used
	}
	for _, h := range slices.Sorted(maps.Keys(byHost)) {
		paths := byHost[h]
		slices.Sort(paths)
		fmt.Printf("%-6s %s\n", h, strings.Join(paths, " "))
	}
	fmt.Printf("total used: %.3v\n", total)
	hosts := slices.Collect(maps.Keys(byHost))
	slices.Sort(hosts)
	hosts = slices.Insert(hosts, 1, "db-1", "zz")
	fmt.Println(hosts, slices.Compact(slices.Sorted(slices.Values(hosts))))
	pcts := make(map[string]float64)
	for _, m := range mounts {
		pcts[m.Host+":"+m.Path] = m.Pct()
	}
	worst := slices.MaxFunc(mounts, func(a, b Mount) int {
		if a.Pct() < b.Pct() {
			return -1
		} else if a.Pct() > b.Pct() {
			return 1
		}
		return 0
	})
	fmt.Printf("worst %s:%s %.1f%% of %d\n", worst.Host, worst.Path, pcts[worst.Host+":"+worst.Path], len(pcts))
}
