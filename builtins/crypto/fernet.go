package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/opsh/opsh/builtins/secret"
)

// ErrInvalidToken is returned by FernetCipher.Decrypt for a token that was
// tampered with, truncated, is not a Fernet token, or was made with another
// key. Expired tokens match it too (as Python's InvalidToken covers both).
var ErrInvalidToken = errors.New("invalid fernet token")

// ErrTokenExpired is returned by FernetCipher.DecryptTTL for an authentic
// token older than the TTL allowed. errors.Is(err, ErrInvalidToken) holds for
// it as well.
var ErrTokenExpired error = expiredError{}

type expiredError struct{}

func (expiredError) Error() string        { return "fernet token expired" }
func (expiredError) Is(target error) bool { return target == ErrInvalidToken }

// maxClockSkew is how far in the future a token's timestamp may be when a
// TTL is checked, as in Python's cryptography.
const maxClockSkew = 60 * time.Second

const (
	fernetVersion  = 0x80
	fernetOverhead = 1 + 8 + aes.BlockSize + sha256.Size // version, time, IV, HMAC
)

// FernetKey returns a new Fernet key, the URL-safe base64 of 32 random bytes,
// as Python's Fernet.generate_key(). It is a secret: it displays as
// «redacted:fernet-key»; Reveal gives its text to store in a vault.
func FernetKey() secret.Value {
	raw := randomBytes(32)
	key := []byte(base64.URLEncoding.EncodeToString(raw))
	registerKey("fernet-key", raw)
	return secret.New("fernet-key", key)
}

// fernetKey is one decoded key: the first half signs, the second encrypts.
type fernetKey struct {
	sign, enc []byte
}

// FernetCipher encrypts and decrypts Fernet tokens (the format of Python's
// cryptography.fernet) with one key, or with several during a key rotation.
// Make one with Fernet.
type FernetCipher struct {
	keys []fernetKey
}

// Fernet makes a cipher from a key: the URL-safe base64 text of 32 bytes, as
// FernetKey and Python's Fernet.generate_key() make, given as a string,
// []byte or secret.Value. A malformed key is an error.
//
// Older keys may follow, as Python's MultiFernet takes them: Encrypt uses the
// first key, Decrypt accepts a token made with any of them, and Rotate
// re-encrypts a token under the first.
func Fernet(key any, older ...any) (*FernetCipher, error) {
	f := &FernetCipher{}
	for i, k := range append([]any{key}, older...) {
		fk, err := decodeFernetKey(k)
		if err != nil {
			if i > 0 {
				return nil, fmt.Errorf("fernet key %d: %w", i+1, err)
			}
			return nil, err
		}
		f.keys = append(f.keys, fk)
	}
	return f, nil
}

func decodeFernetKey(k any) (fernetKey, error) {
	s, err := secret.From("fernet-key", k)
	if err != nil {
		return fernetKey{}, fmt.Errorf("fernet key: %w", err)
	}
	text := strings.TrimSpace(string(s.Reveal()))
	raw, err := base64.URLEncoding.DecodeString(text)
	if err != nil {
		raw, err = base64.RawURLEncoding.DecodeString(text)
	}
	if err != nil || len(raw) != 32 {
		n := len(text)
		return fernetKey{}, fmt.Errorf("fernet key: must be 32 url-safe base64-encoded bytes (44 characters, as crypto.FernetKey() makes), got %d characters", n)
	}
	registerKey("fernet-key", raw)
	return fernetKey{sign: raw[:16], enc: raw[16:]}, nil
}

// Encrypt encrypts and signs msg and returns a Fernet token (URL-safe base64
// text) stamped with the current time.
func (f *FernetCipher) Encrypt(msg []byte) (string, error) {
	return f.EncryptAt(msg, time.Now())
}

// EncryptAt is Encrypt with the token's timestamp given, as Python's
// encrypt_at_time.
func (f *FernetCipher) EncryptAt(msg []byte, t time.Time) (string, error) {
	if f == nil || len(f.keys) == 0 {
		return "", errors.New("fernet encrypt: no key (make the cipher with crypto.Fernet)")
	}
	return f.keys[0].encrypt(msg, t.Unix(), randomBytes(aes.BlockSize))
}

func (k fernetKey) encrypt(msg []byte, ts int64, iv []byte) (string, error) {
	block, err := aes.NewCipher(k.enc)
	if err != nil {
		return "", fmt.Errorf("fernet encrypt: %w", err)
	}
	pad := aes.BlockSize - len(msg)%aes.BlockSize
	padded := make([]byte, len(msg)+pad)
	copy(padded, msg)
	for i := len(msg); i < len(padded); i++ {
		padded[i] = byte(pad)
	}
	tok := make([]byte, 0, fernetOverhead+len(padded))
	tok = append(tok, fernetVersion)
	tok = binary.BigEndian.AppendUint64(tok, uint64(ts))
	tok = append(tok, iv...)
	ctStart := len(tok)
	tok = append(tok, padded...)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(tok[ctStart:], tok[ctStart:])
	mac := hmac.New(sha256.New, k.sign)
	mac.Write(tok)
	tok = mac.Sum(tok)
	return base64.URLEncoding.EncodeToString(tok), nil
}

// Decrypt checks a token's signature and returns the message it holds.
// Whatever is wrong with the token (tampered, truncated, another key, not a
// token at all), the error matches ErrInvalidToken and no plaintext is
// returned.
func (f *FernetCipher) Decrypt(token string) ([]byte, error) {
	msg, _, err := f.open(token, 0, time.Now())
	return msg, err
}

// DecryptTTL is Decrypt that also refuses a token made more than ttl ago
// (ErrTokenExpired) or stamped more than a minute in the future, as Python's
// decrypt(token, ttl=...).
func (f *FernetCipher) DecryptTTL(token string, ttl time.Duration) ([]byte, error) {
	return f.DecryptTTLAt(token, ttl, time.Now())
}

// DecryptTTLAt is DecryptTTL with the current time given, as Python's
// decrypt_at_time.
func (f *FernetCipher) DecryptTTLAt(token string, ttl time.Duration, now time.Time) ([]byte, error) {
	if ttl <= 0 {
		return nil, fmt.Errorf("fernet decrypt: ttl must be positive, got %s", ttl)
	}
	msg, _, err := f.open(token, ttl, now)
	return msg, err
}

// Timestamp returns when an authentic token was made, as Python's
// extract_timestamp.
func (f *FernetCipher) Timestamp(token string) (time.Time, error) {
	_, ts, err := f.open(token, 0, time.Now())
	return ts, err
}

// Rotate decrypts a token made with any of the cipher's keys and encrypts
// its message again under the first key, keeping the original timestamp,
// as Python's MultiFernet.rotate.
func (f *FernetCipher) Rotate(token string) (string, error) {
	msg, ts, err := f.open(token, 0, time.Now())
	if err != nil {
		return "", err
	}
	return f.keys[0].encrypt(msg, ts.Unix(), randomBytes(aes.BlockSize))
}

func invalid(reason string) error {
	return fmt.Errorf("fernet decrypt: %s: %w", reason, ErrInvalidToken)
}

// open verifies and decrypts token with each key in turn; ttl 0 skips the
// age check.
func (f *FernetCipher) open(token string, ttl time.Duration, now time.Time) ([]byte, time.Time, error) {
	if f == nil || len(f.keys) == 0 {
		return nil, time.Time{}, errors.New("fernet decrypt: no key (make the cipher with crypto.Fernet)")
	}
	text := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, token)
	data, err := base64.URLEncoding.DecodeString(text)
	if err != nil {
		if data, err = base64.RawURLEncoding.DecodeString(text); err != nil {
			return nil, time.Time{}, invalid("not url-safe base64")
		}
	}
	if len(data) == 0 || data[0] != fernetVersion {
		return nil, time.Time{}, invalid("not a fernet token (bad version byte)")
	}
	if len(data) < fernetOverhead+aes.BlockSize || (len(data)-fernetOverhead)%aes.BlockSize != 0 {
		return nil, time.Time{}, invalid("truncated")
	}
	signed, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	var key *fernetKey
	for i := range f.keys {
		mac := hmac.New(sha256.New, f.keys[i].sign)
		mac.Write(signed)
		if subtle.ConstantTimeCompare(mac.Sum(nil), sum) == 1 {
			key = &f.keys[i]
			break
		}
	}
	if key == nil {
		return nil, time.Time{}, invalid("signature does not match (tampered, or made with another key)")
	}
	ts := time.Unix(int64(binary.BigEndian.Uint64(data[1:9])), 0)
	if ttl > 0 {
		if age := now.Sub(ts); ts.Add(ttl).Before(now.Truncate(time.Second)) {
			return nil, ts, fmt.Errorf("fernet decrypt: token made %s ago, older than the %s allowed: %w", age.Truncate(time.Second), ttl, ErrTokenExpired)
		}
		if ts.After(now.Add(maxClockSkew)) {
			return nil, ts, invalid(fmt.Sprintf("token stamped %s in the future", ts.Sub(now).Truncate(time.Second)))
		}
	}
	iv, ct := data[9:9+aes.BlockSize], data[9+aes.BlockSize:len(data)-sha256.Size]
	block, err := aes.NewCipher(key.enc)
	if err != nil {
		return nil, ts, fmt.Errorf("fernet decrypt: %w", err)
	}
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(pt, ct)
	pad := int(pt[len(pt)-1])
	if pad == 0 || pad > aes.BlockSize {
		return nil, ts, invalid("bad padding")
	}
	for _, b := range pt[len(pt)-pad:] {
		if int(b) != pad {
			return nil, ts, invalid("bad padding")
		}
	}
	return pt[:len(pt)-pad], ts, nil
}

// Display is how the REPL shows the cipher: never the key.
func (f *FernetCipher) Display() string {
	if f == nil || len(f.keys) == 0 {
		return "fernet cipher (no key)"
	}
	if len(f.keys) == 1 {
		return "fernet cipher, key «redacted:fernet-key»"
	}
	return fmt.Sprintf("fernet cipher, %d keys «redacted:fernet-key» (encrypts with the first)", len(f.keys))
}

// String is Display.
func (f *FernetCipher) String() string { return f.Display() }
