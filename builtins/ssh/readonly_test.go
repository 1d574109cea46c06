package ssh

import (
	"errors"
	"fmt"
	"testing"

	"github.com/opsh/opsh/internal/readonly"
)

// TestReadOnlyRefusals checks the refusal of each call that changes
// something on a host in a read-only session. Refused calls fail before
// they use the connection, so the Host here has none; the acceptance test
// (cmd/opsh) replays them against a real sshd.
func TestReadOnlyRefusals(t *testing.T) {
	readonly.SetFor(t, readonly.Policy{On: true, AllowCommands: []string{"uptime"}})
	h := &Host{Name: "web-1"}
	f := &SFTP{h: h}
	g := &Group{Name: "web"}
	for _, c := range []struct {
		err  error
		want string
	}{
		{second(h.Run("touch /tmp/x")), `Host.Run("touch /tmp/x") runs a command on web-1`},
		{second(h.Run("uptime; touch /tmp/x")), `Host.Run("uptime; touch /tmp/x") runs a command on web-1`},
		{second(h.Stream("rm -f /tmp/x")), `Host.Stream("rm -f /tmp/x") runs a command on web-1`},
		{second(h.RunArgs("touch", "/tmp/x")), `Host.RunArgs("touch", "/tmp/x") runs a command on web-1`},
		{second(h.CommandConn(t.Context(), "nc", "db", "5432")), `Host.CommandConn("nc", "db", "5432") runs a command on web-1`},
		{g.Run("reboot").Err, `Group.Run("reboot") runs a command on ` + g.Display()},
		{f.Put("a.txt", "/tmp/a.txt"), `SFTP.Put("a.txt", "/tmp/a.txt") writes on web-1`},
		{f.WriteFile("/tmp/a.txt", "x", 0o600), `SFTP.WriteFile("/tmp/a.txt") writes on web-1`},
		{f.Remove("/tmp/a.txt"), `SFTP.Remove("/tmp/a.txt") writes on web-1`},
		{f.Rename("/tmp/a", "/tmp/b"), `SFTP.Rename("/tmp/a", "/tmp/b") writes on web-1`},
		{f.MkdirAll("/tmp/d"), `SFTP.MkdirAll("/tmp/d") writes on web-1`},
		{f.Chmod("/tmp/a", 0o777), `SFTP.Chmod("/tmp/a", -rwxrwxrwx) writes on web-1`},
		{f.Get("/etc/hosts", "hosts"), `SFTP.Get("/etc/hosts", "hosts") writes`},
		{NewClient().Trust(&HostKeys{}, "web-1"), `ssh.Trust("web-1") writes`},
	} {
		if got, want := fmt.Sprint(c.err), "refused by --read-only: "+c.want; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if !errors.Is(c.err, readonly.ErrRefused) {
			t.Errorf("%v: not ErrRefused", c.err)
		}
	}
}

func second[T any](_ T, err error) error { return err }
