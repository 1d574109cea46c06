//go:build unix

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestJournaled wraps a stream only when JOURNAL_STREAM names it.
func TestJournaled(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "journal"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	other, err := os.Create(filepath.Join(t.TempDir(), "other"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	stream := fmt.Sprintf("%d:%d", st.Dev, st.Ino)
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "JOURNAL_STREAM" {
				return v
			}
			return ""
		}
	}
	std := journaled(stdio{out: f, err: other}, env(stream))
	if _, ok := std.out.(*priorityWriter); !ok {
		t.Errorf("stdout, the journal's stream, not wrapped")
	}
	if std.err != io.Writer(other) {
		t.Errorf("stderr, another file, wrapped")
	}
	if std := journaled(stdio{out: f, err: f}, env("")); std.out != io.Writer(f) || std.err != io.Writer(f) {
		t.Errorf("wrapped without JOURNAL_STREAM")
	}
}
