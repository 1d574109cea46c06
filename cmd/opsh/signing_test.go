package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsh/opsh/internal/sshdtest"
	"github.com/opsh/opsh/sessions/sshsig/sshsigtest"
)

// opshRun runs the opsh command line with env as its whole environment
// and returns its exit code, standard output and standard error.
func opshRun(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, stdio{in: strings.NewReader(stdin), out: &out, err: &errb}, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

// TestSignedSessions records a piped session signed through a real
// ssh-agent (OPSH_SIGNING_KEY names the public key), verifies it, exports
// it with a detached signature that stock ssh-keygen -Y verify accepts,
// and replays it with --require-signed; a changed transcript and an
// unsigned one are refused.
func TestSignedSessions(t *testing.T) {
	dir := t.TempDir()
	priv := sshsigtest.Keygen(t, dir, "ed25519", "", "alice@example.com")
	sock := sshdtest.Agent(t, dir, priv)
	allowed := sshsigtest.AllowedSigners(t, dir, "alice@example.com", priv)
	home := filepath.Join(dir, "state")
	env := map[string]string{"OPSH_HOME": home, "NO_COLOR": "1", "OPSH_SIGNING_KEY": priv + ".pub", "SSH_AUTH_SOCK": sock, "HOME": dir}

	if code, _, stderr := opshRun(t, env, "x := 40\nx + 2\n"); code != 0 {
		t.Fatalf("recorded session: exit %d\n%s", code, stderr)
	}
	ents, _ := filepath.Glob(filepath.Join(home, "sessions", "*.md"))
	if len(ents) != 1 {
		t.Fatalf("transcripts: %v", ents)
	}
	path := ents[0]
	id := strings.TrimSuffix(filepath.Base(path), ".md")

	code, stdout, stderr := opshRun(t, env, "", "sessions", "verify", id, "--allowed-signers", allowed, "--identity", "alice@example.com")
	if code != 0 || !strings.Contains(stdout, "signed by alice@example.com (ssh-ed25519 key SHA256:") || !strings.Contains(stdout, ": valid") {
		t.Fatalf("verify: exit %d\n%s%s", code, stdout, stderr)
	}

	out := filepath.Join(dir, "export.md")
	if code, _, stderr := opshRun(t, env, "", "sessions", "export", id, "--signature", "-o", out); code != 0 {
		t.Fatalf("export --signature: exit %d\n%s", code, stderr)
	}
	if msg, ok := sshsigtest.Verify(t, "opsh-transcript", allowed, "alice@example.com", out+".sig", out); !ok {
		t.Fatalf("ssh-keygen -Y verify refused the export: %s", msg)
	}

	code, stdout, stderr = opshRun(t, env, "", "run", "--require-signed", "--allowed-signers", allowed, path)
	if code != 0 || !strings.Contains(stderr, "is signed by alice@example.com") || !strings.Contains(stdout, "42") {
		t.Fatalf("run --require-signed of the signed transcript: exit %d\n%s%s", code, stdout, stderr)
	}

	// A changed output is caught by verify (naming the cell) and run.
	data, _ := os.ReadFile(path)
	changed := filepath.Join(dir, "changed.md")
	os.WriteFile(changed, bytes.Replace(data, []byte("\n42\n"), []byte("\n43\n"), 1), 0o600)
	code, stdout, _ = opshRun(t, env, "", "sessions", "verify", changed)
	if code != 1 || !strings.Contains(stdout, "cell 2's output: hash does not match") || !strings.Contains(stdout, "bad signature") {
		t.Errorf("verify of a changed transcript: exit %d\n%s", code, stdout)
	}
	code, stdout, stderr = opshRun(t, env, "", "run", "--require-signed", "--allowed-signers", allowed, changed)
	if code != 1 || !strings.Contains(stderr, "refused by --require-signed") || strings.Contains(stdout, "4") {
		t.Errorf("run --require-signed of a changed transcript: exit %d\n%s%s", code, stdout, stderr)
	}

	// Unsigned: valid unless a signature is required; run refuses it.
	delete(env, "OPSH_SIGNING_KEY")
	env["OPSH_HOME"] = filepath.Join(dir, "state2")
	if code, _, stderr := opshRun(t, env, "1 + 1\n"); code != 0 {
		t.Fatalf("unsigned session: exit %d\n%s", code, stderr)
	}
	code, stdout, _ = opshRun(t, env, "", "sessions", "verify", "last")
	if code != 0 || !strings.Contains(stdout, "not signed") {
		t.Errorf("verify of an unsigned transcript: exit %d\n%s", code, stdout)
	}
	if code, stdout, _ = opshRun(t, env, "", "sessions", "verify", "last", "--allowed-signers", allowed); code != 1 {
		t.Errorf("verify of an unsigned transcript with --allowed-signers: exit %d, want 1\n%s", code, stdout)
	}
	if code, _, stderr = opshRun(t, env, "", "run", "--require-signed", "--allowed-signers", allowed, out); code != 1 {
		t.Errorf("run --require-signed of an unsigned transcript: exit %d, want 1\n%s", code, stderr)
	}
	if code, _, _ = opshRun(t, env, "", "sessions", "verify", filepath.Join(dir, "missing.md")); code != 2 {
		t.Errorf("verify of a missing file: exit %d, want 2", code)
	}
}

// TestSigningKeyFromConfig signs with a key file the config file names,
// and verifies against the allowed signers it names.
func TestSigningKeyFromConfig(t *testing.T) {
	dir := t.TempDir()
	priv := sshsigtest.Keygen(t, dir, "ecdsa", "", "bob@example.com")
	allowed := sshsigtest.AllowedSigners(t, dir, "bob@example.com", priv)
	home := filepath.Join(dir, "state")
	os.MkdirAll(home, 0o700)
	config := "# opsh\nsigning-key = " + priv + "\n\nallowed-signers = " + allowed + "\n"
	if err := os.WriteFile(filepath.Join(home, "config"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"OPSH_HOME": home, "NO_COLOR": "1", "HOME": dir}
	if code, _, stderr := opshRun(t, env, "1 + 1\n"); code != 0 {
		t.Fatalf("session: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := opshRun(t, env, "", "sessions", "verify", "last", "--identity", "bob@example.com")
	if code != 0 || !strings.Contains(stdout, "signed by bob@example.com (ecdsa-sha2-nistp256 key") {
		t.Fatalf("verify: exit %d\n%s%s", code, stdout, stderr)
	}
	os.WriteFile(filepath.Join(home, "config"), []byte("signing-key\n"), 0o600)
	if _, _, stderr := opshRun(t, env, "2 + 2\n"); !strings.Contains(stderr, "config:1: want key = value") {
		t.Errorf("a bad config line: %s", stderr)
	}
}

// TestSignKilledSession signs, with opsh sessions sign, a transcript whose
// session was killed before its end.
func TestSignKilledSession(t *testing.T) {
	dir := t.TempDir()
	priv := sshsigtest.Keygen(t, dir, "ed25519", "", "alice@example.com")
	allowed := sshsigtest.AllowedSigners(t, dir, "alice@example.com", priv)
	home := filepath.Join(dir, "state")
	env := map[string]string{"OPSH_HOME": home, "NO_COLOR": "1", "HOME": dir}
	if code, _, stderr := opshRun(t, env, "x := 1\nx + 1\n"); code != 0 {
		t.Fatalf("session: exit %d\n%s", code, stderr)
	}
	ents, _ := filepath.Glob(filepath.Join(home, "sessions", "*.md"))
	data, _ := os.ReadFile(ents[0])
	killed := data[:bytes.Index(data, []byte("\nended "))+1] // no footer, as kill -9 leaves it
	os.WriteFile(ents[0], killed, 0o600)
	if code, _, stderr := opshRun(t, env, "", "sessions", "sign", "last"); code != 2 || !strings.Contains(stderr, "no signing key") {
		t.Errorf("sign without a key: exit %d\n%s", code, stderr)
	}
	env["OPSH_SIGNING_KEY"] = priv
	if code, _, stderr := opshRun(t, env, "", "sessions", "sign", "last"); code != 0 {
		t.Fatalf("sign: exit %d\n%s", code, stderr)
	}
	code, stdout, _ := opshRun(t, env, "", "sessions", "verify", "last", "--allowed-signers", allowed, "--identity", "alice@example.com")
	if code != 0 || !strings.Contains(stdout, "hash chain intact up to cell 2") || !strings.Contains(stdout, "signed by alice@example.com") {
		t.Errorf("verify of the signed killed session: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := opshRun(t, env, "", "sessions", "sign", "last"); code != 1 || !strings.Contains(stderr, "already signed") {
		t.Errorf("signing twice: exit %d\n%s", code, stderr)
	}
}
