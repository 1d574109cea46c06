package ssh

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/sshpattern"
)

// This file resolves a host's settings from ssh_config files the way
// OpenSSH's ssh does (ssh_config(5)): Host and Match blocks (all, canonical,
// final, exec, host against the HostName, originalhost, user, localuser),
// Include with globs, the first value of a keyword wins, HostName's %h,
// CanonicalizeHostname with CanonicalDomains, and a final pass over the
// files after canonicalisation or a "Match final". `ssh -G HOST` prints what
// OpenSSH resolves; the tests compare the two.

// cfgLine is one keyword line of an ssh_config file.
type cfgLine struct {
	kw   string   // lower case
	args []string // the arguments, quotes removed
	rest string   // the raw text after the keyword (ProxyCommand)
	file string
	num  int
}

// cfgFile is a parsed ssh_config file.
type cfgFile struct {
	path  string
	lines []cfgLine
	mod   time.Time // when the file was changed, as read
	size  int64
}

// multiKeywords accumulate every value instead of keeping the first.
var multiKeywords = map[string]bool{
	"identityfile": true, "certificatefile": true, "localforward": true,
	"remoteforward": true, "dynamicforward": true, "sendenv": true, "setenv": true,
}

// parseConfig splits an ssh_config file into keyword lines.
func parseConfig(path string, data []byte) (*cfgFile, error) {
	f := &cfgFile{path: path}
	for i, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimRight(raw, " \t\r\f")
		kw, rest, ok := splitKeyword(line)
		if !ok {
			continue
		}
		args, err := splitArgs(rest)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, i+1, err)
		}
		f.lines = append(f.lines, cfgLine{kw: strings.ToLower(kw), args: args, rest: rest, file: path, num: i + 1})
	}
	return f, nil
}

// splitKeyword returns a line's keyword and the text after it (past the
// spaces or "=" that separate them); ok is false for blank and comment lines.
func splitKeyword(line string) (kw, rest string, ok bool) {
	s := strings.TrimLeft(line, " \t")
	if s == "" || s[0] == '#' {
		return "", "", false
	}
	end := strings.IndexAny(s, " \t=")
	if end < 0 {
		return s, "", true
	}
	kw, s = s[:end], strings.TrimLeft(s[end:], " \t")
	if strings.HasPrefix(s, "=") {
		s = strings.TrimLeft(s[1:], " \t")
	}
	return kw, s, true
}

// splitArgs splits arguments at spaces, keeping "quoted strings" whole; an
// argument starting with # starts a comment.
func splitArgs(s string) ([]string, error) {
	var args []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" || s[0] == '#' {
			return args, nil
		}
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				return nil, errors.New("unterminated quote")
			}
			args = append(args, s[1:end+1])
			s = s[end+2:]
			continue
		}
		end := strings.IndexAny(s, " \t")
		if end < 0 {
			end = len(s)
		}
		args = append(args, s[:end])
		s = s[end:]
	}
}

// matchPatternList matches s against a comma-separated list of patterns
// (sshpattern.MatchList), case-folded when lower.
func matchPatternList(s, list string, lower bool) bool {
	if lower {
		s, list = strings.ToLower(s), strings.ToLower(list)
	}
	return sshpattern.MatchList(s, list)
}

// hostConfig is what the ssh_config files say for one destination.
type hostConfig struct {
	vals map[string][]string // keyword → value(s), first value wins
	host string              // the host to connect to: HostName, %h expanded, canonicalised
}

func (h *hostConfig) get(kw string) string {
	if v := h.vals[kw]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (h *hostConfig) all(kw string) []string { return h.vals[kw] }

// set records a value unless the keyword already has one (the first value
// wins), or adds it to a multi-valued keyword.
func (h *hostConfig) set(kw, v string) {
	if multiKeywords[kw] {
		// A file named twice (by both passes) is offered once, as ssh does.
		if !slices.Contains(h.vals[kw], v) {
			h.vals[kw] = append(h.vals[kw], v)
		}
		return
	}
	if _, ok := h.vals[kw]; !ok {
		h.vals[kw] = []string{v}
	}
}

// cfgPass walks the files once for one destination.
type cfgPass struct {
	c         *Client
	ctx       context.Context
	cfg       *hostConfig
	host      string // what Host lines match
	orig      string // the destination as given (originalhost, %n)
	final     bool
	wantFinal bool
}

// hostSettings resolves alias's settings from the client's ssh_config
// files. preset holds what the caller fixed (user, port, hostname,
// proxyjump), which wins over the files and counts in Match user.
func (c *Client) hostSettings(ctx context.Context, alias string, preset map[string]string) (*hostConfig, error) {
	cfg := &hostConfig{vals: map[string][]string{}}
	for k, v := range preset {
		if v != "" {
			cfg.vals[k] = []string{v}
		}
	}
	p := &cfgPass{c: c, ctx: ctx, cfg: cfg, host: alias, orig: alias}
	if err := p.files(); err != nil {
		return nil, err
	}
	host := alias
	if hn := cfg.get("hostname"); hn != "" {
		host = expandPercentH(hn, alias)
	}
	isAddr := net.ParseIP(host) != nil
	if !isAddr {
		host = strings.ToLower(host)
	}
	canon := strings.ToLower(cfg.get("canonicalizehostname"))
	if (canon != "" && canon != "no" && canon != "false") || isAddr {
		h, err := c.canonicalize(ctx, cfg, host, canon)
		if err != nil {
			return nil, err
		}
		host = h
	}
	if (canon != "" && canon != "no" && canon != "false") || p.wantFinal {
		cfg.vals["hostname"] = []string{host}
		fp := &cfgPass{c: c, ctx: ctx, cfg: cfg, host: host, orig: alias, final: true}
		if err := fp.files(); err != nil {
			return nil, err
		}
	}
	cfg.host = host
	return cfg, nil
}

// expandPercentH expands HostName's tokens: %h (the name given) and %%.
func expandPercentH(v, host string) string {
	return strings.NewReplacer("%h", host, "%%", "%").Replace(v)
}

func (p *cfgPass) files() error {
	for _, f := range p.c.ConfigFiles {
		active := true
		if err := p.file(p.c.expand(f), &active, 0, false); err != nil {
			return err
		}
	}
	return nil
}

// file applies one file's lines; active is the Host/Match state, shared
// with the including file's (an Include inside a block only applies when
// the block does; the included file's own blocks do not leak out).
func (p *cfgPass) file(path string, active *bool, depth int, neverMatch bool) error {
	if depth > 16 {
		return fmt.Errorf("ssh config %s: too many nested Includes", path)
	}
	f, err := p.c.configFile(path)
	if err != nil || f == nil {
		return err
	}
	for _, l := range f.lines {
		switch l.kw {
		case "host":
			*active = !neverMatch && p.matchHost(l.args)
		case "match":
			if neverMatch {
				*active = false
				continue
			}
			ok, err := p.matchLine(l)
			if err != nil {
				return err
			}
			*active = ok
		case "include":
			if err := p.include(l, active, depth); err != nil {
				return err
			}
		default:
			if *active {
				p.apply(l)
			}
		}
	}
	return nil
}

// apply records one keyword line of an active block.
func (p *cfgPass) apply(l cfgLine) {
	cfg := p.cfg
	switch l.kw {
	case "proxycommand", "proxyjump":
		// One slot: whichever of the two comes first wins.
		if _, set := cfg.vals["proxycommand"]; set {
			return
		}
		if _, set := cfg.vals["proxyjump"]; set {
			return
		}
		if l.kw == "proxycommand" {
			cfg.set(l.kw, l.rest)
		} else {
			cfg.set(l.kw, strings.Join(l.args, " "))
		}
	default:
		if len(l.args) == 0 {
			return
		}
		switch l.kw {
		case "userknownhostsfile", "globalknownhostsfile", "canonicaldomains", "sendenv", "setenv",
			"canonicalizepermittedcnames":
			cfg.set(l.kw, strings.Join(l.args, " "))
		default:
			cfg.set(l.kw, l.args[0])
		}
	}
}

func (p *cfgPass) matchHost(patterns []string) bool {
	active := false
	for _, pat := range patterns {
		neg := strings.HasPrefix(pat, "!")
		if sshpattern.Match(p.host, strings.TrimPrefix(pat, "!")) {
			if neg {
				return false
			}
			active = true
		}
	}
	return active
}

// include reads the files an Include names: relative paths are under
// ~/.ssh, globs expand in order.
func (p *cfgPass) include(l cfgLine, active *bool, depth int) error {
	for _, arg := range l.args {
		pat := arg
		if !strings.HasPrefix(pat, "/") && !strings.HasPrefix(pat, "~") {
			pat = "~/.ssh/" + pat
		}
		pat = p.c.expand(pat)
		matches, err := filepath.Glob(pat)
		if err != nil {
			return fmt.Errorf("%s line %d: bad Include pattern %q", l.file, l.num, arg)
		}
		outer := *active
		for _, m := range matches {
			if err := p.file(m, active, depth+1, !outer); err != nil {
				return err
			}
			*active = outer
		}
	}
	return nil
}

// matchLine evaluates a Match line's criteria, all of which must hold.
func (p *cfgPass) matchLine(l cfgLine) (bool, error) {
	cfg := p.cfg
	host := p.host
	if hn := cfg.get("hostname"); hn != "" {
		host = hn
		if !p.final {
			host = expandPercentH(hn, p.host)
		}
	}
	ruser := firstNonEmpty(cfg.get("user"), p.c.LocalUser)
	result, attrs := true, 0
	args := l.args
	for i := 0; i < len(args); i++ {
		attr := strings.ToLower(args[i])
		neg := strings.HasPrefix(attr, "!")
		attr = strings.TrimPrefix(attr, "!")
		if attr == "all" {
			if attrs > 1 || i+1 < len(args) {
				return false, fmt.Errorf("%s line %d: 'all' cannot be combined with other Match attributes", l.file, l.num)
			}
			return result && !neg, nil
		}
		attrs++
		if attr == "canonical" || attr == "final" {
			if attr == "final" {
				p.wantFinal = true
			}
			if p.final == neg {
				result = false
			}
			continue
		}
		if i+1 >= len(args) {
			return false, fmt.Errorf("%s line %d: missing Match criteria for %s", l.file, l.num, attr)
		}
		i++
		arg := args[i]
		var ok bool
		switch attr {
		case "host":
			ok = matchPatternList(host, arg, true)
		case "originalhost":
			ok = matchPatternList(p.orig, arg, true)
		case "user":
			ok = matchPatternList(ruser, arg, false)
		case "localuser":
			ok = matchPatternList(p.c.LocalUser, arg, false)
		case "exec":
			if !result { // a criterion already failed: do not run it
				continue
			}
			var err error
			if ok, err = p.exec(arg, host, ruser); err != nil {
				return false, fmt.Errorf("%s line %d: Match exec %q: %w", l.file, l.num, arg, err)
			}
		default:
			return false, fmt.Errorf("%s line %d: unsupported Match attribute %s", l.file, l.num, attr)
		}
		if ok == neg {
			result = false
		}
	}
	if attrs == 0 {
		return false, fmt.Errorf("%s line %d: Match needs one or more attributes", l.file, l.num)
	}
	return result, nil
}

// exec runs a Match exec command through the shell: it matches when the
// command exits 0.
func (p *cfgPass) exec(command, host, ruser string) (bool, error) {
	this, _ := os.Hostname()
	short, _, _ := strings.Cut(this, ".")
	port := firstNonEmpty(p.cfg.get("port"), "22")
	uid := strconv.Itoa(os.Getuid())
	cmdline := strings.NewReplacer("%%", "%", "%L", short, "%d", p.c.Home, "%h", host, "%l", this,
		"%n", p.orig, "%p", port, "%r", ruser, "%u", p.c.LocalUser, "%i", uid).Replace(command)
	shell := os.Getenv("SHELL")
	if shell == "" {
		shell = "/bin/sh"
	}
	cmd := exec.CommandContext(p.ctx, shell, "-c", cmdline)
	cmd.Stderr = cell.Stderr()
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &ee) && ee.Exited():
		return false, nil
	}
	return false, err
}

// canonicalize applies CanonicalizeHostname: an address is written in its
// canonical form; a name with at most CanonicalizeMaxDots dots is tried
// with each of CanonicalDomains, and the first that resolves is the host.
func (c *Client) canonicalize(ctx context.Context, cfg *hostConfig, host, mode string) (string, error) {
	if ip := net.ParseIP(host); ip != nil {
		return ip.String(), nil
	}
	direct := (cfg.get("proxycommand") == "" || strings.EqualFold(cfg.get("proxycommand"), "none")) &&
		(cfg.get("proxyjump") == "" || strings.EqualFold(cfg.get("proxyjump"), "none"))
	if mode == "" || (!direct && mode != "always") {
		return host, nil
	}
	resolves := func(name string) bool {
		addrs, err := net.DefaultResolver.LookupHost(ctx, name)
		return err == nil && len(addrs) > 0
	}
	fallback := !strings.EqualFold(cfg.get("canonicalizefallbacklocal"), "no")
	notFound := func() (string, error) {
		if !fallback {
			return "", fmt.Errorf("could not resolve host %q (CanonicalizeFallbackLocal no)", host)
		}
		return host, nil
	}
	if strings.HasSuffix(host, ".") {
		if resolves(host) {
			return strings.TrimSuffix(host, "."), nil
		}
		return notFound()
	}
	maxDots := 1
	if n, err := strconv.Atoi(cfg.get("canonicalizemaxdots")); err == nil {
		maxDots = n
	}
	if strings.Count(host, ".") > maxDots {
		return host, nil
	}
	for _, d := range strings.Fields(cfg.get("canonicaldomains")) {
		if strings.EqualFold(d, "none") {
			break
		}
		if full := host + "." + d; resolves(full + ".") {
			return full, nil
		}
	}
	return notFound()
}

// configFile returns path parsed; nil when it does not exist. A file is
// parsed again when it changed since it was last read, so an edit of
// ~/.ssh/config applies to the next Dial, as it does for the next ssh.
func (c *Client) configFile(path string) (*cfgFile, error) {
	fi, err := os.Stat(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read ssh config: %w", err)
	}
	c.cfgMu.Lock()
	defer c.cfgMu.Unlock()
	if f := c.cfgFiles[path]; f != nil && f.mod.Equal(fi.ModTime()) && f.size == fi.Size() {
		return f, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read ssh config: %w", err)
	}
	f, err := parseConfig(path, b)
	if err != nil {
		return nil, fmt.Errorf("parse ssh config: %w", err)
	}
	f.mod, f.size = fi.ModTime(), fi.Size()
	if c.cfgFiles == nil {
		c.cfgFiles = map[string]*cfgFile{}
	}
	c.cfgFiles[path] = f
	return f, nil
}

// configAliases returns the literal names of Host lines (no pattern
// characters, no negation) in the client's files and their Includes, in
// file order.
func (c *Client) configAliases() ([]string, error) {
	var names []string
	seen := map[string]bool{}
	var walk func(path string, depth int) error
	walk = func(path string, depth int) error {
		f, err := c.configFile(path)
		if err != nil || f == nil || depth > 16 {
			return err
		}
		for _, l := range f.lines {
			switch l.kw {
			case "host":
				for _, a := range l.args {
					if !seen[a] && !strings.ContainsAny(a, "*?!") {
						seen[a] = true
						names = append(names, a)
					}
				}
			case "include":
				for _, arg := range l.args {
					if !strings.HasPrefix(arg, "/") && !strings.HasPrefix(arg, "~") {
						arg = "~/.ssh/" + arg
					}
					ms, _ := filepath.Glob(c.expand(arg))
					for _, m := range ms {
						if err := walk(m, depth+1); err != nil {
							return err
						}
					}
				}
			}
		}
		return nil
	}
	for _, f := range c.ConfigFiles {
		if err := walk(c.expand(f), 0); err != nil {
			return nil, err
		}
	}
	return names, nil
}
