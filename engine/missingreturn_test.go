package engine

import (
	"context"
	"testing"
)

// TestMissingReturn: a function with results that may end without a
// return is Go's error; one whose every way ends in a terminating
// statement, by the specification's rules, is declared.
func TestMissingReturn(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for src, missing := range map[string]bool{
		`func classify(code int) string { if code >= 500 { return "server" } }`:                          true,
		`func brk() int { for { if true { break } } }`:                                                   true,
		`func lbl() int { L: for { for { break L } } }`:                                                  true,
		`func nodef(x int) int { switch x { case 1: return 1 } }`:                                        true,
		`func sel(ch chan int) int { select { case <-ch: return 1; case <-ch: break }; }`:                true,
		`func ifelse(x int) int { if x > 0 { return 1 } else if x < 0 { return -1 } else { return 0 } }`: false,
		`func loop() int { for { } }`:                                                                    false,
		`func inner() int { for { for { break } } }`:                                                     false,
		`func sw(x int) int { switch { case x > 0: return 1; default: panic("no") } }`:                   false,
		`func ts(x any) string { switch x.(type) { case int: return "i"; default: return "o" } }`:        false,
		`func ft(x int) int { switch x { case 1: fallthrough; default: return 3 } }`:                     false,
		`func named() (n int) { n = 1; return }`:                                                         false,
		`func lit() func() int { return func() int { for { select {} } } }`:                              false,
	} {
		r := e.Eval(context.Background(), src)
		if got := r.Err != nil && r.Err.Error() == "missing return"; got != missing {
			t.Errorf("%s: error %v, want missing return: %v", src, r.Err, missing)
		}
	}
}
