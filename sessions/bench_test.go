package sessions

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/internal/redact"
)

// BenchmarkRecordCell is the cost of recording one trivial cell: its input
// block written and synced, its output block written.
func BenchmarkRecordCell(b *testing.B) { benchRecord(b, true) }

// BenchmarkRecordCellNoSync is the same without the sync: the recorder's own
// work (formatting, redaction, the writes), apart from the disk.
func BenchmarkRecordCellNoSync(b *testing.B) { benchRecord(b, false) }

func benchRecord(b *testing.B, sync bool) {
	r, err := Create(b.TempDir(), Meta{Start: t0})
	if err != nil {
		b.Fatal(err)
	}
	r.noSync = !sync
	defer r.Close(t0)
	at := time.Now()
	b.ResetTimer()
	for i := 1; i <= b.N; i++ {
		if err := r.Input(i, at, "1 + 1"); err != nil {
			b.Fatal(err)
		}
		if err := r.Output(i, Output{Text: "2", Dur: 3 * time.Microsecond, Value: &ValueInfo{Type: "int", Bound: true}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFsyncFloor writes the same bytes as BenchmarkRecordCell with one
// write and one fsync per cell and nothing else: the disk's floor.
func BenchmarkFsyncFloor(b *testing.B) {
	f, err := os.OpenFile(filepath.Join(b.TempDir(), "floor"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	block := append(inputBlock(1, t0, "1 + 1"), outputBlock(1, Output{Text: "2", Dur: 3 * time.Microsecond})...)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.Write(block); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
	}
}

// transcript1000 is a recorded transcript of n trivial cells.
func transcriptN(b *testing.B, dir string, n int) []byte {
	r, err := Create(dir, Meta{Start: t0, User: "bench", Host: "box", Version: "v0.1.0"})
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		r.Input(i, t0.Add(time.Duration(i)*time.Second), "x"+strconv.Itoa(i)+" := "+strconv.Itoa(i)+" * 2\nx"+strconv.Itoa(i))
		r.Output(i, Output{Text: strconv.Itoa(i * 2), Dur: time.Millisecond, Value: &ValueInfo{Type: "int", Bound: true}})
	}
	r.Close(t0.Add(time.Hour))
	data, err := os.ReadFile(r.Path())
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkParse1000 parses a transcript of 1,000 trivial cells.
func BenchmarkParse1000(b *testing.B) {
	data := transcriptN(b, b.TempDir(), 1000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t, err := Parse("bench.md", data)
		if err != nil || len(t.Cells) != 1000 {
			b.Fatal(err)
		}
	}
}

// sessionsDir fills a folder with n sessions of 60 cells, each with a
// kilobyte of output (a table, a response body: about 70 KB a session), one
// in twenty interrupted.
func sessionsDir(b *testing.B, n int) string {
	dir := b.TempDir()
	tmpl := transcriptN(b, b.TempDir(), 60)
	t, _ := Parse("t.md", tmpl)
	for _, c := range t.Cells {
		c.Output.Text = strings.Repeat("CONTAINER ID   IMAGE     STATUS          NAMES\n", 22)
	}
	for i := 0; i < n; i++ {
		t.Meta.ID = fmt.Sprintf("20261122-%06d-%04x", i, i)
		t.Meta.Start = t0.Add(time.Duration(i) * time.Minute)
		t.Ended = i%20 != 0
		if err := os.WriteFile(filepath.Join(dir, t.Meta.ID+".md"), Format(t), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkList1000 is `opsh sessions` over 1,000 recorded sessions.
func BenchmarkList1000(b *testing.B) {
	dir := sessionsDir(b, 1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ss, err := List(dir)
		if err != nil || len(ss) != 1000 {
			b.Fatalf("%d sessions, %v", len(ss), err)
		}
	}
}

// BenchmarkListReadAll1000 is the same index built by reading and parsing
// every file whole: what List avoids.
func BenchmarkListReadAll1000(b *testing.B) {
	dir := sessionsDir(b, 1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ents, _ := os.ReadDir(dir)
		n := 0
		for _, e := range ents {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Parse(e.Name(), data); err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 1000 {
			b.Fatal(n)
		}
	}
}

// BenchmarkCheck1000 compares 1,000 recorded outputs with replayed ones.
func BenchmarkCheck1000(b *testing.B) {
	t, _ := Parse("t.md", transcriptN(b, b.TempDir(), 1000))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, c := range t.Cells {
			if d := Check("t.md", c, Output{Text: c.Output.Text}); d != "" {
				b.Fatal(d)
			}
		}
	}
}

// BenchmarkCheckTimings is Check of a 1000-line output whose every line
// shows a duration, replayed with other timings and one line more at the
// top: the diff compares lines by the text around their durations.
func BenchmarkCheckTimings(b *testing.B) {
	want, got := timedLines(1000, 1), timedLines(1001, 0)
	c := &Cell{N: 1, Line: 1, Output: &Output{Text: strings.Join(want, "\n")}}
	text := strings.Join(got, "\n")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if d := Check("t.md", c, Output{Text: text}); !strings.Contains(d, "+web-0 ") {
			b.Fatal(d)
		}
	}
}

// BenchmarkRedactBlock is redact.String of a trivial cell's input block, the
// larger part of BenchmarkRecordCellNoSync.
func BenchmarkRedactBlock(b *testing.B) {
	block := string(inputBlock(1, t0, "1 + 1"))
	for i := 0; i < b.N; i++ {
		if redact.String(block) != block {
			b.Fatal("redacted")
		}
	}
}
