package linediff_test

import (
	"fmt"
	"strings"

	"github.com/opsh/opsh/internal/linediff"
)

func ExampleUnified() {
	before := "host web-1\nload 0.1\nusers 2\n"
	after := "host web-2\nload 0.1\nusers 2\n"
	fmt.Print(linediff.Unified("before", "after", before, after))
	// Output:
	// --- before
	// +++ after
	// @@ -1,3 +1,3 @@
	// -host web-1
	// +host web-2
	//  load 0.1
	//  users 2
}

// Lines takes the caller's rule for equal lines: here, case does not count.
func ExampleLines() {
	a := []string{"GET /health", "200 OK"}
	b := []string{"get /health", "503 Service Unavailable"}
	edits := linediff.Lines(a, b, func(i, j int) bool { return strings.EqualFold(a[i], b[j]) })
	for _, e := range edits {
		fmt.Printf("%c %s|%s\n", e.Op, e.A, e.B)
	}
	// Output:
	//   GET /health|get /health
	// - 200 OK|
	// + |503 Service Unavailable
}
