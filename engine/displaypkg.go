package engine

import (
	"reflect"

	"github.com/traefik/yaegi/interp"

	"github.com/opsh/opsh/internal/redact"
	"github.com/opsh/opsh/wire"
)

// DisplayKey is the symbol-table key of the display package, which every
// session has: display.Show(v) shows a value now, in every form opsh has
// for it (a notebook shows the richest); display.HTML, Markdown, JSON and
// PNG show data already in that form. A terminal shows the plain text.
const DisplayKey = "github.com/opsh/opsh/engine/display/display"

// displaySymbols are the display package's functions, sending Display
// events through the running cell's emitter.
func (h *Handler) displaySymbols() interp.Exports {
	show := func(data map[string]string) {
		h.mu.Lock()
		out := h.out
		h.mu.Unlock()
		if out != nil {
			_ = out.Emit(&wire.Display{Data: data})
		}
	}
	format := func(v any) string {
		if h.ev == nil {
			return ""
		}
		return redact.String(h.ev.Format(reflect.ValueOf(v)))
	}
	return interp.Exports{DisplayKey: {
		"Show": reflect.ValueOf(func(v any) {
			text := format(v)
			data := map[string]string{"text/plain": text}
			richForms(reflect.ValueOf(v), text, data)
			show(data)
		}),
		"HTML":     reflect.ValueOf(func(html string) { show(map[string]string{"text/html": html, "text/plain": "(HTML)"}) }),
		"Markdown": reflect.ValueOf(func(md string) { show(map[string]string{"text/markdown": md, "text/plain": md}) }),
		"JSON": reflect.ValueOf(func(v any) {
			data := map[string]string{"text/plain": format(v)}
			addJSON(data, v)
			show(data)
		}),
		"PNG": reflect.ValueOf(func(png []byte) { show(pngBundle(png)) }),
	}}
}
