// On-call load: incidents in nested maps (team → service → incidents),
// multi-key sorting, embedded structs whose methods are promoted, and
// fmt of pointers, slices and maps of Stringers.
package main

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
)

type Sev int

const (
	SevLow Sev = iota + 1
	SevHigh
	SevCrit
)

func (s Sev) String() string { return [...]string{"?", "low", "high", "crit"}[s] }

type Base struct {
	ID   int
	Team string
}

func (b Base) Key() string { return fmt.Sprintf("%s-%03d", strings.ToUpper(b.Team), b.ID) }

type Incident struct {
	Base
	Service string
	Sev     Sev
	Minutes int
}

func (i *Incident) String() string { return i.Key() + "/" + i.Service }

type Summary struct {
	Count   int
	Minutes int
	Worst   Sev
}

func main() {
	incs := []*Incident{
		{Base{7, "db"}, "postgres", SevCrit, 95},
		{Base{3, "web"}, "api", SevHigh, 30},
		{Base{9, "web"}, "api", SevLow, 5},
		{Base{1, "db"}, "redis", SevHigh, 45},
		{Base{4, "web"}, "cdn", SevCrit, 95},
		{Base{2, "db"}, "postgres", SevLow, 10},
	}
	tree := map[string]map[string][]*Incident{}
	sums := map[string]*Summary{}
	for _, in := range incs {
		if tree[in.Team] == nil {
			tree[in.Team] = map[string][]*Incident{}
		}
		tree[in.Team][in.Service] = append(tree[in.Team][in.Service], in)
		s, ok := sums[in.Team]
		if !ok {
			s = &Summary{}
			sums[in.Team] = s
		}
		s.Count++
		s.Minutes += in.Minutes
		s.Worst = max(s.Worst, in.Sev)
	}
	teams := make([]string, 0, len(tree))
	for t := range tree {
		teams = append(teams, t)
	}
	sort.Strings(teams)
	for _, t := range teams {
		fmt.Printf("%s %+v\n", t, *sums[t])
		svcs := make([]string, 0)
		for s := range tree[t] {
			svcs = append(svcs, s)
		}
		slices.Sort(svcs)
		for _, s := range svcs {
			fmt.Printf("  %-9s %v\n", s, tree[t][s])
		}
	}
	slices.SortFunc(incs, func(a, b *Incident) int {
		return cmp.Or(
			cmp.Compare(b.Sev, a.Sev),
			cmp.Compare(b.Minutes, a.Minutes),
			strings.Compare(a.Key(), b.Key()),
		)
	})
	for i, in := range incs {
		fmt.Printf("%d. %-12s %-4v %3dm %s\n", i+1, in.Key(), in.Sev, in.Minutes, in)
	}
	fmt.Println(incs[0], incs[0].Base, incs[0].Sev)
	fmt.Printf("%v %+v\n", *incs[1], incs[1].Base)
	fmt.Printf("%s|%d|%v\n", incs[2].Sev, incs[2].Sev, []Sev{SevLow, SevCrit})
	bySev := map[Sev][]string{}
	for _, in := range incs {
		bySev[in.Sev] = append(bySev[in.Sev], in.Key())
	}
	fmt.Println(bySev)
	counts := map[Sev]int{SevLow: 2, SevCrit: 1}
	fmt.Println(counts, len(counts))
	var nilInc *Incident
	fmt.Println(nilInc == nil, fmt.Sprintf("%v", []*Summary{sums["db"]})[0:2])
	idx := slices.IndexFunc(incs, func(in *Incident) bool { return in.Service == "redis" })
	fmt.Println("redis at", idx, incs[idx].ID, incs[idx].Team)
	grouped := slices.Collect(func(yield func(string) bool) {
		for _, in := range incs {
			if in.Sev >= SevHigh && !yield(in.Key()) {
				return
			}
		}
	})
	fmt.Println(strings.Join(grouped, ","))
}
