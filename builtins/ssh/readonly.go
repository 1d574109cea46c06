package ssh

import (
	"slices"

	"github.com/opsh/opsh/internal/readonly"
)

// refuseShell returns the read-only refusal of running the shell command
// cmd on h through the method call (Run, Stream ...), nil when it may run
// (see readonly.ShellCommand). A nil h is left to the call to report.
func (h *Host) refuseShell(call, cmd string) error {
	if h == nil {
		return nil
	}
	return readonly.ShellCommand("runs a command on "+h.Name, "Host."+call, cmd)
}

// dialStdio is the command docker's ssh:// transport runs (docker
// builtin): the Docker API calls through it obey the read-only policy
// themselves, so the tunnel is no change of its own.
var dialStdio = []string{"docker", "system", "dial-stdio"}

// refuseConn returns the read-only refusal of CommandConn running args.
func (h *Host) refuseConn(args []string) error {
	if slices.Equal(args, dialStdio) {
		return nil
	}
	return readonly.Command("runs a command on "+h.Name, "Host.CommandConn", args)
}

// refuseWrite returns the read-only refusal of the SFTP call, which
// changes a file on the host.
func (f *SFTP) refuseWrite(call string, args ...any) error {
	return readonly.Check("writes on "+f.h.Name, "SFTP."+call, args...)
}
