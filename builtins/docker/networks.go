package docker

import (
	"fmt"
	"sort"
	"strings"

	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"

	"github.com/opsh/opsh/builtins/internal/table"
)

// NetworkInfo is a network of the engine, as last reported, with the calls
// that change it. (docker.Network(name) is the Run option that attaches a
// new container to one.)
type NetworkInfo struct {
	ID       string
	Name     string
	Driver   string // bridge, host, null, overlay...
	Scope    string // local, swarm
	Internal bool   // no route to the outside
	Labels   map[string]string
	// Containers names the containers attached, when the engine said
	// (Network and Refresh; Networks lists them empty).
	Containers []string

	d *Client
}

// ShortID is the first 12 hex digits of the ID.
func (n *NetworkInfo) ShortID() string { return shortID(n.ID) }

// Display shows the network on one line.
func (n *NetworkInfo) Display() string {
	s := fmt.Sprintf("network %s (%s) %s/%s", n.Name, n.ShortID(), n.Driver, n.Scope)
	if n.Internal {
		s += ", internal"
	}
	if len(n.Containers) > 0 {
		s += ", containers: " + strings.Join(n.Containers, ", ")
	}
	return s
}

// NetworkList is what Networks returns; it displays as docker network ls.
type NetworkList []*NetworkInfo

// Display shows the list as a table.
func (l NetworkList) Display() string {
	t := table.New("NETWORK ID", "NAME", "DRIVER", "SCOPE")
	for _, n := range l {
		t.Add(n.ShortID(), n.Name, n.Driver, n.Scope)
	}
	return t.String()
}

// Names returns the networks' names.
func (l NetworkList) Names() []string {
	names := make([]string, len(l))
	for i, n := range l {
		names[i] = n.Name
	}
	return names
}

func (d *Client) networkOf(nw network.Network) *NetworkInfo {
	return &NetworkInfo{ID: nw.ID, Name: nw.Name, Driver: nw.Driver, Scope: nw.Scope,
		Internal: nw.Internal, Labels: nw.Labels, d: d}
}

// Networks lists the engine's networks by name, as docker network ls.
// Options: Filter("driver=bridge"), Label(k, v).
func (d *Client) Networks(opts ...Option) (NetworkList, error) {
	s, err := collect("networks", useList, opts)
	if err != nil {
		return nil, err
	}
	r, err := d.api.NetworkList(d.context(), client.NetworkListOptions{Filters: filtersOf(s.filters)})
	if err != nil {
		return nil, d.fail("networks", "", err)
	}
	l := make(NetworkList, 0, len(r.Items))
	for _, it := range r.Items {
		l = append(l, d.networkOf(it.Network))
	}
	sort.Slice(l, func(i, j int) bool { return l[i].Name < l[j].Name })
	return l, nil
}

// Network returns the network named or identified by ref, with the
// containers attached to it.
func (d *Client) Network(ref string) (*NetworkInfo, error) {
	n := &NetworkInfo{ID: ref, d: d}
	if err := n.refresh("network inspect", ref); err != nil {
		return nil, err
	}
	return n, nil
}

// Refresh reads the network's state again.
func (n *NetworkInfo) Refresh() error { return n.refresh("network inspect", n.Name) }

func (n *NetworkInfo) refresh(op, target string) error {
	r, err := n.d.api.NetworkInspect(n.d.context(), n.ID, client.NetworkInspectOptions{})
	if err != nil {
		return n.d.fail(op, target, err)
	}
	*n = *n.d.networkOf(r.Network.Network)
	for _, ep := range r.Network.Containers {
		n.Containers = append(n.Containers, ep.Name)
	}
	sort.Strings(n.Containers)
	return nil
}

// CreateNetwork makes a network, as docker network create. Options:
// Driver("bridge") (the default), Internal(), Label(k, v).
func (d *Client) CreateNetwork(name string, opts ...Option) (*NetworkInfo, error) {
	if err := refuse("docker.CreateNetwork", name); err != nil {
		return nil, err
	}
	s, err := collect("network create", useNetwork, opts)
	if err != nil {
		return nil, err
	}
	co := client.NetworkCreateOptions{Driver: s.driver, Internal: s.internal, Labels: s.labels}
	r, err := d.api.NetworkCreate(d.context(), name, co)
	if err != nil {
		return nil, d.fail("network create", name, err)
	}
	return d.Network(r.ID)
}

// Remove removes the network (docker network rm); no container may be
// attached.
func (n *NetworkInfo) Remove() error {
	if err := refuse("NetworkInfo.Remove", n.Name); err != nil {
		return err
	}
	if _, err := n.d.api.NetworkRemove(n.d.context(), n.ID, client.NetworkRemoveOptions{}); err != nil {
		return n.d.fail("network rm", n.Name, err)
	}
	return nil
}

// Connect attaches a container (a *Container, or its name or ID) to the
// network, as docker network connect; Alias gives it more DNS names there.
func (n *NetworkInfo) Connect(container any, opts ...Option) error {
	if err := refuse("NetworkInfo.Connect", n.Name, container); err != nil {
		return err
	}
	ref, err := containerRef(container)
	if err != nil {
		return &Error{Op: "network connect", Target: n.Name, Err: err}
	}
	s, err := collect("network connect", useNetConnect, opts)
	if err != nil {
		return err
	}
	co := client.NetworkConnectOptions{Container: ref}
	if len(s.aliases) > 0 {
		co.EndpointConfig = &network.EndpointSettings{Aliases: s.aliases}
	}
	if _, err := n.d.api.NetworkConnect(n.d.context(), n.ID, co); err != nil {
		return n.d.fail("network connect", n.Name+" "+ref, err)
	}
	return nil
}

// Disconnect detaches a container (a *Container, or its name or ID) from
// the network; Force does it even if the container is not running.
func (n *NetworkInfo) Disconnect(container any, opts ...Option) error {
	if err := refuse("NetworkInfo.Disconnect", n.Name, container); err != nil {
		return err
	}
	ref, err := containerRef(container)
	if err != nil {
		return &Error{Op: "network disconnect", Target: n.Name, Err: err}
	}
	s, err := collect("network disconnect", useRemove, opts)
	if err != nil {
		return err
	}
	do := client.NetworkDisconnectOptions{Container: ref, Force: s.force}
	if _, err := n.d.api.NetworkDisconnect(n.d.context(), n.ID, do); err != nil {
		return n.d.fail("network disconnect", n.Name+" "+ref, err)
	}
	return nil
}

// containerRef is the name or ID of a container given as a *Container or
// a string.
func containerRef(c any) (string, error) {
	switch v := c.(type) {
	case *Container:
		if v == nil {
			return "", fmt.Errorf("nil container")
		}
		return v.ref(), nil
	case string:
		if v == "" {
			return "", fmt.Errorf("empty container name")
		}
		return v, nil
	}
	return "", fmt.Errorf("want a *docker.Container or a container name, got %T", c)
}
