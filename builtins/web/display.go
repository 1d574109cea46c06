package web

import "github.com/opsh/opsh/internal/display"

// The types the session shows through their Display method.
var (
	_ display.Displayer = (*Client)(nil)
	_ display.Displayer = (*CookieList)(nil)
	_ display.Displayer = (*Response)(nil)
)
