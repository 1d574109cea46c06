package crypto_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/opsh/opsh/builtins/crypto"
	"github.com/opsh/opsh/internal/readonly"
)

// TestReadOnly writes a new key pair in a read-only session: refused, and
// no file is made.
func TestReadOnly(t *testing.T) {
	k := crypto.SSHKey()
	readonly.SetFor(t, readonly.Policy{On: true})
	f := filepath.Join(t.TempDir(), "id")
	err := k.WriteFiles(f)
	if got, want := fmt.Sprint(err), fmt.Sprintf(`refused by --read-only: SSHKeyPair.WriteFiles(%q) writes`, f); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if !errors.Is(err, readonly.ErrRefused) {
		t.Errorf("%v: not ErrRefused", err)
	}
	if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s exists (%v)", f, err)
	}
}
