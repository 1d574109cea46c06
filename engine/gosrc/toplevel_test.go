package gosrc_test

// topLevelFails lists the cases that fail when each statement is its own
// Eval at the top level of a REPL, with the error each gives. They are the
// cases that assign (:=) the result of a generic call whose result type
// depends on a type parameter (E, []E, map[K]V, a func of E): yaegi types
// the new global before it instantiates the call. A result of a fixed type
// (slices.Index's int, slices.Contains's bool) works. So do the same calls
// as expressions, inside functions, and as `var ks []string` followed by
// `ks = slices.Sorted(maps.Keys(m))`; `ks := slices.Sorted[string](...)`
// fails with "constant definition loop" and `var ks []string = ...` with
// "variable definition loop".
var topLevelFails = map[string]string{
	"cmp.Or":                             "nil reflect type",
	"cmp.Or ints":                        "nil reflect type",
	"cmp.Ordered":                        "nil reflect type",
	"iter.Seq":                           "invalid memory address or nil pointer dereference",
	"iter.Pull":                          "reflect.Type is nil",
	"iter.Pull stop early":               "reflect.Type is nil",
	"iter.Pull2":                         "reflect.Type is nil",
	"slices.AppendSeq":                   "nil reflect type",
	"slices.Clone":                       "invalid memory address or nil pointer dereference",
	"slices.Collect":                     "invalid memory address or nil pointer dereference",
	"slices.Compact":                     "invalid memory address or nil pointer dereference",
	"slices.CompactFunc":                 "nil reflect type",
	"slices.Concat":                      "invalid memory address or nil pointer dereference",
	"slices.Delete":                      "invalid memory address or nil pointer dereference",
	"slices.DeleteFunc":                  "nil reflect type",
	"slices.Grow":                        "invalid memory address or nil pointer dereference",
	"slices.Insert":                      "invalid memory address or nil pointer dereference",
	"slices.Insert within the capacity":  "invalid memory address or nil pointer dereference",
	"slices.Max":                         "nil reflect type",
	"slices.MaxFunc":                     "nil reflect type",
	"slices.Min":                         "nil reflect type",
	"slices.MinFunc":                     "nil reflect type",
	"slices.Repeat":                      "invalid memory address or nil pointer dereference",
	"slices.Replace":                     "invalid memory address or nil pointer dereference",
	"slices.Replace within the capacity": "invalid memory address or nil pointer dereference",
	"slices.Sorted":                      "invalid memory address or nil pointer dereference",
	"slices.SortedFunc":                  "invalid memory address or nil pointer dereference",
	"slices.SortedStableFunc":            "invalid memory address or nil pointer dereference",
	"maps.Clone":                         "invalid memory address or nil pointer dereference",
	"maps.Collect":                       "invalid memory address or nil pointer dereference",
	"maps.Keys converted compiled map":   "invalid memory address or nil pointer dereference",
	"maps.Keys":                          "invalid memory address or nil pointer dereference",
	"maps.Values":                        "invalid memory address or nil pointer dereference",
}
