package docker

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	units "github.com/docker/go-units"
	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"

	"github.com/opsh/opsh/builtins/internal/table"
	"github.com/opsh/opsh/internal/cell"
)

// Container is a handle on one container, with what the engine last said
// about it. The fields are a snapshot: Refresh updates them.
type Container struct {
	ID      string
	Name    string // without docker's leading "/"
	Image   string
	Command string
	Created time.Time
	// State is created, running, paused, restarting, removing, exited or dead.
	State string
	// Status is the engine's words for the state: "Up 2 minutes",
	// "Exited (3) 5 seconds ago".
	Status   string
	ExitCode int
	Labels   map[string]string

	d        *Client
	tty      bool
	ttyKnown bool
	// exit, set by Run with AutoRemove, delivers the exit code the engine
	// reports as it removes the container.
	exit *exitWatch
}

type exitWatch struct {
	done chan struct{}
	code int
	err  error
}

// WithContext returns a handle on the same container whose calls use ctx
// instead of the running cell's context.
func (c *Container) WithContext(ctx context.Context) *Container {
	cc := *c
	cc.d = c.d.WithContext(ctx)
	return &cc
}

// ShortID is the first 12 hex digits of the ID, as docker ps shows it.
func (c *Container) ShortID() string { return shortID(c.ID) }

func shortID(id string) string {
	id = strings.TrimPrefix(id, "sha256:")
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// ref is how errors name the container.
func (c *Container) ref() string {
	if c.Name != "" {
		return c.Name
	}
	return c.ShortID()
}

// Display shows the container on one line: name, short ID, image, status.
func (c *Container) Display() string {
	return fmt.Sprintf("container %s (%s) %s: %s", c.ref(), c.ShortID(), c.Image, c.Status)
}

// ContainerList is what Containers returns; it displays as a table.
type ContainerList []*Container

// Display shows the list as docker ps does: id, image, status, names.
func (l ContainerList) Display() string {
	t := table.New("ID", "IMAGE", "STATUS", "NAMES")
	for _, c := range l {
		t.Add(c.ShortID(), c.Image, c.Status, c.Name)
	}
	return t.String()
}

// Names returns the containers' names, in order.
func (l ContainerList) Names() []string {
	names := make([]string, len(l))
	for i, c := range l {
		names[i] = c.Name
	}
	return names
}

// Containers lists the running containers, newest first; with All(),
// stopped ones too. Filter("status=exited") and Label(k, v) narrow the
// list on the engine's side.
func (d *Client) Containers(opts ...Option) (ContainerList, error) {
	s, err := collect("containers", useList, opts)
	if err != nil {
		return nil, err
	}
	lo := client.ContainerListOptions{All: s.all}
	if len(s.filters) > 0 {
		lo.Filters = filtersOf(s.filters)
	}
	r, err := d.api.ContainerList(d.context(), lo)
	if err != nil {
		return nil, d.fail("containers", "", err)
	}
	l := make(ContainerList, 0, len(r.Items))
	for _, it := range r.Items {
		c := &Container{
			ID:      it.ID,
			Image:   it.Image,
			Command: it.Command,
			Created: time.Unix(it.Created, 0),
			State:   string(it.State),
			Status:  it.Status,
			Labels:  it.Labels,
			d:       d,
		}
		if len(it.Names) > 0 {
			c.Name = strings.TrimPrefix(it.Names[0], "/")
		}
		l = append(l, c)
	}
	return l, nil
}

func filtersOf(fs []string) client.Filters {
	f := client.Filters{}
	for _, kv := range fs {
		k, v, _ := strings.Cut(kv, "=")
		f.Add(k, v)
	}
	return f
}

// Container returns a handle on the container named or identified by ref
// (a name, an ID or an ID prefix).
func (d *Client) Container(ref string) (*Container, error) {
	c := &Container{ID: ref, d: d}
	if err := c.refresh("inspect", ref); err != nil {
		return nil, err
	}
	return c, nil
}

// Refresh updates the container's fields from the engine.
func (c *Container) Refresh() error { return c.refresh("inspect", c.ref()) }

func (c *Container) refresh(op, target string) error {
	r, err := c.d.api.ContainerInspect(c.d.context(), c.ID, client.ContainerInspectOptions{})
	if err != nil {
		return c.d.fail(op, target, err)
	}
	c.fill(r.Container)
	return nil
}

func (c *Container) fill(in container.InspectResponse) {
	c.ID = in.ID
	c.Name = strings.TrimPrefix(in.Name, "/")
	if in.Config != nil {
		c.Image = in.Config.Image
		c.Labels = in.Config.Labels
		c.tty, c.ttyKnown = in.Config.Tty, true
	}
	c.Command = strings.TrimSpace(in.Path + " " + strings.Join(in.Args, " "))
	c.Created = parseTime(in.Created)
	if st := in.State; st != nil {
		c.State = string(st.Status)
		c.ExitCode = st.ExitCode
		c.Status = statusOf(st)
	}
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// statusOf words a state as docker ps does.
func statusOf(st *container.State) string {
	started, finished := parseTime(st.StartedAt), parseTime(st.FinishedAt)
	switch st.Status {
	case container.StateRunning:
		s := "Up " + units.HumanDuration(time.Since(started))
		if st.Health != nil && st.Health.Status != "" && st.Health.Status != "none" {
			s += " (" + string(st.Health.Status) + ")"
		}
		return s
	case container.StatePaused:
		return "Up " + units.HumanDuration(time.Since(started)) + " (Paused)"
	case container.StateRestarting:
		return fmt.Sprintf("Restarting (%d) %s ago", st.ExitCode, units.HumanDuration(time.Since(finished)))
	case container.StateExited:
		if finished.IsZero() {
			return fmt.Sprintf("Exited (%d)", st.ExitCode)
		}
		return fmt.Sprintf("Exited (%d) %s ago", st.ExitCode, units.HumanDuration(time.Since(finished)))
	case container.StateCreated:
		return "Created"
	case container.StateRemoving:
		return "Removal In Progress"
	case container.StateDead:
		return "Dead"
	}
	return string(st.Status)
}

// Run creates a container from image running cmd (nil: the image's
// default command) and starts it, detached, like docker run -d. It does not
// pull: a missing image is an error (d.Pull it first). Options: Name, Env,
// Memory, CPUs, Workdir, User, Label, Volume, Network, Entrypoint,
// Hostname, AutoRemove, TTY, Restart. If the start fails, the container is
// removed again, so a corrected Run can reuse the name.
func (d *Client) Run(image string, cmd []string, opts ...Option) (*Container, error) {
	if err := refuse("docker.Run", image, cmd); err != nil {
		return nil, err
	}
	s, err := collect("run", useCreate, opts)
	if err != nil {
		return nil, err
	}
	c, err := d.create("run", image, cmd, s)
	if err != nil {
		return nil, err
	}
	if s.autoRemove {
		// The engine removes the container as it exits; ask for the exit
		// code now, before it can be gone, as docker run --rm does.
		c.watchExit()
	}
	if _, err := d.api.ContainerStart(d.context(), c.ID, client.ContainerStartOptions{}); err != nil {
		ferr := d.fail("run", c.ref(), err)
		rmCtx, cancel := context.WithTimeout(context.WithoutCancel(d.context()), 10*time.Second)
		defer cancel()
		d.api.ContainerRemove(rmCtx, c.ID, client.ContainerRemoveOptions{Force: true})
		return nil, ferr
	}
	if err := c.refresh("run", c.ref()); err != nil && !(s.autoRemove && errors.Is(err, ErrNotFound)) {
		return nil, err
	}
	return c, nil
}

// Create creates a container from image with cmd (nil: the image's
// default) without starting it, like docker create: files can be written
// into it (WriteFile, PutArchive) before Start. Options as for Run.
func (d *Client) Create(image string, cmd []string, opts ...Option) (*Container, error) {
	if err := refuse("docker.Create", image, cmd); err != nil {
		return nil, err
	}
	s, err := collect("create", useCreate, opts)
	if err != nil {
		return nil, err
	}
	c, err := d.create("create", image, cmd, s)
	if err != nil {
		return nil, err
	}
	if s.autoRemove {
		c.watchExit()
	}
	return c, nil
}

func (d *Client) create(op, image string, cmd []string, s *settings) (*Container, error) {
	cfg := &container.Config{
		Image:      image,
		Cmd:        cmd,
		Env:        s.env,
		WorkingDir: s.workdir,
		User:       s.user,
		Labels:     s.labels,
		Hostname:   s.hostname,
		Tty:        s.tty,
	}
	if s.entrySet {
		cfg.Entrypoint = s.entrypoint
		if len(s.entrypoint) == 0 {
			cfg.Entrypoint = []string{""} // the engine's way to clear it
		}
	}
	hc := &container.HostConfig{
		Binds:       s.binds,
		NetworkMode: container.NetworkMode(s.network),
		AutoRemove:  s.autoRemove,
	}
	hc.Memory = s.memory
	hc.NanoCPUs = s.nanoCPUs
	if s.restart != "" {
		name, n, _ := strings.Cut(s.restart, ":")
		hc.RestartPolicy.Name = container.RestartPolicyMode(name)
		hc.RestartPolicy.MaximumRetryCount, _ = strconv.Atoi(n)
	}
	target := image
	if s.name != "" {
		target = s.name + " (" + image + ")"
	}
	r, err := d.api.ContainerCreate(d.context(), client.ContainerCreateOptions{
		Name: s.name, Config: cfg, HostConfig: hc,
	})
	if err != nil {
		err = d.fail(op, target, err)
		if errors.Is(err, ErrNotFound) && strings.Contains(err.Error(), "image") {
			err = fmt.Errorf("%w\nTry: d.Pull(%q)", err, image)
		}
		return nil, err
	}
	c := &Container{ID: r.ID, Name: s.name, Image: image, d: d, tty: s.tty, ttyKnown: true}
	if err := c.refresh(op, c.ref()); err != nil {
		return nil, err
	}
	return c, nil
}

// watchExit asks the engine now for the exit code it will report when the
// container is removed (AutoRemove), so Wait still has it afterwards.
func (c *Container) watchExit() {
	w := &exitWatch{done: make(chan struct{})}
	c.exit = w
	// Not tied to the cell: the wait must outlive the cell that ran the
	// container. It ends when the container is removed.
	r := c.d.api.ContainerWait(context.Background(), c.ID, client.ContainerWaitOptions{Condition: container.WaitConditionRemoved})
	go func() {
		defer close(w.done)
		select {
		case res := <-r.Result:
			w.code = int(res.StatusCode)
			if res.Error != nil && res.Error.Message != "" {
				w.err = errors.New(res.Error.Message)
			}
		case err := <-r.Error:
			w.err = err
		}
	}()
}

// Start starts a created or stopped container.
func (c *Container) Start() error {
	if err := c.refuse("Start"); err != nil {
		return err
	}
	if _, err := c.d.api.ContainerStart(c.d.context(), c.ID, client.ContainerStartOptions{}); err != nil {
		return c.d.fail("start", c.ref(), err)
	}
	c.refresh("start", c.ref())
	return nil
}

// Wait waits until the container stops and returns its exit code. With a
// timeout > 0 it gives up after that long with an error matching
// ErrTimeout, leaving the container running (Kill or Stop it). Ctrl-C
// stops the wait too, not the container.
func (c *Container) Wait(timeout time.Duration) (int, error) {
	ctx := c.d.context()
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	timedOut := func() error {
		return &Error{Op: "wait", Target: c.ref(), kind: ErrTimeout,
			Err: fmt.Errorf("still running after %s; the container is left running (c.Kill() or c.Stop() ends it)", timeout)}
	}
	if w := c.exit; w != nil {
		select {
		case <-w.done:
			if w.err != nil {
				return 0, c.d.fail("wait", c.ref(), w.err)
			}
			c.State, c.ExitCode, c.Status = "exited", w.code, fmt.Sprintf("Exited (%d), removed", w.code)
			return w.code, nil
		case <-ctx.Done():
			if c.d.context().Err() == nil {
				return 0, timedOut()
			}
			return 0, c.d.fail("wait", c.ref(), ctx.Err())
		}
	}
	r := c.d.api.ContainerWait(ctx, c.ID, client.ContainerWaitOptions{Condition: container.WaitConditionNotRunning})
	select {
	case res := <-r.Result:
		if res.Error != nil && res.Error.Message != "" {
			return int(res.StatusCode), c.d.fail("wait", c.ref(), errors.New(res.Error.Message))
		}
		c.refresh("wait", c.ref())
		return int(res.StatusCode), nil
	case err := <-r.Error:
		if ctx.Err() != nil && c.d.context().Err() == nil {
			return 0, timedOut()
		}
		return 0, c.d.fail("wait", c.ref(), err)
	}
}

// Stop sends the stop signal (Signal, default the image's, usually TERM),
// waits (Timeout, default the container's own, usually 10s), then kills.
func (c *Container) Stop(opts ...Option) error {
	if err := c.refuse("Stop"); err != nil {
		return err
	}
	s, err := collect("stop", useStop, opts)
	if err != nil {
		return err
	}
	so := client.ContainerStopOptions{Signal: s.signal}
	if s.timeout != nil {
		secs := int((*s.timeout + time.Second - 1) / time.Second)
		so.Timeout = &secs
	}
	if _, err := c.d.api.ContainerStop(c.d.context(), c.ID, so); err != nil {
		return c.d.fail("stop", c.ref(), err)
	}
	c.refresh("stop", c.ref())
	return nil
}

// Restart stops the container (as Stop, with Timeout and Signal) and
// starts it again.
func (c *Container) Restart(opts ...Option) error {
	if err := c.refuse("Restart"); err != nil {
		return err
	}
	s, err := collect("restart", useStop, opts)
	if err != nil {
		return err
	}
	ro := client.ContainerRestartOptions{Signal: s.signal}
	if s.timeout != nil {
		secs := int((*s.timeout + time.Second - 1) / time.Second)
		ro.Timeout = &secs
	}
	if _, err := c.d.api.ContainerRestart(c.d.context(), c.ID, ro); err != nil {
		return c.d.fail("restart", c.ref(), err)
	}
	c.refresh("restart", c.ref())
	return nil
}

// Kill sends KILL to the container's main process, or Signal("HUP").
func (c *Container) Kill(opts ...Option) error {
	if err := c.refuse("Kill"); err != nil {
		return err
	}
	s, err := collect("kill", useKill, opts)
	if err != nil {
		return err
	}
	if _, err := c.d.api.ContainerKill(c.d.context(), c.ID, client.ContainerKillOptions{Signal: s.signal}); err != nil {
		return c.d.fail("kill", c.ref(), err)
	}
	c.refresh("kill", c.ref())
	return nil
}

// Remove removes the container; a running one only with Force(), which
// kills it first. Volumes() removes its anonymous volumes too.
func (c *Container) Remove(opts ...Option) error {
	if err := c.refuse("Remove"); err != nil {
		return err
	}
	s, err := collect("remove", useRemove, opts)
	if err != nil {
		return err
	}
	if _, err := c.d.api.ContainerRemove(c.d.context(), c.ID, client.ContainerRemoveOptions{Force: s.force, RemoveVolumes: s.volumes}); err != nil {
		err = c.d.fail("remove", c.ref(), err)
		if errors.Is(err, ErrConflict) && !s.force {
			err = fmt.Errorf("%w\nTry: c.Remove(docker.Force())", err)
		}
		return err
	}
	c.State, c.Status = "removed", "Removed"
	return nil
}

// Logs is a container's output so far.
type Logs struct {
	// Output is stdout and stderr interleaved in the order the engine
	// logged them (it reads the two apart: lines written at the same
	// moment to both may swap).
	Output string
	Stdout string
	Stderr string
}

// Display shows the interleaved output.
func (l Logs) Display() string { return l.Output }

// String is the interleaved output.
func (l Logs) String() string { return l.Output }

// Lines splits the interleaved output into lines.
func (l Logs) Lines() []string {
	s := strings.TrimSuffix(l.Output, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// Logs returns what the container has written so far, stdout and stderr
// apart and interleaved. Options: Tail(n), Since(d), Timestamps().
func (c *Container) Logs(opts ...Option) (Logs, error) {
	s, err := collect("logs", useLogs, opts)
	if err != nil {
		return Logs{}, err
	}
	var all, out, errb bytes.Buffer
	if err := c.logs("logs", s, false, teeWriter(&all, &out), teeWriter(&all, &errb)); err != nil {
		return Logs{}, err
	}
	return Logs{Output: all.String(), Stdout: out.String(), Stderr: errb.String()}, nil
}

// Follow streams the container's output as it comes, stdout to the cell's
// output and stderr to its error output, until the container stops or
// Ctrl-C. Options: Tail(n) (Tail(0) shows only new output), Since(d),
// Timestamps().
func (c *Container) Follow(opts ...Option) error {
	return c.FollowTo(cell.Stdout(), cell.Stderr(), opts...)
}

// FollowTo is Follow writing to stdout and stderr.
func (c *Container) FollowTo(stdout, stderr io.Writer, opts ...Option) error {
	s, err := collect("follow", useLogs, opts)
	if err != nil {
		return err
	}
	return c.logs("follow", s, true, stdout, stderr)
}

func (c *Container) logs(op string, s *settings, follow bool, stdout, stderr io.Writer) error {
	if !c.ttyKnown {
		if err := c.refresh(op, c.ref()); err != nil {
			return err
		}
	}
	lo := client.ContainerLogsOptions{ShowStdout: true, ShowStderr: true, Follow: follow, Timestamps: s.timestamps}
	if s.tailSet {
		lo.Tail = strconv.Itoa(s.tail)
	}
	if s.since > 0 {
		lo.Since = strconv.FormatInt(time.Now().Add(-s.since).Unix(), 10)
	}
	ctx := c.d.context()
	rc, err := c.d.api.ContainerLogs(ctx, c.ID, lo)
	if err != nil {
		return c.d.fail(op, c.ref(), err)
	}
	defer rc.Close()
	if c.tty {
		_, err = io.Copy(stdout, rc)
	} else {
		_, err = stdcopy.StdCopy(stdout, stderr, rc)
	}
	if ctx.Err() != nil {
		// Cancelled: the stream ends with whatever error closing it gave
		// ("read on closed response body"); the cause is the interrupt.
		return c.d.fail(op, c.ref(), ctx.Err())
	}
	if err != nil {
		return c.d.fail(op, c.ref(), err)
	}
	return nil
}

// teeWriter writes to all and to one.
func teeWriter(all, one *bytes.Buffer) io.Writer { return &tee{all, one} }

type tee struct{ all, one *bytes.Buffer }

func (t *tee) Write(p []byte) (int, error) {
	t.all.Write(p)
	return t.one.Write(p)
}

// ExecResult is what a command run in a container produced.
type ExecResult struct {
	Stdout   string
	Stderr   string
	ExitCode int
}

// Display shows stdout, then stderr, then the exit code when it is not 0.
func (r ExecResult) Display() string {
	var b strings.Builder
	b.WriteString(r.Stdout)
	if r.Stderr != "" {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
		b.WriteString(r.Stderr)
	}
	if r.ExitCode != 0 {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "(exit %d)", r.ExitCode)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// OK reports whether the command exited 0.
func (r ExecResult) OK() bool { return r.ExitCode == 0 }

// Exec runs argv in the running container, as docker exec does, and
// returns its output and exit code. A non-zero exit is not an error: look
// at r.ExitCode (or r.OK()); a command that cannot start exits 126 or 127
// with the runtime's message in r.Stdout. Ctrl-C stops the waiting, not
// the command: the engine cannot kill an exec'd process, so kill it with
// another Exec (pkill) or stop the container.
func (c *Container) Exec(argv ...string) (ExecResult, error) {
	return c.ExecWith(argv)
}

// ExecWith is Exec with options: Env, EnvSecret, Workdir, User, Stdin.
func (c *Container) ExecWith(argv []string, opts ...Option) (ExecResult, error) {
	if err := c.refuseExec(argv); err != nil {
		return ExecResult{}, err
	}
	s, err := collect("exec", useExec, opts)
	if err != nil {
		return ExecResult{}, err
	}
	if len(argv) == 0 {
		return ExecResult{}, &Error{Op: "exec", Target: c.ref(), Err: errors.New("no command")}
	}
	target := c.ref() + " " + strings.Join(argv, " ")
	ctx := c.d.context()
	cr, err := c.d.api.ExecCreate(ctx, c.ID, client.ExecCreateOptions{
		Cmd: argv, Env: s.env, WorkingDir: s.workdir, User: s.user,
		AttachStdout: true, AttachStderr: true, AttachStdin: s.stdin != nil,
	})
	if err != nil {
		return ExecResult{}, c.d.fail("exec", target, err)
	}
	att, err := c.d.api.ExecAttach(ctx, cr.ID, client.ExecAttachOptions{})
	if err != nil {
		return ExecResult{}, c.d.fail("exec", target, err)
	}
	var once sync.Once
	closeConn := func() { once.Do(att.Close) }
	defer closeConn()
	stop := context.AfterFunc(ctx, closeConn)
	defer stop()
	if s.stdin != nil {
		go func() {
			io.Copy(att.Conn, s.stdin)
			att.CloseWrite()
		}()
	}
	var out, errb bytes.Buffer
	if _, err := stdcopy.StdCopy(&out, &errb, att.Reader); err != nil && ctx.Err() == nil {
		return ExecResult{}, c.d.fail("exec", target, err)
	}
	if ctx.Err() != nil {
		return ExecResult{}, c.d.fail("exec", target, ctx.Err())
	}
	// The stream ends as the process exits; the engine may record the
	// exit code a moment later.
	delay := time.Millisecond
	for {
		in, err := c.d.api.ExecInspect(ctx, cr.ID, client.ExecInspectOptions{})
		if err != nil {
			return ExecResult{}, c.d.fail("exec", target, err)
		}
		if !in.Running {
			return ExecResult{Stdout: out.String(), Stderr: errb.String(), ExitCode: in.ExitCode}, nil
		}
		select {
		case <-ctx.Done():
			return ExecResult{}, c.d.fail("exec", target, ctx.Err())
		case <-time.After(delay):
		}
		if delay < 100*time.Millisecond {
			delay *= 2
		}
	}
}

// Processes is what Top returns: ps's columns and one row per process.
type Processes struct {
	Titles []string
	Rows   [][]string
}

// Display shows the processes as a table.
func (p Processes) Display() string {
	t := table.New(p.Titles...)
	for _, r := range p.Rows {
		t.Add(r...)
	}
	return t.String()
}

// Column returns the values of the column titled title (say "CMD" or
// "PID"), one per process, or nil if there is no such column.
func (p Processes) Column(title string) []string {
	for i, t := range p.Titles {
		if t == title {
			col := make([]string, len(p.Rows))
			for j, r := range p.Rows {
				if i < len(r) {
					col[j] = r[i]
				}
			}
			return col
		}
	}
	return nil
}

// Top lists the processes running in the container, as docker top does.
func (c *Container) Top() (Processes, error) {
	r, err := c.d.api.ContainerTop(c.d.context(), c.ID, client.ContainerTopOptions{})
	if err != nil {
		return Processes{}, c.d.fail("top", c.ref(), err)
	}
	return Processes{Titles: r.Titles, Rows: r.Processes}, nil
}

// Details is what Inspect reports beyond the Container fields.
type Details struct {
	ID           string
	Name         string
	Image        string
	ImageID      string
	State        string
	Running      bool
	Pid          int
	ExitCode     int
	OOMKilled    bool
	Error        string
	Created      time.Time
	StartedAt    time.Time
	FinishedAt   time.Time
	RestartCount int
	Cmd          []string
	Entrypoint   []string
	Env          []string
	WorkingDir   string
	User         string
	Hostname     string
	Labels       map[string]string
	Memory       int64   // bytes, 0 for no limit
	CPUs         float64 // 0 for no limit
	NetworkMode  string
	// RestartPolicy is "no", "always", "unless-stopped" or "on-failure:N".
	RestartPolicy string
	Mounts        []string // "source:destination[:ro]"
	TTY           bool
}

// Inspect returns the container's configuration and state in detail, as
// docker inspect does (the parts ops work needs).
func (c *Container) Inspect() (Details, error) {
	r, err := c.d.api.ContainerInspect(c.d.context(), c.ID, client.ContainerInspectOptions{})
	if err != nil {
		return Details{}, c.d.fail("inspect", c.ref(), err)
	}
	in := r.Container
	c.fill(in)
	dt := Details{ID: in.ID, Name: c.Name, ImageID: in.Image, Created: c.Created,
		RestartCount: in.RestartCount, Labels: c.Labels, Image: c.Image}
	if st := in.State; st != nil {
		dt.State, dt.Running, dt.Pid, dt.ExitCode = string(st.Status), st.Running, st.Pid, st.ExitCode
		dt.OOMKilled, dt.Error = st.OOMKilled, st.Error
		dt.StartedAt, dt.FinishedAt = parseTime(st.StartedAt), parseTime(st.FinishedAt)
	}
	if cf := in.Config; cf != nil {
		dt.Cmd, dt.Entrypoint, dt.Env = cf.Cmd, cf.Entrypoint, cf.Env
		dt.WorkingDir, dt.User, dt.Hostname, dt.TTY = cf.WorkingDir, cf.User, cf.Hostname, cf.Tty
	}
	if hc := in.HostConfig; hc != nil {
		dt.Memory, dt.CPUs, dt.NetworkMode = hc.Memory, float64(hc.NanoCPUs)/1e9, string(hc.NetworkMode)
		dt.RestartPolicy = string(hc.RestartPolicy.Name)
		if hc.RestartPolicy.Name == container.RestartPolicyOnFailure && hc.RestartPolicy.MaximumRetryCount > 0 {
			dt.RestartPolicy += ":" + strconv.Itoa(hc.RestartPolicy.MaximumRetryCount)
		}
	}
	for _, m := range in.Mounts {
		s := m.Source + ":" + m.Destination
		if !m.RW {
			s += ":ro"
		}
		dt.Mounts = append(dt.Mounts, s)
	}
	return dt, nil
}
