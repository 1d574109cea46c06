package sys

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/internal/readonly"
)

// WriteFileAtomic replaces the file at path with data so that a reader sees
// the old contents or the new, never a part: it writes a temporary file in
// the same directory, syncs it, renames it over path and syncs the
// directory. On failure nothing is left behind and path is untouched.
//
// data is a string, a []byte, a secret.Value or an io.Reader. The file gets
// mode perm exactly (not masked by the umask); when it replaces a file
// owned by someone else, and opsh may, it keeps that owner. A symbolic link
// at path is followed: its target is replaced, the link stays.
//
//	sys.WriteFileAtomic("/etc/app.conf", conf, 0o644)
func WriteFileAtomic(path string, data any, perm os.FileMode) error {
	if err := readonly.Check("writes", "sys.WriteFileAtomic", path); err != nil {
		return err
	}
	path, err := ExpandUser(path)
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	var src io.Reader
	switch x := data.(type) {
	case string:
		src = strings.NewReader(x)
	case []byte:
		src = bytes.NewReader(x)
	case secret.Value:
		src = bytes.NewReader(x.Reveal())
	case io.Reader:
		src = x
	case nil:
		src = strings.NewReader("")
	default:
		return fmt.Errorf("write %s: want a string, []byte, secret.Value or io.Reader, got %T", path, data)
	}
	return writeAtomic(path, src, perm, nil)
}

// writeAtomic does WriteFileAtomic's work; before, when set, runs on the
// written temporary file before it is synced and renamed into place.
func writeAtomic(path string, src io.Reader, perm os.FileMode, before func(*os.File) error) (err error) {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := io.Copy(tmp, src); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if err := tmp.Chmod(perm.Perm() | perm&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky)); err != nil {
		return fmt.Errorf("write %s: chmod: %w", path, unwrapPath(err))
	}
	if fi, err := os.Stat(path); err == nil {
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && (int(st.Uid) != os.Geteuid() || int(st.Gid) != os.Getegid()) {
			// Best effort, as cp -p: an unprivileged user cannot give files away.
			_ = tmp.Chown(int(st.Uid), int(st.Gid))
		}
	}
	if before != nil {
		if err := before(tmp); err != nil {
			return fmt.Errorf("write %s: %w", path, unwrapPath(err))
		}
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: sync: %w", path, unwrapPath(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapRename(err))
	}
	if err := syncDir(dir); err != nil {
		// The new contents are in place; only their durability is in doubt.
		return fmt.Errorf("write %s: sync directory: %w", path, err)
	}
	return nil
}

// Copy copies the file src to dst, keeping its mode and modification time
// (Python's shutil.copy2). When dst is a directory the copy goes into it
// under src's name. dst is replaced atomically, as by WriteFileAtomic.
// Copy copies one file; for a tree, sys.Run("cp", "-a", src, dst).
//
//	sys.Copy("/etc/nginx/nginx.conf", "/root/backup/")
func Copy(src, dst string) (err error) {
	if err := readonly.Check("writes", "sys.Copy", src, dst); err != nil {
		return err
	}
	if src, err = ExpandUser(src); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	if dst, err = ExpandUser(dst); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("copy %s: %w", src, unwrapPath(err))
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return fmt.Errorf("copy %s: %w", src, unwrapPath(err))
	}
	if fi.IsDir() {
		return fmt.Errorf("copy %s: is a directory (Try: sys.Run(\"cp\", \"-a\", %q, %q))", src, src, dst)
	}
	if di, err := os.Stat(dst); err == nil && di.IsDir() {
		dst = filepath.Join(dst, filepath.Base(src))
	}
	if di, err := os.Stat(dst); err == nil && os.SameFile(fi, di) {
		return fmt.Errorf("copy %s: %s is the same file", src, dst)
	}
	err = writeAtomic(dst, in, fi.Mode(), func(f *os.File) error {
		return os.Chtimes(f.Name(), fi.ModTime(), fi.ModTime())
	})
	if err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return unwrapPath(err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return unwrapPath(err)
	}
	return nil
}

// unwrapPath drops the *PathError's own operation and temporary file name,
// which the caller's message replaces.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func unwrapRename(err error) error {
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
