// Package iter defines the iterator types of range-over-func, for opsh's
// interpreter: the API of Go's iter package, written for yaegi.
//
// Pull and Pull2 run the sequence in a goroutine, handing values over on
// channels; a panic in the sequence is raised again by next.
package iter

// Seq is an iterator over single values: it calls yield with each value
// until the sequence ends or yield returns false.
type Seq[V any] func(yield func(V) bool)

// Seq2 is an iterator over pairs of values.
type Seq2[K, V any] func(yield func(K, V) bool)

// Pull turns the push iterator seq into next, which returns each value and
// true, then the zero value and false, and stop, which ends the iteration.
// Call stop when done with next before the sequence ends.
func Pull[V any](seq func(yield func(V) bool)) (func() (V, bool), func()) {
	next2, stop := Pull2(func(yield func(V, bool) bool) {
		seq(func(v V) bool { return yield(v, true) })
	})
	next := func() (V, bool) {
		v, _, ok := next2()
		return v, ok
	}
	return next, stop
}

// Pull2 is Pull for a sequence of pairs.
func Pull2[K, V any](seq func(yield func(K, V) bool)) (func() (K, V, bool), func()) {
	keys, values := make(chan K), make(chan V)
	resume := make(chan bool)
	finished := make(chan struct{})
	var failure any
	started, done := false, false
	run := func() {
		defer close(finished)
		defer func() { failure = recover() }()
		if !<-resume {
			return
		}
		seq(func(k K, v V) bool {
			keys <- k
			values <- v
			more := <-resume // not `return <-resume`: yaegi fails on it
			return more
		})
	}
	next := func() (K, V, bool) {
		var k K
		var v V
		if done {
			return k, v, false
		}
		if !started {
			started = true
			go run()
		}
		select {
		case resume <- true:
		case <-finished:
		}
		select {
		case k = <-keys:
			v = <-values
			return k, v, true
		case <-finished:
			done = true
			if failure != nil {
				panic(failure)
			}
			return k, v, false
		}
	}
	stop := func() {
		if done {
			return
		}
		done = true
		if !started {
			return
		}
		select {
		case resume <- false:
			<-finished
		case <-finished:
		}
	}
	return next, stop
}
