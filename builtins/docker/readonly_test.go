package docker

import (
	"errors"
	"fmt"
	"testing"

	"github.com/opsh/opsh/internal/readonly"
)

// TestReadOnlyRefusals checks the refusal of each call that changes the
// engine in a read-only session. Refused calls fail before they reach an
// engine, so the values here have none; the acceptance test (cmd/opsh)
// replays them against a real dockerd.
func TestReadOnlyRefusals(t *testing.T) {
	readonly.SetFor(t, readonly.Policy{On: true})
	d := &Client{}
	c := &Container{Name: "web", d: d}
	n := &NetworkInfo{Name: "backend"}
	v := &VolumeInfo{Name: "data"}
	for _, x := range []struct {
		err  error
		want string
	}{
		{second(d.Run("alpine", []string{"sh"})), `docker.Run("alpine", []string{"sh"}) changes the engine`},
		{second(d.Create("alpine", nil)), `docker.Create("alpine", []string{}) changes the engine`},
		{second(d.Pull("alpine:3")), `docker.Pull("alpine:3") changes the engine`},
		{second(d.Build("./app")), `docker.Build("./app") changes the engine`},
		{d.Tag("a", "b"), `docker.Tag("a", "b") changes the engine`},
		{d.RemoveImage("alpine"), `docker.RemoveImage("alpine") changes the engine`},
		{second(d.CreateNetwork("n")), `docker.CreateNetwork("n") changes the engine`},
		{second(d.CreateVolume("v")), `docker.CreateVolume("v") changes the engine`},
		{n.Remove(), `NetworkInfo.Remove("backend") changes the engine`},
		{n.Connect("web"), `NetworkInfo.Connect("backend", "web") changes the engine`},
		{v.Remove(), `VolumeInfo.Remove("data") changes the engine`},
		{c.Start(), `Container.Start() changes container web`},
		{c.Stop(), `Container.Stop() changes container web`},
		{c.Kill(), `Container.Kill() changes container web`},
		{c.Remove(), `Container.Remove() changes container web`},
		{second(c.Commit("img")), `Container.Commit("img") changes container web`},
		{c.WriteFile("/etc/x", nil, 0o644), `Container.WriteFile("/etc/x") changes container web`},
		{c.PutArchive("/", nil), `Container.PutArchive("/") changes container web`},
		{second(c.Exec("touch", "/x")), `Container.Exec("touch", "/x") runs a command in container web`},
		{second(c.GetArchive("/etc", "out")), `Container.GetArchive("/etc", "out") writes`},
	} {
		if got, want := fmt.Sprint(x.err), "refused by --read-only: "+x.want; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if !errors.Is(x.err, readonly.ErrRefused) {
			t.Errorf("%v: not ErrRefused", x.err)
		}
	}
}

func second[T any](_ T, err error) error { return err }
