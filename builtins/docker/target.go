package docker

import (
	"context"
	"sync"

	"github.com/moby/moby/client"

	"github.com/opsh/opsh/internal/cell"
)

// engineTarget is what a client learnt of its engine's identity: read
// once, before the client's first call, and shared by its WithContext
// copies.
type engineTarget struct {
	mu      sync.Mutex
	known   bool  // the ID was read and told to the session
	refused error // the session refused the engine: every call fails with it
}

// reach reads the engine's ID (Info) before the client's first call and
// tells the session which engine it reaches: a replay refuses an engine
// it was not recorded against before anything goes out to it. A failure
// to read the ID is left to the call itself to meet and report.
func (d *Client) reach(ctx context.Context) error {
	if d.target == nil || !cell.Tracking() {
		return nil // a library user's client: no call of our own
	}
	t := d.target
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.known {
		return t.refused
	}
	r, err := d.api.Info(ctx, client.InfoOptions{})
	if err != nil || r.Info.ID == "" {
		return nil
	}
	detail := r.Info.Name
	if r.Info.ServerVersion != "" {
		detail += ", Docker " + r.Info.ServerVersion
	}
	t.known = true
	t.refused = cell.Reach(cell.Target{Kind: cell.KindDocker, Name: d.host, ID: engineID(r.Info.ID, r.Info.DockerRootDir), Detail: detail})
	return t.refused
}

// engineID is what tells one engine from another: its ID, and the folder
// it keeps its data in. Engines before Docker 23 take their ID from the
// machine's /etc/docker/key.json, which every engine of a machine shares;
// two engines never share a data folder.
func engineID(id, root string) string {
	if root == "" {
		return id
	}
	return id + "@" + root
}

// refusal is the session's refusal of the engine, if any.
func (d *Client) refusal() error {
	if d.target == nil {
		return nil
	}
	d.target.mu.Lock()
	defer d.target.mu.Unlock()
	return d.target.refused
}

// refusedContext is ctx cancelled with the session's refusal, so that
// the call fails before it is sent.
func refusedContext(ctx context.Context, refused error) context.Context {
	ctx, cancel := context.WithCancelCause(ctx)
	cancel(refused)
	return ctx
}
