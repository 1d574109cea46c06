// Package lazy makes a symbol table on its first use rather than as the
// program starts: the generated files of a table register their fillings
// from their init functions, and the table's accessor runs them once.
package lazy

import "sync"

// Fills are the registered fillings of one table.
type Fills struct {
	once  sync.Once
	fills []func()
}

// Add registers a filling; call it from init functions only.
func (f *Fills) Add(fill func()) { f.fills = append(f.fills, fill) }

// Run runs every filling, once, whoever calls it first.
func (f *Fills) Run() {
	f.once.Do(func() {
		for _, fill := range f.fills {
			fill()
		}
	})
}
