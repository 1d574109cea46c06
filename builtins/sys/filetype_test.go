package sys_test

import (
	"errors"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/opsh/opsh/builtins/sys"
	"github.com/opsh/opsh/internal/testenv"
)

// fixture makes a file in dir with the programs that make such files for
// real, and returns its path.
type fixture struct {
	name  string
	make  func(t *testing.T, dir string) string
	kind  string
	check func(t *testing.T, k sys.FileKind)
}

// sh runs a shell script in dir after checking that its programs exist.
func sh(t *testing.T, dir, script string, progs ...string) {
	t.Helper()
	for _, p := range progs {
		testenv.LookPath(t, p)
	}
	if _, err := sys.Run("sh", "-ec", script, sys.Dir(dir)); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, dir, name, data string, perm os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), perm); err != nil {
		t.Fatal(err)
	}
	return p
}

func img(t *testing.T, dir, name string, enc func(*os.File, image.Image) error) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := enc(f, image.NewRGBA(image.Rect(0, 0, 8, 4))); err != nil {
		t.Fatal(err)
	}
	return p
}

func shell(script, out string, progs ...string) func(*testing.T, string) string {
	return func(t *testing.T, dir string) string {
		sh(t, dir, script, progs...)
		return filepath.Join(dir, out)
	}
}

func desc(want string) func(*testing.T, sys.FileKind) {
	return func(t *testing.T, k sys.FileKind) {
		if k.Description != want {
			t.Errorf("Description = %q, want %q", k.Description, want)
		}
	}
}

func script(interp string, args ...string) func(*testing.T, sys.FileKind) {
	return func(t *testing.T, k sys.FileKind) {
		if k.Interpreter != interp || !reflect.DeepEqual(k.Args, args) && len(k.Args)+len(args) > 0 {
			t.Errorf("Interpreter, Args = %q, %q; want %q, %q", k.Interpreter, k.Args, interp, args)
		}
	}
}

var fixtures = []fixture{
	{"gzip", shell("echo hello > notes.txt; gzip -N notes.txt", "notes.txt.gz", "gzip"), sys.KindGzip, desc(`gzip compressed data, was "notes.txt"`)},
	{"bzip2", shell("echo hello > a; bzip2 a", "a.bz2", "bzip2"), sys.KindBzip2, desc("bzip2 compressed data, block size = 900k")},
	{"xz", shell("echo hello > a; xz a", "a.xz", "xz"), sys.KindXz, nil},
	{"zstd", shell("echo hello > a; zstd -q a", "a.zst", "zstd"), sys.KindZstd, nil},
	{"zip", shell("echo hello > a; zip -q a.zip a", "a.zip", "zip"), sys.KindZip, nil},
	{"tar gnu", shell("echo hello > a; tar -cf a.tar a", "a.tar", "tar"), sys.KindTar, desc("POSIX tar archive (GNU)")},
	{"tar posix", shell("echo hello > a; tar --format=ustar -cf a.tar a", "a.tar", "tar"), sys.KindTar, desc("POSIX tar archive")},
	{"ar", shell("echo hello > a; ar rc a.a a", "a.a", "ar"), sys.KindAr, desc("current ar archive")},
	{"deb", shell("mkdir -p p/DEBIAN; printf 'Package: t\\nVersion: 1\\nArchitecture: all\\nMaintainer: t <t@t>\\nDescription: t\\n' > p/DEBIAN/control; dpkg-deb -b p t.deb >/dev/null", "t.deb", "dpkg-deb"), sys.KindAr, desc("Debian binary package")},
	{"png", func(t *testing.T, dir string) string {
		return img(t, dir, "a.png", func(f *os.File, m image.Image) error { return png.Encode(f, m) })
	}, sys.KindPNG, desc("PNG image data, 8 x 4")},
	{"jpeg", func(t *testing.T, dir string) string {
		return img(t, dir, "a.jpg", func(f *os.File, m image.Image) error { return jpeg.Encode(f, m, nil) })
	}, sys.KindJPEG, nil},
	{"gif", func(t *testing.T, dir string) string {
		return img(t, dir, "a.gif", func(f *os.File, m image.Image) error { return gif.Encode(f, m, nil) })
	}, sys.KindGIF, desc("GIF image data, version 89a, 8 x 4")},
	{"pdf", func(t *testing.T, dir string) string {
		return write(t, dir, "a.pdf", "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", 0o644)
	}, sys.KindPDF, desc("PDF document, version 1.4")},
	{"sqlite", shell("sqlite3 a.db 'create table t(x)'", "a.db", "sqlite3"), sys.KindSQLite, nil},
	{"pem certificate", shell("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k.pem -out c.pem -subj /CN=t -days 1 2>/dev/null", "c.pem", "openssl"), sys.KindPEM, desc("PEM certificate")},
	{"openssh key", shell("ssh-keygen -q -t ed25519 -N '' -f id", "id", "ssh-keygen"), sys.KindPEM, desc("OpenSSH private key")},
	{"elf dynamic", func(t *testing.T, dir string) string { return testenv.LookPath(t, "ls") }, sys.KindELF, func(t *testing.T, k sys.FileKind) {
		if k.Bits != 64 || k.ByteOrder != "LSB" || runtime.GOARCH == "amd64" && k.Arch != "x86-64" || !strings.Contains(k.Description, "dynamically linked, interpreter /lib") {
			t.Errorf("FileKind = %+v", k)
		}
	}},
	{"elf static", func(t *testing.T, dir string) string { return testenv.LookPath(t, "busybox") }, sys.KindELF, func(t *testing.T, k sys.FileKind) {
		if !strings.HasSuffix(k.Description, ", statically linked") {
			t.Errorf("Description = %q, want statically linked", k.Description)
		}
	}},
	{"elf go test binary", func(t *testing.T, dir string) string { return os.Args[0] }, sys.KindELF, nil},
	{"sh script", func(t *testing.T, dir string) string { return write(t, dir, "s", "#!/bin/sh -e\necho hi\n", 0o755) }, sys.KindScript,
		func(t *testing.T, k sys.FileKind) {
			script("/bin/sh", "-e")(t, k)
			desc("sh script, ASCII text executable")(t, k)
			if k.MIME != "text/x-shellscript" {
				t.Errorf("MIME = %q", k.MIME)
			}
		}},
	{"env script", func(t *testing.T, dir string) string {
		return write(t, dir, "p", "#!/usr/bin/env python3\nprint('hi')\n", 0o755)
	}, sys.KindScript, script("python3")},
	{"env -S script", func(t *testing.T, dir string) string {
		return write(t, dir, "t.md", "#!/usr/bin/env -S opsh run\n<!-- opsh transcript v1 -->\n", 0o755)
	}, sys.KindScript, script("opsh", "run")},
	{"env -S with variables", func(t *testing.T, dir string) string {
		return write(t, dir, "e", "#!/usr/bin/env -S -u HOME LC_ALL=C perl -w\n", 0o755)
	}, sys.KindScript, script("perl", "-w")},
	{"ascii", func(t *testing.T, dir string) string { return write(t, dir, "a", "hello\nworld\n", 0o644) }, sys.KindText, desc("ASCII text")},
	{"utf-8", func(t *testing.T, dir string) string { return write(t, dir, "u", "héllo wörld ✓\n", 0o644) }, sys.KindText, desc("Unicode text, UTF-8 text")},
	{"crlf", func(t *testing.T, dir string) string { return write(t, dir, "c", "a\r\nb\r\n", 0o644) }, sys.KindText, desc("ASCII text, with CRLF line terminators")},
	{"utf-8 cut mid-character at 8 KiB", func(t *testing.T, dir string) string {
		return write(t, dir, "long", strings.Repeat("a", 8191)+strings.Repeat("é", 100), 0o644)
	}, sys.KindText, desc("Unicode text, UTF-8 text")},
	{"empty", func(t *testing.T, dir string) string { return write(t, dir, "e", "", 0o644) }, sys.KindEmpty, desc("empty")},
	{"binary data", func(t *testing.T, dir string) string { return write(t, dir, "d", "\x00\x01\x02\x03garbage", 0o644) }, sys.KindData, desc("data")},
	{"latin-1", func(t *testing.T, dir string) string { return write(t, dir, "l", "caf\xe9\n", 0o644) }, sys.KindText, desc("ISO-8859 text")},
	{"C1 controls are data", func(t *testing.T, dir string) string { return write(t, dir, "c1", "\x85\x90\x00x", 0o644) }, sys.KindData, nil},
	{"directory", func(t *testing.T, dir string) string { return dir }, sys.KindDirectory, desc("directory")},
	{"character device", func(t *testing.T, dir string) string { return "/dev/null" }, sys.KindSpecial, desc("character special")},
	{"symlink followed", func(t *testing.T, dir string) string {
		write(t, dir, "target", "text\n", 0o644)
		os.Symlink("target", filepath.Join(dir, "link"))
		return filepath.Join(dir, "link")
	}, sys.KindText, nil},
}

// TestFileType checks each fixture's kind and, where file(1) is here, that
// file(1) describes it in the same words (file says more after them).
func TestFileType(t *testing.T) {
	filePath, err := exec.LookPath("file")
	if err != nil {
		if testenv.Required() {
			t.Fatal("OPSH_REQUIRE_SERVERS=1 and file(1) is not installed")
		}
		t.Log("file(1) is not installed: descriptions are not compared with it")
	}
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			path := fx.make(t, t.TempDir())
			k, err := sys.FileType(path)
			if err != nil {
				t.Fatal(err)
			}
			if k.Kind != fx.kind {
				t.Fatalf("Kind = %q (%s), want %q", k.Kind, k, fx.kind)
			}
			if k.MIME == "" || k.Description == "" || k.String() != k.Description || k.Display() != k.Description {
				t.Errorf("FileKind = %+v: want a MIME type and a description it displays", k)
			}
			if fx.check != nil {
				fx.check(t, k)
			}
			if filePath == "" || k.Kind == sys.KindScript || k.Kind == sys.KindELF {
				return // file(1) words these differently
			}
			out, err := sys.Run(filePath, "-b", "-L", path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(out, k.Description) {
				t.Errorf("file(1) says %q; FileType says %q", strings.TrimSpace(out), k.Description)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	if k := sys.Sniff([]byte("#!/bin/bash\necho")); k.Kind != sys.KindScript || k.Interpreter != "/bin/bash" {
		t.Errorf("Sniff(script) = %+v", k)
	}
	b, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if k := sys.Sniff(b); k.Kind != sys.KindELF || !strings.Contains(k.Description, "executable") {
		t.Errorf("Sniff(test binary) = %+v", k)
	}
}

func TestFileTypeMissing(t *testing.T) {
	_, err := sys.FileType("/no/such/file")
	if !errors.Is(err, os.ErrNotExist) || err.Error() != "file type /no/such/file: no such file or directory" {
		t.Fatalf("err = %v", err)
	}
}
