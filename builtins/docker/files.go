package docker

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	units "github.com/docker/go-units"
	"github.com/moby/moby/client"

	"github.com/opsh/opsh/internal/readonly"
)

// WriteFile writes data to the file at path (absolute) in the container,
// with permissions perm (os.ModeSetuid and friends included), owned by
// root, creating missing parent
// directories: one put_archive call, so it works on a created container
// before Start (to inject a config file) as well as on a running one.
func (c *Container) WriteFile(name string, data []byte, perm os.FileMode) error {
	if err := c.refuse("WriteFile", name); err != nil {
		return err
	}
	if !path.IsAbs(name) {
		return &Error{Op: "write", Target: c.ref() + ":" + name, Err: errors.New("path must be absolute")}
	}
	clean := path.Clean(name)
	if clean == "/" {
		return &Error{Op: "write", Target: c.ref() + ":" + name, Err: errors.New("path names a directory")}
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	// An entry relative to "/" with no directory entries: the engine
	// creates missing parents and leaves existing ones as they are.
	mode := int64(perm.Perm())
	// As os.WriteFile reads perm: the os.Mode bits, not raw 0o4000.
	for bit, m := range map[os.FileMode]int64{os.ModeSetuid: 0o4000, os.ModeSetgid: 0o2000, os.ModeSticky: 0o1000} {
		if perm&bit != 0 {
			mode |= m
		}
	}
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: strings.TrimPrefix(clean, "/"), Mode: mode,
		Size: int64(len(data)), ModTime: time.Now(), Format: tar.FormatPAX}
	if err := tw.WriteHeader(hdr); err != nil {
		return &Error{Op: "write", Target: c.ref() + ":" + name, Err: err}
	}
	tw.Write(data)
	tw.Close()
	if _, err := c.d.api.CopyToContainer(c.d.context(), c.ID, client.CopyToContainerOptions{
		DestinationPath: "/", Content: &buf,
	}); err != nil {
		return c.d.fail("write", c.ref()+":"+name, err)
	}
	return nil
}

// PutArchive extracts the tar archive r (plain, gzip, bzip2 or xz) into
// the directory dir in the container, which must exist, as docker-py's
// put_archive does. A file in the archive does not replace a directory of
// the same name.
func (c *Container) PutArchive(dir string, r io.Reader) error {
	if err := c.refuse("PutArchive", dir); err != nil {
		return err
	}
	if _, err := c.d.api.CopyToContainer(c.d.context(), c.ID, client.CopyToContainerOptions{
		DestinationPath: dir, Content: r,
	}); err != nil {
		return c.d.fail("put archive", c.ref()+":"+dir, err)
	}
	return nil
}

// ReadFile returns the contents of the file at path in the container
// (running or not), following a symbolic link at path.
func (c *Container) ReadFile(name string) ([]byte, error) {
	target := c.ref() + ":" + name
	src, err := c.resolve("read", name)
	if err != nil {
		return nil, err
	}
	r, err := c.d.api.CopyFromContainer(c.d.context(), c.ID, client.CopyFromContainerOptions{SourcePath: src})
	if err != nil {
		return nil, c.d.fail("read", target, err)
	}
	defer r.Content.Close()
	if r.Stat.Mode.IsDir() {
		return nil, &Error{Op: "read", Target: target, Err: errors.New("is a directory; c.GetArchive copies directories")}
	}
	tr := tar.NewReader(r.Content)
	for {
		h, err := tr.Next()
		if err != nil {
			if err == io.EOF {
				err = errors.New("empty archive from the engine")
			}
			return nil, c.d.fail("read", target, err)
		}
		if h.Typeflag == tar.TypeReg {
			b, err := io.ReadAll(tr)
			if err != nil {
				return nil, c.d.fail("read", target, err)
			}
			return b, nil
		}
		if h.Typeflag != tar.TypeXGlobalHeader {
			return nil, &Error{Op: "read", Target: target, Err: fmt.Errorf("not a regular file (tar type %q)", h.Typeflag)}
		}
	}
}

// resolve returns the path a symlink at name points to (absolute, in the
// container), or name itself when it is not a link.
func (c *Container) resolve(op, name string) (string, error) {
	st, err := c.d.api.ContainerStatPath(c.d.context(), c.ID, client.ContainerStatPathOptions{Path: name})
	if err != nil {
		return "", c.d.fail(op, c.ref()+":"+name, err)
	}
	if st.Stat.Mode&os.ModeSymlink != 0 && st.Stat.LinkTarget != "" {
		return st.Stat.LinkTarget, nil
	}
	return name, nil
}

// Copied reports what GetArchive wrote.
type Copied struct {
	From    string // container:path
	To      string // local path
	Entries int    // files, directories and links written
	Bytes   int64  // file contents written
	// Skipped lists entries not written, each with the reason: symbolic
	// links that would point outside To (as /etc/mtab -> /proc/mounts
	// does in every container), devices and FIFOs.
	Skipped []string
}

// Display sums up the copy, listing what was skipped.
func (cp Copied) Display() string {
	s := fmt.Sprintf("copied %s to %s: %d entries, %s", cp.From, cp.To, cp.Entries, units.HumanSizeWithPrecision(float64(cp.Bytes), 3))
	if len(cp.Skipped) > 0 {
		s += fmt.Sprintf("\nskipped %d:\n  %s", len(cp.Skipped), strings.Join(cp.Skipped, "\n  "))
	}
	return s
}

// GetArchive copies src, a directory or a file in the container, to dst on
// this machine: dst becomes a copy of src (a directory's contents land in
// dst, created if missing; a file is written as dst, or into dst if that
// is an existing directory). A symbolic link at src is followed.
//
// Nothing is written outside dst. An entry with an absolute or ../ name,
// or a hard link to one, is refused: the copy stops with an error matching
// ErrUnsafePath. A symbolic link that would point outside dst (absolute,
// or climbing out, even through other links) is not created and is listed
// in Skipped, as are devices and FIFOs. Ownership and setuid bits are not
// copied.
func (c *Container) GetArchive(src, dst string) (Copied, error) {
	if err := readonly.Check("writes", "Container.GetArchive", src, dst); err != nil {
		return Copied{}, err
	}
	target := c.ref() + ":" + src
	cp := Copied{From: target, To: dst}
	resolved, err := c.resolve("get archive", src)
	if err != nil {
		return cp, err
	}
	r, err := c.d.api.CopyFromContainer(c.d.context(), c.ID, client.CopyFromContainerOptions{SourcePath: resolved})
	if err != nil {
		return cp, c.d.fail("get archive", target, err)
	}
	defer r.Content.Close()
	if err := extract(r.Content, r.Stat.Name, r.Stat.Mode.IsDir(), dst, &cp); err != nil {
		return cp, c.d.fail("get archive", target, err)
	}
	return cp, nil
}

// extract writes the entries of the tar stream r under prefix (the base
// name of what was archived) to dst: prefix itself becomes dst. Writes go
// through os.Root, so no write can leave dst even through a link; names
// that would place anything outside dst are refused, and links that would
// point outside are skipped.
func extract(r io.Reader, prefix string, srcIsDir bool, dst string, cp *Copied) error {
	if prefix == "" || prefix == "/" {
		prefix = "."
	}
	var root *os.Root
	single := ""
	if fi, err := os.Stat(dst); srcIsDir || (err == nil && fi.IsDir()) {
		if srcIsDir {
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return err
			}
		} else {
			// A file copied into an existing directory keeps its name.
			single = path.Base(prefix)
		}
		root, err = os.OpenRoot(dst)
		if err != nil {
			return err
		}
	} else {
		// A file copied to a new name, or over an existing file.
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		root, err = os.OpenRoot(filepath.Dir(dst))
		if err != nil {
			return err
		}
		single = filepath.Base(dst)
	}
	defer root.Close()

	type dirMeta struct {
		name  string
		mode  fs.FileMode
		mtime time.Time
	}
	var dirs []dirMeta
	var links []string
	skip := func(name, why string) { cp.Skipped = append(cp.Skipped, name+" ("+why+")") }
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if h.Typeflag == tar.TypeXGlobalHeader {
			continue
		}
		rel, err := relName(h.Name, prefix)
		if err != nil {
			return err
		}
		if single != "" {
			if rel != "." {
				return fmt.Errorf("%s: more than one entry in the copy of a file", h.Name)
			}
			rel = single
		}
		switch h.Typeflag {
		case tar.TypeDir:
			if rel != "." {
				if err := root.MkdirAll(rel, 0o700); err != nil {
					return err
				}
			}
			dirs = append(dirs, dirMeta{rel, fs.FileMode(h.Mode).Perm(), h.ModTime})
		case tar.TypeReg:
			if rel == "." {
				return fmt.Errorf("%s: %w", h.Name, ErrUnsafePath)
			}
			n, err := writeFile(root, rel, tr, fs.FileMode(h.Mode).Perm())
			if err != nil {
				return fmt.Errorf("%s: %w", h.Name, err)
			}
			cp.Bytes += n
			root.Chtimes(rel, h.ModTime, h.ModTime)
		case tar.TypeSymlink:
			if err := checkLink(rel, h.Linkname); err != nil {
				skip(rel+" -> "+h.Linkname, "points outside the copy")
				continue
			}
			if err := replace(root, rel); err != nil {
				return err
			}
			if err := root.Symlink(h.Linkname, rel); err != nil {
				return err
			}
			if err := resolveInside(root, rel); err != nil {
				root.Remove(rel)
				skip(rel+" -> "+h.Linkname, "points outside the copy")
				continue
			}
			links = append(links, rel)
		case tar.TypeLink:
			old, err := relName(h.Linkname, prefix)
			if err != nil {
				return fmt.Errorf("%s => %w", h.Name, err)
			}
			if single != "" {
				return fmt.Errorf("%s: hard link in the copy of a file", h.Name)
			}
			if err := replace(root, rel); err != nil {
				return err
			}
			if err := root.Link(old, rel); err != nil {
				return fmt.Errorf("%s => %s: %w", h.Name, h.Linkname, err)
			}
		case tar.TypeChar, tar.TypeBlock:
			skip(rel, "device")
			continue
		case tar.TypeFifo:
			skip(rel, "FIFO")
			continue
		default:
			skip(rel, fmt.Sprintf("tar type %q", h.Typeflag))
			continue
		}
		cp.Entries++
	}
	// A link checked when made may point outside once later entries have
	// made links along its path: check them all again as they now resolve.
	for _, l := range links {
		if err := resolveInside(root, l); err != nil {
			t, _ := root.Readlink(l)
			root.Remove(l)
			cp.Entries--
			skip(l+" -> "+t, "points outside the copy")
		}
	}
	// Directory modes last, so a read-only directory could be filled.
	for i := len(dirs) - 1; i >= 0; i-- {
		root.Chmod(dirs[i].name, dirs[i].mode)
		root.Chtimes(dirs[i].name, dirs[i].mtime, dirs[i].mtime)
	}
	return nil
}

// relName maps an archive entry name to a path relative to the target:
// prefix/a/b becomes a/b, prefix itself ".". Absolute names, names with a
// ".." element and names outside prefix are refused.
func relName(name, prefix string) (string, error) {
	if strings.HasPrefix(name, "/") {
		return "", fmt.Errorf("%s: absolute name: %w", name, ErrUnsafePath)
	}
	for _, el := range strings.Split(name, "/") {
		if el == ".." {
			return "", fmt.Errorf("%s: %w", name, ErrUnsafePath)
		}
	}
	clean := path.Clean(name)
	if prefix == "." {
		return clean, nil
	}
	if clean == prefix {
		return ".", nil
	}
	if rest, ok := strings.CutPrefix(clean, prefix+"/"); ok {
		return rest, nil
	}
	return "", fmt.Errorf("%s: outside %s/: %w", name, prefix, ErrUnsafePath)
}

// checkLink refuses a symlink at rel whose target is absolute or climbs
// out of the root by name.
func checkLink(rel, target string) error {
	if target == "" {
		return fmt.Errorf("empty link target: %w", ErrUnsafePath)
	}
	if path.IsAbs(target) {
		return fmt.Errorf("absolute link target, outside the copy: %w", ErrUnsafePath)
	}
	j := path.Join(path.Dir(rel), target)
	if j == ".." || strings.HasPrefix(j, "../") {
		return fmt.Errorf("link points outside the target: %w", ErrUnsafePath)
	}
	return nil
}

// resolveInside follows the symlink at rel through the files as they are
// now, and fails if it leads outside root. A dangling link is followed by
// name past the first missing element.
func resolveInside(root *os.Root, rel string) error {
	var stack []string // resolved elements, relative to root
	pending := strings.Split(rel, "/")
	hops := 0
	for len(pending) > 0 {
		el := pending[0]
		pending = pending[1:]
		switch el {
		case "", ".":
			continue
		case "..":
			if len(stack) == 0 {
				return fmt.Errorf("link resolves outside the target: %w", ErrUnsafePath)
			}
			stack = stack[:len(stack)-1]
			continue
		}
		stack = append(stack, el)
		cur := strings.Join(stack, "/")
		fi, err := root.Lstat(cur)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			continue
		}
		if hops++; hops > 64 {
			return nil // a loop: it resolves nowhere, so not outside
		}
		t, err := root.Readlink(cur)
		if err != nil {
			return err
		}
		if path.IsAbs(t) {
			return fmt.Errorf("link through %s is absolute: %w", cur, ErrUnsafePath)
		}
		stack = stack[:len(stack)-1]
		pending = append(strings.Split(t, "/"), pending...)
	}
	return nil
}

// replace removes what is at rel unless it is a directory, as tar does
// before writing an entry.
func replace(root *os.Root, rel string) error {
	fi, err := root.Lstat(rel)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return mkParent(root, rel)
		}
		return err
	}
	if fi.IsDir() {
		return fmt.Errorf("%s: is a directory", rel)
	}
	return root.Remove(rel)
}

func mkParent(root *os.Root, rel string) error {
	if d := path.Dir(rel); d != "." {
		return root.MkdirAll(d, 0o755)
	}
	return nil
}

func writeFile(root *os.Root, rel string, r io.Reader, perm fs.FileMode) (int64, error) {
	if err := replace(root, rel); err != nil {
		return 0, err
	}
	f, err := root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(f, r)
	if err != nil {
		f.Close()
		return n, err
	}
	if err := f.Close(); err != nil {
		return n, err
	}
	// OpenFile's mode passes through the umask; set it exactly.
	return n, root.Chmod(rel, perm)
}
