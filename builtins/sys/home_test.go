package sys_test

import (
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsh/opsh/builtins/sys"
)

// TestExpandUser expands ~ and ~user as a shell does, and the package's
// path-taking functions use it: a file written to ~/x lands under $HOME, a
// command runs in Dir("~") and from ~/bin.
func TestExpandUser(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	root, err := user.Lookup("root")
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"~": home, "~/a/b": filepath.Join(home, "a/b"), "~root": root.HomeDir,
		"~root/.ssh": filepath.Join(root.HomeDir, ".ssh"), "/etc/~x": "/etc/~x", "a~": "a~",
	} {
		if got, err := sys.ExpandUser(in); err != nil || got != want {
			t.Errorf("ExpandUser(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := sys.ExpandUser("~no-such-user-here/x"); err == nil || !strings.Contains(err.Error(), "no user") {
		t.Errorf("unknown user: %v", err)
	}

	if err := sys.WriteFileAtomic("~/note.txt", "hi\n", 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(home, "note.txt")); err != nil || string(b) != "hi\n" {
		t.Fatalf("~/note.txt: %q %v", b, err)
	}
	if err := sys.Copy("~/note.txt", "~/copy.txt"); err != nil {
		t.Fatal(err)
	}
	if k, err := sys.FileType("~/copy.txt"); err != nil || !strings.Contains(k.Description, "text") {
		t.Errorf("FileType(~/copy.txt) = %v, %v", k, err)
	}
	if _, err := sys.DiskUsage("~"); err != nil {
		t.Error(err)
	}
	out, err := sys.Run("pwd", sys.Dir("~"))
	if err != nil || strings.TrimSpace(out) != home {
		t.Errorf("pwd in Dir(~) = %q, %v", out, err)
	}
	os.MkdirAll(filepath.Join(home, "bin"), 0o755)
	os.WriteFile(filepath.Join(home, "bin", "tool"), []byte("#!/bin/sh\necho \"tool $1\"\n"), 0o755)
	out, err = sys.Run("~/bin/tool", "~")
	if err != nil || out != "tool ~\n" {
		t.Errorf("~/bin/tool with a literal ~ argument = %q, %v", out, err)
	}
}
