package crypto_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/crypto"
	"github.com/opsh/opsh/internal/sshdtest"
	"github.com/opsh/opsh/internal/testenv"
)

// TestSSHKeyLogsInToSshd logs in to a real OpenSSH sshd with the OpenSSH
// client and keys made by opsh: Ed25519 and RSA authorized, another key
// refused.
func TestSSHKeyLogsInToSshd(t *testing.T) {
	client := testenv.LookPath(t, "ssh")
	dir := t.TempDir()
	ed := crypto.SSHKey()
	ed.Comment = "opsh@test"
	rsaKey, err := crypto.SSHKeyRSA(0)
	if err != nil {
		t.Fatal(err)
	}
	stranger := crypto.SSHKey()
	srv := sshdtest.Start(t, sshdtest.Options{
		AuthorizedKeyLines: []string{ed.AuthorizedKey(), rsaKey.AuthorizedKey()},
		Plain:              true,
	})
	login := func(k *crypto.SSHKeyPair, name string) (string, error) {
		path := filepath.Join(dir, name)
		if err := k.WriteFiles(path); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		args := append(srv.SSHArgs(path), "echo", "logged-in-as", "$(id -un)")
		out, err := exec.CommandContext(ctx, client, args...).CombinedOutput()
		return string(out), err
	}
	for name, k := range map[string]*crypto.SSHKeyPair{"id_ed25519": ed, "id_rsa": rsaKey} {
		out, err := login(k, name)
		if err != nil {
			t.Errorf("ssh with opsh's %s key: %v\n%s", name, err, out)
			continue
		}
		if want := "logged-in-as " + srv.User; !strings.Contains(out, want) {
			t.Errorf("ssh with %s: output %q, want %q", name, out, want)
		}
	}
	if out, err := login(stranger, "id_stranger"); err == nil || !strings.Contains(out, "Permission denied") {
		t.Errorf("ssh with an unauthorized key: %v, %q; want Permission denied", err, out)
	}
	if !strings.Contains(srv.Log(), "Accepted publickey for "+srv.User) || !strings.Contains(srv.Log(), ed.Fingerprint()) {
		t.Errorf("sshd log does not show the login with %s:\n%s", ed.Fingerprint(), srv.Log())
	}
}
