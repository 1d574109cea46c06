package ssh_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsh/opsh/builtins/ssh"
	"github.com/opsh/opsh/internal/sshdtest"
)

func TestFleetOneHostDown(t *testing.T) {
	e := newEnv(t)
	const n = 21
	var servers []*sshdtest.Server
	for i := 1; i <= n; i++ {
		s := e.server(sshdtest.Options{})
		servers = append(servers, s)
		e.alias(fmt.Sprintf("web-%02d", i), s)
	}
	e.alias("db-01", servers[0]) // not matched by web-*
	down := servers[6]
	down.Stop()

	fl := e.Client.Fleet("web-*")
	if got := fl.Len(); got != n {
		t.Fatalf("Fleet(web-*) has %d hosts, want %d: %v", got, n, fl.Names())
	}
	res := fl.Run("echo up on $(hostname) && test $((6*7)) = 42", ssh.Concurrency(8))
	if got, want := res.OK().Len(), n-1; got != want {
		t.Errorf("%d hosts ok, want %d\n%s", got, want, res.Display())
	}
	failed := res.Failed()
	if got := strings.Join(failed.Hosts(), ","); got != "web-07" {
		t.Errorf("failed hosts = %q, want web-07", got)
	}
	if row := failed.Rows[0]; row.Err == nil || row.ExitCode != -1 {
		t.Errorf("down host row = %+v", row)
	}
	d := res.Display()
	for _, want := range []string{"HOST", "EXIT", "TIME", "OUTPUT", "web-01", "up on", "web-07", "error:", "21 hosts: 20 ok, 1 failed"} {
		if !strings.Contains(d, want) {
			t.Errorf("fleet display lacks %q:\n%s", want, d)
		}
	}
	if lines := strings.Split(d, "\n"); len(lines) != n+2 {
		t.Errorf("display has %d lines, want a header, %d rows and a summary", len(lines), n)
	}
	if err := res.Check(); err == nil || !strings.Contains(err.Error(), "web-07") {
		t.Errorf("Check = %v", err)
	}

	// Bring the host back and act on the failed subset only.
	down.Restart()
	again := failed.Run("echo back")
	if again.Len() != 1 || !again.Rows[0].OK() || strings.TrimSpace(again.Rows[0].Stdout) != "back" {
		t.Errorf("rerun on the failed host:\n%s", again.Display())
	}

	// Commands that fail are rows too, with their exit code.
	res = fl.Run("exit 4", ssh.Concurrency(21))
	if res.Failed().Len() != n {
		t.Errorf("exit 4 everywhere: %d failed", res.Failed().Len())
	}
	if row := res.Rows[0]; row.ExitCode != 4 {
		t.Errorf("row = %+v", row)
	}
	fl.Close()
}

func TestInventoryAndRoster(t *testing.T) {
	e := newEnv(t)
	a := e.server(sshdtest.Options{})
	b := e.server(sshdtest.Options{})
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ini := write("hosts.ini", fmt.Sprintf(`
[webservers]
web-a ansible_host=127.0.0.1 ansible_port=%d
web-b ansible_host=127.0.0.1 ansible_port=%d   # second

[dbservers]
db-1 ansible_host=192.0.2.1

[webservers:vars]
ansible_user=%s
ansible_ssh_private_key_file=%s
`, a.Port, b.Port, a.User, e.Key.Path))
	yml := write("hosts.yml", fmt.Sprintf(`
all:
  vars:
    ansible_host: 127.0.0.1
  children:
    webservers:
      hosts:
        web-a:
          ansible_port: %d
        web-b:
          ansible_port: %d
      vars:
        ansible_user: %s
`, a.Port, b.Port, a.User))
	roster := write("roster", fmt.Sprintf(`
web-a:
  host: 127.0.0.1
  port: %d
  user: %s
  priv: %s
web-b:
  host: 127.0.0.1
  port: %d
  user: %s
`, a.Port, a.User, e.Key.Path, b.Port, b.User))

	for name, g := range map[string]*ssh.Group{
		"ini":    e.Client.Inventory(ini, "webservers"),
		"yaml":   e.Client.Inventory(yml, "webservers"),
		"roster": e.Client.Roster(roster),
	} {
		if g.Err != nil {
			t.Fatalf("%s: %v", name, g.Err)
		}
		if got := strings.Join(g.Names(), " "); got != "web-a web-b" {
			t.Errorf("%s: hosts = %q", name, got)
		}
		res := g.Run("echo hi")
		if err := res.Check(); err != nil {
			t.Errorf("%s: %v\n%s", name, err, res.Display())
		}
		g.Close()
	}
	if g := e.Client.Inventory(ini, "nosuch"); g.Err == nil || !strings.Contains(g.Err.Error(), "dbservers") {
		t.Errorf("missing group: %v", g.Err)
	}
	if res := e.Client.Inventory(filepath.Join(dir, "absent.ini"), "all").Run("true"); res.Err == nil {
		t.Errorf("a missing inventory ran")
	} else if !strings.HasPrefix(res.Display(), "error: ") {
		t.Errorf("display of a failed group: %s", res.Display())
	}
}
