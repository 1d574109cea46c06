package repl

import (
	"fmt"
	"strings"

	"github.com/opsh/opsh/sessions"
)

// recordCommand records a meta-command that changes what later cells see
// (:reset, :load FILE) where it happened, so that the transcript shows it
// and a replay redoes it (sessions.CommandKey).
func (s *Session) recordCommand(text string) {
	s.mu.Lock()
	s.record.Facts = append(s.record.Facts, sessions.Fact{Key: sessions.CommandKey, Value: text, After: len(s.record.Cells)})
	s.mu.Unlock()
	if s.cfg.Recorder != nil {
		s.transcriptError(s.cfg.Recorder.Context(sessions.CommandKey, text))
	}
}

// redo replays a recorded meta-command: :reset resets the worker again;
// :load is recorded again only, since the cells it ran follow it in the
// transcript and replay in their turn.
func (s *Session) redo(c sessions.Command) error {
	switch {
	case c.Text == ":reset":
		return s.resetCmd("")
	case strings.HasPrefix(c.Text, ":load "):
		s.recordCommand(c.Text)
		return nil
	}
	return fmt.Errorf("unknown recorded command %q", c.Text)
}
