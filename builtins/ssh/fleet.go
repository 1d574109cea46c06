package ssh

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/opsh/opsh/builtins/internal/progress"
	"github.com/opsh/opsh/builtins/internal/table"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/readonly"
)

// Group is a set of hosts to run commands on at once: made by Fleet (hosts
// in ~/.ssh/config), Inventory (an Ansible inventory), Roster (a Salt SSH
// roster) or Hosts (names). A Group that could not be read carries the
// error; its Run returns it in the Results.
type Group struct {
	Name    string   // what the group was made from, for display
	Targets []Target // the hosts, in order
	Err     error    // why the group could not be made, if it could not

	c     *Client
	mu    sync.Mutex
	hosts map[string]*Host // connections kept between runs
}

// Target is one host of a group and the options that reach it (user, port,
// key from the inventory).
type Target struct {
	Name string
	opts []Option
	info []string // what the options say, for display
}

// Hosts makes a group of the named targets, each dialed as Dial would.
func Hosts(targets ...string) *Group { return Default().Hosts(targets...) }

// Hosts makes a group of the named targets.
func (c *Client) Hosts(targets ...string) *Group {
	g := &Group{Name: strings.Join(targets, " "), c: c}
	for _, t := range targets {
		g.Targets = append(g.Targets, Target{Name: t})
	}
	return g
}

// Fleet makes a group of the hosts named in ~/.ssh/config whose Host
// aliases match one of the glob patterns: Fleet("web-*"). Only literal
// aliases count (a "Host web-*" block gives settings, not hosts).
func Fleet(patterns ...string) *Group { return Default().Fleet(patterns...) }

// Fleet makes a group of the client's ssh_config hosts matching patterns.
func (c *Client) Fleet(patterns ...string) *Group {
	g := &Group{Name: strings.Join(patterns, " "), c: c}
	aliases, err := c.configAliases()
	if err != nil {
		g.Err = fmt.Errorf("ssh fleet %s: %w", g.Name, err)
		return g
	}
	for _, alias := range aliases {
		for _, want := range patterns {
			if ok, _ := path.Match(want, alias); ok {
				g.Targets = append(g.Targets, Target{Name: alias})
				break
			}
		}
	}
	if len(g.Targets) == 0 {
		g.Err = fmt.Errorf("ssh fleet %s: no Host in %s matches", g.Name, strings.Join(c.ConfigFiles, ", "))
	}
	return g
}

// Names returns the hosts' names.
func (g *Group) Names() []string {
	n := make([]string, len(g.Targets))
	for i, t := range g.Targets {
		n[i] = t.Name
	}
	return n
}

// Len is the number of hosts.
func (g *Group) Len() int { return len(g.Targets) }

// Display lists the hosts and what reaches them.
func (g *Group) Display() string {
	if g.Err != nil {
		return "error: " + g.Err.Error()
	}
	t := table.New("HOST", "CONNECTION")
	for _, h := range g.Targets {
		t.Add(h.Name, strings.Join(h.info, " "))
	}
	return fmt.Sprintf("%s: %d hosts\n%s", g.Name, len(g.Targets), t.String())
}

// Run runs cmd on every host, Concurrency(n) at a time (default 10), and
// returns one row per host in the group's order. Dial options (User, Key,
// Jump, TrustOnFirstUse…) apply to every host after the inventory's own;
// run options (Sudo, Timeout, Env) to every command. A host that cannot be
// reached or whose command fails is a failed row, not an error: see
// Results.Failed.
func (g *Group) Run(cmd string, opts ...Option) *Results {
	s := apply(opts)
	return g.RunContext(ctxOf(s), cmd, opts...)
}

// RunContext is Run stopped by ctx instead of the running cell. On a
// terminal a live line says how far it is (12/200 done · 2 failed · 4
// running · 8.1 s). When ctx ends first (Ctrl-C), the rows of the hosts
// that finished are kept, the others say "interrupted", and the table is
// shown on the cell's output and left to the session, which binds it to _
// (the interrupted cell has no value of its own).
func (g *Group) RunContext(ctx context.Context, cmd string, opts ...Option) *Results {
	res := &Results{Command: cmd, group: g}
	if g.Err != nil {
		res.Err = g.Err
		return res
	}
	if err := readonly.ShellCommand("runs a command on "+g.Display(), "Group.Run", cmd); err != nil {
		res.Err = err
		return res
	}
	s := apply(opts)
	n := s.concurrency
	if n <= 0 {
		n = 10
	}
	out := cell.Stdout()
	leave := cell.Leaving()
	var left any
	defer func() { leave(left) }()
	var st fleetState
	stopLive := progress.Live(cell.Stderr(), cell.Terminal(), 0, st.line(len(g.Targets)))
	start := time.Now()
	res.Rows = make([]*HostResult, len(g.Targets))
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i, t := range g.Targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			row := &HostResult{Host: t.Name, ExitCode: -1}
			res.Rows[i] = row
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				row.Err = ctx.Err()
				return
			}
			defer func() { <-sem }()
			st.running.Add(1)
			g.runOne(ctx, t, cmd, opts, row)
			st.finished(row)
		}()
	}
	wg.Wait()
	stopLive()
	res.Duration = time.Since(start)
	if ctx.Err() != nil {
		res.interrupted(ctx)
		fmt.Fprintln(out, res.Display())
		left = res
	}
	return res
}

// ErrInterrupted marks the rows of a fleet's hosts that had not finished
// when the run was interrupted.
var ErrInterrupted = errors.New("interrupted")

// interrupted marks the rows that ctx's end cut short.
func (r *Results) interrupted(ctx context.Context) {
	for _, row := range r.Rows {
		if row.Err != nil && errors.Is(row.Err, ctx.Err()) {
			row.Err, row.ExitCode = ErrInterrupted, -1
		}
	}
}

// fleetState counts a run's hosts for its live line.
type fleetState struct {
	running, done, failed atomic.Int64
}

func (st *fleetState) finished(row *HostResult) {
	if row.Err != nil {
		st.failed.Add(1)
	}
	st.done.Add(1)
	st.running.Add(-1)
}

// line words the run's progress: 12/200 done · 2 failed · 4 running · 8.1 s.
func (st *fleetState) line(total int) func(time.Duration) string {
	return func(d time.Duration) string {
		return fmt.Sprintf("%d/%d done · %d failed · %d running · %s", st.done.Load(), total, st.failed.Load(), st.running.Load(), progress.Seconds(d))
	}
}

func (g *Group) runOne(ctx context.Context, t Target, cmd string, opts []Option, row *HostResult) {
	start := time.Now()
	defer func() { row.Duration = time.Since(start) }()
	all := append(append([]Option{}, t.opts...), opts...)
	s := apply(all)
	h, err := g.c.dial(ctx, t.Name, &s)
	if err != nil {
		row.Err = err
		return
	}
	// The group keeps its connections for the next Run: the pool holds
	// them until Close.
	g.keep(h)
	r, err := h.run(ctx, cmd, s, nil, nil)
	if r != nil {
		row.ExitCode, row.Stdout, row.Stderr = r.ExitCode, r.Stdout, r.Stderr
	}
	row.Err = err
}

func (g *Group) keep(h *Host) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.hosts == nil {
		g.hosts = map[string]*Host{}
	}
	if old := g.hosts[h.ep.key()]; old != nil {
		old.Close()
	}
	g.hosts[h.ep.key()] = h
}

// Close closes the connections the group's runs opened (unless another
// Dial still uses them).
func (g *Group) Close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, h := range g.hosts {
		h.Close()
	}
	g.hosts = nil
	return nil
}

// HostResult is one host's row in a fleet's Results.
type HostResult struct {
	Host     string
	ExitCode int // -1 when the command did not run or ended without a status
	Duration time.Duration
	Stdout   string
	Stderr   string
	Err      error // nil when the command exited 0
}

// OK reports whether the command ran and exited 0.
func (r *HostResult) OK() bool { return r.Err == nil }

// Results are a fleet command's rows, one per host, in the group's order.
type Results struct {
	Command  string
	Rows     []*HostResult
	Duration time.Duration
	Err      error // the group could not be made (nothing ran)

	group *Group
}

func (r *Results) subset(ok bool) *Results {
	sub := &Results{Command: r.Command, Duration: r.Duration, Err: r.Err, group: &Group{Name: r.groupName(), c: r.client()}}
	for i, row := range r.Rows {
		if row.OK() == ok {
			sub.Rows = append(sub.Rows, row)
			if r.group != nil && i < len(r.group.Targets) {
				sub.group.Targets = append(sub.group.Targets, r.group.Targets[i])
			}
		}
	}
	return sub
}

func (r *Results) groupName() string {
	if r.group != nil {
		return r.group.Name
	}
	return ""
}

func (r *Results) client() *Client {
	if r.group != nil && r.group.c != nil {
		return r.group.c
	}
	return Default()
}

// Failed returns the rows of hosts that could not be reached or whose
// command failed; its Group or Run act on just those hosts.
func (r *Results) Failed() *Results { return r.subset(false) }

// OK returns the rows of hosts where the command exited 0.
func (r *Results) OK() *Results { return r.subset(true) }

// Hosts returns the names of the hosts in the rows.
func (r *Results) Hosts() []string {
	n := make([]string, len(r.Rows))
	for i, row := range r.Rows {
		n[i] = row.Host
	}
	return n
}

// Len is the number of rows.
func (r *Results) Len() int { return len(r.Rows) }

// Group returns the hosts of these rows as a group, with the options that
// reached them.
func (r *Results) Group() *Group {
	if r.group == nil {
		return &Group{c: Default()}
	}
	return r.group
}

// Run runs cmd on the hosts of these rows: res.Failed().Run("systemctl
// restart app", ssh.Sudo()).
func (r *Results) Run(cmd string, opts ...Option) *Results { return r.Group().Run(cmd, opts...) }

// Check returns nil when every host ran the command successfully, and
// otherwise an error naming the hosts that did not.
func (r *Results) Check() error {
	if r.Err != nil {
		return r.Err
	}
	failed := r.Failed()
	if failed.Len() == 0 {
		return nil
	}
	return fmt.Errorf("ssh fleet %q: %d of %d hosts failed: %s", r.Command, failed.Len(), r.Len(),
		strings.Join(failed.Hosts(), ", "))
}

// Display is a table of host, exit code, duration and the first line of
// output or the error, with a summary line.
func (r *Results) Display() string {
	if r.Err != nil {
		return "error: " + r.Err.Error()
	}
	t := table.New("HOST", "EXIT", "TIME", "OUTPUT")
	failed, cut := 0, 0
	for _, row := range r.Rows {
		exit := fmt.Sprint(row.ExitCode)
		if row.ExitCode < 0 {
			exit = "-"
		}
		out := firstLine(row.Stdout)
		switch {
		case errors.Is(row.Err, ErrInterrupted):
			cut++
			out = "interrupted"
		case row.Err != nil:
			failed++
			out = "error: " + shortErr(row)
		}
		t.Add(row.Host, exit, timeCell(row.Duration), out)
	}
	hosts := "hosts"
	if len(r.Rows) == 1 {
		hosts = "host"
	}
	interrupted := ""
	if cut > 0 {
		interrupted = fmt.Sprintf(", %d interrupted", cut)
	}
	return fmt.Sprintf("%s\n%d %s: %d ok, %d failed%s in %s", t.String(), len(r.Rows), hosts, len(r.Rows)-failed-cut, failed, interrupted, round(r.Duration))
}

// timeCell right-aligns a duration in a column of fixed width, so the
// table's layout (and a recorded transcript's) does not move with timings.
func timeCell(d time.Duration) string {
	s := round(d).String()
	if n := utf8.RuneCountInString(s); n < 10 {
		s = strings.Repeat(" ", 10-n) + s
	}
	return s
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// shortErr is a row's error without the "ssh dial host:" prefix the HOST
// column already says.
func shortErr(row *HostResult) string {
	var ee *ExitError
	if errors.As(row.Err, &ee) {
		if l := lastLines(ee.Result.Stderr, 1); l != "" {
			return l
		}
		return fmt.Sprintf("exit status %d", ee.Result.ExitCode)
	}
	msg := row.Err.Error()
	for _, p := range []string{"ssh dial " + row.Host + ": ", "ssh " + row.Host + ": "} {
		msg = strings.TrimPrefix(msg, p)
	}
	return firstLine(msg)
}
