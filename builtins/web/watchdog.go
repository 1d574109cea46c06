package web

import (
	"context"
	"reflect"
	"sync/atomic"
	"time"
)

// watchdog enforces the timeout of one attempt: a context derived from the
// request's and a timer that cancels it. The timer restarts at each read
// of the body.
type watchdog struct {
	parent context.Context
	ctx    context.Context
	cancel context.CancelFunc
	timer  *time.Timer
	fired  atomic.Bool // the timer cancelled ctx
}

// watchdogs keeps the watchdog of a session's last attempt that neither
// fired nor saw its context end, for the next attempt with the same parent
// context: the requests of a loop then share one context and one timer
// instead of making and dropping both each time.
type watchdogs struct {
	idle atomic.Pointer[watchdog]
}

// start returns a watchdog for an attempt with context parent and timeout
// d, its timer running.
func (ws *watchdogs) start(parent context.Context, d time.Duration) *watchdog {
	if w := ws.idle.Swap(nil); w != nil {
		if sameContext(w.parent, parent) && w.ctx.Err() == nil {
			w.timer.Reset(d)
			return w
		}
		w.cancel()
	}
	w := &watchdog{parent: parent}
	w.ctx, w.cancel = context.WithCancel(parent)
	w.timer = time.AfterFunc(d, func() {
		w.fired.Store(true)
		w.cancel()
	})
	return w
}

// stop ends the attempt's watch. A watchdog whose timer had not fired and
// whose context is still live is kept if the attempt succeeded (reuse);
// any other is cancelled, as is the one it replaces.
func (ws *watchdogs) stop(w *watchdog, reuse bool) {
	if !w.timer.Stop() || !reuse || w.ctx.Err() != nil {
		w.cancel()
		return
	}
	if old := ws.idle.Swap(w); old != nil {
		old.cancel()
	}
}

// sameContext reports whether a and b are the same context, without
// panicking on a context type that is not comparable.
func sameContext(a, b context.Context) bool {
	ta := reflect.TypeOf(a)
	return ta == reflect.TypeOf(b) && ta.Comparable() && a == b
}
