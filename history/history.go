// Package history keeps the REPL's line history in a file that survives
// restarts and is shared by every session of a user.
//
// One entry is one cell, however many lines it has: newlines and
// backslashes are escaped so that each entry is one line of the file
// (a cell "if x {\n\ty()\n}" is stored as `if x {\n\ty()\n}`). Add appends
// an entry with a single write under an exclusive lock (flock), so two
// sessions appending at once lose nothing; when the file grows past
// MaxBytes, the Add that notices rewrites it, under the same lock, keeping
// the newest entries, through a temporary file renamed into place.
//
// Add does not store an empty entry, the entry just before it (consecutive
// duplicates), an entry that starts with a space (as bash's
// HISTCONTROL=ignorespace: type a space first to keep a line out of the
// history), or one that Secret says holds a secret. The file is private to
// the user (0600).
//
// The REPL feeds its line editor the loaded entries and adds each cell as
// it runs it; with github.com/chzyer/readline:
//
//	rl, _ := readline.NewEx(&readline.Config{DisableAutoSaveHistory: true})
//	h := history.New(filepath.Join(home, "history"))
//	h.Secret = redact.Contains
//	h.LoadInto(rl) // calls rl.SaveHistory for each entry
//	...
//	if h.Keep(cell) { // not " secret()", not a secret
//		rl.SaveHistory(cell)
//	}
//	h.Add(cell)
package history

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/opsh/opsh/internal/lockfile"
)

// Defaults for a Store's limits.
const (
	DefaultMax      = 10000
	DefaultMaxBytes = 4 << 20
)

// Store is a history file. Its methods are safe for concurrent use, and
// any number of Stores, in any number of processes, may share one file.
type Store struct {
	// Path is the history file. Its directory is created on the first Add.
	Path string
	// Max is how many entries Load returns and compaction keeps, the newest;
	// 0 means DefaultMax.
	Max int
	// MaxBytes bounds the file: an Add that finds it larger compacts it.
	// 0 means DefaultMaxBytes.
	MaxBytes int64
	// Secret, when set, reports whether an entry holds a secret; such
	// entries are not stored. The REPL passes redact.Contains.
	Secret func(entry string) bool

	mu sync.Mutex // serialises this Store's Adds; flock serialises the rest
}

// New returns a Store for the history file at path.
func New(path string) *Store { return &Store{Path: path} }

func (s *Store) max() int {
	if s.Max > 0 {
		return s.Max
	}
	return DefaultMax
}

func (s *Store) maxBytes() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return DefaultMaxBytes
}

// Load returns the newest Max entries, oldest first, with consecutive
// duplicates collapsed. A file that does not exist yet is an empty history.
func (s *Store) Load() ([]string, error) {
	data, err := os.ReadFile(s.Path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return entries(data, s.max()), nil
}

// Last returns the newest n entries, oldest first (all when n <= 0): what
// :history N shows.
func (s *Store) Last(n int) ([]string, error) {
	entries, err := s.Load()
	if n > 0 && len(entries) > n {
		entries = entries[len(entries)-n:]
	}
	return entries, err
}

// Saver is what LoadInto feeds: *readline.Instance is one.
type Saver interface {
	SaveHistory(entry string) error
}

// LoadInto loads the history and hands each entry, oldest first, to the
// line editor's in-memory history, and returns how many it gave.
func (s *Store) LoadInto(rl Saver) (int, error) {
	entries, err := s.Load()
	for i, e := range entries {
		if err := rl.SaveHistory(e); err != nil {
			return i, fmt.Errorf("history: %w", err)
		}
	}
	return len(entries), err
}

// Keep reports whether Add would store entry: not empty, not starting with
// a space, not a secret. (Add also drops a repeat of the previous entry.)
func (s *Store) Keep(entry string) bool {
	if strings.TrimSpace(entry) == "" || entry[0] == ' ' {
		return false
	}
	return s.Secret == nil || !s.Secret(entry)
}

// Add appends entry to the file at once, unless Keep says no or it repeats
// the newest entry in the file.
func (s *Store) Add(entry string) error {
	entry = strings.TrimRight(entry, "\n")
	if !s.Keep(entry) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := s.lock()
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	defer f.Close() // and unlock
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	prev, terminated, err := lastRecord(f, fi.Size())
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if prev == encode(entry) {
		return nil
	}
	rec := encode(entry) + "\n"
	if !terminated {
		rec = "\n" + rec // end a record a crash cut short
	}
	if _, err := f.Write([]byte(rec)); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if fi.Size()+int64(len(rec)) > s.maxBytes() {
		if err := s.compact(f); err != nil {
			return fmt.Errorf("history: compact: %w", err)
		}
	}
	return nil
}

// lock opens the history file for appending and takes its exclusive lock.
// A compaction replaces the file while others wait for the lock, so once
// it holds the lock it checks that the file it locked is still the one at
// Path, and starts again if not.
func (s *Store) lock() (*os.File, error) {
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o700); err != nil {
		return nil, err
	}
	for {
		f, err := os.OpenFile(s.Path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return nil, err
		}
		if err := lockfile.Lock(f); err != nil {
			f.Close()
			return nil, err
		}
		held, err1 := f.Stat()
		now, err2 := os.Stat(s.Path)
		if err := errors.Join(err1, err2); err != nil && !errors.Is(err2, os.ErrNotExist) {
			f.Close()
			return nil, err
		}
		if err2 == nil && os.SameFile(held, now) {
			if held.Mode().Perm()&0o077 != 0 {
				if err := f.Chmod(0o600); err != nil {
					f.Close()
					return nil, err
				}
			}
			return f, nil
		}
		f.Close()
	}
}

// compact rewrites the locked file f with its newest entries: at most Max,
// and at most half of MaxBytes so that compactions stay rare.
func (s *Store) compact(f *os.File) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	recs, err := readRecords(f)
	if err != nil {
		return err
	}
	if len(recs) > s.max() {
		recs = recs[len(recs)-s.max():]
	}
	budget, keep, size := s.maxBytes()/2, len(recs), int64(0)
	for keep > 0 {
		next := size + int64(len(recs[keep-1])) + 1
		if next > budget && keep < len(recs) {
			break // the newest entry stays, however long
		}
		size, keep = next, keep-1
	}
	recs = recs[keep:]
	tmp, err := os.CreateTemp(filepath.Dir(s.Path), "."+filepath.Base(s.Path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails once renamed
	w := bufio.NewWriter(tmp)
	for _, r := range recs {
		w.WriteString(r)
		w.WriteByte('\n')
	}
	err = errors.Join(w.Flush(), tmp.Chmod(0o600), tmp.Sync(), tmp.Close())
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), s.Path)
}

// lastRecord returns the last record of the file (its last line, without
// the newline), reading backwards from the end, and whether the file ends
// with a newline, as it does unless a crash cut a write short.
func lastRecord(f *os.File, size int64) (rec string, terminated bool, err error) {
	const chunk = 4096
	var tail []byte
	for pos := size; pos > 0; {
		n := min(chunk, pos)
		pos -= n
		buf := make([]byte, n)
		if _, err := f.ReadAt(buf, pos); err != nil {
			return "", false, err
		}
		tail = append(buf, tail...)
		terminated = tail[len(tail)-1] == '\n'
		body := tail
		if terminated {
			body = tail[:len(tail)-1]
		}
		if i := bytes.LastIndexByte(body, '\n'); i >= 0 {
			return string(body[i+1:]), terminated, nil
		}
		if pos == 0 {
			return string(body), terminated, nil
		}
	}
	return "", true, nil
}

// readRecords returns the file's lines, without newlines; a last line that
// a crash left without its newline is kept.
func readRecords(r io.Reader) ([]string, error) {
	var recs []string
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if line = strings.TrimSuffix(line, "\n"); line != "" {
			recs = append(recs, line)
		}
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			return recs, err
		}
	}
}

// entries decodes the newest max records of data, collapsing consecutive
// duplicates.
func entries(data []byte, max int) []string {
	var out []string
	prev := []byte(nil)
	// Walk back from the end, so that only what is returned is decoded.
	for end := len(data); end > 0 && len(out) < max; {
		start := bytes.LastIndexByte(data[:end], '\n') + 1
		rec := data[start:end]
		end = start - 1
		if len(rec) == 0 || bytes.Equal(rec, prev) {
			continue
		}
		prev = rec
		out = append(out, decode(rec))
	}
	slices.Reverse(out)
	return out
}

// encode makes an entry one line: "\" becomes `\\`, a newline `\n`, a
// carriage return `\r`.
func encode(e string) string {
	if !strings.ContainsAny(e, "\\\n\r") {
		return e
	}
	var b strings.Builder
	b.Grow(len(e) + 8)
	for i := 0; i < len(e); i++ {
		switch c := e[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// decode reverses encode. A backslash before anything else stays as it is.
func decode(rec []byte) string {
	if bytes.IndexByte(rec, '\\') < 0 {
		return string(rec)
	}
	var b strings.Builder
	b.Grow(len(rec))
	for i := 0; i < len(rec); i++ {
		c := rec[i]
		if c == '\\' && i+1 < len(rec) {
			switch rec[i+1] {
			case '\\':
				b.WriteByte('\\')
				i++
				continue
			case 'n':
				b.WriteByte('\n')
				i++
				continue
			case 'r':
				b.WriteByte('\r')
				i++
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}
