package sys

import (
	"fmt"
	"syscall"

	"github.com/opsh/opsh/builtins/internal/progress"
)

// Usage is the space and inodes of a file system, as df(1) shows them.
type Usage struct {
	// Path is the path asked about.
	Path string
	// Total, Used and Free are bytes; Free is what unprivileged users may
	// still write (df's Avail), less than Total-Used by the reserved blocks.
	Total, Used, Free uint64
	// Inodes and InodesFree count the file system's inodes.
	Inodes, InodesFree uint64
}

// Percent is the share of the space in use, as df's Use% computes it:
// Used / (Used + Free).
func (u Usage) Percent() float64 {
	if u.Used+u.Free == 0 {
		return 0
	}
	return 100 * float64(u.Used) / float64(u.Used+u.Free)
}

// InodesPercent is the share of the inodes in use.
func (u Usage) InodesPercent() float64 {
	if u.Inodes == 0 {
		return 0
	}
	return 100 * float64(u.Inodes-u.InodesFree) / float64(u.Inodes)
}

// Display shows the usage in one line.
func (u Usage) Display() string {
	return fmt.Sprintf("%s: %s used of %s (%.0f%%), %s free; inodes %.0f%% used",
		u.Path, Bytes(u.Used), Bytes(u.Total), u.Percent(), Bytes(u.Free), u.InodesPercent())
}

// DiskUsage returns the size and use of the file system holding path
// (Python's shutil.disk_usage, df(1)).
//
//	sys.DiskUsage("/var")   // /var: 24.1 GiB used of 49.0 GiB (52%), 22.4 GiB free; inodes 9% used
//	if u, _ := sys.DiskUsage("/"); u.Percent() > 90 { ... }
func DiskUsage(path string) (Usage, error) {
	path, err := ExpandUser(path)
	if err != nil {
		return Usage{}, fmt.Errorf("disk usage: %w", err)
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return Usage{}, fmt.Errorf("disk usage %s: %w", path, err)
	}
	bs := uint64(st.Bsize)
	return Usage{
		Path:       path,
		Total:      st.Blocks * bs,
		Used:       (st.Blocks - st.Bfree) * bs,
		Free:       st.Bavail * bs,
		Inodes:     st.Files,
		InodesFree: st.Ffree,
	}, nil
}

// Bytes renders a size in binary units, as ls -h and df -h do: "512 B",
// "1.5 KiB", "24.1 GiB".
func Bytes(n uint64) string { return progress.Size(n) }
