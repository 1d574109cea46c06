package linediff

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestDiffApplies checks on random edits that the diff, applied to the
// old lines, gives the new ones, and that it is no longer than needed to be
// a correct diff of this shape (every line present in both at the same
// place is context).
func TestDiffApplies(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 500; iter++ {
		a := make([]string, r.IntN(30))
		for i := range a {
			a[i] = strconv.Itoa(r.IntN(8))
		}
		b := append([]string(nil), a...)
		for e := r.IntN(6); e > 0; e-- {
			switch p := r.IntN(len(b) + 1); r.IntN(3) {
			case 0:
				b = append(b[:p], append([]string{"n" + strconv.Itoa(r.IntN(5))}, b[p:]...)...)
			case 1:
				if p < len(b) {
					b = append(b[:p], b[p+1:]...)
				}
			case 2:
				if p < len(b) {
					b[p] = "c" + strconv.Itoa(r.IntN(5))
				}
			}
		}
		edits := Lines(a, b, nil)
		var gotA, gotB []string
		for _, e := range edits {
			switch e.Op {
			case ' ':
				gotA, gotB = append(gotA, e.A), append(gotB, e.B)
			case '-':
				gotA = append(gotA, e.A)
			case '+':
				gotB = append(gotB, e.B)
			}
		}
		if strings.Join(gotA, ",") != strings.Join(a, ",") || strings.Join(gotB, ",") != strings.Join(b, ",") {
			t.Fatalf("diff of %q → %q does not apply: %+v", a, b, edits)
		}
		// Minimal: the edit count equals n+m-2·LCS.
		changes := 0
		for _, e := range edits {
			if e.Op != ' ' {
				changes++
			}
		}
		if want := len(a) + len(b) - 2*lcs(a, b); changes != want {
			t.Fatalf("diff of %q → %q has %d changes, want %d", a, b, changes, want)
		}
		// The unified form applies too.
		if u := applyUnified(a, Hunks(edits, 3)); strings.Join(u, ",") != strings.Join(b, ",") {
			t.Fatalf("unified diff of %q → %q gives %q:\n%s", a, b, u, Hunks(edits, 3))
		}
	}
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// applyUnified applies a unified diff's hunks to a, using their headers.
func applyUnified(a []string, diff string) []string {
	var out []string
	pos := 0
	lines := strings.Split(strings.TrimSuffix(diff, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if !strings.HasPrefix(l, "@@ -") {
			continue
		}
		old := strings.Fields(l)[1][1:]
		startS, _, _ := strings.Cut(old, ",")
		start, _ := strconv.Atoi(startS)
		if strings.HasSuffix(old, ",0") {
			start++ // an empty range names the line before
		}
		for pos < start-1 {
			out = append(out, a[pos])
			pos++
		}
		for i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "@@") {
			i++
			switch h := lines[i]; h[0] {
			case ' ':
				out = append(out, h[1:])
				pos++
			case '-':
				pos++
			case '+':
				out = append(out, h[1:])
			}
		}
	}
	return append(out, a[pos:]...)
}

func TestDiffLarge(t *testing.T) {
	var a, b []string
	for i := range 20000 {
		a = append(a, "a"+strconv.Itoa(i))
		b = append(b, "b"+strconv.Itoa(i))
	}
	start := time.Now()
	edits := Lines(a, b, nil)
	if len(edits) != 40000 {
		t.Errorf("%d edits, want 40000", len(edits))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("diff of two different 20000-line outputs took %v", d)
	}
}
