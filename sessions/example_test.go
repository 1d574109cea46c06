package sessions_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/opsh/opsh/sessions"
)

// A session is recorded cell by cell, then read back, checked against a
// replay and listed.
func Example() {
	dir, err := os.MkdirTemp("", "sessions")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	start := time.Date(2026, 11, 22, 0, 15, 3, 0, time.UTC)

	r, err := sessions.Create(filepath.Join(dir, "sessions"), sessions.Meta{ID: "20261122-001503-a1b2", Start: start, User: "alice", Host: "laptop", Version: "v0.1.0"})
	if err != nil {
		log.Fatal(err)
	}
	r.Input(1, start.Add(4*time.Second), `host := param("host", "web-1")`)
	r.Input(2, start.Add(6*time.Second), `strings.ToUpper(host)`)
	r.Output(2, sessions.Output{Text: `"WEB-1"`, Dur: time.Millisecond, Value: &sessions.ValueInfo{Type: "string", Bound: true}})
	r.Note("Upper case, as expected.")
	r.Close(start.Add(time.Minute))

	data, err := os.ReadFile(r.Path())
	if err != nil {
		log.Fatal(err)
	}
	t, err := sessions.Parse(r.Path(), data)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range sessions.Params(t) {
		fmt.Printf("cell %d declares %s (default %s)\n", p.Cell, p.Name, p.Default)
	}
	// A replay against web-2 differs from the recording.
	fmt.Print(sessions.Check("session.md", t.Cell(2), sessions.Output{Text: `"WEB-2"`}))

	list, err := sessions.List(filepath.Join(dir, "sessions"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(list.Display())
	// Output:
	// cell 1 declares host (default "web-1")
	// --- session.md:13 cell 2 (recorded)
	// +++ cell 2 (replay)
	// @@ -1 +1 @@
	// -"WEB-1"
	// +"WEB-2"
	// ID                    START             DURATION  CELLS  ERRORS  STATE  TITLE
	// 20261122-001503-a1b2  2026-11-22 00:15  1m00s     2      0       ok     Upper case, as expected.
}
