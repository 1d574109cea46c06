package main

import (
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/internal/version"
	"github.com/opsh/opsh/repl"
	"github.com/opsh/opsh/sessions"
)

// record makes cfg record the session to a transcript in the state folder,
// created when the first cell or note arrives (an empty session leaves no
// file); stop writes the footer, once. A session that cannot be recorded
// still runs, with a warning.
func record(cfg *repl.Config, std stdio, getenv func(string) string) (stop func()) {
	start := time.Now()
	rec := &lazyRecorder{
		dir:  filepath.Join(stateDir(getenv), "sessions"),
		meta: sessions.Meta{ID: sessions.NewID(start), Start: start, User: userName(getenv), Host: hostName(), Version: version.Version},
		warn: std.err,
	}
	signer, err := signingKey(getenv)
	if err != nil {
		fmt.Fprintln(std.err, "opsh: this session's transcript will not be signed:", err)
	}
	rec.signer = signer
	cfg.Recorder = rec
	var once sync.Once
	return func() { once.Do(rec.close) }
}

// lazyRecorder is a sessions.Recorder made on first use.
type lazyRecorder struct {
	mu     sync.Mutex
	dir    string
	meta   sessions.Meta
	warn   io.Writer
	rec    *sessions.Recorder
	failed bool
	signer ssh.Signer // signs the transcript at its end; nil: not signed
}

var _ repl.Recorder = (*lazyRecorder)(nil)

// get returns the recorder, creating its transcript on the first call; nil
// when the session cannot be recorded (said once).
func (l *lazyRecorder) get() *sessions.Recorder {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rec == nil && !l.failed {
		rec, err := sessions.Create(l.dir, l.meta)
		if err != nil {
			l.failed = true
			fmt.Fprintln(l.warn, "opsh: this session is not recorded:", err)
			return nil
		}
		if l.signer != nil {
			rec.SignWith(l.signer)
		}
		l.rec = rec
	}
	return l.rec
}

func (l *lazyRecorder) Stage(cell int, at time.Time, src string) (func() error, error) {
	if r := l.get(); r != nil {
		return r.Stage(cell, at, src)
	}
	return nil, nil
}

func (l *lazyRecorder) Output(cell int, out sessions.Output) error {
	if r := l.get(); r != nil {
		return r.Output(cell, out)
	}
	return nil
}

func (l *lazyRecorder) Note(text string) error {
	if r := l.get(); r != nil {
		return r.Note(text)
	}
	return nil
}

func (l *lazyRecorder) Context(key, value string) error {
	if r := l.get(); r != nil {
		return r.Context(key, value)
	}
	return nil
}

// Path is where the transcript is, or will be once something is recorded.
func (l *lazyRecorder) Path() string { return filepath.Join(l.dir, l.meta.ID+".md") }

func (l *lazyRecorder) Meta() sessions.Meta { return l.meta }

// close writes the footer, if a transcript was started.
func (l *lazyRecorder) close() {
	l.mu.Lock()
	rec := l.rec
	l.mu.Unlock()
	if rec == nil {
		return
	}
	if err := rec.Close(time.Now()); err != nil {
		fmt.Fprintln(l.warn, "opsh: transcript:", err)
	}
}

func userName(getenv func(string) string) string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return getenv("USER")
}

func hostName() string {
	h, _ := os.Hostname()
	return h
}
