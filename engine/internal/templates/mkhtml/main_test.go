package main

import (
	"bytes"
	"os"
	"testing"
)

// TestHTMLIsGenerated: ../html/template.go is what mkhtml makes of
// ../text/template.go, so the two packages cannot drift apart.
func TestHTMLIsGenerated(t *testing.T) {
	src, err := os.ReadFile("../text/template.go")
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../html/template.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("../html/template.go is not what mkhtml makes of ../text/template.go: run go generate ./engine/internal/templates/...")
	}
}
