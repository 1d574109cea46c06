package ssh

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/opsh/opsh/internal/testenv"
)

// sshG runs OpenSSH's `ssh -G` on config for target and returns what it
// resolved, keyword → values; err is non-nil when ssh refuses.
func sshG(t *testing.T, config string, args ...string) (map[string][]string, error) {
	t.Helper()
	bin := testenv.LookPath(t, "ssh")
	cmd := exec.Command(bin, append([]string{"-G", "-F", config}, args...)...)
	cmd.Stdin = nil
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%v: %s", err, exitStderr(err))
	}
	got := map[string][]string{}
	for _, l := range strings.Split(string(out), "\n") {
		k, v, ok := strings.Cut(l, " ")
		if ok {
			got[k] = append(got[k], v)
		}
	}
	return got, nil
}

func exitStderr(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

// writeConfig writes an ssh_config file (0600: ssh refuses included files
// others may write).
func writeConfig(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestConfigResolvedAsOpenSSH resolves destinations from a config that
// uses every Match criterion, Include, HostName tokens, a final pass and
// first-value-wins, with opsh and with OpenSSH's own `ssh -G`, and
// compares what each would connect to and how.
func TestConfigResolvedAsOpenSSH(t *testing.T) {
	dir := t.TempDir()
	flag := filepath.Join(dir, "flag")
	writeConfig(t, dir, "flag", "")
	c := NewClient()
	included := writeConfig(t, dir, "included.conf", `
Host inc-host
  HostName 10.9.8.7
  User included
Match originalhost inc-host
  Port 2444
`)
	cfg := writeConfig(t, dir, "config", fmt.Sprintf(`
Include %s
Host web-1
  HostName real-%%h.example.net
  User webadmin
Match host real-web-1.example.net
  Port 2201
  IdentityFile ~/.ssh/match-host
Match originalhost web-1
  ProxyJump bastion.example.net
Match user deploy
  Port 2202
  ProxyCommand nc %%h %%p
Match localuser %s
  ConnectTimeout 7
Match exec "test -e %s" host exec-*
  User exec-yes
Match exec "test -e %s-missing" originalhost exec-*
  User exec-no
Match !host web-1,*.example.net !final
  StrictHostKeyChecking accept-new
Match final host plain.example.org
  Port 2777
Match canonical originalhost plain
  User canonical
Host plain
  HostName plain.example.org
Host * !web-1 !exec-*
  IdentityFile ~/.ssh/not-web-1
Match all
  ConnectTimeout 11
Host *
  User everyone
  Port 22
  IdentityFile ~/.ssh/fallback
  HostKeyAlgorithms ^ssh-ed25519
`, included, c.LocalUser, flag, flag))
	c.ConfigFiles = []string{cfg}

	keys := []string{"hostname", "user", "port", "identityfile", "proxyjump", "proxycommand",
		"connecttimeout", "stricthostkeychecking", "hostkeyalgorithms"}
	cases := [][]string{
		{"web-1"},
		{"-l", "deploy", "web-1"},
		{"-l", "deploy", "other"},
		{"other"},
		{"exec-box"},
		{"inc-host"},
		{"plain"},
		{"-p", "2022", "10.1.2.3"},
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			want, err := sshG(t, cfg, args...)
			if err != nil {
				t.Fatalf("ssh -G: %v", err)
			}
			got := opshResolved(t, c, args)
			for _, k := range keys {
				w, g := strings.Join(want[k], "\n"), strings.Join(got[k], "\n")
				if k == "hostkeyalgorithms" {
					// OpenSSH knows more algorithms than x/crypto: compare
					// which one comes first.
					w, g = strings.Split(w, ",")[0], strings.Split(g, ",")[0]
				}
				if !strings.EqualFold(w, g) {
					t.Errorf("%s: opsh %q, ssh -G %q", k, g, w)
				}
			}
		})
	}
}

// opshResolved resolves a destination given as ssh's arguments ([-l user]
// [-p port] host) with opsh and renders it as `ssh -G` does.
func opshResolved(t *testing.T, c *Client, args []string) map[string][]string {
	t.Helper()
	var s settings
	for len(args) > 1 {
		switch args[0] {
		case "-l":
			s.user = args[1]
		case "-p":
			s.port, _ = strconv.Atoi(args[1])
		}
		args = args[2:]
	}
	e, err := c.resolve(context.Background(), args[0], &s)
	if err != nil {
		t.Fatalf("opsh resolve: %v", err)
	}
	cfg, err := c.hostSettings(context.Background(), args[0], map[string]string{"user": s.user, "port": strconv.Itoa(s.port)})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{
		"hostname": {e.host}, "user": {e.user}, "port": {strconv.Itoa(e.port)},
		"connecttimeout": {"none"}, "stricthostkeychecking": {"ask"},
	}
	if cfg.get("connecttimeout") != "" {
		out["connecttimeout"] = []string{strconv.Itoa(int(e.timeout.Seconds()))}
	}
	if v := cfg.get("stricthostkeychecking"); v != "" {
		out["stricthostkeychecking"] = []string{v}
	}
	out["identityfile"] = cfg.all("identityfile")
	if e.jump != "" {
		out["proxyjump"] = []string{e.jump}
	}
	if v := cfg.get("proxycommand"); v != "" {
		out["proxycommand"] = []string{v}
	}
	out["hostkeyalgorithms"] = []string{strings.Join(e.algos.hostKeys, ",")}
	return out
}

// TestConfigCanonicalizeAsOpenSSH compares CanonicalizeHostname with
// OpenSSH: a name that resolves under none of CanonicalDomains is an
// error with CanonicalizeFallbackLocal no, and is kept otherwise.
func TestConfigCanonicalizeAsOpenSSH(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "config", `
Host strict
  CanonicalizeHostname yes
  CanonicalDomains invalid
  CanonicalizeFallbackLocal no
Host loose
  CanonicalizeHostname yes
  CanonicalDomains invalid
Match canonical host loose
  Port 2345
`)
	c := NewClient()
	c.ConfigFiles = []string{cfg}

	_, sshErr := sshG(t, cfg, "strict")
	_, err := c.resolve(context.Background(), "strict", &settings{})
	if sshErr == nil || err == nil {
		t.Fatalf("unresolvable name with CanonicalizeFallbackLocal no: ssh -G err %v, opsh err %v; want both to fail", sshErr, err)
	}
	want, sshErr := sshG(t, cfg, "loose")
	if sshErr != nil {
		t.Fatal(sshErr)
	}
	got := opshResolved(t, c, []string{"loose"})
	if got["port"][0] != want["port"][0] || got["port"][0] != "2345" {
		t.Errorf("port after the canonical pass: opsh %s, ssh -G %s, want 2345", got["port"][0], want["port"][0])
	}
}

// TestConfigErrorsOnlyWhereOpenSSHFails: a Match attribute OpenSSH does
// not know is an error, as it is for ssh.
func TestConfigErrorsOnlyWhereOpenSSHFails(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "config", "Match nosuchthing x\n  Port 1\n")
	c := NewClient()
	c.ConfigFiles = []string{cfg}
	_, sshErr := sshG(t, cfg, "host")
	_, err := c.resolve(context.Background(), "host", &settings{})
	if sshErr == nil || err == nil {
		t.Errorf("unknown Match attribute: ssh -G err %v, opsh err %v; want both to fail", sshErr, err)
	}
}

func TestAssembleAlgorithms(t *testing.T) {
	def := []string{"a", "b", "c"}
	every := []string{"a", "b", "c", "old-1", "old-2"}
	for _, tc := range []struct{ spec, want string }{
		{"+old-1", "a,b,c,old-1"},
		{"+old-*", "a,b,c,old-1,old-2"},
		{"-b", "a,c"},
		{"-a,c", "b"},
		{"^c", "c,a,b"},
		{"old-2,a", "old-2,a"},
		{"a,nosuch", "a"},
	} {
		got, err := assembleAlgorithms(tc.spec, def, every)
		if err != nil || strings.Join(got, ",") != tc.want {
			t.Errorf("%s: got %v, %v; want %s", tc.spec, got, err, tc.want)
		}
	}
	if _, err := assembleAlgorithms("nosuch", def, every); err == nil {
		t.Error("a list of unknown algorithms: no error")
	}
}

// TestConfigIncludeRelativeAndFleetAliases: a relative Include is under
// ~/.ssh (the client's Home), and the hosts it names are fleet aliases.
func TestConfigIncludeRelativeAndFleetAliases(t *testing.T) {
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, ".ssh", "conf.d"), 0o700)
	writeConfig(t, filepath.Join(home, ".ssh", "conf.d"), "web.conf", "Host web-1 web-2\n  User deploy\nHost web-*\n  Port 2200\n")
	cfg := writeConfig(t, filepath.Join(home, ".ssh"), "config", "Include conf.d/*.conf\nHost db-1\n  User pg\n")
	c := NewClient()
	c.Home = home
	c.ConfigFiles = []string{cfg}
	e, err := c.resolve(context.Background(), "web-2", &settings{})
	if err != nil || e.user != "deploy" || e.port != 2200 {
		t.Fatalf("web-2 through the relative Include: %+v, %v", e, err)
	}
	if got := c.Fleet("web-*", "db-*").Names(); strings.Join(got, " ") != "web-1 web-2 db-1" {
		t.Errorf("fleet aliases = %v", got)
	}
}
