// Package progress draws a one-line progress bar for long transfers (S3
// uploads, image pulls) on the running cell's error output. On a terminal
// the line is redrawn in place at most ten times a second; elsewhere (a
// pipe, a transcript) only the final summary line is written.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/opsh/opsh/internal/cell"
)

// Bar is a progress bar. Its methods are safe for concurrent use.
type Bar struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	label    string
	total    int64 // 0 when unknown
	done     int64
	start    time.Time
	lastDraw time.Time
	finished bool
}

// New starts a bar labelled label for total bytes (0 if unknown), drawn on
// cell.Stderr().
func New(label string, total int64) *Bar {
	return NewTo(cell.Stderr(), cell.Terminal(), label, total)
}

// NewTo starts a bar on w; tty says whether w redraws in place.
func NewTo(w io.Writer, tty bool, label string, total int64) *Bar {
	return &Bar{w: w, tty: tty, label: label, total: total, start: time.Now()}
}

// Add records n more bytes done.
func (b *Bar) Add(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done += n
	b.drawLocked(false)
}

// SetTotal changes the expected total (when it becomes known late).
func (b *Bar) SetTotal(total int64) {
	b.mu.Lock()
	b.total = total
	b.mu.Unlock()
}

// Done writes the final line. Later calls do nothing.
func (b *Bar) Done() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	b.drawLocked(true)
	b.finished = true
	if b.tty {
		fmt.Fprintln(b.w)
	}
}

// Reader counts what is read from r.
func (b *Bar) Reader(r io.Reader) io.Reader { return &counter{r: r, b: b} }

type counter struct {
	r io.Reader
	b *Bar
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.b.Add(int64(n))
	return n, err
}

func (b *Bar) drawLocked(final bool) {
	if b.finished || b.w == nil {
		return
	}
	now := time.Now()
	if !final && (!b.tty || now.Sub(b.lastDraw) < 100*time.Millisecond) {
		return
	}
	b.lastDraw = now
	line := b.line(now.Sub(b.start))
	if b.tty {
		fmt.Fprintf(b.w, "\r\x1b[K%s", line)
	} else {
		fmt.Fprintln(b.w, line)
	}
}

const width = 24

func (b *Bar) line(elapsed time.Duration) string {
	rate := ""
	if s := elapsed.Seconds(); s > 0 {
		rate = " · " + Bytes(int64(float64(b.done)/s)) + "/s"
	}
	if b.total <= 0 {
		return fmt.Sprintf("%s %s%s", b.label, Bytes(b.done), rate)
	}
	frac := float64(b.done) / float64(b.total)
	if frac > 1 {
		frac = 1
	}
	fill := int(frac * width)
	return fmt.Sprintf("%s [%s%s] %3.0f%% %s/%s%s", b.label,
		strings.Repeat("█", fill), strings.Repeat("░", width-fill),
		frac*100, Bytes(b.done), Bytes(b.total), rate)
}

// Bytes formats a byte count for people: 512 B, 1.5 KiB, 3.2 GiB.
func Bytes(n int64) string {
	if n < 0 {
		return fmt.Sprintf("%d B", n)
	}
	return Size(uint64(n))
}

// Size is Bytes for unsigned counts (file system sizes).
func Size(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
