package sessions

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

var chainRE = regexp.MustCompile(` chain=[0-9a-f]{64}`)

// unchained is a transcript without its chain attributes, for tests that
// look for blocks as they read.
func unchained(data []byte) string { return chainRE.ReplaceAllString(string(data), "") }

func verifyChain(t *testing.T, data []byte) ChainReport {
	t.Helper()
	return VerifyChain(mustParse(t, "s.md", data), data)
}

func TestChainVerifiesRecording(t *testing.T) {
	data, err := os.ReadFile(record(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	r := verifyChain(t, data)
	if !r.Chained || !r.Footer || r.Cut || r.Failure != nil || r.Cells != 5 || r.LastCell != 5 || r.Blocks != 10 {
		t.Fatalf("recorded transcript: %+v", r)
	}
	if got := strings.Count(string(data), " chain="); got != 10 {
		t.Errorf("%d chain attributes, want 10 (5 inputs, 4 outputs, the footer)", got)
	}
	// A #! line added to make the transcript executable is not chained.
	if r := verifyChain(t, append([]byte(Shebang+"\n"), data...)); r.Failure != nil || !r.Footer {
		t.Errorf("with #!: %+v", r)
	}
}

// TestChainCatchesEveryByte changes each byte of a recorded transcript in
// turn: every change is caught, and one inside a cell's source or output is
// named by its cell.
func TestChainCatchesEveryByte(t *testing.T) {
	data, err := os.ReadFile(record(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	whole := mustParse(t, "s.md", data)
	owner := map[int]link{} // byte offset inside a block's text → its block
	for _, c := range whole.Cells {
		for _, sp := range []struct {
			span   [2]int
			output bool
		}{{c.span, false}, {c.ospan, true}} {
			if sp.span[1] == 0 {
				continue
			}
			open := sp.span[0] + strings.IndexByte(string(data[sp.span[0]:]), '\n') + 1
			for k := open; k < sp.span[1]-4; k++ {
				owner[k] = link{cell: c.N, output: sp.output}
			}
		}
	}
	for k := range data {
		changed := append([]byte(nil), data...)
		changed[k] ^= 0x20
		if changed[k] == data[k] {
			continue
		}
		tr, err := Parse("s.md", changed)
		if err != nil {
			continue // refused outright
		}
		r := VerifyChain(tr, changed)
		if r.Failure == nil {
			t.Fatalf("byte %d (%q in %q) changed: chain still verifies: %+v", k, data[k], around(data, k), r)
		}
		if o, ok := owner[k]; ok && (r.Failure.Cell != o.cell || r.Failure.Output != o.output) {
			t.Fatalf("byte %d of cell %d (output %v) changed: failure names %v", k, o.cell, o.output, r.Failure)
		}
	}
}

func around(data []byte, k int) string {
	return string(data[max(0, k-20):min(len(data), k+20)])
}

// TestChainCut: a transcript cut at any byte verifies up to its last
// complete cell.
func TestChainCut(t *testing.T) {
	data, err := os.ReadFile(record(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	whole := mustParse(t, "s.md", data)
	for k := 0; k < len(data); k++ {
		tr := mustParse(t, "s.md", data[:k])
		r := VerifyChain(tr, data[:k])
		if r.Failure != nil {
			t.Fatalf("cut at %d: %v", k, r.Failure)
		}
		want := 0
		for _, c := range whole.Cells {
			if c.span[1] <= k {
				want = c.N
			}
		}
		if r.LastCell != want || r.Footer {
			t.Fatalf("cut at %d: verified to cell %d (footer %v), want cell %d", k, r.LastCell, r.Footer, want)
		}
	}
}

func TestChainOldAndHandWritten(t *testing.T) {
	// A v1 transcript from before the chain reads, and has nothing to verify.
	old := Magic + "\n# opsh session\n\n```go {cell=1}\nx := 1\n```\n"
	if r := verifyChain(t, []byte(old)); r.Chained || r.Failure != nil {
		t.Errorf("v1 without hashes: %+v", r)
	}
	// A cell inserted by hand into a chained transcript is named.
	data, err := os.ReadFile(record(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	at := strings.Index(s, "\nChecked the health")
	s = s[:at] + "\n```go {cell=3}\nos.RemoveAll(\"/\")\n```\n" + s[at:]
	r := verifyChain(t, []byte(s))
	if r.Failure == nil || r.Failure.Cell != 3 || !strings.Contains(r.Failure.Reason, "no hash") {
		t.Errorf("inserted cell: %+v", r.Failure)
	}
}

// BenchmarkVerify1000 verifies the chain of a transcript of 1,000 cells
// (parse included), as opsh sessions verify does.
func BenchmarkVerify1000(b *testing.B) {
	data := transcriptN(b, b.TempDir(), 1000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := Verify("bench.md", data, VerifyOptions{})
		if err != nil || !v.Chain.Footer || v.Chain.Cells != 1000 {
			b.Fatalf("%v %+v", err, v.Chain)
		}
	}
}
