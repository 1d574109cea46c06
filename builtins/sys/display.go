package sys

import "github.com/opsh/opsh/internal/display"

// The types the session shows through their Display method.
var (
	_ display.Displayer = (*FileKind)(nil)
	_ display.Displayer = (*Result)(nil)
	_ display.Displayer = (*Usage)(nil)
)
