package crypto

import (
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"

	xargon2 "github.com/go-crypt/x/argon2"
	xcrypt "github.com/go-crypt/x/crypt"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
)

// params are one scheme's settings: what Hash uses, and what NeedsUpdate
// compares a stored hash with. Names follow passlib's CryptContext options.
type params struct {
	Rounds      int    // rounds (argon2: time cost; bcrypt: log2 cost)
	MinRounds   int    // below this a hash needs an update; 0 means Rounds
	MaxRounds   int    // above this a hash needs an update; 0 means no limit
	MemoryCost  int    // argon2, KiB
	Parallelism int    // argon2 lanes
	Type        string // argon2 variant: id, i or d
	Ident       string // bcrypt: 2b, 2a or 2y
	SaltSize    int    // bytes (crypt schemes: characters)
	DigestSize  int    // argon2 tag bytes
}

func (p params) minRounds() int {
	if p.MinRounds > 0 {
		return p.MinRounds
	}
	return p.Rounds
}

// scheme is one password hash format.
type scheme struct {
	name string
	// defaults are opsh's parameters for new hashes; passlib lists the ones
	// passlib itself uses, to write only what differs in a policy string.
	defaults, passlib params
	// keys are the passlib settings this scheme accepts besides the rounds
	// ones (rounds, default_rounds, min_rounds, max_rounds).
	keys   []string
	rounds bool
	match  func(h string) bool
	hash   func(pw []byte, p params) (string, error)
	// verify reports whether pw matches h; an error means h is malformed.
	verify func(pw []byte, h string) (bool, error)
	// weaker reports whether h was made with weaker settings than p.
	weaker func(h string, p params) bool
}

var errMalformed = errors.New("malformed hash")

func malformed(name, why string) error {
	return fmt.Errorf("%s hash: %s: %w", name, why, errMalformed)
}

// ab64 is passlib's "adapted base64": standard base64 with '.' for '+', no
// padding.
var ab64 = base64.NewEncoding("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./").WithPadding(base64.NoPadding)

func hash64Salt(n int) string {
	b := randomBytes(n)
	for i := range b {
		b[i] = hash64[b[i]&0x3f]
	}
	return string(b)
}

func isHash64(s string) bool {
	for i := 0; i < len(s); i++ {
		if hash64Value(s[i]) < 0 {
			return false
		}
	}
	return true
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// Argon2 — passlib's argon2: the PHC string $argon2id$v=19$m=..,t=..,p=..$salt$tag.

type argon2Hash struct {
	variant          string
	version          int
	m, t, p          int
	salt, tag        []byte
	saltText, params string
}

func parseArgon2(h string) (argon2Hash, error) {
	var a argon2Hash
	parts := strings.Split(h, "$")
	if len(parts) < 5 || parts[0] != "" {
		return a, malformed("argon2", "want $argon2id$v=19$m=…,t=…,p=…$salt$hash")
	}
	a.variant = strings.TrimPrefix(parts[1], "argon2")
	if a.variant != "id" && a.variant != "i" && a.variant != "d" {
		return a, malformed("argon2", "unknown variant "+parts[1])
	}
	rest := parts[2:]
	a.version = 0x10
	if strings.HasPrefix(rest[0], "v=") {
		v, err := strconv.Atoi(rest[0][2:])
		if err != nil {
			return a, malformed("argon2", "bad version "+rest[0])
		}
		a.version = v
		rest = rest[1:]
	}
	if a.version != 0x13 {
		return a, malformed("argon2", fmt.Sprintf("version %d is not supported (only 19, argon2 1.3)", a.version))
	}
	if len(rest) != 3 {
		return a, malformed("argon2", "want $argon2id$v=19$m=…,t=…,p=…$salt$hash")
	}
	a.params = rest[0]
	for _, kv := range strings.Split(rest[0], ",") {
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.Atoi(v)
		if !ok || err != nil || n <= 0 {
			return a, malformed("argon2", "bad parameter "+kv)
		}
		switch k {
		case "m":
			a.m = n
		case "t":
			a.t = n
		case "p":
			a.p = n
		default:
			return a, malformed("argon2", "unsupported parameter "+k)
		}
	}
	if a.m == 0 || a.t == 0 || a.p == 0 || a.m < 8*a.p || a.p > 255 {
		return a, malformed("argon2", "parameters m, t and p are required, with m ≥ 8p")
	}
	if a.m > maxArgon2Memory {
		return a, malformed("argon2", fmt.Sprintf("m=%d KiB is over %d GiB; refusing to allocate it", a.m, maxArgon2Memory>>20))
	}
	var err error
	if a.salt, err = base64.RawStdEncoding.DecodeString(rest[1]); err != nil || len(a.salt) < 8 {
		return a, malformed("argon2", "bad salt")
	}
	if a.tag, err = base64.RawStdEncoding.DecodeString(rest[2]); err != nil || len(a.tag) < 4 {
		return a, malformed("argon2", "bad hash")
	}
	return a, nil
}

// argon2Key derives the tag. x/crypto's argon2 is ~15% faster here than
// go-crypt's, which alone has argon2d.
func argon2Key(variant string, pw, salt []byte, t, m, p, n int) []byte {
	switch variant {
	case "i":
		return argon2.Key(pw, salt, uint32(t), uint32(m), uint8(p), uint32(n))
	case "d":
		return xargon2.DKey(pw, salt, uint32(t), uint32(m), uint32(p), uint32(n))
	}
	return argon2.IDKey(pw, salt, uint32(t), uint32(m), uint8(p), uint32(n))
}

// maxArgon2Memory (KiB) bounds what verifying a stored hash may allocate, so
// a planted hash cannot exhaust the machine's memory.
const maxArgon2Memory = 4 << 20

func argon2Type(p params) string { return strings.ToLower(p.Type) }

var argon2Scheme = &scheme{
	name:     "argon2",
	defaults: params{Rounds: 2, MemoryCost: 102400, Parallelism: 8, Type: "id", SaltSize: 16, DigestSize: 16},
	passlib:  params{Rounds: 2, MemoryCost: 102400, Parallelism: 8, Type: "id", SaltSize: 16, DigestSize: 16},
	keys:     []string{"memory_cost", "parallelism", "type", "salt_size", "digest_size"},
	rounds:   true,
	match:    func(h string) bool { return strings.HasPrefix(h, "$argon2") },
	hash: func(pw []byte, p params) (string, error) {
		salt := randomBytes(p.SaltSize)
		v := argon2Type(p)
		tag := argon2Key(v, pw, salt, p.Rounds, p.MemoryCost, p.Parallelism, p.DigestSize)
		return fmt.Sprintf("$argon2%s$v=19$m=%d,t=%d,p=%d$%s$%s", v, p.MemoryCost, p.Rounds, p.Parallelism,
			base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(tag)), nil
	},
	verify: func(pw []byte, h string) (bool, error) {
		a, err := parseArgon2(h)
		if err != nil {
			return false, err
		}
		got := argon2Key(a.variant, pw, a.salt, a.t, a.m, a.p, len(a.tag))
		return subtle.ConstantTimeCompare(got, a.tag) == 1, nil
	},
	weaker: func(h string, p params) bool {
		a, err := parseArgon2(h)
		return err != nil || a.variant != argon2Type(p) || a.m < p.MemoryCost || a.t < p.minRounds() ||
			(p.MaxRounds > 0 && a.t > p.MaxRounds) || len(a.tag) < p.DigestSize || len(a.salt) < p.SaltSize
	},
}

// bcrypt — $2b$12$ + 22 characters of salt + 31 of hash. Like passlib and
// every C implementation, only the first 72 bytes of a password count.

func bcryptPassword(pw []byte) []byte {
	if len(pw) > 72 {
		return pw[:72]
	}
	return pw
}

func parseBcrypt(h string) (ident string, cost int, err error) {
	if len(h) != 60 || h[0] != '$' || h[3] != '$' || h[6] != '$' {
		return "", 0, malformed("bcrypt", "want $2b$NN$ and 53 characters")
	}
	ident = h[1:3]
	switch ident {
	case "2a", "2b", "2y", "2x":
	default:
		return "", 0, malformed("bcrypt", "unknown ident $"+ident+"$")
	}
	if ident == "2x" {
		return "", 0, malformed("bcrypt", "$2x$ hashes (the crypt_blowfish sign-extension bug) are not supported")
	}
	if cost, err = strconv.Atoi(h[4:6]); err != nil || cost < 4 || cost > 31 {
		return "", 0, malformed("bcrypt", "bad cost "+h[4:6])
	}
	return ident, cost, nil
}

var bcryptScheme = &scheme{
	name:     "bcrypt",
	defaults: params{Rounds: 12, Ident: "2b"},
	passlib:  params{Rounds: 12, Ident: "2b"},
	keys:     []string{"ident"},
	rounds:   true,
	match:    func(h string) bool { return len(h) > 4 && h[0] == '$' && h[1] == '2' && h[3] == '$' },
	hash: func(pw []byte, p params) (string, error) {
		out, err := bcrypt.GenerateFromPassword(bcryptPassword(pw), p.Rounds)
		if err != nil {
			return "", fmt.Errorf("bcrypt: %w", err)
		}
		return "$" + p.Ident + string(out[3:]), nil
	},
	verify: func(pw []byte, h string) (bool, error) {
		if _, _, err := parseBcrypt(h); err != nil {
			return false, err
		}
		err := bcrypt.CompareHashAndPassword([]byte(h), bcryptPassword(pw))
		if errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
			return false, nil
		}
		if err != nil {
			return false, malformed("bcrypt", err.Error())
		}
		return true, nil
	},
	weaker: func(h string, p params) bool {
		_, cost, err := parseBcrypt(h)
		return err != nil || cost < p.minRounds() || (p.MaxRounds > 0 && cost > p.MaxRounds)
	},
}

// pbkdf2_sha1/256/512 — passlib's $pbkdf2-sha256$rounds$salt$hash, salt and
// hash in adapted base64.

func pbkdf2Scheme(name, ident string, h func() hash.Hash, rounds, passlibRounds int) *scheme {
	prefix := "$" + ident + "$"
	size := h().Size()
	parse := func(s string) (rounds int, salt, sum []byte, err error) {
		parts := strings.Split(strings.TrimPrefix(s, prefix), "$")
		if !strings.HasPrefix(s, prefix) || len(parts) != 3 {
			return 0, nil, nil, malformed(name, "want "+prefix+"rounds$salt$hash")
		}
		if rounds, err = strconv.Atoi(parts[0]); err != nil || rounds < 1 || parts[0][0] == '0' {
			return 0, nil, nil, malformed(name, "bad rounds "+parts[0])
		}
		if salt, err = ab64.DecodeString(parts[1]); err != nil {
			return 0, nil, nil, malformed(name, "bad salt")
		}
		if sum, err = ab64.DecodeString(parts[2]); err != nil || len(sum) != size {
			return 0, nil, nil, malformed(name, "bad hash")
		}
		return rounds, salt, sum, nil
	}
	return &scheme{
		name:     name,
		defaults: params{Rounds: rounds, SaltSize: 16},
		passlib:  params{Rounds: passlibRounds, SaltSize: 16},
		keys:     []string{"salt_size"},
		rounds:   true,
		match:    func(s string) bool { return strings.HasPrefix(s, prefix) },
		hash: func(pw []byte, p params) (string, error) {
			salt := randomBytes(p.SaltSize)
			sum, err := pbkdf2.Key(h, string(pw), salt, p.Rounds, size)
			if err != nil {
				return "", fmt.Errorf("%s: %w", name, err)
			}
			return fmt.Sprintf("%s%d$%s$%s", prefix, p.Rounds, ab64.EncodeToString(salt), ab64.EncodeToString(sum)), nil
		},
		verify: func(pw []byte, s string) (bool, error) {
			rounds, salt, sum, err := parse(s)
			if err != nil {
				return false, err
			}
			got, err := pbkdf2.Key(h, string(pw), salt, rounds, size)
			if err != nil {
				return false, fmt.Errorf("%s: %w", name, err)
			}
			return subtle.ConstantTimeCompare(got, sum) == 1, nil
		},
		weaker: func(s string, p params) bool {
			rounds, salt, _, err := parse(s)
			return err != nil || rounds < p.minRounds() || (p.MaxRounds > 0 && rounds > p.MaxRounds) || len(salt) < p.SaltSize
		},
	}
}

// sha256_crypt and sha512_crypt — Drepper's SHA-crypt, $6$rounds=N$salt$hash.

func shaCryptScheme(name, ident string, h func() hash.Hash, rounds, passlibRounds int) *scheme {
	prefix := "$" + ident + "$"
	parse := func(s string) (rounds int, salt, sum string, err error) {
		if !strings.HasPrefix(s, prefix) {
			return 0, "", "", malformed(name, "want "+prefix)
		}
		parts := strings.Split(s[len(prefix):], "$")
		rounds = 5000
		if strings.HasPrefix(parts[0], "rounds=") {
			if rounds, err = strconv.Atoi(parts[0][7:]); err != nil || rounds < 1000 || rounds > 999999999 {
				return 0, "", "", malformed(name, "bad "+parts[0])
			}
			parts = parts[1:]
		}
		if len(parts) != 2 || len(parts[0]) > 16 || !isHash64(parts[0]) || !isHash64(parts[1]) {
			return 0, "", "", malformed(name, "want "+prefix+"rounds=N$salt$hash")
		}
		want := 43
		if h().Size() == 64 {
			want = 86
		}
		if len(parts[1]) != want {
			return 0, "", "", malformed(name, fmt.Sprintf("hash part is %d characters, want %d", len(parts[1]), want))
		}
		return rounds, parts[0], parts[1], nil
	}
	return &scheme{
		name:     name,
		defaults: params{Rounds: rounds, SaltSize: 16},
		passlib:  params{Rounds: passlibRounds, SaltSize: 16},
		keys:     []string{"salt_size"},
		rounds:   true,
		match:    func(s string) bool { return strings.HasPrefix(s, prefix) },
		hash: func(pw []byte, p params) (string, error) {
			salt := hash64Salt(min(p.SaltSize, 16))
			sum := xcrypt.KeySHACrypt(h, pw, []byte(salt), p.Rounds)
			return fmt.Sprintf("%srounds=%d$%s$%s", prefix, p.Rounds, salt, sum), nil
		},
		verify: func(pw []byte, s string) (bool, error) {
			rounds, salt, sum, err := parse(s)
			if err != nil {
				return false, err
			}
			return equal(string(xcrypt.KeySHACrypt(h, pw, []byte(salt), rounds)), sum), nil
		},
		weaker: func(s string, p params) bool {
			rounds, salt, _, err := parse(s)
			return err != nil || rounds < p.minRounds() || (p.MaxRounds > 0 && rounds > p.MaxRounds) || len(salt) < min(p.SaltSize, 16)
		},
	}
}

// md5_crypt ($1$) and apr_md5_crypt (Apache's $apr1$).

func md5CryptScheme(name, magic string) *scheme {
	parse := func(s string) (salt, sum string, err error) {
		parts := strings.Split(strings.TrimPrefix(s, magic), "$")
		if !strings.HasPrefix(s, magic) || len(parts) != 2 || len(parts[0]) > 8 || !isHash64(parts[0]) || len(parts[1]) != 22 || !isHash64(parts[1]) {
			return "", "", malformed(name, "want "+magic+"salt$ and 22 characters")
		}
		return parts[0], parts[1], nil
	}
	return &scheme{
		name:     name,
		defaults: params{SaltSize: 8},
		passlib:  params{SaltSize: 8},
		keys:     []string{"salt_size"},
		match:    func(s string) bool { return strings.HasPrefix(s, magic) },
		hash: func(pw []byte, p params) (string, error) {
			salt := hash64Salt(min(p.SaltSize, 8))
			return magic + salt + "$" + md5Crypt(pw, []byte(salt), magic), nil
		},
		verify: func(pw []byte, s string) (bool, error) {
			salt, sum, err := parse(s)
			if err != nil {
				return false, err
			}
			return equal(md5Crypt(pw, []byte(salt), magic), sum), nil
		},
		weaker: func(s string, p params) bool { _, _, err := parse(s); return err != nil },
	}
}

// des_crypt — 13 characters: 2 of salt, 11 of hash.

var desCryptScheme = &scheme{
	name:  "des_crypt",
	match: func(h string) bool { return len(h) == 13 && isHash64(h) },
	hash: func(pw []byte, _ params) (string, error) {
		out, _ := desCrypt(pw, hash64Salt(2))
		return out, nil
	},
	verify: func(pw []byte, h string) (bool, error) {
		if len(h) != 13 || !isHash64(h) {
			return false, malformed("des_crypt", "want 13 characters of ./0-9A-Za-z")
		}
		// The last character carries 4 bits; the other 2 must be zero.
		if hash64Value(h[12])&3 != 0 {
			return false, malformed("des_crypt", "last character has padding bits set")
		}
		got, _ := desCrypt(pw, h[:2])
		return equal(got, h), nil
	},
	weaker: func(h string, _ params) bool { return len(h) != 13 || !isHash64(h) },
}

// schemes are the password hash formats opsh knows, by passlib's names.
var schemes = map[string]*scheme{}

func init() {
	for _, s := range []*scheme{
		argon2Scheme,
		bcryptScheme,
		pbkdf2Scheme("pbkdf2_sha1", "pbkdf2", sha1.New, 1300000, 131000),
		pbkdf2Scheme("pbkdf2_sha256", "pbkdf2-sha256", sha256.New, 600000, 29000),
		pbkdf2Scheme("pbkdf2_sha512", "pbkdf2-sha512", sha512.New, 210000, 25000),
		shaCryptScheme("sha256_crypt", "5", sha256.New, 535000, 535000),
		shaCryptScheme("sha512_crypt", "6", sha512.New, 656000, 656000),
		md5CryptScheme("md5_crypt", "$1$"),
		md5CryptScheme("apr_md5_crypt", "$apr1$"),
		desCryptScheme,
	} {
		schemes[s.name] = s
	}
}
