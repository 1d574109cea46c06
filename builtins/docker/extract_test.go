package docker

import (
	"archive/tar"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// entry is one tar entry of a crafted archive.
type entry struct {
	typ  byte
	name string
	link string // symlink target or hard link source
	body string
}

func craft(t *testing.T, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{Typeflag: e.typ, Name: e.name, Linkname: e.link, Mode: 0o644, ModTime: time.Now()}
		switch e.typ {
		case tar.TypeReg:
			h.Size = int64(len(e.body))
		case tar.TypeDir:
			h.Mode = 0o755
		case tar.TypeSymlink:
			h.Mode = 0o777
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(e.body))
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func dir(name string) entry         { return entry{typ: tar.TypeDir, name: name} }
func file(name, body string) entry  { return entry{typ: tar.TypeReg, name: name, body: body} }
func symlink(name, to string) entry { return entry{typ: tar.TypeSymlink, name: name, link: to} }
func hardlink(name, to string) entry {
	return entry{typ: tar.TypeLink, name: name, link: to}
}

// TestExtractRefusesEscapes feeds extract archives crafted to write outside
// the target, as a hostile engine or container could send them, and
// checks that nothing lands outside: names are refused with ErrUnsafePath,
// links pointing outside are skipped.
func TestExtractRefusesEscapes(t *testing.T) {
	for _, tc := range []struct {
		desc    string
		entries []entry
		err     bool     // refused with ErrUnsafePath
		skipped []string // prefixes of the Skipped entries
	}{
		{desc: "dot-dot name", entries: []entry{dir("site/"), file("site/../evil", "x")}, err: true},
		{desc: "deep dot-dot name", entries: []entry{dir("site/"), file("site/a/../../../evil", "x")}, err: true},
		{desc: "absolute name", entries: []entry{dir("site/"), file("/tmp/evil", "x")}, err: true},
		{desc: "name outside the archived directory", entries: []entry{dir("site/"), file("other/evil", "x")}, err: true},
		{desc: "hard link to a file outside", entries: []entry{dir("site/"), hardlink("site/h", "site/../../outside.txt")}, err: true},
		{desc: "hard link by absolute name", entries: []entry{dir("site/"), hardlink("site/h", "/etc/passwd")}, err: true},
		{desc: "absolute symlink", entries: []entry{dir("site/"), symlink("site/l", "/etc/passwd")},
			skipped: []string{"l -> /etc/passwd"}},
		{desc: "relative symlink climbing out", entries: []entry{dir("site/"), symlink("site/l", "../outside.txt")},
			skipped: []string{"l -> ../outside.txt"}},
		{desc: "symlink dir then a file through it", entries: []entry{dir("site/"), symlink("site/up", ".."), file("site/up/evil", "x")},
			skipped: []string{"up -> .."}},
		{
			// Each link is inside when made by name; through s, which
			// resolves to the top, "../.." climbs out.
			desc: "link chain",
			entries: []entry{dir("site/"), dir("site/d/"), dir("site/d/e/"), symlink("site/d/e/s", "../.."),
				dir("site/x/"), symlink("site/x/l", "../d/e/s/../..")},
			skipped: []string{"x/l -> ../d/e/s/../.."},
		},
		{
			// A link made before the link it goes through: inside when
			// checked, outside once s exists.
			desc: "link checked before its path exists",
			entries: []entry{dir("site/"), dir("site/d/"), dir("site/d/e/"), symlink("site/l", "d/e/s/../../x"),
				symlink("site/d/e/s", "../..")},
			skipped: []string{"l -> d/e/s/../../x"},
		},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			parent := t.TempDir()
			dst := filepath.Join(parent, "copy")
			var cp Copied
			err := extract(bytes.NewReader(craft(t, tc.entries...)), "site", true, dst, &cp)
			if tc.err {
				if !errors.Is(err, ErrUnsafePath) {
					t.Fatalf("extract: %v, want ErrUnsafePath", err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if len(cp.Skipped) != len(tc.skipped) {
				t.Fatalf("skipped %q, want %q", cp.Skipped, tc.skipped)
			}
			for i, p := range tc.skipped {
				if !strings.HasPrefix(cp.Skipped[i], p) {
					t.Fatalf("skipped %q, want %q", cp.Skipped, tc.skipped)
				}
			}
			// Nothing outside dst, and every link left inside resolves inside.
			des, _ := os.ReadDir(parent)
			for _, de := range des {
				if de.Name() != "copy" {
					t.Fatalf("%s was written next to the target", de.Name())
				}
			}
			for _, p := range []string{"/tmp/evil", "/etc/passwd.opsh"} {
				if _, err := os.Lstat(p); err == nil {
					t.Fatalf("%s exists", p)
				}
			}
			filepath.WalkDir(dst, func(p string, de os.DirEntry, err error) error {
				if err != nil || de.Type()&os.ModeSymlink == 0 {
					return nil
				}
				real, err := filepath.EvalSymlinks(p)
				if err == nil && !strings.HasPrefix(real+"/", dst+"/") && real != dst {
					t.Errorf("link %s resolves to %s, outside %s", p, real, dst)
				}
				return nil
			})
		})
	}
}

// TestExtractCopies checks what a well-formed archive gives: contents,
// modes, links inside the copy, a read-only directory filled, devices
// skipped.
func TestExtractCopies(t *testing.T) {
	ro := entry{typ: tar.TypeDir, name: "site/ro/"}
	arch := func() []byte {
		var buf bytes.Buffer
		tw := tar.NewWriter(&buf)
		for _, h := range []*tar.Header{
			{Typeflag: tar.TypeDir, Name: "site/", Mode: 0o750},
			{Typeflag: tar.TypeReg, Name: "site/run.sh", Mode: 0o4755, Size: 3},
			{Typeflag: tar.TypeDir, Name: ro.name, Mode: 0o555},
			{Typeflag: tar.TypeReg, Name: "site/ro/f", Mode: 0o444, Size: 3},
			{Typeflag: tar.TypeSymlink, Name: "site/l", Linkname: "ro/f"},
			{Typeflag: tar.TypeLink, Name: "site/h", Linkname: "site/run.sh"},
			{Typeflag: tar.TypeChar, Name: "site/null", Devmajor: 1, Devminor: 3, Mode: 0o666},
			{Typeflag: tar.TypeFifo, Name: "site/fifo", Mode: 0o600},
		} {
			h.ModTime = time.Unix(1_700_000_000, 0)
			if err := tw.WriteHeader(h); err != nil {
				t.Fatal(err)
			}
			if h.Size > 0 {
				tw.Write([]byte("ab\n"))
			}
		}
		tw.Close()
		return buf.Bytes()
	}()
	dst := filepath.Join(t.TempDir(), "copy")
	var cp Copied
	if err := extract(bytes.NewReader(arch), "site", true, dst, &cp); err != nil {
		t.Fatal(err)
	}
	if cp.Entries != 6 || cp.Bytes != 6 || !slices.Equal(cp.Skipped, []string{"null (device)", "fifo (FIFO)"}) {
		t.Fatalf("copied %+v", cp)
	}
	for name, want := range map[string]os.FileMode{".": 0o750 | os.ModeDir, "run.sh": 0o755, "ro": 0o555 | os.ModeDir, "ro/f": 0o444} {
		fi, err := os.Lstat(filepath.Join(dst, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want {
			t.Errorf("%s: mode %v, want %v (setuid dropped)", name, fi.Mode(), want)
		}
		if name == "run.sh" && !fi.ModTime().Equal(time.Unix(1_700_000_000, 0)) {
			t.Errorf("%s: mtime %v", name, fi.ModTime())
		}
	}
	for _, name := range []string{"l", "h"} {
		if b, err := os.ReadFile(filepath.Join(dst, name)); err != nil || string(b) != "ab\n" {
			t.Errorf("%s: %q %v", name, b, err)
		}
	}
	// A second copy over the first replaces files and links.
	cp = Copied{}
	os.Chmod(filepath.Join(dst, "ro"), 0o755)
	if err := extract(bytes.NewReader(arch), "site", true, dst, &cp); err != nil {
		t.Fatalf("copy over a copy: %v", err)
	}
}
