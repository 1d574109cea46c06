package dockertest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Registry is a minimal image registry (the Docker Registry HTTP API v2,
// pull side only) on 127.0.0.1, for testing pulls with no registry
// reachable: the engine treats 127.0.0.0/8 registries as insecure, so it
// pulls over plain HTTP.
type Registry struct {
	// Host is 127.0.0.1:PORT, the registry part of an image reference.
	Host string
	// User and Password, when set, are required (HTTP basic auth).
	User, Password string
	// Pulls counts manifest fetches that were answered.
	Pulls atomic.Int64

	srv   *httptest.Server
	mu    sync.Mutex
	blobs map[string][]byte // digest -> content
	tags  map[string]string // "name:tag" -> manifest digest
}

// NewRegistry starts a registry, stopped when the test ends. With user
// non-empty, requests need basic auth as user and password.
func NewRegistry(t testing.TB, user, password string) *Registry {
	r := &Registry{User: user, Password: password, blobs: map[string][]byte{}, tags: map[string]string{}}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	r.Host = strings.TrimPrefix(r.srv.URL, "http://")
	return r
}

// Add stores an image name:tag (name without the registry host) made of
// one layer, the tar archive rootfs, with default command cmd. It returns
// the reference to pull: Host/name:tag.
func (r *Registry) Add(name, tag string, rootfs []byte, cmd ...string) (string, error) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(rootfs)
	if err := zw.Close(); err != nil {
		return "", err
	}
	config, err := json.Marshal(map[string]any{
		"architecture": "amd64",
		"os":           "linux",
		"created":      time.Now().UTC().Format(time.RFC3339Nano),
		"config":       map[string]any{"Cmd": cmd},
		"rootfs":       map[string]any{"type": "layers", "diff_ids": []string{digest(rootfs)}},
		"history":      []map[string]any{{"created": time.Now().UTC().Format(time.RFC3339Nano), "created_by": "opsh dockertest"}},
	})
	if err != nil {
		return "", err
	}
	manifest, err := json.Marshal(map[string]any{
		"schemaVersion": 2,
		"mediaType":     "application/vnd.docker.distribution.manifest.v2+json",
		"config": map[string]any{
			"mediaType": "application/vnd.docker.container.image.v1+json",
			"size":      len(config), "digest": digest(config),
		},
		"layers": []map[string]any{{
			"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
			"size":      gz.Len(), "digest": digest(gz.Bytes()),
		}},
	})
	if err != nil {
		return "", err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, b := range [][]byte{gz.Bytes(), config, manifest} {
		r.blobs[digest(b)] = b
	}
	r.tags[name+":"+tag] = digest(manifest)
	return r.Host + "/" + name + ":" + tag, nil
}

func digest(b []byte) string { return fmt.Sprintf("sha256:%x", sha256.Sum256(b)) }

func (r *Registry) serve(w http.ResponseWriter, req *http.Request) {
	w.Header().Set("Docker-Distribution-API-Version", "registry/2.0")
	if r.User != "" {
		u, p, ok := req.BasicAuth()
		if !ok || u != r.User || p != r.Password {
			w.Header().Set("WWW-Authenticate", `Basic realm="opsh test registry"`)
			regError(w, http.StatusUnauthorized, "UNAUTHORIZED", "authentication required")
			return
		}
	}
	path := strings.TrimPrefix(req.URL.Path, "/v2/")
	if path == "" {
		w.WriteHeader(http.StatusOK)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if i := strings.LastIndex(path, "/manifests/"); i >= 0 {
		name, ref := path[:i], path[i+len("/manifests/"):]
		d := ref
		if !strings.HasPrefix(ref, "sha256:") {
			d = r.tags[name+":"+ref]
		}
		b, ok := r.blobs[d]
		if !ok {
			regError(w, http.StatusNotFound, "MANIFEST_UNKNOWN", "manifest unknown: "+name+":"+ref)
			return
		}
		r.Pulls.Add(1)
		w.Header().Set("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")
		w.Header().Set("Docker-Content-Digest", d)
		w.Header().Set("Content-Length", fmt.Sprint(len(b)))
		if req.Method != http.MethodHead {
			w.Write(b)
		}
		return
	}
	if i := strings.LastIndex(path, "/blobs/"); i >= 0 {
		d := path[i+len("/blobs/"):]
		b, ok := r.blobs[d]
		if !ok {
			regError(w, http.StatusNotFound, "BLOB_UNKNOWN", "blob unknown: "+d)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Docker-Content-Digest", d)
		w.Header().Set("Content-Length", fmt.Sprint(len(b)))
		if req.Method != http.MethodHead {
			w.Write(b)
		}
		return
	}
	regError(w, http.StatusNotFound, "NAME_UNKNOWN", "not found: "+path)
}

func regError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]string{{"code": code, "message": msg}}})
}
