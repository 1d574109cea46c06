package docker

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	units "github.com/docker/go-units"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"

	"github.com/opsh/opsh/builtins/internal/table"
)

// Stats is one sample of a container's resource use, as docker stats
// shows it.
type Stats struct {
	Name          string
	ID            string
	CPUPercent    float64 // of one CPU: 200 is two CPUs busy
	Memory        int64   // bytes in use, page cache excluded
	MemoryLimit   int64
	MemoryPercent float64
	NetRx, NetTx  int64 // bytes received and sent, all interfaces
	BlockRead     int64
	BlockWrite    int64
	PIDs          int
}

var statsHeader = []string{"NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"}

func (s Stats) row() []string {
	size := func(n int64) string { return units.BytesSize(float64(n)) }
	return []string{
		s.Name,
		fmt.Sprintf("%.2f%%", s.CPUPercent),
		size(s.Memory) + " / " + size(s.MemoryLimit),
		fmt.Sprintf("%.2f%%", s.MemoryPercent),
		units.HumanSizeWithPrecision(float64(s.NetRx), 3) + " / " + units.HumanSizeWithPrecision(float64(s.NetTx), 3),
		units.HumanSizeWithPrecision(float64(s.BlockRead), 3) + " / " + units.HumanSizeWithPrecision(float64(s.BlockWrite), 3),
		strconv.Itoa(s.PIDs),
	}
}

// Display shows the sample as a one-row docker stats table.
func (s Stats) Display() string {
	t := table.New(statsHeader...)
	t.Add(s.row()...)
	return t.String()
}

// StatsList is what d.Stats returns; it displays as a table.
type StatsList []Stats

// Display shows the samples as docker stats --no-stream does.
func (l StatsList) Display() string {
	t := table.New(statsHeader...)
	for _, s := range l {
		t.Add(s.row()...)
	}
	return t.String()
}

// Stats samples the container's CPU, memory, network and block I/O. CPU
// use is measured over about a second, so the call takes that long.
func (c *Container) Stats() (Stats, error) {
	r, err := c.d.api.ContainerStats(c.d.context(), c.ID, client.ContainerStatsOptions{IncludePreviousSample: true})
	if err != nil {
		return Stats{}, c.d.fail("stats", c.ref(), err)
	}
	defer r.Body.Close()
	var in container.StatsResponse
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return Stats{}, c.d.fail("stats", c.ref(), err)
	}
	s := Stats{Name: strings.TrimPrefix(in.Name, "/"), ID: c.ID, PIDs: int(in.PidsStats.Current)}
	if s.Name == "" {
		s.Name = c.ref()
	}
	// As the docker CLI computes them.
	cpuDelta := float64(in.CPUStats.CPUUsage.TotalUsage) - float64(in.PreCPUStats.CPUUsage.TotalUsage)
	sysDelta := float64(in.CPUStats.SystemUsage) - float64(in.PreCPUStats.SystemUsage)
	ncpu := float64(in.CPUStats.OnlineCPUs)
	if ncpu == 0 {
		ncpu = float64(len(in.CPUStats.CPUUsage.PercpuUsage))
	}
	if cpuDelta > 0 && sysDelta > 0 {
		s.CPUPercent = cpuDelta / sysDelta * ncpu * 100
	}
	mem := in.MemoryStats.Usage
	for _, k := range []string{"total_inactive_file", "inactive_file"} {
		if v, ok := in.MemoryStats.Stats[k]; ok && v < mem {
			mem -= v
			break
		}
	}
	s.Memory, s.MemoryLimit = int64(mem), int64(in.MemoryStats.Limit)
	if s.MemoryLimit > 0 {
		s.MemoryPercent = float64(s.Memory) / float64(s.MemoryLimit) * 100
	}
	for _, n := range in.Networks {
		s.NetRx += int64(n.RxBytes)
		s.NetTx += int64(n.TxBytes)
	}
	for _, e := range in.BlkioStats.IoServiceBytesRecursive {
		switch strings.ToLower(e.Op) {
		case "read":
			s.BlockRead += int64(e.Value)
		case "write":
			s.BlockWrite += int64(e.Value)
		}
	}
	return s, nil
}

// Stats samples every running container at once, as docker stats
// --no-stream does (about a second). Options as for Containers.
func (d *Client) Stats(opts ...Option) (StatsList, error) {
	l, err := d.Containers(opts...)
	if err != nil {
		return nil, err
	}
	out := make(StatsList, len(l))
	errs := make([]error, len(l))
	var wg sync.WaitGroup
	for i, c := range l {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = c.Stats()
		}()
	}
	wg.Wait()
	var kept StatsList
	for i, err := range errs {
		switch {
		case err == nil:
			kept = append(kept, out[i])
		case isGone(err):
			// Stopped or removed since the listing.
		default:
			return nil, err
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].Name < kept[j].Name })
	return kept, nil
}

func isGone(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "is not running") || errors.Is(err, ErrNotFound))
}

// FileChange is one path a container changed in its filesystem.
type FileChange struct {
	Kind string // "A" added, "C" changed, "D" deleted
	Path string
}

// Changes is what Diff returns; it displays as docker diff does.
type Changes []FileChange

// Display shows one change per line: "A /app/hello.txt".
func (cs Changes) Display() string {
	if len(cs) == 0 {
		return "(no changes)"
	}
	lines := make([]string, len(cs))
	for i, c := range cs {
		lines[i] = c.Kind + " " + c.Path
	}
	return strings.Join(lines, "\n")
}

// Diff lists the files the container added, changed or deleted relative
// to its image: what Commit would put in the new layer.
func (c *Container) Diff() (Changes, error) {
	r, err := c.d.api.ContainerDiff(c.d.context(), c.ID, client.ContainerDiffOptions{})
	if err != nil {
		return nil, c.d.fail("diff", c.ref(), err)
	}
	cs := make(Changes, len(r.Changes))
	for i, ch := range r.Changes {
		cs[i] = FileChange{Kind: ch.Kind.String(), Path: ch.Path}
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Path < cs[j].Path })
	return cs, nil
}

// Info describes the engine and its host, as docker info does.
type Info struct {
	Name            string
	ServerVersion   string
	Containers      int
	Running         int
	Paused          int
	Stopped         int
	Images          int
	StorageDriver   string
	LoggingDriver   string
	CgroupDriver    string
	CgroupVersion   string
	KernelVersion   string
	OperatingSystem string
	Architecture    string
	CPUs            int
	Memory          int64
	DockerRootDir   string
	Warnings        []string
}

// Display shows the main facts, one per line.
func (i Info) Display() string {
	s := fmt.Sprintf(`%s: Docker Engine %s on %s (%s, kernel %s)
containers: %d (%d running, %d paused, %d stopped), images: %d
storage: %s in %s, logging: %s, cgroup: %s v%s
host: %d CPUs, %s memory`,
		i.Name, i.ServerVersion, i.OperatingSystem, i.Architecture, i.KernelVersion,
		i.Containers, i.Running, i.Paused, i.Stopped, i.Images,
		i.StorageDriver, i.DockerRootDir, i.LoggingDriver, i.CgroupDriver, i.CgroupVersion,
		i.CPUs, units.BytesSize(float64(i.Memory)))
	for _, w := range i.Warnings {
		s += "\nwarning: " + w
	}
	return s
}

// Info asks the engine about itself and its host.
func (d *Client) Info() (Info, error) {
	r, err := d.api.Info(d.context(), client.InfoOptions{})
	if err != nil {
		return Info{}, d.fail("info", d.host, err)
	}
	in := r.Info
	return Info{
		Name: in.Name, ServerVersion: in.ServerVersion,
		Containers: in.Containers, Running: in.ContainersRunning, Paused: in.ContainersPaused, Stopped: in.ContainersStopped,
		Images: in.Images, StorageDriver: in.Driver, LoggingDriver: in.LoggingDriver,
		CgroupDriver: in.CgroupDriver, CgroupVersion: in.CgroupVersion,
		KernelVersion: in.KernelVersion, OperatingSystem: in.OperatingSystem, Architecture: in.Architecture,
		CPUs: in.NCPU, Memory: in.MemTotal, DockerRootDir: in.DockerRootDir, Warnings: in.Warnings,
	}, nil
}
