package sessions

import (
	"github.com/opsh/opsh/internal/ansi"

	"crypto/rand"
	"crypto/sha512"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/internal/redact"
	"github.com/opsh/opsh/sessions/sshsig"
)

// NewID returns a session id for a session started at now:
// "20261122-001503-a1b2", its date and UTC time, then four hex digits: the
// first three the fraction of the second (in 1/4096 s), the last random.
// Ids sort by start time, even for sessions started in the same second.
func NewID(now time.Time) string {
	var b [1]byte
	rand.Read(b[:])
	frac := now.Nanosecond() * 4096 / 1e9
	return fmt.Sprintf("%s-%03x%x", now.UTC().Format("20060102-150405"), frac, b[0]&0xf)
}

// nextID is the id after id in the order of ids: its four-digit suffix
// one more.
func nextID(id string) string {
	i := strings.LastIndexByte(id, '-')
	var n uint16
	if _, err := fmt.Sscanf(id[i+1:], "%04x", &n); err != nil {
		return NewID(time.Now())
	}
	return fmt.Sprintf("%s-%04x", id[:i], n+1)
}

// Recorder appends a session to its transcript as it happens. Every block is
// redacted (package secret) before it is written; an input block is written
// and synced to disk before its cell runs, so a killed process leaves every
// finished cell and the input of the running one. Its methods are safe for
// concurrent use.
type Recorder struct {
	mu       sync.Mutex
	f        *os.File
	path     string
	meta     Meta
	cells    int
	errs     int
	redacted int
	title    string
	prev     blockKind
	closed   bool
	running  int   // the cell whose input was recorded and output not yet
	broken   error // a failed write: the file may end mid-block, stop there
	noSync   bool  // benchmarks only: measure the work apart from the disk
	chain    *chainer
	digest   hash.Hash  // SHA-512 of every byte written: what a signature signs
	signer   ssh.Signer // signs the transcript at Close; nil: unsigned
}

// Create starts the transcript of a new session in dir, which is created
// private (0700) if missing, as dir/ID.md, private (0600). An empty m.ID is
// filled in with NewID(m.Start), and a zero m.Start with the current time.
// The header is written and synced before Create returns.
func Create(dir string, m Meta) (*Recorder, error) {
	if m.Start.IsZero() {
		m.Start = time.Now()
	}
	if strings.ContainsAny(m.ID, "/\\") || strings.HasPrefix(m.ID, ".") {
		return nil, fmt.Errorf("create transcript: bad session id %q", m.ID)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create session folder: %w", err)
	}
	if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return nil, fmt.Errorf("make session folder private: %w", err)
		}
	}
	given := m.ID != ""
	var (
		f    *os.File
		path string
		err  error
	)
	for try := 0; ; try++ {
		switch {
		case given:
		case try == 0:
			m.ID = NewID(m.Start)
		default:
			m.ID = nextID(m.ID) // taken: the next one keeps the order
		}
		path = filepath.Join(dir, m.ID+".md")
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
		if err == nil || given || !errors.Is(err, fs.ErrExist) || try == 64 {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("create transcript: %w", err)
	}
	lockFile(f)
	r := &Recorder{f: f, path: path, meta: m, chain: newChainer(), digest: sha512.New()}
	if err := r.write(r.chain.plain([]byte(r.redact(string(header(m))))), true); err != nil {
		f.Close()
		return nil, err
	}
	// The new name must survive a crash too.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return r, nil
}

// Path is the transcript's file.
func (r *Recorder) Path() string { return r.path }

// Meta is the header the transcript was created with.
func (r *Recorder) Meta() Meta { return r.meta }

// Redacted is how many values have been masked so far.
func (r *Recorder) Redacted() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.redacted
}

// ErrClosed is returned by a Recorder's methods after Close.
var ErrClosed = errors.New("transcript is closed")

// redact masks the secrets in s (package secret) and counts the masks.
// User text is redacted before its block is built around it: a mask that
// swallowed a line break can then never glue a fence to the text.
func (r *Recorder) redact(s string) string {
	red := redact.String(s)
	if red != s {
		r.redacted += strings.Count(red, "«redacted:") - strings.Count(s, "«redacted:")
	}
	return red
}

// write appends b, already redacted, with one write and, if sync, flushes
// the file (and whatever was written before it) to disk; b may be empty.
func (r *Recorder) write(b []byte, sync bool) error {
	if r.closed {
		return ErrClosed
	}
	if r.broken != nil {
		return fmt.Errorf("transcript not written since an earlier error: %w", r.broken)
	}
	if len(b) > 0 {
		if _, err := r.f.Write(b); err != nil {
			// What was written of the block may end mid-way; appending
			// more would make later cells part of it. The file stays
			// readable up to the last whole block.
			r.broken = err
			return fmt.Errorf("write transcript: %w", err)
		}
		r.digest.Write(b)
	}
	if sync && !r.noSync {
		if err := r.f.Sync(); err != nil {
			r.broken = err
			return fmt.Errorf("sync transcript: %w", err)
		}
	}
	return nil
}

// Input records cell n's source; call it before the cell runs. The block is
// on disk when Input returns.
func (r *Recorder) Input(n int, at time.Time, src string) error {
	sync, err := r.Stage(n, at, src)
	if err != nil {
		return err
	}
	return sync()
}

// Stage is Input in two steps: it writes cell n's input block, which a
// killed process then keeps, and returns the function that puts the block
// (and what was written before it) on disk. The cell may be prepared
// meanwhile, but must not run before sync has returned.
func (r *Recorder) Stage(n int, at time.Time, src string) (sync func() error, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	r.cells++
	r.prev = blockCell
	r.running = n
	if err := r.write(r.chain.block(inputBlock(n, at, r.redact(src))), false); err != nil {
		return nil, err
	}
	return r.sync, nil
}

// sync puts what was written on disk.
func (r *Recorder) sync() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.write(nil, true)
}

// Output records how cell n ended; call it after the cell ran, once, with
// the n given to the last Input (else it is an error and writes nothing). A
// cell that
// ended well with nothing to show writes nothing. The block is written at
// once (a killed process does not lose it) and reaches the disk with the next
// synced write (the next Input, Note, Fact or Close): one sync per cell.
func (r *Recorder) Output(n int, o Output) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrClosed
	}
	// An output block must follow its own cell's input, or the transcript
	// would not read back.
	if n != r.running || n == 0 {
		return fmt.Errorf("record output of cell %d: the cell being recorded is %d", n, r.running)
	}
	r.running = 0
	if o.Status == StatusError || o.Status == StatusInterrupted {
		r.errs++
	}
	o.Text = r.redact(cleanOutput(o.Text))
	o.Dur = RoundDuration(o.Dur)
	if trimNL(o.Text) == "" && (o.Status == "" || o.Status == StatusOK) {
		return nil
	}
	return r.write(r.chain.block(outputBlock(n, o)), false)
}

// Note records a Markdown paragraph, such as what the user concluded. Lines
// that Markdown would read as a fence or that look like an opsh marker are
// escaped, so a note is always read back as a note.
func (r *Recorder) Note(text string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if strings.TrimSpace(text) == "" {
		return nil
	}
	text = r.redact(text)
	if r.title == "" {
		r.title = titleOf(text)
	}
	r.prev = blockNote
	return r.write(r.chain.plain(noteBlock(text)), true)
}

// Context records a fact learnt during the session that a reader of the
// transcript needs, e.g. Context("aws.account", "123456789012") when the
// session first talks to AWS. Facts show as a list in the transcript.
func (r *Recorder) Context(key, value string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if key == "" || strings.Contains(key, ": ") || strings.ContainsAny(key, "\n") {
		return fmt.Errorf("context key %q: want a name without \": \" or newline", key)
	}
	b := factBlock(r.redact(key), r.redact(value), r.prev == blockFact)
	r.prev = blockFact
	return r.write(r.chain.plain(b), true)
}

// SignWith makes Close sign the transcript with s (see Sign), once the
// footer is written. Signing asks for nothing: s is a key the agent holds,
// or an unencrypted key file (sshsig.LoadSigner).
func (r *Recorder) SignWith(s ssh.Signer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.signer = s
}

// Close writes the footer (end time, cells, errors, values redacted),
// signs the transcript if a signer was given (SignWith), and closes the
// file. A transcript without a footer is shown as interrupted. When
// signing fails, the transcript stays whole and unsigned, its chain
// intact, and Close says why.
func (r *Recorder) Close(end time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrClosed
	}
	if end.IsZero() {
		end = time.Now()
	}
	// Count the footer's own masks: none, it holds no user text but the
	// title, which was redacted when noted.
	err := r.write(r.chain.footer(footer(end, r.meta.Start, r.cells, r.errs, r.redacted, r.title)), true)
	if err == nil && r.signer != nil {
		err = r.sign()
	}
	r.closed = true
	if cerr := r.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close transcript: %w", cerr)
	}
	return err
}

// sign appends the signature block: an SSHSIG signature over every byte
// written before it.
func (r *Recorder) sign() error {
	armored, err := sshsig.SignDigest(r.signer, SignatureNamespace, sshsig.HashSHA512, r.digest.Sum(nil))
	if err != nil {
		return fmt.Errorf("sign transcript: %w", err)
	}
	return r.write(signatureBlock(armored), true)
}

// cleanOutput is output as a terminal would have left it on screen: escape
// codes removed, and a line redrawn with carriage returns (a progress bar)
// reduced to what was drawn last.
func cleanOutput(s string) string {
	s = stripANSI(s)
	if !strings.Contains(s, "\r") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, "\r")
		if k := strings.LastIndexByte(l, '\r'); k >= 0 {
			l = l[k+1:]
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

func stripANSI(s string) string { return ansi.Strip(s) }
