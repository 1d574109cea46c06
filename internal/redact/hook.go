package redact

import "sync/atomic"

// onRegister is called with every secret newly registered.
var onRegister atomic.Pointer[func(name string, plain []byte)]

// OnRegister installs f, called with each secret Register adds, before
// Register returns: a process that writes output elsewhere (opsh's worker)
// passes the secret on before any output that may hold it. It returns the
// function it replaced; nil removes it.
func OnRegister(f func(name string, plain []byte)) (previous func(name string, plain []byte)) {
	var p *func(string, []byte)
	if f != nil {
		p = &f
	}
	if old := onRegister.Swap(p); old != nil {
		return *old
	}
	return nil
}

func notifyRegistered(name string, plain []byte) {
	if f := onRegister.Load(); f != nil {
		(*f)(name, plain)
	}
}
