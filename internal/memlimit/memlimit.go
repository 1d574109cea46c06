// Package memlimit decides how much memory opsh's worker process may use,
// applies that limit inside the worker, and reads a process's resident
// memory for the front-end's watchdog.
//
// A limit is a number of bytes, or Off. The default is
// DefaultShare of the machine's memory (or of the memory cgroup's limit,
// when that is lower); users change it with a setting such as "2GiB",
// "512M", "25%" or "off" (opsh reads it from OPSH_MEMORY_LIMIT and hands it
// to Resolve).
//
// A limit is enforced three ways, so that a runaway allocation ends the
// worker, not the machine:
//
//   - Apply, in the worker, sets the Go runtime's soft limit
//     (debug.SetMemoryLimit) a little below the limit, so the collector
//     works harder before anything is killed, and bounds a goroutine's
//     stack (debug.SetMaxStack) so a runaway recursion ends quickly;
//   - Apply also sets RLIMIT_DATA (private writable memory) to the limit
//     plus DataHeadroom, so one huge allocation (make([]byte, 1<<40))
//     fails at once and the runtime ends the process with "fatal error:
//     out of memory";
//   - the front-end polls the worker's resident memory (RSS) and kills the
//     worker when it passes the limit: that catches growth the kernel
//     limit does not see in time.
package memlimit

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
)

// Off is the limit that means no limit: what Parse and Resolve return for
// "off", and what wire.Options.MemoryLimit takes as none (its 0 means the
// default). Apply treats every limit ≤ 0 as none.
const Off = -1

// DefaultShare is the share of the machine's memory the worker may use
// when no limit is set.
const DefaultShare = 0.5

// DataHeadroom is what RLIMIT_DATA allows beyond the limit: thread stacks
// and the runtime's own mappings count as data too, and the RSS watchdog
// is the sharper check.
const DataHeadroom = 1 << 30

// maxStack bounds a goroutine's stack in the worker (Go's default is 1 GB,
// which a runaway recursion takes seconds to fill): a quarter of the
// limit, at most 256 MiB, so the recursion ends soon as "stack overflow"
// and never exhausts a small limit. 256 MiB is still far more than a
// hundred thousand interpreted calls deep.
const maxStack = 256 << 20

// Resolve turns a setting (OPSH_MEMORY_LIMIT's value) into a limit in
// bytes: "" for the default share of the machine's memory, otherwise as
// Parse reads it. The result is Off when the setting says "off", or when
// it is empty and the machine's memory cannot be read.
func Resolve(setting string) (int64, error) {
	total, totalErr := Total()
	if strings.TrimSpace(setting) == "" {
		if totalErr != nil {
			return Off, nil
		}
		return int64(float64(total) * DefaultShare), nil
	}
	n, err := Parse(setting, total)
	if err != nil && totalErr != nil && strings.HasSuffix(strings.TrimSpace(setting), "%") {
		return 0, fmt.Errorf("memory limit %q: %w", setting, totalErr)
	}
	return n, err
}

// units maps a size suffix, lower-cased, to its multiplier. Every unit
// is binary (docker's -m 2g means 2 GiB too).
var units = map[string]float64{
	"": 1, "b": 1,
	"k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
	"m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20,
	"g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30,
	"t": 1 << 40, "tb": 1 << 40, "tib": 1 << 40,
}

// Parse reads a memory limit: a number of bytes with an optional binary
// unit ("2GiB", "1.5g", "512MiB", "1073741824"), a share of total ("25%"),
// or "off", "none" or "0" for no limit (Off).
func Parse(s string, total int64) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "off", "none", "0":
		return Off, nil
	}
	if pct, ok := strings.CutSuffix(t, "%"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(pct), 64)
		if err != nil || f <= 0 || f > 100 {
			return 0, fmt.Errorf("memory limit %q: a share must be a number between 0 and 100%%", s)
		}
		if total <= 0 {
			return 0, fmt.Errorf("memory limit %q: the machine's memory is unknown", s)
		}
		return int64(float64(total) * f / 100), nil
	}
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(t)
	}
	num, unit := t[:i], strings.TrimSpace(t[i:])
	f, err := strconv.ParseFloat(num, 64)
	mul, ok := units[unit]
	if err != nil || !ok || f <= 0 {
		return 0, fmt.Errorf("memory limit %q: want a size such as 2GiB, 512MiB or 25%%, or off", s)
	}
	if f*mul >= math.MaxInt64 {
		return 0, fmt.Errorf("memory limit %q: too large", s)
	}
	return int64(f * mul), nil
}

// Format writes n bytes the way Parse reads them back, with one decimal:
// "1.5 GiB", "512.0 MiB".
func Format(n int64) string {
	f := float64(n)
	for _, u := range []string{"B", "KiB", "MiB", "GiB"} {
		if f < 1024 {
			if u == "B" {
				return fmt.Sprintf("%d B", n)
			}
			return fmt.Sprintf("%.1f %s", f, u)
		}
		f /= 1024
	}
	return fmt.Sprintf("%.1f TiB", f)
}

// Total returns the memory this process may use at most: the machine's
// memory (MemTotal in /proc/meminfo), or its memory cgroup's limit when
// that is lower.
func Total() (int64, error) {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, fmt.Errorf("read machine memory: %w", err)
	}
	total, err := statusField(b, "MemTotal:")
	if err != nil {
		return 0, fmt.Errorf("read machine memory: %w", err)
	}
	if c, ok := cgroupLimit(); ok && c < total {
		return c, nil
	}
	return total, nil
}

// cgroupLimit returns the memory limit of this process's cgroup (v2's
// memory.max or v1's memory.limit_in_bytes), if one is set and readable.
func cgroupLimit() (int64, bool) {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		var file string
		switch {
		case parts[0] == "0" && parts[1] == "":
			file = "/sys/fs/cgroup" + parts[2] + "/memory.max"
		case parts[1] == "memory":
			file = "/sys/fs/cgroup/memory" + parts[2] + "/memory.limit_in_bytes"
		default:
			continue
		}
		v, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(v)), 10, 64)
		if err == nil && n > 0 && n < 1<<60 {
			return n, true
		}
	}
	return 0, false
}

// RSS returns the resident memory of process pid, in bytes (VmRSS in
// /proc/PID/status).
func RSS(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, fmt.Errorf("read memory of process %d: %w", pid, err)
	}
	n, err := statusField(b, "VmRSS:")
	if err != nil {
		return 0, fmt.Errorf("read memory of process %d: %w", pid, err)
	}
	return n, nil
}

// statusField reads a "Name:   123 kB" line of a /proc file, in bytes.
func statusField(b []byte, name string) (int64, error) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), name)
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			break
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s %q: %w", name, f[0], err)
		}
		if len(f) > 1 && f[1] == "kB" {
			n <<= 10
		}
		return n, nil
	}
	return 0, errors.New("no " + strings.TrimSuffix(name, ":") + " line")
}

// Apply limits the calling process to limit bytes (see the package
// comment); a limit ≤ 0 (Off) does nothing. Only a worker process calls it: RLIMIT_DATA
// also binds the programs it starts.
func Apply(limit int64) error {
	if limit <= 0 {
		return nil
	}
	debug.SetMemoryLimit(limit / 10 * 9)
	debug.SetMaxStack(int(min(maxStack, limit/4)))
	lim := syscall.Rlimit{Cur: uint64(limit) + DataHeadroom, Max: uint64(limit) + DataHeadroom}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_DATA, &old); err == nil && old.Max < lim.Max {
		lim = syscall.Rlimit{Cur: min(lim.Cur, old.Max), Max: old.Max}
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_DATA, &lim); err != nil {
		return fmt.Errorf("set memory limit %s: %w", Format(limit), err)
	}
	return nil
}
