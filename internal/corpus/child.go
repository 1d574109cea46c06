package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// maxOutput bounds what is kept of a child's stdout and stderr: a program
// that prints forever must not fill the runner's memory.
const maxOutput = 1 << 20

// Command returns a RunFunc that runs `name args... PATH` in its own
// process group, in directory dir, with env added to the environment. When
// the program's deadline passes, or once it has exited, the whole group is
// killed. A non-zero exit is an error carrying the child's stderr.
func Command(dir, name string, args, env []string) RunFunc {
	return func(ctx context.Context, path string) (string, error) {
		cmd := exec.CommandContext(ctx, name, append(append([]string(nil), args...), path)...)
		cmd.Dir = dir
		cmd.Env = environ(env)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
		cmd.WaitDelay = 2 * time.Second
		stdout, stderr := &limitedBuffer{}, &limitedBuffer{}
		cmd.Stdout, cmd.Stderr = stdout, stderr
		err := cmd.Run()
		if cmd.Process != nil {
			// Whatever the program left running in its group goes with it.
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
		if err != nil {
			if ctx.Err() != nil {
				err = ctx.Err()
			}
			msg := strings.TrimSpace(stderr.String())
			var ee *exec.ExitError
			if errors.As(err, &ee) && msg != "" {
				return stdout.String(), errors.New(msg)
			}
			return stdout.String(), fmt.Errorf("run %s: %w: %s", path, err, msg)
		}
		return stdout.String(), nil
	}
}

// limitedBuffer keeps the first maxOutput bytes written to it and drops
// the rest, reporting every write as complete.
type limitedBuffer struct{ bytes.Buffer }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := maxOutput - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
