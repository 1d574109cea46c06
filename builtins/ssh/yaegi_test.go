package ssh_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"
	xssh "golang.org/x/crypto/ssh"

	secretsym "github.com/opsh/opsh/builtins/secret/symbols"
	"github.com/opsh/opsh/builtins/ssh"
	sshsym "github.com/opsh/opsh/builtins/ssh/symbols"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/sshdtest"
	"github.com/opsh/opsh/internal/testenv"
	"github.com/opsh/opsh/internal/yaegitest"
)

// TestInterpreter evaluates the calls as users type them in opsh,
// against real sshd servers: ~/.ssh/config aliases, a key under ~/.ssh,
// known_hosts, SFTP, a fleet from ssh_config, an Ansible inventory and a
// Salt roster.
func TestInterpreter(t *testing.T) {
	e := newEnv(t)
	web1 := e.server(sshdtest.Options{})
	web2 := e.server(sshdtest.Options{})
	user := web1.User
	e.alias("web-1", web1)
	e.alias("web-2", web2)
	// ~/.ssh/id_ed25519 of the client's home.
	if err := os.MkdirAll(filepath.Join(e.Client.Home, ".ssh"), 0o700); err != nil {
		t.Fatal(err)
	}
	key, _ := os.ReadFile(e.Key.Path)
	os.WriteFile(filepath.Join(e.Client.Home, ".ssh", "id_ed25519"), key, 0o600)
	prev := ssh.SetDefault(e.Client)
	t.Cleanup(func() { ssh.SetDefault(prev) })

	dir := web1.MkdirTemp(t)
	local := t.TempDir()
	os.WriteFile(filepath.Join(local, "local.conf"), []byte("listen 80\n"), 0o644)
	ini := filepath.Join(local, "hosts.ini")
	os.WriteFile(ini, []byte(fmt.Sprintf("[webservers]\nweb-1\nweb-2\n\n[webservers:vars]\nansible_user=%s\n", user)), 0o600)
	roster := filepath.Join(local, "roster")
	os.WriteFile(roster, []byte(fmt.Sprintf("web-1:\n  host: 127.0.0.1\n  port: %d\n  user: %s\n", web1.Port, user)), 0o600)

	var out testenv.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	prevCell := cell.Set(&cell.State{Ctx: ctx, Stdout: &out, Stderr: &out})
	defer cell.Set(prevCell)

	i := yaegitest.New(t, []interp.Exports{secretsym.Symbols, sshsym.Symbols}, "github.com/opsh/opsh/builtins/ssh", "errors", "os", "strings")
	q := strconv.Quote
	yaegitest.Eval(t, i, fmt.Sprintf("dir := %s\nlocal := %s\npath := %s\nuser := %s\nport := %q",
		q(dir), q(local), q(e.KnownHosts), q(user), strconv.Itoa(web2.Port)))

	tests := []struct {
		src  string
		want any
	}{
		{`h, err := ssh.Dial(user + "@web-1"); err == nil`, true},
		{`r, err := h.Run("uptime"); err == nil && strings.Contains(r.Stdout, "load average")`, true},
		{`r.ExitCode == 0 && r.Duration > 0 && r.Stderr == ""`, true},
		{`r, err = h.Run("echo oops >&2; exit 2"); r.ExitCode`, 2},
		{`r.Stderr`, "oops\n"},
		{`ee := &ssh.ExitError{}; ee.Hint`, ""},
		{`errors.As(err, &ee) && ee.Result.ExitCode == 2`, true},
		{`h2, err := ssh.Dial("127.0.0.1:" + port, ssh.User(user), ssh.Key("~/.ssh/id_ed25519"), ssh.KnownHosts(path)); err == nil`, true},
		{`h2.User == user && h2.Addr == "127.0.0.1:" + port`, true},
		{`os.WriteFile(dir + "/it's; $(x)", []byte("x"), 0o644) == nil`, true},
		{`r, err = h.RunArgs("ls", "-1", dir); r.Stdout`, "it's; $(x)\n"},
		{`r, err = h.Run("systemctl restart app", ssh.Sudo()); err != nil`, true},
		{`strings.Contains(err.Error(), "sudo")`, true},
		{`r, err = h.Stream("echo streamed"); err == nil && r.ExitCode == 0`, true},
		{`f, err := h.SFTP(); err == nil`, true},
		{`f.Put(local + "/local.conf", dir + "/app.conf")`, nil},
		{`f.Get(dir + "/app.conf", local + "/app.back")`, nil},
		{`b, _ := os.ReadFile(local + "/app.back"); string(b)`, "listen 80\n"},
		{`f.WriteFile(dir + "/w.conf", []byte("w\n"), 0o644)`, nil},
		{`data, err := f.ReadFile(dir + "/w.conf"); string(data)`, "w\n"},
		{`f.Chmod(dir + "/w.conf", 0o600)`, nil},
		{`st, err := f.Stat(dir + "/w.conf"); st.Mode.String()`, "-rw-------"},
		{`f.Chown(dir + "/w.conf", st.UID, st.GID)`, nil},
		{`lst, err := f.Lstat(dir + "/w.conf"); lst.Size`, int64(2)},
		{`ls, err := f.List(dir); len(ls)`, 3},
		{`ls.Names()[0]`, "app.conf"},
		{`f.Close() == nil && h.Close() == nil && h2.Close() == nil`, true},
		{`fl := ssh.Fleet("web-*"); fl.Len()`, 2},
		{`res := fl.Run("uptime", ssh.Concurrency(10)); res.OK().Len()`, 2},
		{`len(res.Failed().Rows)`, 0},
		{`strings.HasPrefix(res.Display(), "HOST")`, true},
		{`inv := ssh.Inventory(` + q(ini) + `, "webservers"); inv.Run("true").OK().Len()`, 2},
		{`ro := ssh.Roster(` + q(roster) + `); ro.Run("echo hi").Rows[0].Stdout`, "hi\n"},
		{`_, err = ssh.Dial("127.0.0.1:1", ssh.User(user)); err != nil`, true},
	}
	for _, tc := range tests {
		got := yaegitest.Value(t, i, tc.src)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s = %#v, want %#v", tc.src, got, tc.want)
		}
	}
	if !strings.Contains(out.String(), "streamed") {
		t.Errorf("Stream did not write to the cell's output: %q", out.String())
	}

	// h.Stream("journalctl -f …") runs until Ctrl-C: the cell's context.
	yaegitest.Eval(t, i, `h3, _ := ssh.Dial(user + "@web-1")`)
	done := make(chan error, 1)
	go func() {
		_, err := i.Eval(`_, err = h3.Stream("echo following; exec tail -f /dev/null")`)
		done <- err
	}()
	testenv.WaitFor(t, 10*time.Second, "stream output", func() error {
		if !strings.Contains(out.String(), "following") {
			return fmt.Errorf("no output yet")
		}
		return nil
	})
	cancel() // Ctrl-C
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Stream did not stop on Ctrl-C")
	}
	v, err := i.Eval(`err.Error()`)
	if err != nil || !strings.Contains(v.String(), "stopped") {
		t.Errorf("stream error after Ctrl-C: %v %v", v, err)
	}
}

// TestInterpreterKeysAndForwarding evaluates, as users type them, a key
// held in a secret with its passphrase from a secret, a user certificate,
// and agent forwarding checked by ssh-add -l on the far side.
func TestInterpreterKeysAndForwarding(t *testing.T) {
	e := newEnv(t)
	locked, lockedPub := pemKey(t, "pass phrase")
	agentKey := newKey(t, "")
	ca := newUserCA(t)
	s := e.server(sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{lockedPub, agentKey.Pub},
		Config: []string{"TrustedUserCAKeys " + ca.file}})
	certKey := newKey(t, "")
	cert := filepath.Join(t.TempDir(), "id-cert.pub")
	ca.sign(t, certKey.Pub, s.User, cert)
	e.Client.IdentityFiles = nil
	e.Client.AgentSocket = sshdtest.Agent(t, t.TempDir(), agentKey.Path)
	prev := ssh.SetDefault(e.Client)
	t.Cleanup(func() { ssh.SetDefault(prev) })
	t.Setenv("OPSH_TEST_KEY", locked)
	t.Setenv("OPSH_TEST_PASS", "pass phrase")

	i := yaegitest.New(t, []interp.Exports{secretsym.Symbols, sshsym.Symbols},
		"github.com/opsh/opsh/builtins/ssh", "github.com/opsh/opsh/builtins/secret", "strings")
	q := strconv.Quote
	yaegitest.Eval(t, i, fmt.Sprintf("target := %s\ncertKey := %s\ncert := %s", q(s.User+"@"+s.Addr), q(certKey.Path), q(cert)))
	fp := xssh.FingerprintSHA256(agentKey.Pub)
	tests := []struct {
		src  string
		want any
	}{
		{`key, _ := secret.Env("OPSH_TEST_KEY"); pass, _ := secret.Env("OPSH_TEST_PASS"); key.String()`, "«redacted:OPSH_TEST_KEY»"},
		{`h, err := ssh.Dial(target, ssh.KeyData(key), ssh.Passphrase(pass), ssh.NoAgent()); err == nil`, true},
		{`r, _ := h.Run("whoami"); r.String()`, s.User},
		{`hc, err := ssh.Dial(target, ssh.Key(certKey), ssh.Certificate(cert), ssh.NoAgent()); err == nil`, true},
		{`hf, err := ssh.Dial(target, ssh.ForwardAgent()); err == nil`, true},
		{`r, _ = hf.Run("ssh-add -l"); strings.Contains(r.Stdout, ` + q(fp) + `)`, true},
	}
	for _, tc := range tests {
		got := yaegitest.Value(t, i, tc.src)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s = %#v, want %#v", tc.src, got, tc.want)
		}
	}
	if !strings.Contains(s.Log(), `ID opsh-test-cert`) {
		t.Error("sshd did not log the certificate login")
	}
}
