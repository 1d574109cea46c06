package docker

import "github.com/opsh/opsh/internal/readonly"

// refuse returns the read-only refusal of a call that changes the engine's
// state (a container, image, network or volume made, changed or removed),
// nil when the session may change things.
func refuse(call string, args ...any) error {
	return readonly.Check("changes the engine", call, args...)
}

// refuse returns the read-only refusal of the Container method call.
func (c *Container) refuse(call string, args ...any) error {
	return readonly.Check("changes container "+c.ref(), "Container."+call, args...)
}

// refuseExec returns the read-only refusal of running argv in the
// container, nil when its program is allowed (--allow-command).
func (c *Container) refuseExec(argv []string) error {
	return readonly.Command("runs a command in container "+c.ref(), "Container.Exec", argv)
}
