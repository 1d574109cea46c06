package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/opsh/opsh/sessions"
)

// runOptions are what `opsh run` was asked: its own flags, the file it
// replays, that file's parameters and the script's arguments.
type runOptions struct {
	file string
	data []byte               // the file as read
	t    *sessions.Transcript // the file as parsed

	given  map[string]string // parameters as given (-p name=value, --name value), by name
	values map[string]string // the same, checked and canonical (sessions.ParamValues): what param() returns
	// scriptArgs are the arguments after --: os.Args[1:] of the script, and
	// what args() returns in it.
	scriptArgs []string

	check, update, keepGoing, record bool
	requireSigned                    bool   // --require-signed
	allowed                          string // --allowed-signers
	// Quiet is -q/--quiet: only what the script prints itself, and errors,
	// reach the output; the values of cells are not echoed.
	Quiet    bool
	lock     string        // --lock NAME, else the file's lock line; "" for none
	help     bool          // --help: with a file, the script's own help
	readOnly readOnlyFlags // --read-only, --allow-command
	// allowTargets are the targets (KIND:ID) a replay may reach although
	// the file was recorded against others (--allow-target).
	allowTargets targetList
}

// runFlags are the flags of opsh run itself, bound to o.
func runFlags(o *runOptions, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("opsh run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Var(params(o.given), "p", "set parameter `name=value` (repeatable); also gives a redacted value")
	fs.BoolVar(&o.check, "check", false, "compare each cell's output with the recorded one; exit 1 on a difference")
	fs.BoolVar(&o.update, "update", false, "rewrite the recorded outputs with the replay's, in place")
	fs.BoolVar(&o.keepGoing, "keep-going", false, "run every cell and report every failure")
	fs.BoolVar(&o.record, "record", false, "record this replay as a session of its own")
	// Signatures (signing.go).
	fs.BoolVar(&o.requireSigned, "require-signed", false, "refuse a transcript not validly signed by an allowed signer (for cron and CI)")
	fs.StringVar(&o.allowed, "allowed-signers", "", "allowed signers `FILE` (default $OPSH_ALLOWED_SIGNERS, else allowed_signers in the state folder)")
	// Scripts as command-line tools.
	fs.BoolVar(&o.Quiet, "quiet", false, "print only what the script prints itself, and errors: no echoed values (for cron mail and logs)")
	fs.BoolVar(&o.Quiet, "q", false, "short for --quiet")
	fs.StringVar(&o.lock, "lock", "", "hold the lock `NAME` while running; exit 75 at once if another run holds it (as flock -n)")
	o.readOnly.bind(fs)
	fs.Var(&o.allowTargets, "allow-target", "let the replay reach `KIND:ID` (aws:222233334444, ssh:SHA256:…) although the file was recorded against another (repeatable, or comma-separated)")
	fs.Usage = func() { fmt.Fprint(stderr, runUsage); fs.PrintDefaults() }
	return fs
}

// parseRun reads opsh run's command line:
//
//	opsh run [FLAGS] FILE [FLAGS] [--NAME VALUE | --NAME=VALUE | --BOOL]... [-- ARGS...]
//
// Flags of opsh run may come before or after FILE; the file's parameters
// (--NAME, one dash or two) come after it, since their types decide
// whether --NAME takes the next argument (a bool does not). A parameter
// named as a flag of opsh run is given with -p. It returns nil and the exit
// code when there is nothing to run (bad usage: 2, --help without a file: 0).
func parseRun(args []string, std stdio) (*runOptions, int) {
	o := &runOptions{given: map[string]string{}}
	fs := runFlags(o, std.err)
	usage := func(format string, a ...any) (*runOptions, int) {
		fmt.Fprintf(std.err, "opsh run: "+format+"\n", a...)
		return nil, exitUsage
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			o.scriptArgs = args[i+1:]
			break
		}
		if a == "-" || !strings.HasPrefix(a, "-") {
			if o.file != "" {
				return usage("unexpected argument %q: the script's arguments go after -- (opsh run %s -- ARGS...)", a, o.file)
			}
			if code := o.load(a, std); code != exitOK {
				return nil, code
			}
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
		next := func() (string, bool) {
			if hasValue {
				return value, true
			}
			if i+1 < len(args) {
				i++
				return args[i], true
			}
			return "", false
		}
		if name == "h" || name == "help" {
			o.help = true
			continue
		}
		if f := fs.Lookup(name); f != nil {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() && !hasValue {
				value, hasValue = "true", true
			}
			v, ok := next()
			if !ok {
				return usage("flag %s needs a value (opsh run --help)", a)
			}
			if err := fs.Set(name, v); err != nil {
				return usage("invalid value %q for flag -%s: %v", v, name, err)
			}
			continue
		}
		if o.file == "" {
			return usage("unknown flag %s; a script's parameters follow its file: opsh run FILE %s VALUE (opsh run --help)", a, a)
		}
		p, ok := o.param(name)
		if !ok {
			_, err := sessions.ParamValues(o.t, map[string]string{name: ""})
			return usage("%v (%s --help lists the parameters)", err, o.invocation())
		}
		if p.Type == sessions.TypeBool && !hasValue {
			value, hasValue = "true", true
		}
		v, ok := next()
		if !ok {
			return usage("parameter %s needs a value: %s VALUE", a, a)
		}
		o.given[name] = v
	}
	switch {
	case o.file == "" && o.help:
		fs.Usage()
		return nil, exitOK
	case o.file == "":
		fs.Usage()
		return nil, exitUsage
	case o.help:
		return o, exitOK
	}
	values, err := sessions.ParamValues(o.t, o.given)
	if err != nil {
		return usage("%v (%s --help lists the parameters)", err, o.invocation())
	}
	o.values = values
	return o, exitOK
}

// load reads and parses the file to run.
func (o *runOptions) load(file string, std stdio) int {
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(std.err, "opsh run:", err)
		return exitUsage
	}
	t, err := sessions.Parse(file, data)
	if err != nil {
		fmt.Fprintln(std.err, "opsh run:", err)
		return exitUsage
	}
	o.file, o.data, o.t = file, data, t
	return exitOK
}

// param is the file's parameter called name: its first declaration, or a
// secret it needs (a string).
func (o *runOptions) param(name string) (sessions.Param, bool) {
	for _, p := range sessions.ParamsByName(o.t) {
		if p.Name == name {
			return p, true
		}
	}
	for _, n := range sessions.RedactedNames(o.t) {
		if n == name {
			return sessions.Param{Name: n, Type: sessions.TypeString}, true
		}
	}
	return sessions.Param{}, false
}

// invocation is how the user ran the file: FILE itself for an executable
// one (its first line is #!), else opsh run FILE.
func (o *runOptions) invocation() string {
	if strings.HasPrefix(string(o.data), "#!") && strings.ContainsRune(o.file, '/') {
		return o.file
	}
	return "opsh run " + o.file
}
