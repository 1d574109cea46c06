package repl

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Theme styles each role of the REPL's output. Every color and style opsh
// uses is here. A plain theme (NO_COLOR, TERM=dumb, output that is not a
// terminal) returns text unchanged.
type Theme struct {
	Prompt, Continue, Result, Error, Note, Dim, Heading func(string) string
}

// PlainTheme styles nothing.
func PlainTheme() *Theme {
	id := func(s string) string { return s }
	return &Theme{Prompt: id, Continue: id, Result: id, Error: id, Note: id, Dim: id, Heading: id}
}

// ColorTheme is the theme for a color terminal.
func ColorTheme() *Theme {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI)
	style := func(s lipgloss.Style) func(string) string {
		s = s.Renderer(r).TabWidth(lipgloss.NoTabConversion)
		return func(text string) string { return s.Render(text) }
	}
	// Only the eight base colours and the terminal's own foreground (made
	// faint) are used: the bright ones are greys in many themes, and
	// bright black (8) is the background itself in Solarized Dark.
	return &Theme{
		Prompt:   style(r.NewStyle().Foreground(lipgloss.Color("6")).Bold(true)),
		Continue: style(r.NewStyle().Foreground(lipgloss.Color("6"))),
		Result:   func(s string) string { return s },
		Error:    style(r.NewStyle().Foreground(lipgloss.Color("1"))),
		Note:     style(r.NewStyle().Foreground(lipgloss.Color("3"))),
		Dim:      style(r.NewStyle().Faint(true)),
		Heading:  style(r.NewStyle().Bold(true)),
	}
}

// ThemeFor picks the theme for an output: colors only on a terminal, and
// never when NO_COLOR is set or TERM is dumb.
func ThemeFor(terminal bool, getenv func(string) string) *Theme {
	if !terminal || getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return PlainTheme()
	}
	return ColorTheme()
}
