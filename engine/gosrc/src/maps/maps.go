// Package maps works on maps of any type, for opsh's interpreter: the API
// of Go's maps package (Go 1.23 iterators included), written for yaegi's
// generics.
//
// Differences from Go, forced by what yaegi v0.16.1 can run (it infers a
// type parameter only from an argument's type):
//   - Insert and DeleteFunc take any map type M ~map[K]V, as Go's do; the
//     others take map[K]V. Given a map whose type is compiled (http.Header,
//     url.Values), those crash yaegi's type inference ("CFG post-order
//     panic: ... nil pointer dereference"): convert it first,
//     maps.Keys(map[string][]string(h)).
//   - DeleteFunc's func and Insert's iterator must be interpreted functions
//     (a compiled one gives "undefined type for K").
//   - Parameters that take an iterator are plain func types; iter.Seq2
//     values are passed as they are.
package maps

import "iter"

// Keys returns an iterator over the keys of m, in no fixed order.
func Keys[K comparable, V any](m map[K]V) iter.Seq[K] {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Values returns an iterator over the values of m, in no fixed order.
func Values[K comparable, V any](m map[K]V) iter.Seq[V] {
	return func(yield func(V) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

// All returns an iterator over the keys and values of m.
func All[K comparable, V any](m map[K]V) iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for k, v := range m {
			if !yield(k, v) {
				return
			}
		}
	}
}

// Insert adds the pairs of seq to m, replacing the values of existing keys.
func Insert[M ~map[K]V, K comparable, V any](m M, seq func(yield func(K, V) bool)) {
	seq(func(k K, v V) bool {
		m[k] = v
		return true
	})
}

// Collect returns a new map of the pairs of seq.
func Collect[K comparable, V any](seq func(yield func(K, V) bool)) map[K]V {
	m := map[K]V{}
	Insert(m, seq)
	return m
}

// Clone returns a copy of m (nil for nil).
func Clone[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Copy sets every key of src in dst to its value in src.
func Copy[K comparable, V any](dst, src map[K]V) {
	for k, v := range src {
		dst[k] = v
	}
}

// DeleteFunc removes from m the pairs for which del is true.
func DeleteFunc[M ~map[K]V, K comparable, V any](m M, del func(K, V) bool) {
	for k, v := range m {
		if del(k, v) {
			delete(m, k)
		}
	}
}

// Equal reports whether m1 and m2 hold the same keys with equal values.
func Equal[K, V comparable](m1, m2 map[K]V) bool {
	if len(m1) != len(m2) {
		return false
	}
	for k, v1 := range m1 {
		if v2, ok := m2[k]; !ok || v1 != v2 {
			return false
		}
	}
	return true
}

// EqualFunc reports whether m1 and m2 hold the same keys with values for
// which eq holds. (K2, always K, is there for yaegi's type inference.)
func EqualFunc[K comparable, V1 any, K2 comparable, V2 any](m1 map[K]V1, m2 map[K2]V2, eq func(V1, V2) bool) bool {
	if len(m1) != len(m2) {
		return false
	}
	for k, v1 := range m1 {
		v2, ok := m2[any(k).(K2)]
		if !ok || !eq(v1, v2) {
			return false
		}
	}
	return true
}
