package gosrc_test

// gcase is one use of the packages: statements that end with the result in
// a variable, and the expression printed with fmt.Println. The statements
// run in a function body, in func main of a whole program, under go run
// (the oracle) and one by one at the top level of a REPL.
type gcase struct {
	name  string
	stmts []string
	show  string
}

// cases uses every function of the four packages at least once.
var cases = []gcase{
	// cmp
	{"cmp.Compare", []string{`r := []int{cmp.Compare(1, 2), cmp.Compare("b", "a"), cmp.Compare(2.5, 2.5)}`}, "r"},
	{"cmp.Compare NaN", []string{`nan := math.NaN()`, `r := []int{cmp.Compare(nan, 1.0), cmp.Compare(1.0, nan), cmp.Compare(nan, nan)}`}, "r"},
	{"cmp.Less", []string{`r := []bool{cmp.Less(1, 2), cmp.Less("b", "a")}`}, "r"},
	{"cmp.Or", []string{`name := ""`, `r := cmp.Or(name, "default")`}, "r"},
	{"cmp.Or ints", []string{`r := cmp.Or(0, 0, 7, 9)`}, "r"},
	{"cmp.Ordered", []string{`r := largest([]float64{1.5, 3.25, 2})`}, "r"},
	// iter
	{"iter.Seq", []string{`r := slices.Collect(countTo(3))`}, "r"},
	{"iter.Seq2", []string{`var r []string`, `pairs(2)(func(i int, s string) bool { r = append(r, fmt.Sprint(i, s)); return true })`}, "r"},
	{"iter.Pull", []string{`next, stop := iter.Pull(slices.Values([]string{"a", "b"}))`, `v1, ok1 := next()`, `v2, ok2 := next()`, `v3, ok3 := next()`, `stop()`, `r := fmt.Sprint(v1, ok1, v2, ok2, v3 == "", ok3)`}, "r"},
	{"iter.Pull stop early", []string{`next, stop := iter.Pull(countTo(100))`, `v, ok := next()`, `stop()`, `_, more := next()`, `r := fmt.Sprint(v, ok, more)`}, "r"},
	{"iter.Pull2", []string{`next, stop := iter.Pull2(slices.All([]string{"x"}))`, `i, v, ok := next()`, `_, _, ok2 := next()`, `stop()`, `r := fmt.Sprint(i, v, ok, ok2)`}, "r"},
	// slices
	{"slices.All", []string{`var r []string`, `slices.All([]string{"a", "b"})(func(i int, s string) bool { r = append(r, fmt.Sprint(i, s)); return true })`}, "r"},
	{"slices.AppendSeq", []string{`r := slices.AppendSeq([]int{1}, slices.Values([]int{2, 3}))`}, "r"},
	{"slices.Backward", []string{`var r []string`, `slices.Backward([]string{"a", "b", "c"})(func(i int, s string) bool { r = append(r, fmt.Sprint(i, s)); return i > 1 })`}, "r"},
	{"slices.BinarySearch", []string{`i, found := slices.BinarySearch([]string{"a", "c", "e"}, "d")`, `j, found2 := slices.BinarySearch([]int{1, 3, 5}, 3)`, `r := fmt.Sprint(i, found, j, found2)`}, "r"},
	{"slices.BinarySearchFunc", []string{`people := []person{{"Ann", 30}, {"Bob", 40}}`, `i, found := slices.BinarySearchFunc(people, 40, func(p person, age int) int { return cmp.Compare(p.Age, age) })`, `r := fmt.Sprint(i, found)`}, "r"},
	{"slices.Chunk", []string{`var r [][]int`, `slices.Chunk([]int{1, 2, 3, 4, 5}, 2)(func(c []int) bool { r = append(r, c); return true })`}, "r"},
	{"slices.Clip", []string{`s := make([]int, 2, 10)`, `s = slices.Clip(s)`, `r := cap(s)`}, "r"},
	{"slices.Clone", []string{`a := []int{1, 2}`, `b := slices.Clone(a)`, `b[0] = 9`, `r := fmt.Sprint(a, b, slices.Clone([]int(nil)) == nil)`}, "r"},
	{"slices.Collect", []string{`r := slices.Collect(slices.Values([]string{"x", "y"}))`}, "r"},
	{"slices.Compact", []string{`r := slices.Compact([]string{"a", "a", "b", "b", "b", "a"})`}, "r"},
	{"slices.CompactFunc", []string{`r := slices.CompactFunc([]string{"a", "A", "b"}, func(x, y string) bool { return strings.EqualFold(x, y) })`}, "r"},
	{"slices.Compare", []string{`r := []int{slices.Compare([]int{1, 2}, []int{1, 3}), slices.Compare([]int{1}, []int{1}), slices.Compare([]int{1, 2}, []int{1})}`}, "r"},
	{"slices.Compare after cmp.Compare", []string{`a := cmp.Compare(1, 2)`, `b := slices.Compare([]int{1}, []int{2})`, `r := []int{a, b, cmp.Compare(3, 2)}`}, "r"},
	{"slices.CompareFunc", []string{`r := slices.CompareFunc([]int{1, 2}, []string{"1", "2"}, func(a int, b string) int { return cmp.Compare(strconv.Itoa(a), b) })`}, "r"},
	{"slices.Concat", []string{`r := slices.Concat([]int{1}, []int{2, 3}, nil, []int{4})`}, "r"},
	{"slices.Contains", []string{`hosts := []string{"web-1", "web-2"}`, `r := []bool{slices.Contains(hosts, "web-2"), slices.Contains(hosts, "db")}`}, "r"},
	{"slices.ContainsFunc", []string{`r := slices.ContainsFunc([]int{1, 3, 4}, func(n int) bool { return n%2 == 0 })`}, "r"},
	{"slices.Delete", []string{`r := slices.Delete([]string{"a", "b", "c", "d"}, 1, 3)`}, "r"},
	{"slices.DeleteFunc", []string{`r := slices.DeleteFunc([]int{1, 2, 3, 4, 5}, func(n int) bool { return n%2 == 0 })`}, "r"},
	{"slices.Equal", []string{`r := []bool{slices.Equal([]int{1, 2}, []int{1, 2}), slices.Equal([]int{1}, []int{2}), slices.Equal([]int{}, []int(nil))}`}, "r"},
	{"slices.EqualFunc", []string{`r := slices.EqualFunc([]int{1, 2}, []string{"1", "2"}, func(a int, b string) bool { return strconv.Itoa(a) == b })`}, "r"},
	{"slices.Grow", []string{`s := slices.Grow([]int{1}, 10)`, `r := fmt.Sprint(len(s), cap(s) >= 11)`}, "r"},
	{"slices.Index", []string{`r := []int{slices.Index([]string{"a", "b"}, "b"), slices.Index([]string{"a"}, "z")}`}, "r"},
	{"slices.IndexFunc", []string{`r := slices.IndexFunc([]string{"web", "db"}, func(s string) bool { return strings.HasPrefix(s, "d") })`}, "r"},
	{"slices.Insert", []string{`r := slices.Insert([]string{"a", "d"}, 1, "b", "c")`}, "r"},
	{"slices.Insert within the capacity", []string{`s := []int{0, 1, 2, 3}`, `t := slices.Insert(s[:2], 1, 100)`, `u := slices.Insert(s[:1], 1, 7)`, `r := fmt.Sprint(t, u, s, len(slices.Insert(s, 4, 5)))`}, "r"},
	{"slices.IsSorted", []string{`r := []bool{slices.IsSorted([]int{1, 2, 2, 3}), slices.IsSorted([]string{"b", "a"})}`}, "r"},
	{"slices.IsSortedFunc", []string{`r := slices.IsSortedFunc([]int{3, 2, 1}, func(a, b int) int { return b - a })`}, "r"},
	{"slices.Max", []string{`r := slices.Max([]float64{1.5, 9, -3})`}, "r"},
	{"slices.MaxFunc", []string{`people := []person{{"Ann", 30}, {"Bob", 40}, {"Cid", 40}}`, `r := slices.MaxFunc(people, func(a, b person) int { return cmp.Compare(a.Age, b.Age) })`}, "r"},
	{"slices.Min", []string{`r := slices.Min([]string{"pear", "apple", "fig"})`}, "r"},
	{"slices.MinFunc", []string{`people := []person{{"Ann", 30}, {"Bob", 20}, {"Cid", 20}}`, `r := slices.MinFunc(people, func(a, b person) int { return cmp.Compare(a.Age, b.Age) })`}, "r"},
	{"slices.Repeat", []string{`r := slices.Repeat([]string{"-"}, 3)`}, "r"},
	{"slices.Replace", []string{`r := slices.Replace([]int{1, 2, 3, 4}, 1, 3, 7, 8, 9)`}, "r"},
	{"slices.Replace within the capacity", []string{`s := []int{1, 2, 3, 4, 5}`, `t := slices.Replace(s[:4], 1, 2, 7, 8)`, `u := slices.Replace(s, 0, 3, 9)`, `r := fmt.Sprint(t, u, s)`}, "r"},
	{"slices.Reverse", []string{`s := []int{1, 2, 3}`, `slices.Reverse(s)`}, "s"},
	{"slices.Sort", []string{`s := []int{5, 2, 8, 1, 9, 3, 7, 4, 6, 0, 11, 15, 13, 12, 14, 10, -1, 99, 23, 17, 16, 19, 18, 21, 20, 22, 30, 25, 24, 5}`, `slices.Sort(s)`}, "s"},
	{"slices.Sort strings", []string{`s := []string{"delta", "alpha", "charlie", "bravo"}`, `slices.Sort(s)`}, "s"},
	{"slices.SortFunc", []string{`people := []person{{"Bob", 40}, {"Ann", 30}, {"Cid", 35}}`, `slices.SortFunc(people, func(a, b person) int { return cmp.Compare(a.Name, b.Name) })`}, "people"},
	{"slices.SortStableFunc", []string{`people := []person{{"Bob", 40}, {"Ann", 30}, {"Cid", 40}, {"Dan", 30}}`, `slices.SortStableFunc(people, func(a, b person) int { return cmp.Compare(a.Age, b.Age) })`}, "people"},
	{"slices.Sorted", []string{`m := map[string]int{"b": 2, "c": 3, "a": 1}`, `ks := slices.Sorted(maps.Keys(m))`}, "ks"},
	{"slices.SortedFunc", []string{`r := slices.SortedFunc(slices.Values([]int{1, 3, 2}), func(a, b int) int { return b - a })`}, "r"},
	{"slices.SortedStableFunc", []string{`r := slices.SortedStableFunc(slices.Values([]string{"bb", "a", "cc", "d"}), func(a, b string) int { return cmp.Compare(len(a), len(b)) })`}, "r"},
	{"slices.Values", []string{`var r []int`, `slices.Values([]int{4, 5, 6})(func(v int) bool { r = append(r, v); return v < 5 })`}, "r"},
	{"slices.Contains compiled slice", []string{`fields := strings.Fields("web db cache")`, `r := slices.Contains(fields, "db")`}, "r"},
	{"slices.Index compiled slice", []string{`r := slices.Index(strings.Split("a,b,c", ","), "c")`}, "r"},
	{"slices.SortFunc compiled slice", []string{`parts := strings.Split("b,c,a", ",")`, `slices.SortFunc(parts, func(a, b string) int { return strings.Compare(a, b) })`}, "parts"},
	{"slices.DeleteFunc named slice", []string{`hs := hostList{"a", "bb", "c"}`, `hs = slices.DeleteFunc(hs, func(h string) bool { return len(h) > 1 })`, `r := fmt.Sprint(len(hs), hs.first())`}, "r"},
	// maps
	{"maps.All", []string{`var r []string`, `maps.All(map[string]int{"a": 1})(func(k string, v int) bool { r = append(r, fmt.Sprint(k, v)); return true })`}, "r"},
	{"maps.Clone", []string{`m := map[string]int{"a": 1}`, `c := maps.Clone(m)`, `c["b"] = 2`, `r := fmt.Sprint(m, c)`}, "r"},
	{"maps.Collect", []string{`r := maps.Collect(slices.All([]string{"x", "y"}))`}, "r"},
	{"maps.Copy", []string{`dst := map[string]int{"a": 1}`, `maps.Copy(dst, map[string]int{"a": 9, "b": 2})`}, "dst"},
	{"maps.DeleteFunc", []string{`m := map[string]int{"a": 1, "b": 2, "c": 3}`, `maps.DeleteFunc(m, func(k string, v int) bool { return v%2 == 1 })`}, "m"},
	{"maps.DeleteFunc compiled map", []string{`v := url.Values{"a": {"1"}, "b": {"2"}}`, `maps.DeleteFunc(v, func(k string, vs []string) bool { return k == "a" })`, `r := v.Encode()`}, "r"},
	{"maps.Keys converted compiled map", []string{`h := url.Values{"b": nil, "a": nil}`, `ks := slices.Sorted(maps.Keys(map[string][]string(h)))`}, "ks"},
	{"maps.Equal", []string{`r := []bool{maps.Equal(map[string]int{"a": 1}, map[string]int{"a": 1}), maps.Equal(map[string]int{"a": 1}, map[string]int{"a": 2})}`}, "r"},
	{"maps.EqualFunc", []string{`r := maps.EqualFunc(map[string]int{"a": 1}, map[string]string{"a": "1"}, func(a int, b string) bool { return strconv.Itoa(a) == b })`}, "r"},
	{"maps.Insert", []string{`m := map[int]string{}`, `maps.Insert(m, slices.All([]string{"p", "q"}))`}, "m"},
	{"maps.Keys", []string{`m := map[string]bool{"web": true, "db": false}`, `ks := slices.Collect(maps.Keys(m))`, `slices.Sort(ks)`}, "ks"},
	{"maps.Values", []string{`m := map[string]int{"a": 3, "b": 1}`, `vs := slices.Sorted(maps.Values(m))`}, "vs"},
}

// decls are the declarations the cases use, put in every program.
const decls = `
type person struct {
	Name string
	Age  int
}

type hostList []string

func (h hostList) first() string { return h[0] }

func largest[T cmp.Ordered](xs []T) T {
	m := xs[0]
	for _, x := range xs {
		if x > m {
			m = x
		}
	}
	return m
}

func countTo(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 1; i <= n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func pairs(n int) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i := 0; i < n; i++ {
			if !yield(i, strings.Repeat("*", i+1)) {
				return
			}
		}
	}
}
`
