package sys_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/opsh/opsh/builtins/sys"
)

// BenchmarkRun is sys.Run of a program that does nothing: the cost of
// starting it in its own process group and capturing its output.
func BenchmarkRun(b *testing.B) {
	for b.Loop() {
		if _, err := sys.Run("true"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExecOutput is the same with os/exec alone, the floor for Run.
func BenchmarkExecOutput(b *testing.B) {
	for b.Loop() {
		if _, err := exec.Command("true").Output(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunOutput1MiB captures a megabyte of output.
func BenchmarkRunOutput1MiB(b *testing.B) {
	for b.Loop() {
		if _, err := sys.Run("head", "-c", "1048576", "/dev/zero"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFileType classifies an ELF executable, the most work FileType does.
func BenchmarkFileType(b *testing.B) {
	for b.Loop() {
		if _, err := sys.FileType(os.Args[0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFileTypeText classifies a text file.
func BenchmarkFileTypeText(b *testing.B) {
	p := filepath.Join(b.TempDir(), "t")
	os.WriteFile(p, []byte("hello, world\n"), 0o644)
	for b.Loop() {
		if _, err := sys.FileType(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteFileAtomic writes 4 KiB durably: two fsyncs and a rename.
func BenchmarkWriteFileAtomic(b *testing.B) {
	p := filepath.Join(b.TempDir(), "f")
	data := make([]byte, 4096)
	for b.Loop() {
		if err := sys.WriteFileAtomic(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOSWriteFile writes 4 KiB in place with no fsync: fast and unsafe.
func BenchmarkOSWriteFile(b *testing.B) {
	p := filepath.Join(b.TempDir(), "f")
	data := make([]byte, 4096)
	for b.Loop() {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}
