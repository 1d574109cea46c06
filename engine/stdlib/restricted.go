package stdlib

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
)

// The extractor maps these names of os and log to local replacements in
// the sandboxed table: nothing there may end the process. Package
// unrestricted puts the real functions back.

// errSelf is returned for a request to act on the interpreter's own process.
var errSelf = errors.New("restricted: the interpreter's own process")

// osExit panics with the exit code instead of ending the process.
func osExit(code int) { panic(fmt.Sprintf("os.Exit(%d)", code)) }

// osFindProcess is os.FindProcess, except for the interpreter's process.
func osFindProcess(pid int) (*os.Process, error) {
	if pid == os.Getpid() {
		return nil, errSelf
	}
	return os.FindProcess(pid)
}

func logFatal(v ...any)            { log.Panic(v...) }
func logFatalf(f string, v ...any) { log.Panicf(f, v...) }
func logFatalln(v ...any)          { log.Panicln(v...) }

// logLogger is log.Logger whose Fatal methods panic.
type logLogger struct{ *log.Logger }

// logNew is log.New returning a logLogger.
func logNew(out io.Writer, prefix string, flag int) *logLogger {
	return &logLogger{log.New(out, prefix, flag)}
}

// Fatal panics as Panic does.
func (l *logLogger) Fatal(v ...any) { l.Panic(v...) }

// Fatalf panics as Panicf does.
func (l *logLogger) Fatalf(f string, v ...any) { l.Panicf(f, v...) }

// Fatalln panics as Panicln does.
func (l *logLogger) Fatalln(v ...any) { l.Panicln(v...) }
