// Package ansi removes terminal escape sequences from text: what a session
// shows a terminal in color is kept plain in transcripts, exports and
// :save files, by this one rule.
package ansi

import (
	"strings"

	"github.com/opsh/opsh/internal/lazyre"
)

// escape matches CSI sequences (colors, cursor moves, private modes) and
// OSC sequences (titles, hyperlinks) ended by BEL or ST.
var escape = lazyre.New(`\x1b\[[0-9;?<=>!]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-~]`)

// Strip returns s without its terminal escape sequences.
func Strip(s string) string {
	if !strings.Contains(s, "\x1b") {
		return s
	}
	return escape.ReplaceAllString(s, "")
}
