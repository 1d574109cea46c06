package ssh

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/skeema/knownhosts"
	xssh "golang.org/x/crypto/ssh"
	xknownhosts "golang.org/x/crypto/ssh/knownhosts"

	"github.com/opsh/opsh/builtins/internal/table"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/readonly"
)

// ErrUnknownHost is returned (wrapped) when known_hosts has no key for the
// host and TrustOnFirstUse was not given.
var ErrUnknownHost = errors.New("host key is not known")

// ErrHostKeyMismatch is returned (wrapped) when the host presents a key
// other than the one recorded in known_hosts. It is never accepted, even
// with TrustOnFirstUse.
var ErrHostKeyMismatch = errors.New("host key has changed")

// HostKeyError says which host key was refused and why. errors.Is matches
// it against ErrUnknownHost or ErrHostKeyMismatch.
type HostKeyError struct {
	Host string // as in known_hosts: host or [host]:port
	// Offered is the fingerprint the server presented (SHA256:…), Known
	// the fingerprints known_hosts has for the host, each with its
	// file:line.
	Offered string
	Known   []string
	Err     error // ErrUnknownHost or ErrHostKeyMismatch
}

// Error says which key was refused, why, and what to do about it.
func (e *HostKeyError) Error() string {
	if e.Err == ErrHostKeyMismatch {
		return fmt.Sprintf("host key for %s has CHANGED: the server offers %s but known_hosts has %s; "+
			"if the host was rebuilt, remove the old key (ssh-keygen -R '%s') after checking the new one, "+
			"otherwise someone may be intercepting the connection",
			e.Host, e.Offered, strings.Join(e.Known, ", "), e.Host)
	}
	if len(e.Known) > 0 {
		return fmt.Sprintf("host key for %s is not known: the server offers %s and known_hosts has only %s "+
			"(check HostKeyAlgorithms, or add the key after checking it)",
			e.Host, e.Offered, strings.Join(e.Known, ", "))
	}
	return fmt.Sprintf("host key for %s is not known (the server offers %s); "+
		"check the fingerprint, then trust it with ssh.TrustOnFirstUse() or "+
		"add the keys from the machine's console with ssh.HostKeysFromConsole(text)",
		e.Host, e.Offered)
}

// Unwrap returns ErrUnknownHost or ErrHostKeyMismatch.
func (e *HostKeyError) Unwrap() error { return e.Err }

func fingerprint(k xssh.PublicKey) string {
	return keyTypeName(k.Type()) + " " + xssh.FingerprintSHA256(k)
}

func keyTypeName(t string) string {
	switch {
	case strings.Contains(t, "ed25519"):
		return "ED25519"
	case strings.Contains(t, "ecdsa"):
		return "ECDSA"
	case strings.Contains(t, "rsa"):
		return "RSA"
	}
	return strings.ToUpper(t)
}

// hostKeys builds the host-key callback and algorithm order for e.
func (c *Client) hostKeys(e *endpoint) (xssh.HostKeyCallback, []string, error) {
	var files []string
	for _, f := range e.knownHosts {
		if _, err := os.Stat(f); err == nil {
			files = append(files, f)
		}
	}
	var db *knownhosts.HostKeyDB
	if len(files) > 0 {
		var err error
		if db, err = knownhosts.NewDB(files...); err != nil {
			return nil, nil, fmt.Errorf("read known_hosts: %w", err)
		}
	}
	var known []string
	if db != nil {
		known = db.HostKeyAlgorithms(e.addr())
	}
	algos := e.algos.hostKeyOrder(known)
	verify := func(hostname string, remote net.Addr, key xssh.PublicKey) error {
		err := &xknownhosts.KeyError{}
		var cbErr error = err
		if db != nil {
			cbErr = db.HostKeyCallback()(hostname, remote, key)
		}
		if cbErr == nil {
			return nil
		}
		host := knownhosts.Normalize(hostname)
		var ke *xknownhosts.KeyError
		if !errors.As(cbErr, &ke) {
			return cbErr
		}
		if len(ke.Want) > 0 {
			return wrongKey(host, key, ke.Want)
		}
		if !e.tofu {
			return &HostKeyError{Host: host, Offered: fingerprint(key), Err: ErrUnknownHost}
		}
		return c.recordHostKey(e, hostname, key)
	}
	cb := func(hostname string, remote net.Addr, key xssh.PublicKey) error {
		if err := verify(hostname, remote, key); err != nil {
			return err
		}
		return reached(e, key)
	}
	return cb, algos, nil
}

// wrongKey is the error for a host whose offered key is not among the
// known ones. A key of a type known_hosts has a key of is a mismatch; a
// key of another type (HostKeyAlgorithms asked for it) is unknown, as in
// OpenSSH, and never trusted on first use since the host has known keys.
func wrongKey(host string, key xssh.PublicKey, want []xknownhosts.KnownKey) error {
	hk := &HostKeyError{Host: host, Offered: fingerprint(key), Err: ErrUnknownHost}
	for _, w := range want {
		hk.Known = append(hk.Known, fmt.Sprintf("%s (%s:%d)", fingerprint(w.Key), w.Filename, w.Line))
		if keyTypeName(w.Key.Type()) == keyTypeName(key.Type()) {
			hk.Err = ErrHostKeyMismatch
		}
	}
	return hk
}

// recordHostKey appends a known_hosts line for a host seen for the first
// time to the first known_hosts file and says so on the cell's stderr.
func (c *Client) recordHostKey(e *endpoint, hostname string, key xssh.PublicKey) error {
	if len(e.knownHosts) == 0 {
		return fmt.Errorf("trust on first use: no known_hosts file to record the key in")
	}
	file := e.knownHosts[0]
	name := knownhosts.Normalize(hostname)
	if e.hashKnown {
		name = xknownhosts.HashHostname(name)
	}
	line := knownhosts.Line([]string{name}, key)
	if e.hashKnown {
		line = name + line[strings.IndexByte(line, ' '):]
	}
	if err := appendLines(&c.knownMu, file, []string{line}); err != nil {
		return fmt.Errorf("trust on first use: %w", err)
	}
	fmt.Fprintf(cell.Stderr(), "ssh: added %s key %s for %s to %s\n",
		keyTypeName(key.Type()), xssh.FingerprintSHA256(key), knownhosts.Normalize(hostname), file)
	return nil
}

// appendLines appends lines to a known_hosts file, making it (0600) and its
// directory (0700) if needed.
func appendLines(mu *sync.Mutex, file string, lines []string) error {
	mu.Lock()
	defer mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(strings.Join(lines, "\n") + "\n"); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// HostKeys are host public keys read from a machine's console output (see
// HostKeysFromConsole), ready to be written to known_hosts.
type HostKeys struct {
	Keys []HostKey
}

// HostKey is one host public key.
type HostKey struct {
	Type        string // ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa
	Fingerprint string // SHA256:…
	Comment     string // root@ip-10-0-0-12
	key         xssh.PublicKey
}

// HostKeysFromConsole parses the host keys a cloud machine prints on its
// console at first boot (cloud-init's "-----BEGIN SSH HOST KEY KEYS-----"
// block, as EC2's get-console-output returns it), so a new machine can be
// trusted from a channel an attacker does not control instead of on first
// use. Lines around the block (timestamps, "ec2:" prefixes) are ignored.
//
//	keys, err := ssh.HostKeysFromConsole(consoleText)
//	keys.Trust("10.0.0.12")                 // append to ~/.ssh/known_hosts
//	keys.KnownHostsLines("web-7", "10.0.0.12")
func HostKeysFromConsole(text string) (*HostKeys, error) {
	const begin, end = "-----BEGIN SSH HOST KEY KEYS-----", "-----END SSH HOST KEY KEYS-----"
	var hk HostKeys
	in := false
	found := false
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.Contains(line, begin):
			in, found = true, true
			continue
		case strings.Contains(line, end):
			in = false
			continue
		case !in:
			continue
		}
		// A console line may carry a prefix ("ec2: ", a timestamp): start
		// at the key type.
		fields := strings.Fields(line)
		for i, f := range fields {
			if !isKeyType(f) || i+1 >= len(fields) {
				continue
			}
			k, comment, _, _, err := xssh.ParseAuthorizedKey([]byte(strings.Join(fields[i:], " ")))
			if err != nil {
				return nil, fmt.Errorf("host keys from console: %q: %w", line, err)
			}
			hk.Keys = append(hk.Keys, HostKey{Type: k.Type(), Fingerprint: xssh.FingerprintSHA256(k), Comment: comment, key: k})
			break
		}
	}
	if !found {
		return nil, fmt.Errorf("host keys from console: no %q block in the text", begin)
	}
	if len(hk.Keys) == 0 {
		return nil, errors.New("host keys from console: the host key block is empty")
	}
	return &hk, nil
}

func isKeyType(s string) bool {
	return strings.HasPrefix(s, "ssh-") || strings.HasPrefix(s, "ecdsa-sha2-") || strings.HasPrefix(s, "sk-")
}

// KnownHostsLines returns one known_hosts line per key for the given host
// names or addresses (host, or host:port for a port other than 22).
func (h *HostKeys) KnownHostsLines(hosts ...string) []string {
	var names []string
	for _, n := range hosts {
		names = append(names, knownhosts.Normalize(n))
	}
	var lines []string
	for _, k := range h.Keys {
		lines = append(lines, knownhosts.Line(names, k.key))
	}
	return lines
}

// Trust appends the keys for hosts to the first known_hosts file of the
// default Client (~/.ssh/known_hosts).
func (h *HostKeys) Trust(hosts ...string) error { return Default().Trust(h, hosts...) }

// Trust appends keys for hosts to the client's first known_hosts file.
func (c *Client) Trust(keys *HostKeys, hosts ...string) error {
	if err := readonly.Check("writes", "ssh.Trust", readonly.Strings(hosts)...); err != nil {
		return err
	}
	if len(hosts) == 0 {
		return errors.New("ssh trust: name the host(s) the keys belong to")
	}
	if len(c.KnownHostsFiles) == 0 {
		return errors.New("ssh trust: the client has no known_hosts file")
	}
	file := c.expand(c.KnownHostsFiles[0])
	if err := appendLines(&c.knownMu, file, keys.KnownHostsLines(hosts...)); err != nil {
		return fmt.Errorf("ssh trust: %w", err)
	}
	return nil
}

// Display lists the keys with their fingerprints.
func (h *HostKeys) Display() string {
	t := table.New("TYPE", "FINGERPRINT", "COMMENT")
	for _, k := range h.Keys {
		t.Add(k.Type, k.Fingerprint, k.Comment)
	}
	return t.String()
}

// Fingerprint is how OpenSSH shows a key: its type and SHA-256
// fingerprint ("ED25519 SHA256:…").
func Fingerprint(k xssh.PublicKey) string { return fingerprint(k) }
