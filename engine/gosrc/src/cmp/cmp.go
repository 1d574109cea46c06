// Package cmp compares ordered values, for opsh's interpreter: the API of
// Go's cmp package, written for yaegi's generics.
//
// Limits (yaegi cannot infer a type parameter from variadic arguments):
// Or takes its first value apart, Or(first, rest...), so Or(a, b, c) works
// but Or(xs...) does not, and Or(a) alone crashes yaegi's inference; give
// the type instead: Or[string](a).
package cmp

import (
	"encoding/json"
	"io/fs"
	"log/slog"
	"time"
)

// Ordered is the constraint of types whose values can be ordered with <.
type Ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr |
		~float32 | ~float64 |
		~string |
		compiledOrdered
}

// compiledOrdered are compiled packages' types that ops code sorts, which
// Go's ~int64, ~uint32 and ~string already hold: yaegi checks a
// constraint's ~T against the types the session declares, not compiled
// ones, so these are named.
type compiledOrdered interface {
	time.Duration | time.Month | time.Weekday | fs.FileMode | slog.Level | json.Number
}

// Less reports whether x is less than y; a NaN is less than any number
// and equal to another NaN.
func Less[T Ordered](x, y T) bool {
	return Compare(x, y) < 0
}

// Compare returns -1 if x is less than y, 0 if they are equal and +1 if x
// is greater, with NaNs ordered before every other number.
func Compare[T Ordered](x, y T) int {
	xNaN, yNaN := x != x, y != y
	switch {
	case xNaN && yNaN:
		return 0
	case xNaN || x < y:
		return -1
	case yNaN || x > y:
		return +1
	}
	return 0
}

// Or returns the first of its arguments that is not the zero value, or
// the zero value if they all are.
func Or[T comparable](first T, rest ...T) T {
	var zero T
	if first != zero {
		return first
	}
	for _, v := range rest {
		if v != zero {
			return v
		}
	}
	return zero
}
