package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/opsh/opsh/builtins/all"
	"github.com/opsh/opsh/engine"
	"github.com/opsh/opsh/sessions"
	"github.com/opsh/opsh/sessions/export"
)

const sessionsUsage = `Usage:
  opsh sessions                                  list recorded sessions, newest first
  opsh sessions show ID                          print a session's transcript
  opsh sessions export ID --to md|ipynb|go [-o FILE]
                                                 a clean Markdown document, a Jupyter notebook,
                                                 or a Go program that does what the session did
  opsh sessions export ID --signature [-o FILE]  the signed transcript (FILE, default ID.md) and its
                                                 detached signature FILE.sig, for ssh-keygen -Y verify
  opsh sessions verify FILE|ID [--allowed-signers F] [--identity ID]
                                                 check the hash chain and the signature
  opsh sessions sign FILE|ID                     sign a transcript whose session ended before
                                                 it could sign (killed): as it is, with the key
                                                 OPSH_SIGNING_KEY names
An ID may be shortened to any unique prefix or suffix.

Transcripts are hash-chained cell by cell. They are signed at the session's
end when OPSH_SIGNING_KEY (or signing-key in the config file) names a key:
"agent" (ssh-agent's first key), a "SHA256:..." fingerprint or a .pub file
whose key ssh-agent holds, or an unencrypted private key file. The allowed
signers file (ssh-keygen's format) is $OPSH_ALLOWED_SIGNERS, else
allowed-signers in the config file, else allowed_signers in the state folder.
The config file is $OPSH_HOME/config, else $XDG_CONFIG_HOME/opsh/config (by
default ~/.config/opsh/config): lines "key = value".
`

// askHelp reports whether a subcommand's arguments ask for its usage
// (-h, --help, help), wherever they stand: every subcommand answers it
// with its usage and exit 0.
func askHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help", "help":
			return true
		case "--":
			return false
		}
	}
	return false
}

// sessionsCmd is `opsh sessions`.
func sessionsCmd(args []string, std stdio, getenv func(string) string) int {
	dir := filepath.Join(stateDir(getenv), "sessions")
	if askHelp(args) {
		fmt.Fprint(std.out, sessionsUsage)
		return exitOK
	}
	if len(args) == 0 || args[0] == "list" {
		list, err := sessions.List(dir)
		if err != nil {
			fmt.Fprintln(std.err, "opsh sessions:", err)
			return exitFailed
		}
		if len(list) == 0 {
			fmt.Fprintf(std.err, "no sessions recorded in %s yet\n", dir)
			return exitOK
		}
		fmt.Fprintln(std.out, list.Display())
		return exitOK
	}
	switch args[0] {
	case "show":
		if len(args) != 2 {
			fmt.Fprint(std.err, sessionsUsage)
			return exitUsage
		}
		if err := sessions.Show(std.out, dir, args[1]); err != nil {
			fmt.Fprintln(std.err, "opsh sessions:", err)
			return notFoundCode(err)
		}
		return exitOK
	case "export":
		return exportCmd(dir, args[1:], std)
	case "verify":
		return verifyCmd(dir, args[1:], std, getenv)
	case "sign":
		if len(args) != 2 {
			fmt.Fprint(std.err, sessionsUsage)
			return exitUsage
		}
		return signCmd(dir, args[1], std, getenv)
	}
	fmt.Fprintf(std.err, "opsh sessions: unknown command %q\n%s", args[0], sessionsUsage)
	return exitUsage
}

func exportCmd(dir string, args []string, std stdio) int {
	fs := flag.NewFlagSet("opsh sessions export", flag.ContinueOnError)
	fs.SetOutput(std.err)
	to := fs.String("to", "md", "format: `md`, ipynb or go")
	out := fs.String("o", "", "write to `FILE` instead of standard output")
	sig := fs.Bool("signature", false, "write the signed transcript and its detached signature FILE.sig")
	fs.Usage = func() { fmt.Fprint(std.err, sessionsUsage) }
	if err := parseInterspersed(fs, args); err != nil || fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	if *sig {
		toSet := false
		fs.Visit(func(f *flag.Flag) { toSet = toSet || f.Name == "to" })
		if toSet {
			fmt.Fprintln(std.err, "opsh sessions export: --signature exports the transcript as it was signed: it does not go with --to")
			return exitUsage
		}
		return exportSignedCmd(dir, fs.Arg(0), *out, std)
	}
	path, data, code := readSession(dir, fs.Arg(0), std)
	if code != exitOK {
		return code
	}
	t, err := sessions.Parse(path, data)
	if err != nil {
		fmt.Fprintln(std.err, "opsh sessions export:", err)
		return exitUsage
	}
	doc, err := export.To(*to, t, engine.PackageIndex(all.Symbols))
	if err != nil {
		fmt.Fprintln(std.err, "opsh sessions export:", err)
		return exitUsage
	}
	if *out == "" {
		_, err = std.out.Write(doc)
	} else {
		err = os.WriteFile(*out, doc, 0o600)
	}
	if err != nil {
		fmt.Fprintln(std.err, "opsh sessions export:", err)
		return exitFailed
	}
	return exitOK
}

// exportSignedCmd writes the signed transcript id to out (default ID.md)
// and its detached signature to out.sig, both private.
func exportSignedCmd(dir, id, out string, std stdio) int {
	path, data, code := readSession(dir, id, std)
	if code != exitOK {
		return code
	}
	msg, sig, err := sessions.DetachSignature(path, data)
	if err != nil {
		fmt.Fprintln(std.err, "opsh sessions export:", err)
		return exitFailed
	}
	if out == "" {
		out = filepath.Base(path)
	}
	for _, f := range []struct {
		path string
		data []byte
	}{{out, msg}, {out + ".sig", sig}} {
		if err := os.WriteFile(f.path, f.data, 0o600); err != nil {
			fmt.Fprintln(std.err, "opsh sessions export:", err)
			return exitFailed
		}
	}
	fmt.Fprintf(std.err, "wrote %s and %s; check them with\n  ssh-keygen -Y verify -n %s -f allowed_signers -I IDENTITY -s %s.sig < %s\n", out, out+".sig", sessions.SignatureNamespace, out, out)
	return exitOK
}

// readSession finds session id of dir (sessions.Find; not a file, unlike
// readTranscript) and reads its transcript for sessions export; a failure
// is said on std.err and its exit code returned.
func readSession(dir, id string, std stdio) (path string, data []byte, code int) {
	path, err := sessions.Find(dir, id)
	if err != nil {
		fmt.Fprintln(std.err, "opsh sessions export:", err)
		return "", nil, notFoundCode(err)
	}
	data, err = os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(std.err, "opsh sessions export:", err)
		return "", nil, exitUsage
	}
	return path, data, exitOK
}

func notFoundCode(err error) int {
	if errors.Is(err, sessions.ErrNotFound) {
		return exitUsage
	}
	return exitFailed
}
