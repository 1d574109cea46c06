package ssh

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestExpandRange(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"web", "web"},
		{"web[1:3]", "web1 web2 web3"},
		{"web[01:03].example.com", "web01.example.com web02.example.com web03.example.com"},
		{"db-[a:c]", "db-a db-b db-c"},
		{"n[0:10:5]", "n0 n5 n10"},
		{"r[1:2]-[a:b]", "r1-a r1-b r2-a r2-b"},
	} {
		got, err := expandRange(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("expandRange(%q) = %v, want %s", tc.in, got, tc.want)
		}
	}
	if _, err := expandRange("web[1-3]"); err == nil {
		t.Errorf("bad range accepted")
	}
}

// TestInventoryVariables checks Ansible's merge order (all < parent group <
// child group < host) and children, in both formats.
func TestInventoryVariables(t *testing.T) {
	dir := t.TempDir()
	ini := `
mail.example.com

[web]
web[1:2] ansible_user=override
web3:2222

[web:vars]
ansible_user=webuser
ansible_become=yes

[prod:children]
web

[prod:vars]
ansible_user=produser
ansible_ssh_private_key_file=~/.ssh/prod

[all:vars]
ansible_port=2200
`
	yml := `
all:
  hosts:
    mail.example.com:
  vars:
    ansible_port: 2200
  children:
    prod:
      vars:
        ansible_user: produser
        ansible_ssh_private_key_file: ~/.ssh/prod
      children:
        web:
          hosts:
            web[1:2]:
              ansible_user: override
            web3:2222:
          vars:
            ansible_user: webuser
            ansible_become: true
`
	want := map[string]map[string]string{
		"web1": {"ansible_user": "override", "ansible_port": "2200", "ansible_become": "yes", "ansible_ssh_private_key_file": "~/.ssh/prod"},
		"web3": {"ansible_user": "webuser", "ansible_port": "2222"},
	}
	for name, text := range map[string]string{"hosts": ini, "hosts.yml": yml} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o600)
		inv, err := readInventory(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		hosts, err := inv.resolve("prod")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var names []string
		got := map[string]map[string]string{}
		for _, h := range hosts {
			names = append(names, h.name)
			got[h.name] = h.vars
		}
		if strings.Join(names, " ") != "web1 web2 web3" {
			t.Errorf("%s: prod = %v", name, names)
		}
		for host, vars := range want {
			g := got[host]
			for k, v := range vars {
				if k == "ansible_become" && g[k] != "" && truthy(g[k]) {
					continue
				}
				if g[k] != v {
					t.Errorf("%s: %s %s = %q, want %q (all: %v)", name, host, k, g[k], v, g)
				}
			}
		}
		all, err := inv.resolve("all")
		if err != nil || len(all) != 4 {
			t.Errorf("%s: all = %v, %v", name, all, err)
		}
		tg := ansibleTarget(nil, hosts[0].name, hosts[0].vars)
		s := apply(tg.opts)
		if !s.sudo || s.user != "override" || s.port != 2200 || !reflect.DeepEqual(s.keys, []string{"~/.ssh/prod"}) {
			t.Errorf("%s: options from vars: %+v", name, s)
		}
	}
}

func TestHostKeysFromConsole(t *testing.T) {
	console := `[    5.123] cloud-init[1234]: Generating public/private ed25519 key pair.
ec2: #############################################################
ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----
ec2: 256 SHA256:Jx0sm4BTVY0hHCG9jqsZUY1RdTKLSI2qWq5RmQqgEJg root@ip-10-0-0-12 (ED25519)
ec2: -----END SSH HOST KEY FINGERPRINTS-----
ec2: #############################################################
-----BEGIN SSH HOST KEY KEYS-----
ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg= root@ip-10-0-0-12
ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl root@ip-10-0-0-12
-----END SSH HOST KEY KEYS-----
[   30.000] cloud-init[1234]: Cloud-init v. 22.4 finished`
	keys, err := HostKeysFromConsole(console)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys.Keys) != 2 || keys.Keys[1].Type != "ssh-ed25519" || keys.Keys[1].Comment != "root@ip-10-0-0-12" {
		t.Fatalf("keys = %+v", keys.Keys)
	}
	lines := keys.KnownHostsLines("web-7", "10.0.0.12:2222")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "web-7,[10.0.0.12]:2222 ssh-ed25519 AAAAC3Nza") {
		t.Errorf("lines = %q", lines)
	}
	if _, err := HostKeysFromConsole("no keys here"); err == nil {
		t.Errorf("text without a key block accepted")
	}
}

// TestRosterFields: each Salt roster field becomes the option that does
// the same, in file order, and globs select entries.
func TestRosterFields(t *testing.T) {
	p := filepath.Join(t.TempDir(), "roster")
	os.WriteFile(p, []byte(`
web2:
  host: 10.0.0.2
web1:
  host: 10.0.0.1
  port: 2222
  user: fred
  passwd: foobarbaz
  priv: /etc/salt/pki/master/ssh/salt-ssh.rsa
  sudo: True
  timeout: 10
db1:
  host: 10.0.1.1
`), 0o600)
	c := NewClient()
	g := c.Roster(p, "web*")
	if g.Err != nil {
		t.Fatal(g.Err)
	}
	if got := strings.Join(g.Names(), " "); got != "web2 web1" {
		t.Fatalf("hosts = %q, want file order web2 web1", got)
	}
	s := apply(g.Targets[1].opts)
	if s.hostName != "10.0.0.1" || s.port != 2222 || s.user != "fred" || !s.sudo ||
		s.password == nil || string(s.password.Reveal()) != "foobarbaz" ||
		!reflect.DeepEqual(s.keys, []string{"/etc/salt/pki/master/ssh/salt-ssh.rsa"}) || s.connTimeout.Seconds() != 10 {
		t.Errorf("web1 options = %+v", s)
	}
	if !strings.Contains(g.Display(), "sudo") || strings.Contains(g.Display(), "foobarbaz") {
		t.Errorf("display shows too little or the password:\n%s", g.Display())
	}
	if g := c.Roster(p, "nomatch*"); g.Err == nil {
		t.Errorf("no match is not an error")
	}
}
