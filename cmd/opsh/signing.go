package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/sessions"
	"github.com/opsh/opsh/sessions/sshsig"
)

// signingKey is the key that signs recorded transcripts: the one
// OPSH_SIGNING_KEY, else the config file's signing-key, names (see
// sshsig.LoadSigner: "agent", a fingerprint, a public key whose private key
// ssh-agent holds, or a key file), nil when neither does: transcripts are
// then chained, not signed.
func signingKey(getenv func(string) string) (ssh.Signer, error) {
	key, err := setting("OPSH_SIGNING_KEY", "signing-key", getenv)
	if key == "" || err != nil {
		return nil, err
	}
	return sshsig.LoadSigner(key, getenv("SSH_AUTH_SOCK"))
}

// configPath is opsh's config file: $OPSH_HOME/config, else
// $XDG_CONFIG_HOME/opsh/config, else ~/.config/opsh/config.
func configPath(getenv func(string) string) string {
	if d := getenv("OPSH_HOME"); d != "" {
		return filepath.Join(d, "config")
	}
	if d := getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "opsh", "config")
	}
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, ".config", "opsh", "config")
}

// setting is the environment variable env if set, else the config file's
// key: lines "key = value", # comments. A missing file sets nothing.
func setting(env, key string, getenv func(string) string) (string, error) {
	if v := getenv(env); v != "" {
		return v, nil
	}
	path := configPath(getenv)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read config: %w", err)
	}
	for n, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			return "", fmt.Errorf("%s:%d: want key = value", path, n+1)
		}
		if strings.TrimSpace(k) == key {
			return strings.TrimSpace(v), nil
		}
	}
	return "", nil
}

// allowedSigners reads the allowed signers file: path if given, else
// $OPSH_ALLOWED_SIGNERS, else the config file's allowed-signers, else
// allowed_signers in the state folder if it exists; nil and "" when there
// is none.
func allowedSigners(path string, getenv func(string) string) (*sshsig.AllowedSigners, string, error) {
	explicit := path != ""
	if !explicit {
		p, err := setting("OPSH_ALLOWED_SIGNERS", "allowed-signers", getenv)
		if err != nil {
			return nil, "", err
		}
		path, explicit = p, p != ""
	}
	if !explicit {
		path = filepath.Join(stateDir(getenv), "allowed_signers")
	}
	data, err := os.ReadFile(path)
	if !explicit && errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("allowed signers: %w", err)
	}
	a, err := sshsig.ParseAllowedSigners(data)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	return a, path, nil
}

const verifyUsage = `Usage: opsh sessions verify FILE|ID [--allowed-signers F] [--identity ID]

Checks a transcript's hash chain and SSH signature: prints who signed and
when, and the first cell that fails. With --allowed-signers or --identity a
signature is required. The allowed signers file (ssh-keygen(1), ALLOWED
SIGNERS) defaults to $OPSH_ALLOWED_SIGNERS, else allowed-signers in opsh's
config file, else allowed_signers in opsh's state folder.
Exit status: 0 valid, 1 invalid or unsigned where a signature is required,
2 unreadable.
`

// verifyOptions is `opsh sessions verify`.
type verifyOptions struct {
	file     string
	allowed  string
	identity string
}

func verifyCmd(dir string, args []string, std stdio, getenv func(string) string) int {
	var o verifyOptions
	fs := flag.NewFlagSet("opsh sessions verify", flag.ContinueOnError)
	fs.SetOutput(std.err)
	fs.StringVar(&o.allowed, "allowed-signers", "", "allowed signers `FILE` (ssh-keygen's format)")
	fs.StringVar(&o.identity, "identity", "", "the principal that must have signed, e.g. `alice@example.com`")
	fs.Usage = func() { fmt.Fprint(std.err, verifyUsage); fs.PrintDefaults() }
	if err := parseInterspersed(fs, args); err != nil || fs.NArg() != 1 {
		if err == nil {
			fs.Usage()
		}
		return exitUsage
	}
	o.file = fs.Arg(0)
	return verifyRun(dir, o, std, getenv)
}

func verifyRun(dir string, o verifyOptions, std stdio, getenv func(string) string) int {
	path, data, err := readTranscript(dir, o.file)
	if err != nil {
		fmt.Fprintln(std.err, "opsh sessions verify:", err)
		return exitUsage
	}
	allowed, _, err := allowedSigners(o.allowed, getenv)
	if err != nil {
		fmt.Fprintln(std.err, "opsh sessions verify:", err)
		return exitUsage
	}
	opts := sessions.VerifyOptions{Allowed: allowed, Identity: o.identity, Required: o.allowed != "" || o.identity != "", Now: time.Now()}
	v, err := sessions.Verify(path, data, opts)
	if err != nil {
		fmt.Fprintln(std.err, "opsh sessions verify:", err)
		return exitUsage
	}
	fmt.Fprint(std.out, v.Report())
	if !v.Valid() {
		return exitFailed
	}
	return exitOK
}

// readTranscript reads arg: a file, else a session of dir (see
// sessions.Find).
func readTranscript(dir, arg string) (string, []byte, error) {
	path := arg
	if _, err := os.Stat(arg); err != nil {
		p, ferr := sessions.Find(dir, arg)
		if ferr != nil {
			return "", nil, fmt.Errorf("%s: no such file, nor session (%v)", arg, ferr)
		}
		path = p
	}
	data, err := os.ReadFile(path)
	return path, data, err
}

// checkSigned tells, before a replay, whose signature the file carries;
// with require, it refuses (exitFailed) a file that is not signed by a key
// the allowed signers vouch for, or whose chain or signature fails.
func checkSigned(file string, data []byte, require bool, allowedPath string, std stdio, getenv func(string) string) int {
	allowed, _, err := allowedSigners(allowedPath, getenv)
	if err != nil {
		fmt.Fprintln(std.err, "opsh run:", err)
		return exitUsage
	}
	if require && allowed == nil {
		fmt.Fprintln(std.err, "opsh run: --require-signed needs an allowed signers file: --allowed-signers FILE, $OPSH_ALLOWED_SIGNERS, or allowed_signers in", stateDir(getenv))
		return exitUsage
	}
	v, err := sessions.Verify(file, data, sessions.VerifyOptions{Allowed: allowed, Required: require, Now: time.Now()})
	if err != nil {
		if require {
			fmt.Fprintf(std.err, "opsh run: refused by --require-signed: %v\n", err)
			return exitFailed
		}
		return exitOK // a script or a notebook: nothing signs those
	}
	s := v.Signature
	switch {
	case require && !v.Valid():
		fmt.Fprint(std.err, v.Report())
		fmt.Fprintf(std.err, "opsh run: refused by --require-signed: %s is not validly signed by an allowed signer\n", file)
		return exitFailed
	case s.Signed && s.Err == nil:
		fmt.Fprintf(std.err, "opsh run: %s is signed by %s\n", file, s.Describe())
	case s.Signed:
		fmt.Fprintf(std.err, "opsh run: warning: %s carries a signature that does not verify: %v\n", file, s.Err)
	}
	return exitOK
}

// signCmd is `opsh sessions sign FILE|ID`.
func signCmd(dir, arg string, std stdio, getenv func(string) string) int {
	path, _, err := readTranscript(dir, arg)
	if err != nil {
		fmt.Fprintln(std.err, "opsh sessions sign:", err)
		return exitUsage
	}
	signer, err := signingKey(getenv)
	if err == nil && signer == nil {
		err = errors.New("no signing key: set OPSH_SIGNING_KEY (or signing-key in the config file)")
	}
	if err != nil {
		fmt.Fprintln(std.err, "opsh sessions sign:", err)
		return exitUsage
	}
	if err := sessions.SignFile(path, signer); err != nil {
		fmt.Fprintln(std.err, "opsh sessions sign:", err)
		return exitFailed
	}
	fmt.Fprintf(std.err, "signed %s with %s key %s\n", path, signer.PublicKey().Type(), ssh.FingerprintSHA256(signer.PublicKey()))
	return exitOK
}
