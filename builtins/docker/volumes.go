package docker

import (
	"fmt"
	"sort"
	"time"

	"github.com/moby/moby/api/types/volume"
	"github.com/moby/moby/client"

	"github.com/opsh/opsh/builtins/internal/table"
)

// VolumeInfo is a named volume of the engine, as last reported, with the
// calls that change it. (docker.Volume("name:/path") is the Run option
// that mounts one.)
type VolumeInfo struct {
	Name       string
	Driver     string
	Mountpoint string // where the engine keeps its data
	Created    time.Time
	Labels     map[string]string

	d *Client
}

// Display shows the volume on one line.
func (v *VolumeInfo) Display() string {
	return fmt.Sprintf("volume %s (%s) at %s", v.Name, v.Driver, v.Mountpoint)
}

// VolumeList is what Volumes returns; it displays as docker volume ls.
type VolumeList []*VolumeInfo

// Display shows the list as a table.
func (l VolumeList) Display() string {
	t := table.New("DRIVER", "VOLUME NAME")
	for _, v := range l {
		t.Add(v.Driver, v.Name)
	}
	return t.String()
}

// Names returns the volumes' names.
func (l VolumeList) Names() []string {
	names := make([]string, len(l))
	for i, v := range l {
		names[i] = v.Name
	}
	return names
}

func (d *Client) volumeOf(v volume.Volume) *VolumeInfo {
	return &VolumeInfo{Name: v.Name, Driver: v.Driver, Mountpoint: v.Mountpoint,
		Created: parseTime(v.CreatedAt), Labels: v.Labels, d: d}
}

// Volumes lists the engine's volumes by name, as docker volume ls.
// Options: Filter("dangling=true"), Label(k, v).
func (d *Client) Volumes(opts ...Option) (VolumeList, error) {
	s, err := collect("volumes", useList, opts)
	if err != nil {
		return nil, err
	}
	r, err := d.api.VolumeList(d.context(), client.VolumeListOptions{Filters: filtersOf(s.filters)})
	if err != nil {
		return nil, d.fail("volumes", "", err)
	}
	l := make(VolumeList, 0, len(r.Items))
	for _, v := range r.Items {
		l = append(l, d.volumeOf(v))
	}
	sort.Slice(l, func(i, j int) bool { return l[i].Name < l[j].Name })
	return l, nil
}

// Volume returns the volume named name.
func (d *Client) Volume(name string) (*VolumeInfo, error) {
	r, err := d.api.VolumeInspect(d.context(), name, client.VolumeInspectOptions{})
	if err != nil {
		return nil, d.fail("volume inspect", name, err)
	}
	return d.volumeOf(r.Volume), nil
}

// CreateVolume makes a named volume, as docker volume create; it is not an
// error if it exists already. Options: Driver("local") (the default),
// Label(k, v).
func (d *Client) CreateVolume(name string, opts ...Option) (*VolumeInfo, error) {
	if err := refuse("docker.CreateVolume", name); err != nil {
		return nil, err
	}
	s, err := collect("volume create", useVolume, opts)
	if err != nil {
		return nil, err
	}
	r, err := d.api.VolumeCreate(d.context(), client.VolumeCreateOptions{Name: name, Driver: s.driver, Labels: s.labels})
	if err != nil {
		return nil, d.fail("volume create", name, err)
	}
	return d.volumeOf(r.Volume), nil
}

// Remove removes the volume (docker volume rm); Force removes it even when
// the engine would refuse because a container uses it.
func (v *VolumeInfo) Remove(opts ...Option) error {
	if err := refuse("VolumeInfo.Remove", v.Name); err != nil {
		return err
	}
	s, err := collect("volume rm", useRemove, opts)
	if err != nil {
		return err
	}
	if _, err := v.d.api.VolumeRemove(v.d.context(), v.Name, client.VolumeRemoveOptions{Force: s.force}); err != nil {
		return v.d.fail("volume rm", v.Name, err)
	}
	return nil
}
