// Command repl measures opsh's REPL against baselines run on the same
// machine in the same run (machines here are shared and noisy, so only
// ratios mean much):
//
//   - start-up: `opsh -e 1` with every builtin against a bare yaegi program
//     that loads only the standard library (median of N alternating runs);
//   - per-cell overhead: 2,000 trivial cells (`x := 1`) piped into opsh,
//     less the start-up, per cell, unrecorded and recorded (the transcript
//     syncs each cell's input to disk before it runs), against the same
//     lines evaluated by the bare interpreter;
//   - idle RSS: opsh waiting for input after start-up, its front-end and
//     its worker process together.
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
	flag.Parse()
	dir, err := os.MkdirTemp("", "opsh-bench")
	check(err)
	defer os.RemoveAll(dir)
	opsh := build(dir, "opsh", "./cmd/opsh")
	bare := build(dir, "bareyaegi", "./bench/repl/bareyaegi")
	env := append(os.Environ(), "OPSH_HOME="+filepath.Join(dir, "state"), "NO_COLOR=1")

	var tOpsh, tBare []time.Duration
	for i := 0; i < *runs; i++ {
		tBare = append(tBare, timeRun(env, "", bare, "1"))
		tOpsh = append(tOpsh, timeRun(env, "", opsh, "-e", "1"))
	}
	mo, mb := median(tOpsh), median(tBare)
	fmt.Printf("start-up  opsh -e 1: median %v  bare yaegi+stdlib: median %v  ratio %.2f× (target ≤ 2.5×, ≤ 30 ms)\n",
		mo.Round(time.Microsecond), mb.Round(time.Microsecond), float64(mo)/float64(mb))

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

	rss := idleRSS(env, opsh)
	fmt.Printf("idle RSS  %.1f MiB, front-end and worker together (target ≤ 48 MiB)\n", float64(rss)/1024)
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

// idleRSS starts opsh reading a pipe, waits until it has answered a first
// cell, and reads its resident set size in KiB.
func idleRSS(env []string, bin string) int {
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
	total := 0
	for _, pid := range append([]int{cmd.Process.Pid}, children(cmd.Process.Pid)...) {
		total += rssKiB(pid)
	}
	return total
}

// children are the processes pid started (its worker).
func children(pid int) []int {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	var out []int
	for _, f := range strings.Fields(string(b)) {
		if n, err := strconv.Atoi(f); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// rssKiB is a process's resident set size in KiB.
func rssKiB(pid int) int {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	check(err)
	for _, l := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			kb, _ := strconv.Atoi(strings.Fields(l)[1])
			return kb
		}
	}
	return 0
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
