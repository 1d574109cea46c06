// Package slices works on slices of any type, for opsh's interpreter: the
// API of Go's slices package (Go 1.23 iterators included), written for
// yaegi's generics.
//
// Differences from Go, forced by what yaegi v0.16.1 can run:
//   - yaegi infers a type parameter only from an argument's type, never
//     from another type parameter's constraint. So the functions with
//     another argument of the element type (Contains, Index, BinarySearch,
//     the ...Func ones, AppendSeq) take any slice type S ~[]E, as Go's do,
//     while those with the slice alone (Sort, Max, Min, Reverse, Clone,
//     Compact, Equal, Compare, Delete, Insert, Replace, Concat, Repeat,
//     Grow, Clip, IsSorted, All, Values, Backward, Chunk) take []E: given
//     a named slice type they return a plain []E (the engine converts it
//     back where the source shows the type, IDs(slices.Clone(ids)); its
//     keepNamedTypes), and given a slice whose type comes from a
//     compiled function (strings.Fields, os.Args) they crash yaegi's type
//     inference ("CFG post-order panic: ... nil pointer dereference"):
//     give the type, slices.Sort[string](s), or declare the variable,
//     var s []string = strings.Fields(line). (Their one type argument is
//     the element type, where Go's take [S, E]: slices.Sort[[]string].)
//   - The ...Func functions learn the element type from the func
//     argument, so it must be interpreted: a compiled function such as
//     strings.Compare fails with "undefined type for E"; wrap it,
//     func(a, b string) int { return strings.Compare(a, b) }.
//   - The type parameters of BinarySearchFunc are [S, T, E], not
//     [S, E, T]: yaegi matches inferred types to type parameters in the
//     order the parameters use them.
//   - Parameters that take an iterator are plain func types; iter.Seq
//     values are passed as they are.
//   - Concat takes its first slice apart, Concat(first, rest...), so
//     Concat(a, b) works but Concat(lists...) does not.
//   - Insert(s, i) and Replace(s, i, j) with no values crash yaegi's type
//     inference: give the type, Insert[int](s, i), or leave the call out.
//   - Compare has two type parameters (always the same type) so that its
//     instances do not collide with cmp.Compare's: yaegi keeps instances
//     of generic functions by name and type arguments, across packages.
//     For the same reason a user's generic function named like one of
//     these (Index, Max...) is taken for it, or it for the user's, when
//     called with the same type arguments: the evaluator renames the
//     user's (engine's renameGenerics).
//   - Sort, SortFunc and SortStableFunc share one stable merge sort.
//   - The source avoids min, max, clear and range over an int, which
//     yaegi lacks.
package slices

import (
	"cmp"
	"iter"
)

// All returns an iterator over the indexes and values of s.
func All[E any](s []E) iter.Seq2[int, E] {
	return func(yield func(int, E) bool) {
		for i, v := range s {
			if !yield(i, v) {
				return
			}
		}
	}
}

// Backward returns an iterator over the indexes and values of s, from the
// last to the first.
func Backward[E any](s []E) iter.Seq2[int, E] {
	return func(yield func(int, E) bool) {
		for i := len(s) - 1; i >= 0; i-- {
			if !yield(i, s[i]) {
				return
			}
		}
	}
}

// Values returns an iterator over the values of s.
func Values[E any](s []E) iter.Seq[E] {
	return func(yield func(E) bool) {
		for _, v := range s {
			if !yield(v) {
				return
			}
		}
	}
}

// AppendSeq appends the values of seq to s and returns the result.
func AppendSeq[S ~[]E, E any](s S, seq func(yield func(E) bool)) S {
	seq(func(v E) bool {
		s = append(s, v)
		return true
	})
	return s
}

// Collect returns the values of seq in a new slice.
func Collect[E any](seq func(yield func(E) bool)) []E {
	var s []E
	return AppendSeq(s, seq)
}

// Sorted returns the values of seq in a new slice, sorted.
func Sorted[E cmp.Ordered](seq func(yield func(E) bool)) []E {
	s := Collect(seq)
	Sort(s)
	return s
}

// SortedFunc returns the values of seq in a new slice, sorted by compare.
func SortedFunc[E any](seq func(yield func(E) bool), compare func(E, E) int) []E {
	s := Collect(seq)
	SortFunc(s, compare)
	return s
}

// SortedStableFunc is SortedFunc keeping equal values in their order.
func SortedStableFunc[E any](seq func(yield func(E) bool), compare func(E, E) int) []E {
	return SortedFunc(seq, compare)
}

// Chunk returns an iterator over consecutive sub-slices of s of n values
// each (the last may be shorter). It panics if n is less than 1.
func Chunk[E any](s []E, n int) iter.Seq[[]E] {
	if n < 1 {
		panic("cannot be less than 1")
	}
	return func(yield func([]E) bool) {
		for i := 0; i < len(s); i += n {
			end := lesser(n, len(s)-i) + i
			if !yield(s[i:end:end]) {
				return
			}
		}
	}
}

// Sort sorts x in increasing order; NaNs come first.
func Sort[E cmp.Ordered](x []E) {
	SortFunc(x, func(a, b E) int { return cmp.Compare(a, b) })
}

// SortFunc sorts x in the order compare gives: negative when a comes
// before b, positive when after, zero when equal. It is a stable merge
// sort, bottom up: runs of 12 by insertion, then merges of doubling width
// through a buffer. (One function: yaegi cannot infer E when compare is
// handed on to another generic function.)
func SortFunc[S ~[]E, E any](x S, compare func(E, E) int) {
	const run = 12
	for lo := 0; lo < len(x); lo += run {
		hi := lesser(lo+run, len(x))
		for i := lo + 1; i < hi; i++ {
			for j := i; j > lo && compare(x[j], x[j-1]) < 0; j-- {
				x[j], x[j-1] = x[j-1], x[j]
			}
		}
	}
	buf := make(S, len(x))
	for width := run; width < len(x); width *= 2 {
		for lo := 0; lo+width < len(x); lo += 2 * width {
			mid, hi := lo+width, lesser(lo+2*width, len(x))
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if compare(x[j], x[i]) < 0 {
					buf[k] = x[j]
					j++
				} else {
					buf[k] = x[i]
					i++
				}
				k++
			}
			k += copy(buf[k:], x[i:mid])
			copy(buf[k:], x[j:hi])
			copy(x[lo:hi], buf[lo:hi])
		}
	}
}

// SortStableFunc sorts x as SortFunc does, keeping equal values in their
// original order.
func SortStableFunc[S ~[]E, E any](x S, compare func(E, E) int) {
	SortFunc(x, compare)
}

// IsSorted reports whether x is in increasing order.
func IsSorted[E cmp.Ordered](x []E) bool {
	return IsSortedFunc(x, func(a, b E) int { return cmp.Compare(a, b) })
}

// IsSortedFunc reports whether x is in the order compare gives.
func IsSortedFunc[S ~[]E, E any](x S, compare func(E, E) int) bool {
	for i := len(x) - 1; i > 0; i-- {
		if compare(x[i], x[i-1]) < 0 {
			return false
		}
	}
	return true
}

// BinarySearch looks for target in the sorted x and returns the position
// where it is, or would be inserted, and whether it is there.
func BinarySearch[S ~[]E, E cmp.Ordered](x S, target E) (int, bool) {
	return BinarySearchFunc(x, target, func(a, b E) int { return cmp.Compare(a, b) })
}

// BinarySearchFunc is BinarySearch for x sorted by compare, which compares
// an element with the target.
func BinarySearchFunc[S ~[]E, T, E any](x S, target T, compare func(E, T) int) (int, bool) {
	lo, hi := 0, len(x)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if compare(x[mid], target) < 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < len(x) && compare(x[lo], target) == 0
}

// Min returns the least value of x; it panics if x is empty. A NaN wins.
func Min[E cmp.Ordered](x []E) E {
	if len(x) < 1 {
		panic("slices.Min: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if v != v {
			return v
		}
		if v < m {
			m = v
		}
	}
	return m
}

// Max returns the greatest value of x; it panics if x is empty. A NaN wins.
func Max[E cmp.Ordered](x []E) E {
	if len(x) < 1 {
		panic("slices.Max: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if v != v {
			return v
		}
		if v > m {
			m = v
		}
	}
	return m
}

// MinFunc returns the first least value of x by compare; it panics if x
// is empty.
func MinFunc[S ~[]E, E any](x S, compare func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MinFunc: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if compare(v, m) < 0 {
			m = v
		}
	}
	return m
}

// MaxFunc returns the first greatest value of x by compare; it panics if
// x is empty.
func MaxFunc[S ~[]E, E any](x S, compare func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MaxFunc: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if compare(v, m) > 0 {
			m = v
		}
	}
	return m
}

// Index returns the index of the first v in s, or -1.
func Index[S ~[]E, E comparable](s S, v E) int {
	for i := range s {
		if s[i] == v {
			return i
		}
	}
	return -1
}

// IndexFunc returns the index of the first element of s for which f is
// true, or -1.
func IndexFunc[S ~[]E, E any](s S, f func(E) bool) int {
	for i := range s {
		if f(s[i]) {
			return i
		}
	}
	return -1
}

// Contains reports whether v is in s.
func Contains[S ~[]E, E comparable](s S, v E) bool {
	return Index(s, v) >= 0
}

// ContainsFunc reports whether f is true for an element of s.
func ContainsFunc[S ~[]E, E any](s S, f func(E) bool) bool {
	return IndexFunc(s, f) >= 0
}

// Equal reports whether s1 and s2 have the same length and equal
// elements; NaNs are not equal.
func Equal[E comparable](s1, s2 []E) bool {
	if len(s1) != len(s2) {
		return false
	}
	for i := range s1 {
		if s1[i] != s2[i] {
			return false
		}
	}
	return true
}

// EqualFunc reports whether s1 and s2 have the same length and eq holds
// for each pair of elements.
func EqualFunc[S1 ~[]E1, S2 ~[]E2, E1, E2 any](s1 S1, s2 S2, eq func(E1, E2) bool) bool {
	if len(s1) != len(s2) {
		return false
	}
	for i := range s1 {
		if !eq(s1[i], s2[i]) {
			return false
		}
	}
	return true
}

// Compare compares s1 and s2 element by element, then by length.
//
// F is always E: yaegi keeps generic instances by function name and type
// arguments alone, so a one-parameter Compare would share cmp.Compare's
// instance for the same element type.
func Compare[E, F cmp.Ordered](s1 []E, s2 []F) int {
	return CompareFunc(s1, s2, func(a E, b F) int { return ordered(a, any(b).(E)) })
}

// CompareFunc is Compare with compare comparing each pair of elements.
func CompareFunc[S1 ~[]E1, S2 ~[]E2, E1, E2 any](s1 S1, s2 S2, compare func(E1, E2) int) int {
	for i := 0; i < len(s1) && i < len(s2); i++ {
		if c := compare(s1[i], s2[i]); c != 0 {
			return c
		}
	}
	switch {
	case len(s1) < len(s2):
		return -1
	case len(s1) > len(s2):
		return +1
	}
	return 0
}

// Reverse reverses the elements of s in place.
func Reverse[E any](s []E) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// Clone returns a copy of s (nil for nil).
func Clone[E any](s []E) []E {
	if s == nil {
		return nil
	}
	return append(make([]E, 0, len(s)), s...)
}

// Compact replaces each run of equal elements of s by one and returns the
// shortened slice; the tail of s is zeroed.
func Compact[E comparable](s []E) []E {
	return CompactFunc(s, func(a, b E) bool { return a == b })
}

// CompactFunc is Compact with eq telling equal elements apart; it keeps
// the first of each run.
func CompactFunc[S ~[]E, E any](s S, eq func(E, E) bool) S {
	if len(s) < 2 {
		return s
	}
	n := 1
	for i := 1; i < len(s); i++ {
		if !eq(s[n-1], s[i]) {
			s[n] = s[i]
			n++
		}
	}
	var z E
	fill(s[n:], z)
	return s[:n]
}

// Insert inserts the values v at index i of s and returns the result; it
// panics if i is out of range. Where s has the capacity, the result
// shares its array, as Go's does.
func Insert[E any](s []E, i int, v ...E) []E {
	_ = s[i:]
	m := len(v)
	if m == 0 {
		return s
	}
	n := len(s) + m
	if n > cap(s) {
		out := append(s[:i], make([]E, n-i)...)
		copy(out[i:], v)
		copy(out[i+m:], s[i:])
		return out
	}
	v = append([]E(nil), v...) // v may be s's own elements
	out := s[:n]
	copy(out[i+m:], s[i:])
	copy(out[i:], v)
	return out
}

// Delete removes s[i:j] and returns the result; the tail is zeroed.
func Delete[E any](s []E, i, j int) []E {
	_ = s[i:j:len(s)]
	if i == j {
		return s
	}
	n := len(s)
	s = append(s[:i], s[j:]...)
	var z E
	fill(s[len(s):n], z)
	return s
}

// DeleteFunc removes the elements of s for which del is true and returns
// the result; the tail is zeroed.
func DeleteFunc[S ~[]E, E any](s S, del func(E) bool) S {
	n := 0
	for _, v := range s {
		if !del(v) {
			s[n] = v
			n++
		}
	}
	var z E
	fill(s[n:], z)
	return s[:n]
}

// Replace replaces s[i:j] by the values v and returns the result. Where
// s has the capacity, the result shares its array, as Go's does, and the
// elements it no longer holds are zeroed.
func Replace[E any](s []E, i, j int, v ...E) []E {
	_ = s[i:j]
	n := len(s) - (j - i) + len(v)
	if n > cap(s) {
		out := append(s[:i], make([]E, n-i)...)
		copy(out[i:], v)
		copy(out[i+len(v):], s[j:])
		return out
	}
	v = append([]E(nil), v...)         // v may be s's own elements
	tail := append([]E(nil), s[j:]...) // and so may the tail's new place
	out := s[:n]
	copy(out[i:], v)
	copy(out[i+len(v):], tail)
	if n < len(s) {
		var z E
		fill(s[n:], z)
	}
	return out
}

// Concat returns a new slice of the elements of first then of each of
// rest.
func Concat[E any](first []E, rest ...[]E) []E {
	n := len(first)
	for _, s := range rest {
		n += len(s)
	}
	out := make([]E, 0, n)
	out = append(out, first...)
	for _, s := range rest {
		out = append(out, s...)
	}
	return out
}

// Repeat returns a new slice holding count copies of x; it panics if
// count is negative.
func Repeat[E any](x []E, count int) []E {
	if count < 0 {
		panic("cannot be negative")
	}
	out := make([]E, 0, len(x)*count)
	for i := 0; i < count; i++ {
		out = append(out, x...)
	}
	return out
}

// Grow makes room for n more elements in s without another allocation.
func Grow[E any](s []E, n int) []E {
	if n < 0 {
		panic("cannot be negative")
	}
	if n <= cap(s)-len(s) {
		return s
	}
	return append(s, make([]E, n)...)[:len(s)]
}

// ordered is cmp.Compare under a name of its own (see Compare).
func ordered[E cmp.Ordered](a, b E) int {
	return cmp.Compare(a, b)
}

// lesser is the smaller of a and b (yaegi has no min builtin).
func lesser(a, b int) int {
	if a < b {
		return a
	}
	return b
}

// fill sets every element of s to v; with the zero value it stands in for
// clear, which yaegi lacks. (v is there for yaegi to learn E.)
func fill[S ~[]E, E any](s S, v E) {
	for i := range s {
		s[i] = v
	}
}

// Clip removes the unused capacity of s.
func Clip[E any](s []E) []E {
	return s[:len(s):len(s)]
}
