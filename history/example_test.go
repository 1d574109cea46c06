package history_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/opsh/opsh/history"
)

func Example() {
	dir, _ := os.MkdirTemp("", "opsh")
	defer os.RemoveAll(dir)

	h := history.New(filepath.Join(dir, "history"))
	h.Secret = func(e string) bool { return strings.Contains(e, "AKIA") }
	h.Add(`x := 40`)
	h.Add("for _, h := range hosts {\n\tfmt.Println(h)\n}")
	h.Add(`x := 40`)                        // not consecutive: kept
	h.Add(`x := 40`)                        // a repeat: dropped
	h.Add(` token := "typed with a space"`) // leading space: dropped
	h.Add(`key := "AKIAIOSFODNN7EXAMPLE"`)  // Secret says so: dropped

	entries, _ := h.Load()
	for i, e := range entries {
		fmt.Printf("%d: %q\n", i+1, e)
	}
	// Output:
	// 1: "x := 40"
	// 2: "for _, h := range hosts {\n\tfmt.Println(h)\n}"
	// 3: "x := 40"
}
