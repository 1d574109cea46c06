package crypto

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/redact"
)

// RandomToken returns n random bytes from the operating system's source as
// URL-safe base64 without padding, as Python's secrets.token_urlsafe(n):
// RandomToken(32) is 43 characters, good for an API token or a generated
// password. The token is a secret (it displays as «redacted:random-token»);
// Reveal gives its text.
func RandomToken(n int) secret.Value {
	if n <= 0 {
		n = 32
	}
	return secret.New("random-token", []byte(base64.RawURLEncoding.EncodeToString(randomBytes(n))))
}

// RandomBytes returns n random bytes from the operating system's source.
func RandomBytes(n int) []byte { return randomBytes(n) }

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		// crypto/rand.Read never fails on supported platforms (Go 1.24+).
		panic("crypto: reading random bytes: " + err.Error())
	}
	return b
}

// SHA256File returns the SHA-256 digest of the file at path in lowercase hex,
// as sha256sum prints it. It stops when the running cell is interrupted.
func SHA256File(path string) (string, error) {
	return SHA256FileContext(cell.Context(), path)
}

// SHA256FileContext is SHA256File with an explicit context.
func SHA256FileContext(ctx context.Context, path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("sha256 %s: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	buf := make([]byte, 1<<20)
	for {
		if err := ctx.Err(); err != nil {
			return "", fmt.Errorf("sha256 %s: %w", path, err)
		}
		n, err := f.Read(buf)
		h.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("sha256 %s: %w", path, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// registerKey registers a private key's raw bytes with internal/redact in the
// forms it is usually printed in (raw, hex, base64), so a transcript masks
// the key however the user shows it.
func registerKey(name string, raw []byte) secret.Value {
	v := secret.New(name, raw)
	redact.Register(name, []byte(hex.EncodeToString(raw)))
	redact.Register(name, []byte(base64.StdEncoding.EncodeToString(raw)))
	redact.Register(name, []byte(base64.URLEncoding.EncodeToString(raw)))
	redact.Register(name, []byte(base64.RawStdEncoding.EncodeToString(raw)))
	redact.Register(name, []byte(base64.RawURLEncoding.EncodeToString(raw)))
	return v
}

// keyBytes turns what a caller handed over as a key (raw bytes, hex, or
// base64 text, as a []byte, string or secret.Value) into n raw bytes. The
// three forms have different lengths, so the form is never ambiguous.
func keyBytes(what string, v any, n int) ([]byte, error) {
	s, err := secret.From(what, v)
	if err != nil {
		return nil, err
	}
	return decodeKey(what, s.Reveal(), n)
}

// writeNew writes data to a new file with the given mode. It never replaces
// an existing file: keys and certificates are not overwritten by accident.
func writeNew(path string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%w (refusing to overwrite; remove it first or choose another name)", err)
		}
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	// The umask may have narrowed the mode; 0600 stays 0600, but make
	// public files readable as asked.
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
