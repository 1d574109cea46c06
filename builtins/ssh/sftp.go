package ssh

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pkg/sftp"

	"github.com/opsh/opsh/builtins/internal/progress"
	"github.com/opsh/opsh/builtins/internal/table"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/readonly"
)

// SFTP is a file-transfer session on a host, opened by Host.SFTP. Writes
// (Put, WriteFile) go to a temporary file in the target's directory that is
// renamed over the target, so a reader never sees half a file. The new file
// belongs to the login user; use Chown to give it to another.
type SFTP struct {
	h *Host
	c *sftp.Client
}

// progressMin is the size from which Put and Get draw a progress bar.
const progressMin = 8 << 20

// SFTP opens an SFTP session over the host's connection.
func (h *Host) SFTP() (*SFTP, error) {
	if h == nil {
		return nil, errNilHost
	}
	cn, err := h.conn(cell.Context())
	if err != nil {
		return nil, err
	}
	c, err := sftp.NewClient(cn.client,
		sftp.UseConcurrentWrites(true),
		sftp.UseConcurrentReads(true),
		sftp.MaxConcurrentRequestsPerFile(64))
	if err != nil {
		return nil, fmt.Errorf("ssh %s: sftp: %w", h.Name, err)
	}
	return &SFTP{h: h, c: c}, nil
}

// Close ends the SFTP session; the host's connection stays open.
func (f *SFTP) Close() error { return f.c.Close() }

// Display shows the session as the REPL prints it.
func (f *SFTP) Display() string { return "sftp " + f.h.User + "@" + f.h.Name }

func (f *SFTP) wrap(op, p string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("sftp %s %s:%s: %w", op, f.h.Name, p, err)
}

// ctxReader stops a copy when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func tempName(target string) string {
	var b [6]byte
	rand.Read(b[:])
	dir, base := path.Split(target)
	return dir + "." + base + ".opsh-" + hex.EncodeToString(b[:])
}

// writeAtomic writes r to a temporary file next to remote, sets its mode
// and renames it over remote.
func (f *SFTP) writeAtomic(remote string, r io.Reader, mode os.FileMode, size int64, label string) error {
	tmp := tempName(remote)
	w, err := f.c.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL)
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			w.Close()
			f.c.Remove(tmp)
		}
	}()
	if err := w.Chmod(mode.Perm()); err != nil {
		return err
	}
	src := io.Reader(ctxReader{cell.Context(), r})
	if size >= progressMin {
		bar := progress.New(label, size)
		defer bar.Done()
		src = bar.Reader(src)
	}
	if _, err := w.ReadFrom(src); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if _, ok := f.c.HasExtension("posix-rename@openssh.com"); ok {
		err = f.c.PosixRename(tmp, remote)
	} else {
		f.c.Remove(remote)
		err = f.c.Rename(tmp, remote)
	}
	if err != nil {
		return err
	}
	ok = true
	return nil
}

// Put uploads the local file to remote, keeping its permission bits.
func (f *SFTP) Put(local, remote string) error {
	if err := f.refuseWrite("Put", local, remote); err != nil {
		return err
	}
	in, err := os.Open(local)
	if err != nil {
		return fmt.Errorf("sftp put %s: %w", local, err)
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return fmt.Errorf("sftp put %s: %w", local, err)
	}
	return f.wrap("put", remote, f.writeAtomic(remote, in, fi.Mode(), fi.Size(), "put "+filepath.Base(local)))
}

// Get downloads remote to the local file (written to a temporary file and
// renamed), keeping its permission bits.
func (f *SFTP) Get(remote, local string) error {
	if err := readonly.Check("writes", "SFTP.Get", remote, local); err != nil {
		return err
	}
	in, err := f.c.Open(remote)
	if err != nil {
		return f.wrap("get", remote, err)
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return f.wrap("get", remote, err)
	}
	dir := filepath.Dir(local)
	out, err := os.CreateTemp(dir, "."+filepath.Base(local)+".opsh-*")
	if err != nil {
		return fmt.Errorf("sftp get %s: %w", local, err)
	}
	defer os.Remove(out.Name())
	defer out.Close()
	var dst io.Writer = out
	if fi.Size() >= progressMin {
		bar := progress.New("get "+path.Base(remote), fi.Size())
		defer bar.Done()
		dst = io.MultiWriter(out, barWriter{bar})
	}
	if _, err := in.WriteTo(writerFunc(func(p []byte) (int, error) {
		if err := cell.Context().Err(); err != nil {
			return 0, err
		}
		return dst.Write(p)
	})); err != nil {
		return f.wrap("get", remote, err)
	}
	if err := out.Chmod(fi.Mode().Perm()); err != nil {
		return fmt.Errorf("sftp get %s: %w", local, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("sftp get %s: %w", local, err)
	}
	if err := os.Rename(out.Name(), local); err != nil {
		return fmt.Errorf("sftp get %s: %w", local, err)
	}
	return nil
}

type writerFunc func([]byte) (int, error)

func (w writerFunc) Write(p []byte) (int, error) { return w(p) }

type barWriter struct{ b *progress.Bar }

func (w barWriter) Write(p []byte) (int, error) { w.b.Add(int64(len(p))); return len(p), nil }

// ReadFile returns the contents of a remote file.
func (f *SFTP) ReadFile(p string) ([]byte, error) {
	in, err := f.c.Open(p)
	if err != nil {
		return nil, f.wrap("read", p, err)
	}
	defer in.Close()
	var b strings.Builder
	if _, err := in.WriteTo(&b); err != nil {
		return nil, f.wrap("read", p, err)
	}
	return []byte(b.String()), nil
}

// WriteFile writes data (a []byte, a string or an io.Reader) to a remote
// file with permission bits perm: written to a temporary file in the same
// directory, then renamed over p, so readers see the old file or the new
// one, never a part.
func (f *SFTP) WriteFile(p string, data any, perm os.FileMode) error {
	if err := f.refuseWrite("WriteFile", p); err != nil {
		return err
	}
	var r io.Reader
	size := int64(-1)
	switch d := data.(type) {
	case []byte:
		r, size = strings.NewReader(string(d)), int64(len(d))
	case string:
		r, size = strings.NewReader(d), int64(len(d))
	case io.Reader:
		r = d
	default:
		return fmt.Errorf("sftp write %s:%s: want []byte, string or io.Reader, got %T", f.h.Name, p, data)
	}
	return f.wrap("write", p, f.writeAtomic(p, r, perm, size, "write "+path.Base(p)))
}

// Chmod changes a remote file's permission bits.
func (f *SFTP) Chmod(p string, mode os.FileMode) error {
	if err := f.refuseWrite("Chmod", p, mode); err != nil {
		return err
	}
	return f.wrap("chmod", p, f.c.Chmod(p, mode))
}

// Chown changes a remote file's owner and group (numeric ids).
func (f *SFTP) Chown(p string, uid, gid int) error {
	if err := f.refuseWrite("Chown", p, uid, gid); err != nil {
		return err
	}
	return f.wrap("chown", p, f.c.Chown(p, uid, gid))
}

// Mkdir makes a directory; MkdirAll makes it and its missing parents.
func (f *SFTP) Mkdir(p string) error {
	if err := f.refuseWrite("Mkdir", p); err != nil {
		return err
	}
	return f.wrap("mkdir", p, f.c.Mkdir(p))
}

// MkdirAll makes a directory and any missing parents.
func (f *SFTP) MkdirAll(p string) error {
	if err := f.refuseWrite("MkdirAll", p); err != nil {
		return err
	}
	return f.wrap("mkdir", p, f.c.MkdirAll(p))
}

// Remove removes a file or an empty directory.
func (f *SFTP) Remove(p string) error {
	if err := f.refuseWrite("Remove", p); err != nil {
		return err
	}
	return f.wrap("remove", p, f.c.Remove(p))
}

// Rename renames a file, replacing the target (POSIX rename) when the
// server supports it.
func (f *SFTP) Rename(from, to string) error {
	if err := f.refuseWrite("Rename", from, to); err != nil {
		return err
	}
	if _, ok := f.c.HasExtension("posix-rename@openssh.com"); ok {
		return f.wrap("rename", from, f.c.PosixRename(from, to))
	}
	return f.wrap("rename", from, f.c.Rename(from, to))
}

// Symlink makes a symbolic link at link pointing to target.
func (f *SFTP) Symlink(target, link string) error {
	if err := f.refuseWrite("Symlink", target, link); err != nil {
		return err
	}
	return f.wrap("symlink", link, f.c.Symlink(target, link))
}

// Stat describes a remote file, following symbolic links.
func (f *SFTP) Stat(p string) (*FileInfo, error) {
	fi, err := f.c.Stat(p)
	if err != nil {
		return nil, f.wrap("stat", p, err)
	}
	return fileInfo(path.Dir(p), fi, ""), nil
}

// Lstat describes a remote file; a symbolic link is described itself, with
// its target in Link.
func (f *SFTP) Lstat(p string) (*FileInfo, error) {
	fi, err := f.c.Lstat(p)
	if err != nil {
		return nil, f.wrap("lstat", p, err)
	}
	link := ""
	if fi.Mode()&os.ModeSymlink != 0 {
		link, _ = f.c.ReadLink(p)
	}
	return fileInfo(path.Dir(p), fi, link), nil
}

// List describes the entries of a remote directory, sorted by name.
func (f *SFTP) List(dir string) (Files, error) {
	fis, err := f.c.ReadDirContext(cell.Context(), dir)
	if err != nil {
		return nil, f.wrap("list", dir, err)
	}
	files := make(Files, 0, len(fis))
	for _, fi := range fis {
		link := ""
		if fi.Mode()&os.ModeSymlink != 0 {
			link, _ = f.c.ReadLink(path.Join(dir, fi.Name()))
		}
		files = append(files, fileInfo(dir, fi, link))
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, nil
}

// FileInfo describes a remote file.
type FileInfo struct {
	Name    string
	Path    string
	Size    int64
	Mode    os.FileMode
	ModTime time.Time
	UID     int
	GID     int
	IsDir   bool
	Link    string // a symbolic link's target (Lstat, List)
}

func fileInfo(dir string, fi os.FileInfo, link string) *FileInfo {
	info := &FileInfo{Name: fi.Name(), Path: path.Join(dir, fi.Name()), Size: fi.Size(), Mode: fi.Mode(),
		ModTime: fi.ModTime(), IsDir: fi.IsDir(), Link: link}
	if st, ok := fi.Sys().(*sftp.FileStat); ok {
		info.UID, info.GID = int(st.UID), int(st.GID)
	}
	return info
}

// Display shows the file as `ls -l` does.
func (fi *FileInfo) Display() string { return Files{fi}.Display() }

// Files is a directory listing.
type Files []*FileInfo

// Names returns the entries' names.
func (fs Files) Names() []string {
	n := make([]string, len(fs))
	for i, f := range fs {
		n[i] = f.Name
	}
	return n
}

// Display shows the listing as a table.
func (fs Files) Display() string {
	t := table.New("MODE", "UID", "GID", "SIZE", "MODIFIED", "NAME")
	for _, f := range fs {
		name := f.Name
		if f.Link != "" {
			name += " -> " + f.Link
		}
		t.Add(f.Mode.String(), fmt.Sprint(f.UID), fmt.Sprint(f.GID), fmt.Sprint(f.Size),
			f.ModTime.UTC().Format("2006-01-02 15:04"), name)
	}
	return t.String()
}
