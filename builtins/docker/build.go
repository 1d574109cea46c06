package docker

import (
	"archive/tar"
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/moby/moby/api/types/jsonstream"
	"github.com/moby/moby/client"

	"github.com/opsh/opsh/builtins/internal/progress"
	"github.com/opsh/opsh/internal/cell"
)

// Build builds an image from a Dockerfile, as docker build does: src is a
// directory (sent as the build context, less what its .dockerignore
// excludes) or a tar archive of one (plain or compressed). The build's
// output (Step 1/4 : FROM ...) is streamed to the cell's output as the
// engine sends it; the built image is returned. Options: Tag("app:1.2"),
// BuildArg(k, v), Dockerfile(path), NoCache(), Label(k, v), Network(mode)
// for RUN steps.
//
//	img, err := d.Build("./app", docker.Tag("app:1.2"))
func (d *Client) Build(src string, opts ...Option) (*Image, error) {
	if err := refuse("docker.Build", src); err != nil {
		return nil, err
	}
	s, err := collect("build", useBuild, opts)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(src)
	if err != nil {
		return nil, &Error{Op: "build", Target: src, Err: err}
	}
	var body io.Reader
	var size int64
	if fi.IsDir() {
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(tarContext(src, pw)) }()
		defer pr.Close()
		body = pr
	} else {
		f, err := os.Open(src)
		if err != nil {
			return nil, &Error{Op: "build", Target: src, Err: err}
		}
		defer f.Close()
		body, size = f, fi.Size()
	}
	bar := progress.New("build context "+filepath.Base(src), size)
	defer bar.Done()
	bo := client.ImageBuildOptions{Tags: s.tags, BuildArgs: s.buildArgs, Dockerfile: s.dockerfile,
		NoCache: s.noCache, Labels: s.labels, NetworkMode: s.network, Remove: true}
	r, err := d.api.ImageBuild(d.context(), bar.Reader(body), bo)
	if err != nil {
		return nil, d.fail("build", src, err)
	}
	defer r.Body.Close()
	id, err := buildOutput(r.Body, cell.Stdout(), bar)
	if err != nil {
		return nil, d.fail("build", src, err)
	}
	if id == "" && len(s.tags) > 0 {
		id = s.tags[0]
	}
	if id == "" {
		return nil, &Error{Op: "build", Target: src, Err: fmt.Errorf("the engine did not say which image it built")}
	}
	return d.image("build", id)
}

// buildOutput copies a build's messages to w as they arrive and returns
// the built image's ID; an error message from the engine is an error.
func buildOutput(r io.Reader, w io.Writer, bar *progress.Bar) (string, error) {
	dec := json.NewDecoder(r)
	id, first := "", true
	for {
		var m jsonstream.Message
		if err := dec.Decode(&m); err == io.EOF {
			return id, nil
		} else if err != nil {
			return "", err
		}
		if first {
			bar.Done() // the context is sent: the build's own output follows
			first = false
		}
		if m.Error != nil {
			return "", m.Error
		}
		if m.Stream != "" {
			io.WriteString(w, m.Stream)
		}
		if m.Aux != nil {
			var aux struct{ ID string }
			if json.Unmarshal(*m.Aux, &aux) == nil && aux.ID != "" {
				id = aux.ID
			}
		}
		if strings.HasPrefix(m.Stream, "Successfully built ") && id == "" {
			id = strings.TrimSpace(strings.TrimPrefix(m.Stream, "Successfully built "))
		}
	}
}

// tarContext writes dir as a tar archive, leaving out what dir's
// .dockerignore excludes (the Dockerfile and .dockerignore are always
// sent, as the docker CLI does).
func tarContext(dir string, w io.Writer) error {
	ignore, err := readDockerignore(dir)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(w)
	err = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		if ignore.excludes(rel) && rel != "Dockerfile" && rel != ".dockerignore" {
			if e.IsDir() && !ignore.hasExceptions {
				return filepath.SkipDir
			}
			return nil
		}
		return addToTar(tw, p, rel, e)
	})
	if err != nil {
		return err
	}
	return tw.Close()
}

func addToTar(tw *tar.Writer, p, rel string, e fs.DirEntry) error {
	fi, err := e.Info()
	if err != nil {
		return err
	}
	link := ""
	if fi.Mode()&fs.ModeSymlink != 0 {
		if link, err = os.Readlink(p); err != nil {
			return err
		}
	}
	h, err := tar.FileInfoHeader(fi, link)
	if err != nil {
		return err
	}
	h.Name = rel
	if fi.IsDir() {
		h.Name += "/"
	}
	h.Uname, h.Gname = "", ""
	if err := tw.WriteHeader(h); err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return nil
	}
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(tw, f)
	return err
}

// dockerignore is a .dockerignore: patterns in order, the last that
// matches a path deciding, "!" patterns bringing paths back.
type dockerignore struct {
	patterns      []ignorePattern
	hasExceptions bool
}

type ignorePattern struct {
	glob   string
	negate bool
}

func readDockerignore(dir string) (*dockerignore, error) {
	di := &dockerignore{}
	f, err := os.Open(filepath.Join(dir, ".dockerignore"))
	if os.IsNotExist(err) {
		return di, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		p := ignorePattern{}
		if strings.HasPrefix(l, "!") {
			p.negate, l = true, strings.TrimSpace(l[1:])
			di.hasExceptions = true
		}
		p.glob = path.Clean(strings.TrimPrefix(filepath.ToSlash(l), "/"))
		di.patterns = append(di.patterns, p)
	}
	return di, sc.Err()
}

// excludes reports whether rel (slash-separated, relative to the context)
// is left out: a pattern matches the path or one of its parent
// directories; "**" matches any number of directories.
func (di *dockerignore) excludes(rel string) bool {
	out := false
	for _, p := range di.patterns {
		if matchIgnore(p.glob, rel) {
			out = !p.negate
		}
	}
	return out
}

func matchIgnore(glob, rel string) bool {
	for p := rel; p != "." && p != "/" && p != ""; p = path.Dir(p) {
		if globMatch(strings.Split(glob, "/"), strings.Split(p, "/")) {
			return true
		}
	}
	return false
}

// globMatch matches path segments against pattern segments, "**" standing
// for any number of segments.
func globMatch(pat, segs []string) bool {
	if len(pat) == 0 {
		return len(segs) == 0
	}
	if pat[0] == "**" {
		for i := 0; i <= len(segs); i++ {
			if globMatch(pat[1:], segs[i:]) {
				return true
			}
		}
		return false
	}
	if len(segs) == 0 {
		return false
	}
	if ok, _ := path.Match(pat[0], segs[0]); !ok {
		return false
	}
	return globMatch(pat[1:], segs[1:])
}
