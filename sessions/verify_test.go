package sessions

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/internal/sshdtest"
	"github.com/opsh/opsh/sessions/sshsig"
	"github.com/opsh/opsh/sessions/sshsig/sshsigtest"
)

// TestChainDefinition computes the documented example's first hashes by
// the rule doc.go states, apart from the code that writes them.
func TestChainDefinition(t *testing.T) {
	data := []byte(docExample(t))
	text := string(data)
	var prev [32]byte
	from := 0
	for _, want := range []string{"cell=1 ", "cell=2 ", "output {cell=2 "} {
		open := strings.Index(text, want)
		attr := open + strings.Index(text[open:], chainAttr)
		hash := text[attr+len(chainAttr) : attr+len(chainAttr)+64]
		end := attr + strings.Index(text[attr:], "\n```\n") + len("\n```\n")
		segment := text[from:attr] + text[attr+len(chainAttr)+64:end]
		sum := sha256.Sum256(append(prev[:], segment...))
		if got := hex.EncodeToString(sum[:]); got != hash {
			t.Fatalf("block %q: hash by the documented rule %s, written %s", want, got, hash)
		}
		prev, from = sum, end
	}
	if r := VerifyChain(mustParse(t, "doc.md", data), data); !r.Footer || r.Failure != nil {
		t.Errorf("documented example: %+v", r)
	}
}

// signedRecording records the test session signed by the key at priv,
// through ssh-agent when agent is set, and returns its bytes.
func signedRecording(t *testing.T, priv, agentSock string) []byte {
	t.Helper()
	key := priv
	if agentSock != "" {
		key = priv + ".pub"
	}
	s, err := sshsig.LoadSigner(key, agentSock)
	if err != nil {
		t.Fatal(err)
	}
	path := recordWith(t, t.TempDir(), func(r *Recorder) { r.SignWith(s) })
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestSignedTranscript signs a recording with a key file and through
// ssh-agent; opsh and stock ssh-keygen -Y verify both accept it, name the
// signer, and refuse it once a byte changed.
func TestSignedTranscript(t *testing.T) {
	dir := t.TempDir()
	priv := sshsigtest.Keygen(t, dir, "ed25519", "", "alice@example.com")
	sock := sshdtest.Agent(t, dir, priv)
	allowedPath := sshsigtest.AllowedSigners(t, dir, "alice@example.com", priv)
	allowedData, _ := os.ReadFile(allowedPath)
	allowed, err := sshsig.ParseAllowedSigners(allowedData)
	if err != nil {
		t.Fatal(err)
	}
	for _, via := range []string{"key file", "agent"} {
		t.Run(via, func(t *testing.T) {
			agent := ""
			if via == "agent" {
				agent = sock
			}
			data := signedRecording(t, priv, agent)
			v, err := Verify("s.md", data, VerifyOptions{Allowed: allowed, Identity: "alice@example.com", Required: true})
			if err != nil {
				t.Fatal(err)
			}
			if !v.Valid() || v.Signature.Signer() != "alice@example.com" || !v.Signature.At.Equal(t0.Add(27*time.Minute+7*time.Second)) {
				t.Fatalf("signed transcript:\n%s", v.Report())
			}
			if !strings.Contains(v.Report(), "s.md: signed by alice@example.com (ssh-ed25519 key SHA256:") {
				t.Errorf("report:\n%s", v.Report())
			}
			// Stock OpenSSH accepts the detached signature.
			msg, sig, err := DetachSignature("s.md", data)
			if err != nil {
				t.Fatal(err)
			}
			d := t.TempDir()
			file, sigFile := filepath.Join(d, "s.md"), filepath.Join(d, "s.md.sig")
			os.WriteFile(file, msg, 0o600)
			os.WriteFile(sigFile, sig, 0o600)
			if out, ok := sshsigtest.Verify(t, SignatureNamespace, allowedPath, "alice@example.com", sigFile, file); !ok {
				t.Fatalf("ssh-keygen -Y verify refused: %s", out)
			}
			// The index still finds the footer before the signature.
			if s, err := summarize(writeTemp(t, data)); err != nil || s.Interrupted || s.Cells != 5 {
				t.Errorf("index of a signed transcript: %+v, %v", s, err)
			}
		})
	}
}

func writeTemp(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "20261122-001503-a1b2.md")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSSHKeygenSignedTranscript signs a recorded transcript with stock
// ssh-keygen -Y sign; opsh verifies it once the signature block is
// appended.
func TestSSHKeygenSignedTranscript(t *testing.T) {
	dir := t.TempDir()
	priv := sshsigtest.Keygen(t, dir, "ecdsa", "", "bob@example.com")
	path := record(t, dir)
	sig := sshsigtest.Sign(t, SignatureNamespace, priv, path)
	data, _ := os.ReadFile(path)
	data = append(data, signatureBlock(sig)...)
	allowed, _ := sshsig.ParseAllowedSigners([]byte("bob@example.com " + sshsigtest.PublicKey(t, priv) + "\n"))
	v, err := Verify("s.md", data, VerifyOptions{Allowed: allowed})
	if err != nil {
		t.Fatal(err)
	}
	if !v.Valid() || v.Signature.Signer() != "bob@example.com" {
		t.Fatalf("ssh-keygen's signature:\n%s", v.Report())
	}
}

// TestVerifyRefuses: a changed byte, another identity, a missing
// signature where one is required, text after the signature.
func TestVerifyRefuses(t *testing.T) {
	dir := t.TempDir()
	priv := sshsigtest.Keygen(t, dir, "ed25519", "", "alice@example.com")
	data := signedRecording(t, priv, "")
	allowed, _ := sshsig.ParseAllowedSigners([]byte("alice@example.com " + sshsigtest.PublicKey(t, priv) + "\n"))
	check := func(what string, data []byte, opts VerifyOptions, want string) {
		t.Helper()
		v, err := Verify("s.md", data, opts)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if rep := v.Report(); v.Valid() || !strings.Contains(rep, want) || !strings.HasSuffix(rep, "s.md: invalid\n") {
			t.Errorf("%s: valid=%v, want a report with %q:\n%s", what, v.Valid(), want, rep)
		}
	}
	changed := []byte(strings.Replace(string(data), `"200 OK"`, `"500 OK"`, 1))
	check("changed output", changed, VerifyOptions{}, "s.md:12: cell 2's output: hash does not match")
	check("another identity", data, VerifyOptions{Allowed: allowed, Identity: "bob@example.com"}, "not an allowed signer")
	check("identity without allowed signers", data, VerifyOptions{Identity: "alice@example.com"}, "without an allowed signers file")
	check("unknown key", data, VerifyOptions{Allowed: &sshsig.AllowedSigners{}}, "not in the allowed signers")
	check("text after the signature", append(append([]byte(nil), data...), "\nmore\n"...), VerifyOptions{}, "text follows the signature")
	unsigned, _ := os.ReadFile(record(t, t.TempDir()))
	check("unsigned, required", unsigned, VerifyOptions{Required: true}, "not signed, and a signature is required")
	// A note is covered by the hash of the next cell block.
	note := []byte(strings.Replace(string(data), "Two paragraphs.", "Two paragraphs!", 1))
	check("edited note", note, VerifyOptions{}, "s.md:44: cell 5: hash does not match")
	// Unsigned but chained and whole: valid when no signature is required.
	if v, _ := Verify("s.md", unsigned, VerifyOptions{}); !v.Valid() {
		t.Errorf("unsigned chained transcript:\n%s", v.Report())
	}
}

// TestUpdateSigned: --update of a signed transcript chains it again and
// drops the signature, which no longer holds.
func TestUpdateSigned(t *testing.T) {
	dir := t.TempDir()
	priv := sshsigtest.Keygen(t, dir, "ed25519", "", "alice@example.com")
	path := writeTemp(t, signedRecording(t, priv, ""))
	if n, err := UpdateOutputsCount(path, map[int]Output{2: {Text: `"503 Service Unavailable"`}}); err != nil || n != 1 {
		t.Fatalf("UpdateOutputsCount = %d, %v", n, err)
	}
	data, _ := os.ReadFile(path)
	v, err := Verify("s.md", data, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if v.Signature.Signed || !v.Chain.Footer || v.Chain.Failure != nil || strings.Contains(string(data), sigOpen) {
		t.Errorf("updated signed transcript:\n%s\n%s", v.Report(), data)
	}
}

// TestSignFile signs a transcript whose session was killed: it verifies
// with its chain up to the last cell; signing twice, or a changed file, is
// refused.
func TestSignFile(t *testing.T) {
	dir := t.TempDir()
	priv := sshsigtest.Keygen(t, dir, "ed25519", "", "alice@example.com")
	s, err := sshsig.LoadSigner(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(record(t, t.TempDir()))
	killed := data[:strings.Index(string(data), "\nended ")]
	path := writeTemp(t, killed)
	if err := SignFile(path, s); err != nil {
		t.Fatal(err)
	}
	signed, _ := os.ReadFile(path)
	v, err := Verify("s.md", signed, VerifyOptions{Required: true})
	if err != nil {
		t.Fatal(err)
	}
	if !v.Valid() || !v.Signature.Signed || v.Chain.LastCell != 5 || v.Chain.Footer {
		t.Errorf("signed after the kill:\n%s", v.Report())
	}
	if err := SignFile(path, s); err == nil || !strings.Contains(err.Error(), "already signed") {
		t.Errorf("signed twice: %v", err)
	}
	changed := writeTemp(t, []byte(strings.Replace(string(killed), `"200 OK"`, `"201 OK"`, 1)))
	if err := SignFile(changed, s); err == nil || !strings.Contains(err.Error(), "hash does not match") {
		t.Errorf("a changed transcript was signed: %v", err)
	}
	live, err := Create(t.TempDir(), Meta{Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	live.Input(1, t0, "1 + 1")
	if err := SignFile(live.Path(), s); !errors.Is(err, ErrRunning) {
		t.Errorf("a running session was signed: %v", err)
	}
	live.Close(t0)
	cut := writeTemp(t, data[:strings.Index(string(data), "time.Sleep")])
	if err := SignFile(cut, s); err == nil || !strings.Contains(err.Error(), "ends inside this block") {
		t.Errorf("a transcript ending inside a block was signed: %v", err)
	}
}
