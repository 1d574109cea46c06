package crypto

import (
	"bufio"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/opsh/opsh/builtins/internal/table"
	"github.com/opsh/opsh/builtins/secret"
)

// ErrUnknownHash is returned by Verify for a hash that is none of the
// policy's schemes.
var ErrUnknownHash = errors.New("hash is not of a scheme this policy accepts")

// maxPasswordSize is passlib's limit: longer passwords are refused, so a
// huge one cannot tie up the CPU in the crypt schemes whose cost grows with
// length.
const maxPasswordSize = 4096

// PasswordPolicy hashes and verifies passwords under a list of schemes, as
// passlib's CryptContext: new hashes use the default scheme, stored hashes
// of any listed scheme verify, and hashes of deprecated schemes or weaker
// settings are flagged for an update on the user's next login. Make one with
// Passwords or PasswordsFrom.
type PasswordPolicy struct {
	schemes    []string
	deprecated map[string]bool
	auto       bool   // deprecated = auto: all but the default
	def        string // explicit default scheme, "" for the first
	settings   map[string]map[string]string
	params     map[string]params
	err        error // why the policy is unusable, from Passwords
}

// PasswordSchemes lists the scheme names Passwords accepts (passlib's names).
func PasswordSchemes() []string {
	names := make([]string, 0, len(schemes))
	for n := range schemes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Passwords makes a policy from scheme names in passlib's spelling, best
// first (new hashes use the first), and the names among them that are
// deprecated: their hashes still verify but need an update.
//
//	pw := crypto.Passwords([]string{"argon2", "bcrypt", "md5_crypt"}, []string{"md5_crypt"})
//
// Supported: argon2, bcrypt, pbkdf2_sha256, pbkdf2_sha512, pbkdf2_sha1,
// sha512_crypt, sha256_crypt, md5_crypt, apr_md5_crypt, des_crypt.
//
// A policy that cannot work (an unknown scheme name, a deprecated default)
// reports why from Err, and every Hash and Verify returns that error, as
// bufio.Scanner does; the REPL shows it when the policy is displayed.
func Passwords(schemeNames []string, deprecated []string) *PasswordPolicy {
	p, err := newPolicy(schemeNames, deprecated)
	if err != nil {
		return &PasswordPolicy{schemes: schemeNames, deprecated: map[string]bool{}, err: err}
	}
	return p
}

// Err is why the policy cannot be used, or nil.
func (p *PasswordPolicy) Err() error { return p.err }

func newPolicy(schemeNames []string, deprecated []string) (*PasswordPolicy, error) {
	p := &PasswordPolicy{deprecated: map[string]bool{}, settings: map[string]map[string]string{}}
	for _, n := range schemeNames {
		n = strings.TrimSpace(n)
		if _, ok := schemes[n]; !ok {
			return nil, fmt.Errorf("passwords: unknown scheme %q (known: %s)", n, strings.Join(PasswordSchemes(), ", "))
		}
		for _, have := range p.schemes {
			if have == n {
				return nil, fmt.Errorf("passwords: scheme %q listed twice", n)
			}
		}
		p.schemes = append(p.schemes, n)
	}
	if len(p.schemes) == 0 {
		return nil, errors.New("passwords: no schemes given")
	}
	for _, d := range deprecated {
		d = strings.TrimSpace(d)
		if d == "auto" {
			p.auto = true
			continue
		}
		if !p.has(d) {
			return nil, fmt.Errorf("passwords: deprecated scheme %q is not among the schemes %v", d, p.schemes)
		}
		p.deprecated[d] = true
	}
	if err := p.resolve(); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *PasswordPolicy) has(name string) bool {
	for _, s := range p.schemes {
		if s == name {
			return true
		}
	}
	return false
}

// Default is the scheme new hashes use.
func (p *PasswordPolicy) Default() string {
	if len(p.schemes) == 0 {
		return ""
	}
	if p.def != "" {
		return p.def
	}
	return p.schemes[0]
}

// Schemes are the policy's schemes, best first.
func (p *PasswordPolicy) Schemes() []string { return append([]string(nil), p.schemes...) }

// IsDeprecated reports whether hashes of the scheme need an update.
func (p *PasswordPolicy) IsDeprecated(scheme string) bool {
	if p.auto {
		return scheme != p.Default()
	}
	return p.deprecated[scheme]
}

// Set changes one of a scheme's settings, named as passlib names them:
// rounds (or default_rounds), min_rounds, max_rounds, salt_size; for argon2
// also memory_cost (KiB), parallelism, type (id, i, d) and digest_size; for
// bcrypt ident (2b, 2a, 2y). The setting is kept in String.
//
//	pw.Set("bcrypt", "rounds", 13)
func (p *PasswordPolicy) Set(scheme, key string, value any) error {
	if p.err != nil {
		return p.err
	}
	if !p.has(scheme) {
		return fmt.Errorf("passwords: %q is not among the schemes %v", scheme, p.schemes)
	}
	if key == "default_rounds" {
		key = "rounds"
	}
	old := p.settings[scheme][key]
	if p.settings[scheme] == nil {
		p.settings[scheme] = map[string]string{}
	}
	p.settings[scheme][key] = fmt.Sprint(value)
	if err := p.resolve(); err != nil {
		if old == "" {
			delete(p.settings[scheme], key)
		} else {
			p.settings[scheme][key] = old
		}
		p.resolve()
		return err
	}
	return nil
}

// resolve checks the policy and computes each scheme's parameters.
func (p *PasswordPolicy) resolve() error {
	if p.def != "" && !p.has(p.def) {
		return fmt.Errorf("passwords: default scheme %q is not among the schemes %v", p.def, p.schemes)
	}
	if p.IsDeprecated(p.Default()) {
		return fmt.Errorf("passwords: the default scheme %q cannot be deprecated", p.Default())
	}
	p.params = map[string]params{}
	for _, name := range p.schemes {
		s := schemes[name]
		pr := s.defaults
		for key, val := range p.settings[name] {
			if err := applySetting(s, &pr, key, val); err != nil {
				return fmt.Errorf("passwords: %s__%s = %s: %w", name, key, val, err)
			}
		}
		if err := checkParams(s, pr); err != nil {
			return fmt.Errorf("passwords: %s: %w", name, err)
		}
		p.params[name] = pr
	}
	return nil
}

func applySetting(s *scheme, pr *params, key, val string) error {
	num := func() (int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil || n < 0 {
			return 0, errors.New("want a non-negative integer")
		}
		return n, nil
	}
	var err error
	switch {
	case s.rounds && (key == "rounds" || key == "default_rounds"):
		pr.Rounds, err = num()
	case s.rounds && key == "min_rounds":
		pr.MinRounds, err = num()
	case s.rounds && key == "max_rounds":
		pr.MaxRounds, err = num()
	case !contains(s.keys, key):
		known := append([]string(nil), s.keys...)
		if s.rounds {
			known = append(known, "rounds", "min_rounds", "max_rounds")
		}
		if len(known) == 0 {
			return fmt.Errorf("%s has no settings", s.name)
		}
		return fmt.Errorf("unknown setting (%s has: %s)", s.name, strings.Join(known, ", "))
	case key == "memory_cost":
		pr.MemoryCost, err = num()
	case key == "parallelism":
		pr.Parallelism, err = num()
	case key == "salt_size":
		pr.SaltSize, err = num()
	case key == "digest_size":
		pr.DigestSize, err = num()
	case key == "type":
		pr.Type = strings.ToLower(strings.TrimSpace(val))
	case key == "ident":
		pr.Ident = strings.Trim(strings.TrimSpace(val), "$")
	}
	return err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func checkParams(s *scheme, p params) error {
	switch s.name {
	case "argon2":
		if p.Type != "id" && p.Type != "i" && p.Type != "d" {
			return fmt.Errorf("type %q: want id, i or d", p.Type)
		}
		if p.Rounds < 1 || p.Parallelism < 1 || p.Parallelism > 255 || p.MemoryCost < 8*p.Parallelism || p.MemoryCost > maxArgon2Memory || p.DigestSize < 4 || p.SaltSize < 8 {
			return fmt.Errorf("want rounds ≥ 1, parallelism 1 to 255, memory_cost from 8×parallelism to 4 GiB, digest_size ≥ 4, salt_size ≥ 8")
		}
	case "bcrypt":
		if p.Rounds < 4 || p.Rounds > 31 {
			return fmt.Errorf("rounds %d: bcrypt's cost is 4 to 31", p.Rounds)
		}
		if p.Ident != "2b" && p.Ident != "2a" && p.Ident != "2y" {
			return fmt.Errorf("ident %q: want 2b, 2a or 2y", p.Ident)
		}
	case "sha256_crypt", "sha512_crypt":
		if p.Rounds < 1000 || p.Rounds > 999999999 {
			return fmt.Errorf("rounds %d: want 1000 to 999999999", p.Rounds)
		}
		if p.SaltSize < 1 {
			return errors.New("salt_size must be at least 1")
		}
	case "md5_crypt", "apr_md5_crypt":
		if p.SaltSize < 1 {
			return errors.New("salt_size must be at least 1")
		}
	default:
		if s.rounds && p.Rounds < 1 {
			return fmt.Errorf("rounds must be at least 1")
		}
		if s.rounds && p.SaltSize < 8 {
			return fmt.Errorf("salt_size must be at least 8")
		}
	}
	if p.MaxRounds > 0 && p.MaxRounds < p.Rounds {
		return fmt.Errorf("max_rounds %d is below rounds %d", p.MaxRounds, p.Rounds)
	}
	return nil
}

// password turns what the caller gave into bytes, registered as a secret.
func password(op string, v any) ([]byte, error) {
	s, err := secret.From("password", v)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	b := s.Reveal()
	if len(b) > maxPasswordSize {
		return nil, fmt.Errorf("%s: password is %d bytes, longer than the %d allowed", op, len(b), maxPasswordSize)
	}
	return b, nil
}

// crypt(3) schemes stop at a NUL byte, so a password holding one would
// verify against its prefix; passlib refuses such passwords too.
func checkNUL(scheme string, pw []byte) error {
	switch scheme {
	case "argon2", "pbkdf2_sha1", "pbkdf2_sha256", "pbkdf2_sha512":
		return nil
	}
	for _, b := range pw {
		if b == 0 {
			return fmt.Errorf("%s cannot hash a password with a NUL byte", scheme)
		}
	}
	return nil
}

// Hash hashes a password (a string, []byte or secret.Value) with the
// default scheme, in passlib's string format, with a new random salt.
func (p *PasswordPolicy) Hash(pw any) (string, error) {
	return p.HashWith(p.Default(), pw)
}

// HashWith hashes a password with a named scheme of the policy.
func (p *PasswordPolicy) HashWith(scheme string, pw any) (string, error) {
	if p.err != nil {
		return "", p.err
	}
	b, err := password("hash password", pw)
	if err != nil {
		return "", err
	}
	if !p.has(scheme) {
		return "", fmt.Errorf("hash password: %q is not among the schemes %v", scheme, p.schemes)
	}
	if err := checkNUL(scheme, b); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	h, err := schemes[scheme].hash(b, p.params[scheme])
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return h, nil
}

// Identify returns the name of the policy's scheme a hash is in.
func (p *PasswordPolicy) Identify(hash string) (string, error) {
	if p.err != nil {
		return "", p.err
	}
	hash = strings.TrimSpace(hash)
	for _, name := range p.schemes {
		if schemes[name].match(hash) {
			return name, nil
		}
	}
	return "", fmt.Errorf("identify %s: %w (schemes: %s)", describeHash(hash), ErrUnknownHash, strings.Join(p.schemes, ", "))
}

// describeHash names a hash in an error without quoting all of it.
func describeHash(h string) string {
	if h == "" {
		return "empty hash"
	}
	if i := strings.LastIndexByte(h, '$'); i > 0 {
		return "hash " + strconv.Quote(h[:i+1]+"…")
	}
	if len(h) > 4 {
		return "hash " + strconv.Quote(h[:4]+"…")
	}
	return "hash " + strconv.Quote(h)
}

// Verify reports whether a password matches a stored hash of any of the
// policy's schemes, including hashes made by passlib and crypt(3). A wrong
// password is (false, nil); a hash of no listed scheme (ErrUnknownHash) or
// a malformed one is an error.
func (p *PasswordPolicy) Verify(pw any, hash string) (bool, error) {
	if p.err != nil {
		return false, p.err
	}
	b, err := password("verify password", pw)
	if err != nil {
		return false, err
	}
	hash = strings.TrimSpace(hash)
	name, err := p.Identify(hash)
	if err != nil {
		return false, fmt.Errorf("verify password: %w", err)
	}
	if err := checkNUL(name, b); err != nil {
		return false, nil
	}
	ok, err := schemes[name].verify(b, hash)
	if err != nil {
		return false, fmt.Errorf("verify password: %w", err)
	}
	return ok, nil
}

// NeedsUpdate reports whether a stored hash should be replaced: its scheme
// is deprecated, or its settings are weaker than the policy's today (fewer
// rounds, less memory, another argon2 variant). A hash of no listed scheme,
// or a malformed one, needs an update too.
func (p *PasswordPolicy) NeedsUpdate(hash string) bool {
	hash = strings.TrimSpace(hash)
	name, err := p.Identify(hash)
	if err != nil {
		return true
	}
	if p.IsDeprecated(name) {
		return true
	}
	return schemes[name].weaker(hash, p.params[name])
}

// VerifyAndUpdate verifies a password and, when it matches a hash that
// needs an update, hashes it again with the default scheme: store newHash
// when it is not empty. It is the one call a login handler needs.
func (p *PasswordPolicy) VerifyAndUpdate(pw any, hash string) (ok bool, newHash string, err error) {
	ok, err = p.Verify(pw, hash)
	if err != nil || !ok {
		return ok, "", err
	}
	if p.NeedsUpdate(hash) {
		newHash, err = p.Hash(pw)
		if err != nil {
			return true, "", err
		}
	}
	return true, newHash, nil
}

// String is the policy in passlib's CryptContext.to_string() format, to keep
// in config: CryptContext.from_string() in Python and PasswordsFrom read it.
// Settings where opsh's defaults differ from passlib's (pbkdf2 rounds) are
// written out, so both hash alike.
func (p *PasswordPolicy) String() string {
	var b strings.Builder
	b.WriteString("[passlib]\n")
	fmt.Fprintf(&b, "schemes = %s\n", strings.Join(p.schemes, ", "))
	if p.def != "" {
		fmt.Fprintf(&b, "default = %s\n", p.def)
	}
	if p.auto {
		b.WriteString("deprecated = auto\n")
	} else if len(p.deprecated) > 0 {
		var dep []string
		for _, s := range p.schemes {
			if p.deprecated[s] {
				dep = append(dep, s)
			}
		}
		fmt.Fprintf(&b, "deprecated = %s\n", strings.Join(dep, ", "))
	}
	for _, name := range p.schemes {
		set := map[string]string{}
		for k, v := range p.settings[name] {
			set[k] = v
		}
		s := schemes[name]
		if _, ok := set["rounds"]; !ok && s.rounds && s.defaults.Rounds != s.passlib.Rounds {
			set["rounds"] = strconv.Itoa(s.defaults.Rounds)
		}
		keys := make([]string, 0, len(set))
		for k := range set {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "%s__%s = %s\n", name, k, set[k])
		}
	}
	return b.String()
}

// PasswordsFrom reads a policy written by String or by passlib's
// CryptContext.to_string(): an INI [passlib] section with schemes, default,
// deprecated and SCHEME__SETTING lines.
func PasswordsFrom(s string) (*PasswordPolicy, error) {
	var (
		names, dep []string
		def        string
		settings   = map[string]map[string]string{}
		inSection  = true
		sawSection bool
	)
	sc := bufio.NewScanner(strings.NewReader(s))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			sawSection = true
			inSection = strings.TrimSpace(strings.Trim(line, "[]")) == "passlib"
			continue
		}
		if !inSection {
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok {
			if k, v, ok2 := strings.Cut(line, ":"); ok2 {
				key, val, ok = k, v, true
			}
		}
		if !ok {
			return nil, fmt.Errorf("passwords policy line %d: want key = value, got %q", n, line)
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch {
		case key == "schemes":
			names = splitList(val)
		case key == "deprecated":
			dep = splitList(val)
		case key == "default":
			def = val
		case strings.Contains(key, "__"):
			scheme, setting, _ := strings.Cut(key, "__")
			if scheme == "all" {
				if setting == "vary_rounds" {
					continue // passlib's random variation of rounds: nothing to keep
				}
				return nil, fmt.Errorf("passwords policy line %d: setting %q for all schemes is not supported", n, key)
			}
			if settings[scheme] == nil {
				settings[scheme] = map[string]string{}
			}
			if setting == "default_rounds" {
				setting = "rounds"
			}
			settings[scheme][setting] = val
		default:
			return nil, fmt.Errorf("passwords policy line %d: unsupported option %q", n, key)
		}
	}
	if len(names) == 0 {
		if !sawSection && strings.TrimSpace(s) != "" {
			return nil, errors.New("passwords policy: no [passlib] section with a schemes line")
		}
		return nil, errors.New("passwords policy: no schemes line")
	}
	p, err := newPolicy(names, dep)
	if err != nil {
		return nil, err
	}
	for scheme := range settings {
		if !p.has(scheme) {
			return nil, fmt.Errorf("passwords policy: settings for %q, which is not among the schemes %v", scheme, p.schemes)
		}
	}
	p.def = def
	p.settings = settings
	if err := p.resolve(); err != nil {
		return nil, err
	}
	return p, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		out = append(out, f)
	}
	return out
}

// Display shows the schemes as a table: which one hashes, which are
// deprecated, and the settings of each.
func (p *PasswordPolicy) Display() string {
	if p.err != nil {
		return "unusable password policy: " + p.err.Error()
	}
	t := table.New("SCHEME", "STATUS", "SETTINGS")
	for _, name := range p.schemes {
		status := ""
		switch {
		case name == p.Default():
			status = "default"
		case p.IsDeprecated(name):
			status = "deprecated"
		}
		t.Add(name, status, describeParams(name, p.params[name]))
	}
	return "password policy (passlib CryptContext)\n" + t.String()
}

func describeParams(name string, p params) string {
	var s string
	switch name {
	case "argon2":
		s = fmt.Sprintf("argon2%s m=%d KiB, t=%d, p=%d", p.Type, p.MemoryCost, p.Rounds, p.Parallelism)
	case "bcrypt":
		s = fmt.Sprintf("$%s$, cost %d", p.Ident, p.Rounds)
	case "des_crypt":
		return "25 DES rounds, 8-character passwords"
	case "md5_crypt", "apr_md5_crypt":
		return "1000 MD5 rounds"
	default:
		s = fmt.Sprintf("%d rounds", p.Rounds)
	}
	if p.MinRounds > 0 {
		s += fmt.Sprintf(", min %d", p.MinRounds)
	}
	if p.MaxRounds > 0 {
		s += fmt.Sprintf(", max %d", p.MaxRounds)
	}
	return s
}
