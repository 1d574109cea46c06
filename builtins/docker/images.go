package docker

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/distribution/reference"
	units "github.com/docker/go-units"
	"github.com/moby/moby/api/pkg/authconfig"
	"github.com/moby/moby/api/types/jsonstream"
	"github.com/moby/moby/api/types/registry"
	"github.com/moby/moby/client"

	"github.com/opsh/opsh/builtins/internal/progress"
	"github.com/opsh/opsh/builtins/internal/table"
	"github.com/opsh/opsh/internal/redact"
)

// Image is an image in the engine, as last reported.
type Image struct {
	ID      string // sha256:...
	Tags    []string
	Created time.Time
	Size    int64 // bytes
	Labels  map[string]string
	// Comment is the commit message (Commit's Message) or import note.
	Comment string
	Author  string
	// Cmd, Entrypoint, Env and WorkingDir are the defaults a container
	// from the image gets.
	Cmd        []string
	Entrypoint []string
	Env        []string
	WorkingDir string
	Layers     int
}

// ShortID is the first 12 hex digits of the ID, as docker images shows it.
func (img *Image) ShortID() string { return shortID(img.ID) }

// Ref is the image's first tag, or its ID when it has none.
func (img *Image) Ref() string {
	if len(img.Tags) > 0 {
		return img.Tags[0]
	}
	return img.ID
}

// Display shows the image on one line: reference, short ID, size, age.
func (img *Image) Display() string {
	tags := "<untagged>"
	if len(img.Tags) > 0 {
		tags = strings.Join(img.Tags, ", ")
	}
	return fmt.Sprintf("image %s (%s) %s, created %s ago", tags, img.ShortID(),
		units.HumanSizeWithPrecision(float64(img.Size), 3), units.HumanDuration(time.Since(img.Created)))
}

// ImageList is what Images returns; it displays as a table.
type ImageList []*Image

// Display shows the list as docker images does: one row per tag.
func (l ImageList) Display() string {
	t := table.New("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE")
	for _, img := range l {
		size := units.HumanSizeWithPrecision(float64(img.Size), 3)
		age := units.HumanDuration(time.Since(img.Created)) + " ago"
		if len(img.Tags) == 0 {
			t.Add("<none>", "<none>", img.ShortID(), age, size)
		}
		for _, tag := range img.Tags {
			repo, tg := splitTag(tag)
			t.Add(repo, tg, img.ShortID(), age, size)
		}
	}
	return t.String()
}

// Refs returns every tag of every image in the list.
func (l ImageList) Refs() []string {
	var refs []string
	for _, img := range l {
		refs = append(refs, img.Tags...)
	}
	return refs
}

func splitTag(ref string) (repo, tag string) {
	i := strings.LastIndex(ref, ":")
	if i < 0 || strings.Contains(ref[i:], "/") {
		return ref, "<none>"
	}
	return ref[:i], ref[i+1:]
}

// Images lists the images, newest first. Options: All (intermediate
// images too), Filter("dangling=true"), Label(k, v).
func (d *Client) Images(opts ...Option) (ImageList, error) {
	s, err := collect("images", useList, opts)
	if err != nil {
		return nil, err
	}
	lo := client.ImageListOptions{All: s.all}
	if len(s.filters) > 0 {
		lo.Filters = filtersOf(s.filters)
	}
	r, err := d.api.ImageList(d.context(), lo)
	if err != nil {
		return nil, d.fail("images", "", err)
	}
	l := make(ImageList, 0, len(r.Items))
	for _, it := range r.Items {
		var tags []string
		for _, t := range it.RepoTags {
			if t != "<none>:<none>" {
				tags = append(tags, t)
			}
		}
		l = append(l, &Image{ID: it.ID, Tags: tags, Created: time.Unix(it.Created, 0), Size: it.Size, Labels: it.Labels})
	}
	return l, nil
}

// Image returns the image ref (a name:tag, an ID or ID prefix).
func (d *Client) Image(ref string) (*Image, error) {
	return d.image("image", ref)
}

func (d *Client) image(op, ref string) (*Image, error) {
	r, err := d.api.ImageInspect(d.context(), ref)
	if err != nil {
		err = d.fail(op, ref, err)
		if errors.Is(err, ErrNotFound) {
			err = fmt.Errorf("%w\nTry: d.Pull(%q), or d.Images() to see what is here", err, ref)
		}
		return nil, err
	}
	in := r.InspectResponse
	img := &Image{ID: in.ID, Tags: in.RepoTags, Created: parseTime(in.Created), Size: in.Size,
		Comment: in.Comment, Author: in.Author, Layers: len(in.RootFS.Layers)}
	if cf := in.Config; cf != nil {
		img.Labels, img.Cmd, img.Entrypoint, img.Env, img.WorkingDir = cf.Labels, cf.Cmd, cf.Entrypoint, cf.Env, cf.WorkingDir
	}
	return img, nil
}

// Commit makes an image of the container's current files, tagged ref, as
// docker commit does: build images layer by layer without a Dockerfile
// (Create, WriteFile or PutArchive, Commit, Create from the new image...).
// Options: Message, Author, Change("CMD [...]"), NoPause.
func (c *Container) Commit(ref string, opts ...Option) (*Image, error) {
	if err := c.refuse("Commit", ref); err != nil {
		return nil, err
	}
	s, err := collect("commit", useCommit, opts)
	if err != nil {
		return nil, err
	}
	r, err := c.d.api.ContainerCommit(c.d.context(), c.ID, client.ContainerCommitOptions{
		Reference: ref, Comment: s.message, Author: s.author, Changes: s.changes, NoPause: !s.pause,
	})
	if err != nil {
		return nil, c.d.fail("commit", c.ref()+" as "+ref, err)
	}
	return c.d.image("commit", r.ID)
}

// Tag gives the image src the additional name dst ("local/app:v2").
func (d *Client) Tag(src, dst string) error {
	if err := refuse("docker.Tag", src, dst); err != nil {
		return err
	}
	if _, err := d.api.ImageTag(d.context(), client.ImageTagOptions{Source: src, Target: dst}); err != nil {
		return d.fail("tag", src+" as "+dst, err)
	}
	return nil
}

// RemoveImage removes the image ref: a tag (the image goes when its last
// tag does) or an ID. Force() removes an image with several tags or used
// by stopped containers.
func (d *Client) RemoveImage(ref string, opts ...Option) error {
	if err := refuse("docker.RemoveImage", ref); err != nil {
		return err
	}
	s, err := collect("remove image", useRemove, opts)
	if err != nil {
		return err
	}
	if s.volumes {
		return &Error{Op: "remove image", Target: ref, Err: errors.New("option docker.Volumes is for containers")}
	}
	if _, err := d.api.ImageRemove(d.context(), ref, client.ImageRemoveOptions{Force: s.force, PruneChildren: true}); err != nil {
		return d.fail("remove image", ref, err)
	}
	return nil
}

// Pull pulls ref from its registry, showing a progress bar, and returns
// the image. Credentials come from the docker CLI's config
// ($DOCKER_CONFIG/config.json: auths, credHelpers, credsStore), as
// docker login left them.
func (d *Client) Pull(ref string) (*Image, error) {
	if err := refuse("docker.Pull", ref); err != nil {
		return nil, err
	}
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return nil, &Error{Op: "pull", Target: ref, Err: err}
	}
	named = reference.TagNameOnly(named)
	auth, err := registryAuth(reference.Domain(named))
	if err != nil {
		return nil, &Error{Op: "pull", Target: ref, Err: err}
	}
	ctx := d.context()
	r, err := d.api.ImagePull(ctx, named.String(), client.ImagePullOptions{RegistryAuth: auth})
	if err != nil {
		return nil, d.fail("pull", ref, err)
	}
	defer r.Close()
	var bar *progress.Bar
	layers := map[string][2]int64{} // id -> current, total
	var total int64
	for m, err := range r.JSONMessages(ctx) {
		if err != nil {
			if bar != nil {
				bar.Done()
			}
			return nil, d.fail("pull", ref, err)
		}
		if m.Error != nil {
			if bar != nil {
				bar.Done()
			}
			return nil, d.fail("pull", ref, m.Error)
		}
		if m.ID == "" {
			continue
		}
		cur := layers[m.ID]
		switch {
		case m.Progress != nil && m.Progress.Total > 0 && strings.HasPrefix(m.Status, "Downloading"):
			cur = [2]int64{m.Progress.Current, m.Progress.Total}
		case m.Status == "Download complete" || m.Status == "Pull complete" || m.Status == "Already exists":
			cur[0] = cur[1]
		default:
			continue
		}
		if bar == nil {
			bar = progress.New("pull "+ref, 0)
		}
		old := layers[m.ID]
		layers[m.ID] = cur
		total += cur[1] - old[1]
		bar.SetTotal(total)
		bar.Add(cur[0] - old[0])
	}
	if bar != nil {
		bar.Done()
	}
	return d.image("pull", named.String())
}

// Import makes an image tagged ref from a root filesystem tarball, as
// docker import does: src is a local file (plain or compressed tar) or an
// http(s) URL the engine downloads. Uploading shows a progress bar.
func (d *Client) Import(src, ref string) (*Image, error) {
	if err := refuse("docker.Import", src, ref); err != nil {
		return nil, err
	}
	target := src + " as " + ref
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		return d.importFrom(target, client.ImageImportSource{SourceName: src}, ref)
	}
	f, err := os.Open(src)
	if err != nil {
		return nil, &Error{Op: "import", Target: target, Err: err}
	}
	defer f.Close()
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	bar := progress.New("import "+filepath.Base(src), size)
	img, err := d.importFrom(target, client.ImageImportSource{Source: bar.Reader(f), SourceName: "-"}, ref)
	bar.Done()
	return img, err
}

// ImportReader is Import reading the tarball from r.
func (d *Client) ImportReader(r io.Reader, ref string) (*Image, error) {
	if err := refuse("docker.ImportReader", ref); err != nil {
		return nil, err
	}
	return d.importFrom("as "+ref, client.ImageImportSource{Source: r, SourceName: "-"}, ref)
}

func (d *Client) importFrom(target string, src client.ImageImportSource, ref string) (*Image, error) {
	rc, err := d.api.ImageImport(d.context(), src, ref, client.ImageImportOptions{})
	if err != nil {
		return nil, d.fail("import", target, err)
	}
	defer rc.Close()
	dec := json.NewDecoder(rc)
	id := ""
	for {
		var m jsonstream.Message
		if err := dec.Decode(&m); err == io.EOF {
			break
		} else if err != nil {
			return nil, d.fail("import", target, err)
		}
		if m.Error != nil {
			return nil, d.fail("import", target, m.Error)
		}
		if strings.HasPrefix(m.Status, "sha256:") {
			id = strings.TrimSpace(m.Status)
		}
	}
	if id == "" {
		id = ref
	}
	return d.image("import", id)
}

// registryAuth returns the encoded credentials the docker CLI would send
// to registry host, or "" when it has none.
func registryAuth(host string) (string, error) {
	dir := configDir()
	if dir == "" {
		return "", nil
	}
	b, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	var cfg struct {
		Auths map[string]struct {
			Auth          string `json:"auth"`
			IdentityToken string `json:"identitytoken"`
		} `json:"auths"`
		CredHelpers map[string]string `json:"credHelpers"`
		CredsStore  string            `json:"credsStore"`
	}
	if err := json.Unmarshal(b, &cfg); err != nil {
		return "", fmt.Errorf("%s: %w", filepath.Join(dir, "config.json"), err)
	}
	key := host
	if host == "docker.io" {
		key = "https://index.docker.io/v1/"
	}
	ac := registry.AuthConfig{ServerAddress: key}
	helper := cfg.CredHelpers[host]
	if helper == "" {
		helper = cfg.CredsStore
	}
	if helper != "" {
		cmd := exec.Command("docker-credential-"+helper, "get")
		cmd.Stdin = strings.NewReader(key)
		out, err := cmd.Output()
		if err != nil {
			// The helper has no credentials for this registry: pull anonymously.
			return "", nil
		}
		var c struct{ Username, Secret string }
		if err := json.Unmarshal(out, &c); err != nil {
			return "", fmt.Errorf("docker-credential-%s: %w", helper, err)
		}
		if c.Username == "<token>" {
			ac.IdentityToken = c.Secret
		} else {
			ac.Username, ac.Password = c.Username, c.Secret
		}
	} else if a, ok := cfg.Auths[key]; ok {
		if a.Auth != "" {
			raw, err := base64.StdEncoding.DecodeString(a.Auth)
			if err != nil {
				return "", fmt.Errorf("auth for %s in config.json: %w", key, err)
			}
			u, p, _ := strings.Cut(string(raw), ":")
			ac.Username, ac.Password = u, p
		}
		ac.IdentityToken = a.IdentityToken
	} else {
		return "", nil
	}
	for _, s := range []string{ac.Password, ac.IdentityToken} {
		if s != "" {
			redact.Register("docker registry "+host, []byte(s))
		}
	}
	return authconfig.Encode(ac)
}
