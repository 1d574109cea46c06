package crypto

import (
	"fmt"

	"golang.org/x/crypto/nacl/secretbox"

	"github.com/opsh/opsh/builtins/secret"
)

// SecretBoxCipher is symmetric authenticated encryption with a 32-byte key
// (XSalsa20-Poly1305, PyNaCl's nacl.secret.SecretBox). Make one with
// SecretBox.
type SecretBoxCipher struct {
	key [32]byte
}

// SecretBoxKey returns a new random 32-byte key for SecretBox, as PyNaCl's
// nacl.utils.random(SecretBox.KEY_SIZE). It is a secret: Reveal gives the
// raw bytes.
func SecretBoxKey() secret.Value {
	return registerKey("secretbox-key", randomBytes(32))
}

// SecretBox makes a cipher from a 32-byte key (raw, hex or base64; a
// []byte, string or secret.Value).
func SecretBox(key any) (*SecretBoxCipher, error) {
	raw, err := keyBytes("secretbox-key", key, 32)
	if err != nil {
		return nil, fmt.Errorf("secret box: %w", err)
	}
	registerKey("secretbox-key", raw)
	c := &SecretBoxCipher{}
	copy(c.key[:], raw)
	return c, nil
}

// Encrypt encrypts msg with a random nonce and returns nonce || ciphertext,
// as PyNaCl's SecretBox.encrypt returns it.
func (c *SecretBoxCipher) Encrypt(msg []byte) ([]byte, error) {
	var nonce [boxNonceSize]byte
	copy(nonce[:], randomBytes(boxNonceSize))
	return secretbox.Seal(nonce[:], msg, &nonce, &c.key), nil
}

// Decrypt opens nonce || ciphertext. Tampered data or another key gives an
// error matching ErrForged and no plaintext.
func (c *SecretBoxCipher) Decrypt(ct []byte) ([]byte, error) {
	if len(ct) < boxNonceSize+secretbox.Overhead {
		return nil, fmt.Errorf("secret box decrypt: %d bytes is too short for nonce and tag (%d): %w", len(ct), boxNonceSize+secretbox.Overhead, ErrForged)
	}
	var nonce [boxNonceSize]byte
	copy(nonce[:], ct[:boxNonceSize])
	pt, ok := secretbox.Open(nil, ct[boxNonceSize:], &nonce, &c.key)
	if !ok {
		return nil, fmt.Errorf("secret box decrypt: authentication failed (tampered, or another key): %w", ErrForged)
	}
	if pt == nil {
		pt = []byte{}
	}
	return pt, nil
}

// Display never shows the key.
func (c *SecretBoxCipher) Display() string { return "secret box «redacted:secretbox-key»" }

// String is Display.
func (c *SecretBoxCipher) String() string { return c.Display() }
