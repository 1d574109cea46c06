package ssh_test

import (
	"fmt"
	"log"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/builtins/ssh"
)

// Connect with ~/.ssh/config and the agent, run a command, and act on its
// exit code.
func Example() {
	h, err := ssh.Dial("deploy@web-1")
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	r, err := h.Run("systemctl is-active app")
	if err != nil {
		log.Printf("app is not active (exit %d): %s", r.ExitCode, r.Stdout)
	}
	fmt.Println(r.Duration)
}

// Restart a service on every web server of an Ansible inventory, ten at a
// time, and retry where it failed.
func ExampleInventory() {
	fl := ssh.Inventory("hosts.ini", "webservers")
	res := fl.Run("systemctl restart app", ssh.Sudo(), ssh.Concurrency(10))
	fmt.Println(res.Display())
	if res.Failed().Len() > 0 {
		res = res.Failed().Run("systemctl restart app", ssh.Sudo())
	}
	if err := res.Check(); err != nil {
		log.Fatal(err)
	}
}

// Replace a configuration file atomically and check its mode.
func ExampleSFTP_WriteFile() {
	h, err := ssh.Dial("web-1")
	if err != nil {
		log.Fatal(err)
	}
	f, err := h.SFTP()
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := f.WriteFile("/etc/app/app.conf", "port = 8080\n", 0o644); err != nil {
		log.Fatal(err)
	}
	fi, err := f.Stat("/etc/app/app.conf")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(fi.Mode)
}

// Trust a new cloud machine from the host keys it printed on its console.
func ExampleHostKeysFromConsole() {
	console := "-----BEGIN SSH HOST KEY KEYS-----\n" +
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl root@ip-10-0-0-12\n" +
		"-----END SSH HOST KEY KEYS-----\n"
	keys, err := ssh.HostKeysFromConsole(console)
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range keys.KnownHostsLines("10.0.0.12") {
		fmt.Println(l)
	}
	// Output:
	// 10.0.0.12 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl
}

// Log in with a deploy key held in a secret (read from the environment,
// never written to disk or to the transcript), as paramiko's pkey= does;
// the key's passphrase comes from a secret too.
func ExampleKeyData() {
	key, err := secret.Env("DEPLOY_KEY")
	if err != nil {
		log.Fatal(err)
	}
	pass, err := secret.Env("DEPLOY_KEY_PASSPHRASE")
	if err != nil {
		log.Fatal(err)
	}
	h, err := ssh.Dial("deploy@web-1", ssh.KeyData(key), ssh.Passphrase(pass))
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	fmt.Println(h.User)
}

// Log in with an OpenSSH user certificate signed by the fleet's CA.
func ExampleCertificate() {
	h, err := ssh.Dial("web-1", ssh.Key("~/.ssh/id_ed25519"), ssh.Certificate("~/.ssh/id_ed25519-cert.pub"))
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	fmt.Println(h.ServerVersion())
}

// Pull a private repository on a host with your own keys (ssh -A).
func ExampleForwardAgent() {
	h, err := ssh.Dial("web-1", ssh.ForwardAgent())
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	if _, err := h.Run("git -C /srv/app pull"); err != nil {
		log.Fatal(err)
	}
}
