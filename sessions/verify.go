package sessions

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/sessions/sshsig"
)

// SignatureNamespace is the SSHSIG namespace of transcript signatures: a
// signature made for a transcript never passes for a git commit's or a
// file's, nor the other way round.
const SignatureNamespace = "opsh-transcript"

// signatureBlock frames an armored signature as the transcript's last
// block: an HTML comment, which Markdown renders as nothing.
func signatureBlock(armored []byte) []byte {
	return []byte(sigOpen + "\n" + strings.TrimRight(string(armored), "\n") + "\n" + sigCloseLn + "\n")
}

// VerifyOptions says what a signature must be to pass.
type VerifyOptions struct {
	// Allowed lists who may sign (an allowed signers file); nil takes any
	// key that verifies, and names it by its fingerprint only.
	Allowed *sshsig.AllowedSigners
	// Identity, when set, is who must have signed: a principal that
	// Allowed lists for the signing key.
	Identity string
	// Required makes an unsigned transcript fail.
	Required bool
	// Now is the time the allowed signers' validity is judged at; zero is
	// the current time.
	Now time.Time
}

// Signature is what a transcript's signature says, as far as the checks
// asked for could tell.
type Signature struct {
	Signed     bool
	Line       int       // line of the signature block
	KeyType    string    // e.g. "ssh-ed25519"
	Key        string    // the signing key's fingerprint, "SHA256:..."
	Principals []string  // who the allowed signers say the key is
	At         time.Time // when it was signed: the footer's end time
	// Err is why the signature does not pass (nil when it does).
	Err error
}

// Signer is who signed, for a person: the principals vouching for the
// key, else the key's fingerprint.
func (s Signature) Signer() string {
	if len(s.Principals) > 0 {
		return strings.Join(s.Principals, ", ")
	}
	return s.Key
}

// Describe says who signed and when: "alice@example.com (ssh-ed25519 key
// SHA256:...) at TIME", or the key alone when no allowed signers file was
// checked.
func (s Signature) Describe() string {
	d := s.KeyType + " key " + s.Key + " (no allowed signers file checked)"
	if len(s.Principals) > 0 {
		d = s.Signer() + " (" + s.KeyType + " key " + s.Key + ")"
	}
	if !s.At.IsZero() {
		d += " at " + s.At.UTC().Format(time.RFC3339)
	}
	return d
}

// Verification is what Verify found.
type Verification struct {
	Transcript *Transcript
	Chain      ChainReport
	Signature  Signature
	Required   bool // a signature was required
}

// Valid reports whether the transcript passes: its chain verifies as far
// as it goes, and its signature, when it has one or one is required,
// verifies too. A transcript with neither chain nor signature has nothing
// to vouch for it and does not pass.
func (v *Verification) Valid() bool {
	if v.Chain.Failure != nil {
		return false
	}
	if v.Signature.Signed {
		return v.Signature.Err == nil
	}
	return !v.Required && v.Chain.Chained
}

// Report says what Verify found, a line per finding, each starting with
// the file's name: the chain, the signature, then "valid" or "invalid".
func (v *Verification) Report() string {
	name := v.Transcript.Name
	var b strings.Builder
	c := v.Chain
	switch {
	case c.Failure != nil:
		fmt.Fprintf(&b, "%s:%d: %s\n", name, c.Failure.Line, strings.TrimPrefix(c.Failure.Error(), fmt.Sprintf("line %d: ", c.Failure.Line)))
	case !c.Chained:
		fmt.Fprintf(&b, "%s: no hash chain (a transcript written by hand or before opsh chained its cells)\n", name)
	case c.Footer:
		fmt.Fprintf(&b, "%s: hash chain intact: %s and the footer\n", name, plural(c.Cells, "cell"))
	default:
		fmt.Fprintf(&b, "%s: hash chain intact up to cell %d; the file ends before its footer (the session was killed, or is running)\n", name, c.LastCell)
		if c.Unsealed {
			fmt.Fprintf(&b, "%s: the text after cell %d is not covered by the chain\n", name, c.LastCell)
		}
	}
	s := v.Signature
	switch {
	case s.Signed && s.Err != nil:
		fmt.Fprintf(&b, "%s:%d: bad signature: %v\n", name, s.Line, s.Err)
	case s.Signed:
		fmt.Fprintf(&b, "%s: signed by %s\n", name, s.Describe())
	case v.Required:
		fmt.Fprintf(&b, "%s: not signed, and a signature is required\n", name)
	default:
		fmt.Fprintf(&b, "%s: not signed\n", name)
	}
	if v.Valid() {
		fmt.Fprintf(&b, "%s: valid\n", name)
	} else {
		fmt.Fprintf(&b, "%s: invalid\n", name)
	}
	return b.String()
}

// Verify checks a transcript's hash chain and signature (see VerifyChain
// and SignedBy). The error is for a file that cannot be read as a
// transcript; what fails to verify is in the Verification.
func Verify(name string, data []byte, opts VerifyOptions) (*Verification, error) {
	t, err := Parse(name, data)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	if t.Kind != KindTranscript {
		return nil, fmt.Errorf("verify: %s is a %s, not a transcript", name, t.Kind)
	}
	v := &Verification{Transcript: t, Chain: VerifyChain(t, data), Required: opts.Required}
	v.Signature = signatureOf(t, data, opts)
	return v, nil
}

// SignedBy says whose signature the transcript in data carries, checked
// against opts (the runner prints it before a replay). An unsigned
// transcript gives a Signature that is not Signed; the error is for a file
// that cannot be read as a transcript.
func SignedBy(name string, data []byte, opts VerifyOptions) (Signature, error) {
	t, err := Parse(name, data)
	if err != nil {
		return Signature{}, fmt.Errorf("verify signature: %w", err)
	}
	return signatureOf(t, data, opts), nil
}

func signatureOf(t *Transcript, data []byte, opts VerifyOptions) Signature {
	if t.sig == nil {
		return Signature{}
	}
	s := Signature{Signed: true, Line: t.sigLn, At: t.End}
	sig, err := sshsig.Parse(t.sig)
	if err != nil {
		s.Err = err
		return s
	}
	s.KeyType, s.Key = sig.PublicKey.Type(), sig.Fingerprint()
	if err := sig.Verify(data[:t.sigAt], SignatureNamespace); err != nil {
		s.Err = fmt.Errorf("the transcript changed after it was signed, or the signature is not for it (%w)", err)
		return s
	}
	if rest := bytes.TrimSpace(data[t.sigEnd:]); len(rest) > 0 {
		s.Err = errors.New("text follows the signature: it is not signed")
		return s
	}
	s.Principals, s.Err = principals(sig.PublicKey, opts)
	return s
}

// principals names who the allowed signers say key is, and fails when
// they do not vouch for it (for opts.Identity, if set).
func principals(key ssh.PublicKey, opts VerifyOptions) ([]string, error) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	switch {
	case opts.Allowed == nil && opts.Identity != "":
		return nil, fmt.Errorf("cannot check that %s signed without an allowed signers file", opts.Identity)
	case opts.Allowed == nil:
		return nil, nil
	case opts.Identity != "":
		if err := opts.Allowed.Allow(opts.Identity, key, SignatureNamespace, now); err != nil {
			return nil, err
		}
		return []string{opts.Identity}, nil
	}
	ps := opts.Allowed.Principals(key, SignatureNamespace, now)
	if len(ps) == 0 {
		return nil, fmt.Errorf("key %s is not in the allowed signers: %w", ssh.FingerprintSHA256(key), sshsig.ErrNotAllowed)
	}
	return ps, nil
}

// DetachSignature splits a signed transcript into what was signed and its
// armored signature, for `ssh-keygen -Y verify -s FILE.sig < FILE`.
func DetachSignature(name string, data []byte) (message, armored []byte, err error) {
	t, err := Parse(name, data)
	if err != nil {
		return nil, nil, fmt.Errorf("detach signature: %w", err)
	}
	if t.sig == nil {
		return nil, nil, fmt.Errorf("detach signature: %s is not signed", name)
	}
	return data[:t.sigAt], t.sig, nil
}

// ErrRunning is returned by SignFile for a transcript a live session is
// still recording.
var ErrRunning = errors.New("the session is still being recorded")

// SignFile signs the transcript at path with s, as the recorder signs at
// Close: for a session that was killed before its end (its chain verifies
// up to its last whole cell), signed afterwards by its owner, as it is. A
// transcript already signed, still being recorded, ending inside a block,
// or whose chain does not verify is refused. The file is replaced
// atomically, its mode kept.
func SignFile(path string, s ssh.Signer) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sign transcript: %w", err)
	}
	running := locked(f)
	f.Close()
	if running {
		return fmt.Errorf("sign transcript %s: %w", path, ErrRunning)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("sign transcript: %w", err)
	}
	t, err := Parse(path, data)
	if err != nil {
		return fmt.Errorf("sign transcript: %w", err)
	}
	switch c := VerifyChain(t, data); {
	case t.Kind != KindTranscript:
		return fmt.Errorf("sign transcript: %s is a %s, not a transcript", path, t.Kind)
	case t.sig != nil:
		return fmt.Errorf("sign transcript: %s is already signed", path)
	case c.Failure != nil:
		return fmt.Errorf("sign transcript: %s: %w", path, c.Failure)
	case t.cutLine > 0:
		return fmt.Errorf("sign transcript: %s:%d: the file ends inside this block, cut while it was written: remove what is unfinished to sign the rest", path, t.cutLine)
	case len(data) > 0 && data[len(data)-1] != '\n':
		data = append(data, '\n') // a closing fence cut before its newline
	}
	armored, err := sshsig.Sign(s, SignatureNamespace, data)
	if err != nil {
		return fmt.Errorf("sign transcript: %w", err)
	}
	return writeFileAtomic(path, append(data, signatureBlock(armored)...), keepMode)
}
