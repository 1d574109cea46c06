// Package ssh is opsh's SSH builtin: connect the way OpenSSH's ssh does, run
// commands, move files over SFTP, and run one command across a fleet. The
// model is paramiko, with what Salt SSH and Ansible do for many hosts; the
// defaults are OpenSSH's, which are safer than paramiko's.
//
// # Connecting
//
//	h, err := ssh.Dial("deploy@web-1")
//	h, err := ssh.Dial("web-1:2222", ssh.User("deploy"), ssh.Key("~/.ssh/id_ed25519"))
//
// Dial reads ~/.ssh/config, then /etc/ssh/ssh_config, and resolves a
// host's settings as OpenSSH's ssh does (what `ssh -G HOST` prints): Host
// and every Match criterion (all, canonical, final, exec, host — tested
// against the HostName —, originalhost, user, localuser), Include,
// CanonicalizeHostname with CanonicalDomains, the first value of a keyword
// wins. It uses HostName, User, Port, IdentityFile, CertificateFile,
// IdentitiesOnly, IdentityAgent, ForwardAgent, ProxyJump, ProxyCommand (ssh
// -W, aws ssm start-session), UserKnownHostsFile, GlobalKnownHostsFile,
// StrictHostKeyChecking, HashKnownHosts, ConnectTimeout, ServerAlive*, and
// the algorithm lists HostKeyAlgorithms, KexAlgorithms, Ciphers, MACs and
// PubkeyAcceptedAlgorithms (with their +, - and ^ forms). Options given to
// the call win over the target string, which wins over the config; an edit
// of the config applies to the next Dial.
//
// Authentication offers user certificates first (Certificate,
// CertificateFile, KEY-cert.pub next to a key), then ssh-agent's keys
// ($SSH_AUTH_SOCK), then keys: those named with Key, KeyData (a key held
// in memory or in a secret) or IdentityFile, else ~/.ssh/id_ed25519,
// id_ecdsa and id_rsa. An encrypted key's passphrase comes from Passphrase
// or is asked once per session, without echo (secret.Prompt), and only when
// the server accepts the key. Password(v) adds password authentication,
// kept secret. ForwardAgent() lets the host use your agent (ssh -A).
//
// # Host keys
//
// Host keys are checked against ~/.ssh/known_hosts and
// /etc/ssh/ssh_known_hosts (hashed entries, @cert-authority and wildcards
// included), and the host-key algorithms are negotiated from what
// known_hosts holds, so a host known by its ed25519 key is not refused for
// offering RSA first. An unknown host is refused with ErrUnknownHost and a
// hint; TrustOnFirstUse() records it instead. A key that differs from the
// recorded one is always refused with ErrHostKeyMismatch, naming both
// fingerprints, TrustOnFirstUse or not. HostKeysFromConsole reads the keys a
// cloud machine prints at first boot, so it can be trusted without TOFU:
//
//	keys, _ := ssh.HostKeysFromConsole(consoleOutput)
//	keys.Trust("10.0.0.12")
//
// # Running commands
//
//	r, err := h.Run("uptime")               // r.Stdout, r.Stderr, r.ExitCode, r.Duration
//	r, err := h.RunArgs("ls", "-l", dir)     // each argument quoted: no injection
//	r, err := h.Run("systemctl restart app", ssh.Sudo())
//	h.Stream("journalctl -f -n 20")          // output as it arrives, until Ctrl-C
//
// A non-zero exit is an *ExitError carrying the Result (returned as well).
// Sudo runs `sudo -n`: when sudo wants a password the command fails at once,
// saying so, instead of hanging. Ctrl-C (the cell's context) sends the
// remote command SIGINT, closes its session if it is still running a second
// later, and returns to the prompt.
//
// Connections are reused: a Dial to the same user@host:port with the same
// checks (known_hosts files, strictness, identity, route, algorithms)
// returns the live connection — a Dial that asks for other checks always
// gets a connection of its own —, commands run concurrently over it (up to MaxSessions at a
// time, sshd's limit), keep-alives detect a dead connection, and the next
// command redials. A command is never re-run.
//
// # Files
//
//	f, err := h.SFTP()
//	f.Put("local.conf", "/etc/app/app.conf")
//	f.Get("/var/log/app.log", "app.log")
//	data, err := f.ReadFile(path)
//	f.WriteFile(path, data, 0o644)           // temp file + rename on the server
//	f.Chmod(path, 0o644); f.Chown(path, uid, gid)
//	fi, err := f.Stat(path); fi, err = f.Lstat(path); ls, err := f.List(dir)
//
// # Fleets
//
//	fl := ssh.Fleet("web-*")                        // Host aliases in ~/.ssh/config
//	fl := ssh.Inventory("hosts.ini", "webservers")  // Ansible inventory, INI or YAML
//	fl := ssh.Roster("roster")                      // Salt SSH roster
//	res := fl.Run("uptime", ssh.Concurrency(10))
//	res.Failed().Run("systemctl restart app", ssh.Sudo())
//
// A fleet's Run returns one row per host (host, exit code, duration, first
// line of output or the error), shown as a table; a host that is down is a
// failed row, not an error. Failed and OK are the subsets, runnable again.
//
// # Configuration for programs and tests
//
// The package-level functions use Default(), configured from the
// environment by FromEnv. A program or a test builds its own Client with
// NewClient (which reads nothing) and sets ConfigFiles, KnownHostsFiles,
// AgentSocket, IdentityFiles, Home and Prompt; SetDefault makes it the one
// the package-level functions use. Every call takes the running cell's
// context; WithContext, DialContext and RunContext take one explicitly.
package ssh
