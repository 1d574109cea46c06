package main

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"github.com/opsh/opsh/internal/version"
	"github.com/opsh/opsh/repl"
	"github.com/opsh/opsh/sessions"
)

// record makes cfg record the session to a new transcript in the state
// folder; stop writes the footer. A session that cannot be recorded still
// runs, with a warning.
func record(cfg *repl.Config, std stdio, getenv func(string) string) (stop func()) {
	rec := startRecording(std, getenv)
	if rec == nil {
		return func() {}
	}
	cfg.Recorder = rec
	return func() { stopRecording(rec, std) }
}

// startRecording creates the transcript of a new session.
func startRecording(std stdio, getenv func(string) string) *sessions.Recorder {
	m := sessions.Meta{Start: time.Now(), User: userName(getenv), Host: hostName(), Version: version.Version}
	rec, err := sessions.Create(filepath.Join(stateDir(getenv), "sessions"), m)
	if err != nil {
		fmt.Fprintln(std.err, "opsh: this session is not recorded:", err)
		return nil
	}
	return rec
}

// stopRecording writes the footer: the session ended cleanly.
func stopRecording(rec *sessions.Recorder, std stdio) {
	if rec == nil {
		return
	}
	if err := rec.Close(time.Now()); err != nil {
		fmt.Fprintln(std.err, "opsh: transcript:", err)
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
