package sys_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/opsh/opsh/builtins/sys"
	"github.com/opsh/opsh/internal/readonly"
)

// TestReadOnly runs programs and writes files in a read-only session: a
// program not allowed by name and every write are refused, and nothing
// changes on disk; an allowed program runs.
func TestReadOnly(t *testing.T) {
	readonly.SetFor(t, readonly.Policy{On: true, AllowCommands: []string{"echo"}})
	dir := t.TempDir()
	f := filepath.Join(dir, "a.txt")
	out, err := sys.Run("echo", "hello")
	if err != nil || out != "hello\n" {
		t.Fatalf("allowed echo: %q, %v", out, err)
	}
	for _, c := range []struct {
		err  error
		want string
	}{
		{second(sys.Run("touch", f)), fmt.Sprintf(`sys.Run("touch", %q) runs a program`, f)},
		{second(sys.Capture("sh", "-c", "echo x > "+f)), fmt.Sprintf(`sys.Run("sh", "-c", "echo x > %s") runs a program`, f)},
		{sys.Interactive("vi", f), fmt.Sprintf(`sys.Interactive("vi", %q) runs a program`, f)},
		{sys.WriteFileAtomic(f, "x", 0o600), fmt.Sprintf(`sys.WriteFileAtomic(%q) writes`, f)},
		{sys.Copy("/etc/hostname", f), fmt.Sprintf(`sys.Copy("/etc/hostname", %q) writes`, f)},
	} {
		if got, want := fmt.Sprint(c.err), "refused by --read-only: "+c.want; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if !errors.Is(c.err, readonly.ErrRefused) {
			t.Errorf("%v: not ErrRefused", c.err)
		}
	}
	if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s exists after the refused writes (%v)", f, err)
	}
}

func second[T any](_ T, err error) error { return err }
