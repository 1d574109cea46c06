package memlimit

import (
	"os"
	"testing"
)

func TestParse(t *testing.T) {
	const total = 8 << 30
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"2GiB", 2 << 30},
		{"2g", 2 << 30},
		{" 512 MiB ", 512 << 20},
		{"1.5G", 3 << 29},
		{"1048576", 1 << 20},
		{"64kb", 64 << 10},
		{"25%", 2 << 30},
		{"off", Off},
		{"None", Off},
		{"0", Off},
	} {
		got, err := Parse(tc.in, total)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "lots", "2 parsecs", "-1G", "150%", "0%", "1e30T"} {
		if got, err := Parse(bad, total); err == nil {
			t.Errorf("Parse(%q) = %d, want an error", bad, got)
		}
	}
	if _, err := Parse("50%", 0); err == nil {
		t.Error("a share of an unknown total parsed")
	}
}

func TestFormat(t *testing.T) {
	for n, want := range map[int64]string{
		512:     "512 B",
		3 << 29: "1.5 GiB",
		1 << 20: "1.0 MiB",
		5 << 40: "5.0 TiB",
	} {
		if got := Format(n); got != want {
			t.Errorf("Format(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestResolve(t *testing.T) {
	total, err := Total()
	if err != nil {
		t.Fatalf("Total: %v", err)
	}
	if total < 64<<20 {
		t.Fatalf("Total = %d: not a machine's memory", total)
	}
	if got, err := Resolve(""); err != nil || got != int64(float64(total)*DefaultShare) {
		t.Errorf("Resolve(\"\") = %d, %v; want %v of %d", got, err, DefaultShare, total)
	}
	if got, err := Resolve("3GiB"); err != nil || got != 3<<30 {
		t.Errorf("Resolve(3GiB) = %d, %v", got, err)
	}
	if got, err := Resolve("off"); err != nil || got != Off {
		t.Errorf("Resolve(off) = %d, %v; want Off", got, err)
	}
	if _, err := Resolve("many"); err == nil {
		t.Error("Resolve(many) did not fail")
	}
}

func TestRSS(t *testing.T) {
	rss, err := RSS(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if rss < 1<<20 || rss > 4<<30 {
		t.Errorf("RSS of the test = %d bytes, not a plausible size", rss)
	}
	if _, err := RSS(-1); err == nil {
		t.Error("RSS of no process did not fail")
	}
}

func TestStatusField(t *testing.T) {
	b := []byte("Name:\tx\nVmRSS:\t   2048 kB\nThreads: 4\n")
	if got, err := statusField(b, "VmRSS:"); err != nil || got != 2<<20 {
		t.Errorf("VmRSS = %d, %v", got, err)
	}
	if got, err := statusField(b, "Threads:"); err != nil || got != 4 {
		t.Errorf("Threads = %d, %v", got, err)
	}
	if _, err := statusField(b, "VmSwap:"); err == nil {
		t.Error("a missing field was found")
	}
}
