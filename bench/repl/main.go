// Command repl measures opsh's REPL against baselines run on the same
// machine in the same run (machines here are shared and noisy, so only
// ratios mean much):
//
//   - start-up: `opsh -e 1` with every builtin, and opsh started on a
//     pseudo-terminal up to its first prompt, against a bare yaegi program
//     that loads only the standard library (median of N alternating runs);
//   - per-cell overhead: 2,000 trivial cells (`x := 1`) piped into opsh,
//     less the start-up, per cell, unrecorded and recorded (the transcript
//     syncs each cell's input to disk before it runs), against the same
//     lines evaluated by the bare interpreter;
//   - idle memory: opsh waiting for input after start-up, its front-end
//     and its worker process together, as their proportional set sizes
//     (pages both map, those of their one executable, counted once) and
//     as the sum of their resident sets (counted twice);
//   - recovery, with -recovery N (N tries of each case; skipped by
//     default): opsh on a pseudo-terminal, the time from a cell that kills
//     its worker (stack overflow, concurrent map writes, out of memory, a
//     panic in a goroutine's deferred function, SIGKILL from outside) to
//     the next prompt (target ≤ 2 s), and from the first Ctrl-C at a
//     runaway cell to the prompt (target ≤ 3 s): median and maximum, and
//     how many tries made the target.
//
// Run it from the repository root: go run ./bench/repl
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

func main() {
	runs := flag.Int("n", 40, "runs of each start-up measurement")
	cells := flag.Int("cells", 2000, "trivial cells for the per-cell figure")
	recovery := flag.Int("recovery", 0, "tries of each recovery case (0: no recovery figures)")
	flag.Parse()
	dir, err := os.MkdirTemp("", "opsh-bench")
	check(err)
	defer os.RemoveAll(dir)
	opsh := build(dir, "opsh", "./cmd/opsh")
	bare := build(dir, "bareyaegi", "./bench/repl/bareyaegi")
	env := append(os.Environ(), "OPSH_HOME="+filepath.Join(dir, "state"), "NO_COLOR=1")

	var tOpsh, tBare, tPrompt []time.Duration
	for i := 0; i < *runs; i++ {
		tBare = append(tBare, timeRun(env, "", bare, "1"))
		tOpsh = append(tOpsh, timeRun(env, "", opsh, "-e", "1"))
	}
	for i := 0; i < *runs; i++ { // apart: a hung-up worker ends meanwhile
		tPrompt = append(tPrompt, timePrompt(env, opsh))
	}
	mo, mb, mp := median(tOpsh), median(tBare), median(tPrompt)
	fmt.Printf("start-up  opsh -e 1: median %v  bare yaegi+stdlib: median %v  ratio %.2f× (target ≤ 2.5×, ≤ 30 ms)\n",
		mo.Round(time.Microsecond), mb.Round(time.Microsecond), float64(mo)/float64(mb))
	fmt.Printf("start-up  opsh on a terminal, to its first prompt: median %v  ratio %.2f× to bare yaegi (same targets)\n",
		mp.Round(time.Microsecond), float64(mp)/float64(mb))

	script := strings.Repeat("x := 1\n", *cells)
	var per, perRec, perBare []time.Duration
	for i := 0; i < 5; i++ {
		perBare = append(perBare, (timeRun(env, script, bare)-mb)/time.Duration(*cells))
		per = append(per, (timeRun(env, script, opsh, "--no-record")-mo)/time.Duration(*cells))
		perRec = append(perRec, (timeRun(env, script, opsh)-mo)/time.Duration(*cells))
	}
	po, pr, pb := median(per), median(perRec), median(perBare)
	fmt.Printf("per cell  %d × `x := 1` piped: opsh %v a cell (recorded, one fsync a cell: %v), bare yaegi %v a cell, ratio %.2f× (target ≤ 0.3 ms)\n",
		*cells, po.Round(time.Microsecond), pr.Round(time.Microsecond), pb.Round(time.Microsecond), float64(po)/float64(pb))

	m := idleMemory(env, opsh)
	fmt.Printf("idle memory  front-end and worker together: %.1f MiB proportional (PSS, target ≤ 48 MiB); %.1f MiB summed resident sets (RSS, which counts the pages of the one executable both map twice)\n",
		float64(m.pss)/1024, float64(m.rss)/1024)

	if *recovery > 0 {
		measureRecovery(env, opsh, *recovery)
	}
}

func build(dir, name, pkg string) string {
	out := filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Stderr = os.Stderr
	check(cmd.Run())
	return out
}

func timeRun(env []string, stdin, bin string, args ...string) time.Duration {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Stdout = io.Discard
	cmd.Stderr = os.Stderr
	start := time.Now()
	check(cmd.Run())
	return time.Since(start)
}

// idleMemory starts opsh reading a pipe, waits until it has answered a first
// cell, and reads its resident set size in KiB.
func idleMemory(env []string, bin string) memory {
	cmd := exec.Command(bin)
	cmd.Env = env
	in, err := cmd.StdinPipe()
	check(err)
	out, err := cmd.StdoutPipe()
	check(err)
	check(cmd.Start())
	defer func() { in.Close(); cmd.Wait() }()
	_, err = io.WriteString(in, "1+1\n")
	check(err)
	buf := make([]byte, 16)
	_, err = out.Read(buf) // "2\n": started and evaluated a cell
	check(err)
	var total memory
	for _, pid := range append([]int{cmd.Process.Pid}, children(cmd.Process.Pid)...) {
		m := memoryOf(pid)
		total.rss += m.rss
		total.pss += m.pss
	}
	return total
}

// memory is what a process holds in memory, in KiB: its resident set,
// which counts every page it maps, and its proportional share of it,
// which counts a page that n processes map (the front-end's and the
// worker's pages of their one executable) as 1/n in each.
type memory struct{ rss, pss int }

// children are the processes pid started (its worker), from any of its
// threads.
func children(pid int) []int {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	var out []int
	for _, t := range tasks {
		b, _ := os.ReadFile(t)
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// memoryOf reads a process's Rss and Pss from /proc/PID/smaps_rollup.
func memoryOf(pid int) memory {
	rollup, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	check(err)
	var m memory
	for _, l := range strings.Split(string(rollup), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.Atoi(f[1])
		switch f[0] {
		case "Rss:":
			m.rss = kb
		case "Pss:":
			m.pss = kb
		}
	}
	return m
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
