package secret

import "github.com/opsh/opsh/internal/display"

// The types the session shows through their Display method.
var (
	_ display.Displayer = (*Value)(nil)
)
