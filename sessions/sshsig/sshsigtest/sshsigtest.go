// Package sshsigtest runs OpenSSH's own tools for tests of SSH signatures:
// ssh-keygen makes keys, signs and verifies; AddEncrypted puts a key with a
// passphrase into an agent (sshdtest.Agent starts one). A missing tool skips the test, or fails it under
// OPSH_REQUIRE_SERVERS=1 (Debian package openssh-client).
package sshsigtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsh/opsh/internal/testenv"
)

// Keygen makes a key of type typ ("ed25519", "ecdsa", "rsa") in dir, with
// passphrase pass ("" for none) and comment, and returns the private key's
// path (the public key is beside it, with .pub).
func Keygen(t testing.TB, dir, typ, pass, comment string) string {
	t.Helper()
	keygen := testenv.LookPath(t, "ssh-keygen")
	path := filepath.Join(dir, "id_"+typ)
	args := []string{"-q", "-t", typ, "-N", pass, "-C", comment, "-f", path}
	if typ == "rsa" {
		args = append(args, "-b", "3072")
	}
	if out, err := exec.Command(keygen, args...).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return path
}

// PublicKey returns the authorized_keys line of the key at priv.pub,
// without its comment.
func PublicKey(t testing.TB, priv string) string {
	t.Helper()
	data, err := os.ReadFile(priv + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(data))
	return f[0] + " " + f[1]
}

// AllowedSigners writes an allowed signers file naming principal for the
// key at priv and returns its path.
func AllowedSigners(t testing.TB, dir, principal, priv string) string {
	t.Helper()
	path := filepath.Join(dir, "allowed_signers")
	if err := os.WriteFile(path, []byte(principal+" "+PublicKey(t, priv)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Verify runs `ssh-keygen -Y verify -n namespace -f allowed -I identity -s
// sig < file` and returns its combined output and whether it accepted.
func Verify(t testing.TB, namespace, allowed, identity, sig, file string) (string, bool) {
	t.Helper()
	cmd := exec.Command(testenv.LookPath(t, "ssh-keygen"), "-Y", "verify", "-n", namespace, "-f", allowed, "-I", identity, "-s", sig)
	in, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	cmd.Stdin = in
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// Sign runs `ssh-keygen -Y sign -n namespace -f key file` and returns the
// signature it wrote (file.sig).
func Sign(t testing.TB, namespace, key, file string) []byte {
	t.Helper()
	out, err := exec.Command(testenv.LookPath(t, "ssh-keygen"), "-Y", "sign", "-n", namespace, "-f", key, file).CombinedOutput()
	if err != nil {
		t.Fatalf("ssh-keygen -Y sign: %v\n%s", err, out)
	}
	sig, err := os.ReadFile(file + ".sig")
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// AddEncrypted adds the key at priv, encrypted with pass, to the agent at
// sock (ssh-add reads the passphrase through SSH_ASKPASS).
func AddEncrypted(t testing.TB, sock, priv, pass string) {
	t.Helper()
	askpass := filepath.Join(filepath.Dir(priv), "askpass.sh")
	script := "#!/bin/sh\nprintf '%s\\n' '" + pass + "'\n"
	if err := os.WriteFile(askpass, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	c := exec.Command(testenv.LookPath(t, "ssh-add"), "-q", priv)
	c.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock, "SSH_ASKPASS="+askpass, "SSH_ASKPASS_REQUIRE=force", "DISPLAY=:0")
	c.Stdin = nil
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("ssh-add %s: %v\n%s", priv, err, out)
	}
}
