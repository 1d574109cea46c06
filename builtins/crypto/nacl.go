package crypto

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"

	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/nacl/box"

	"github.com/opsh/opsh/builtins/secret"
)

// ErrForged is returned when a box fails to open or a signature does not
// verify: the data was tampered with, or the keys are not the ones it was
// made with. No plaintext or message is returned with it.
var ErrForged = errors.New("forged or corrupt message")

const (
	boxNonceSize = 24
	boxKeySize   = 32
)

// BoxPrivateKey is a Curve25519 private key for public-key encryption
// (PyNaCl's nacl.public.PrivateKey). It displays as «redacted:box-key».
type BoxPrivateKey struct {
	raw [32]byte
	pub *BoxPublicKey
}

// BoxPublicKey is a Curve25519 public key (PyNaCl's nacl.public.PublicKey).
type BoxPublicKey struct {
	raw [32]byte
}

// BoxKey returns a new random Curve25519 private key, as PyNaCl's
// PrivateKey.generate().
func BoxKey() *BoxPrivateKey {
	pub, priv, err := box.GenerateKey(rand.Reader)
	if err != nil {
		panic("crypto: generating a box key: " + err.Error())
	}
	registerKey("box-key", priv[:])
	return &BoxPrivateKey{raw: *priv, pub: &BoxPublicKey{raw: *pub}}
}

// BoxKeyFrom makes a private key from its 32 raw bytes (PyNaCl's
// PrivateKey.encode()), or their hex or base64 text, given as a []byte,
// string or secret.Value.
func BoxKeyFrom(b any) (*BoxPrivateKey, error) {
	raw, err := keyBytes("box-key", b, boxKeySize)
	if err != nil {
		return nil, fmt.Errorf("box key: %w", err)
	}
	registerKey("box-key", raw)
	k := &BoxPrivateKey{}
	copy(k.raw[:], raw)
	pub, err := curve25519.X25519(raw, curve25519.Basepoint)
	if err != nil {
		return nil, fmt.Errorf("box key: %w", err)
	}
	k.pub = &BoxPublicKey{}
	copy(k.pub.raw[:], pub)
	return k, nil
}

// PublicKeyFrom makes a box public key from its 32 raw bytes (PyNaCl's
// PublicKey.encode()), or their hex or base64 text.
func PublicKeyFrom(b any) (*BoxPublicKey, error) {
	raw, err := publicBytes("box public key", b)
	if err != nil {
		return nil, err
	}
	pk := &BoxPublicKey{}
	copy(pk.raw[:], raw)
	return pk, nil
}

// publicBytes decodes 32 public bytes given raw, as hex or as base64, without
// registering them as a secret.
func publicBytes(what string, b any) ([]byte, error) {
	var s []byte
	switch x := b.(type) {
	case []byte:
		s = x
	case string:
		s = []byte(x)
	case secret.Value:
		s = x.Reveal()
	default:
		return nil, fmt.Errorf("%s: want []byte or string, got %T", what, b)
	}
	return decodeKey(what, s, 32)
}

// decodeKey is keyBytes for bytes already in hand.
func decodeKey(what string, b []byte, n int) ([]byte, error) {
	switch {
	case len(b) == n:
		return append([]byte(nil), b...), nil
	case len(b) == 2*n:
		if raw, err := hex.DecodeString(string(b)); err == nil {
			return raw, nil
		}
	case len(b) == base64.StdEncoding.EncodedLen(n) || len(b) == base64.RawStdEncoding.EncodedLen(n):
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
			if raw, err := enc.DecodeString(string(b)); err == nil && len(raw) == n {
				return raw, nil
			}
		}
	}
	return nil, fmt.Errorf("%s: want %d raw bytes (or %d hex digits, or base64 of %d bytes), got %d bytes", what, n, 2*n, n, len(b))
}

// Bytes returns the key's 32 raw bytes, as PyNaCl's PrivateKey.encode().
// Keep them secret.
func (k *BoxPrivateKey) Bytes() []byte { return append([]byte(nil), k.raw[:]...) }

// Public returns the key's public half, to give to peers.
func (k *BoxPrivateKey) Public() *BoxPublicKey { return k.pub }

// Secret returns the key's raw bytes as a secret.Value, for builtins that
// store secrets.
func (k *BoxPrivateKey) Secret() secret.Value { return secret.New("box-key", k.raw[:]) }

// Display shows the public key only.
func (k *BoxPrivateKey) Display() string {
	return "box private key «redacted:box-key» (public " + k.pub.Base64() + ")"
}

// String is Display.
func (k *BoxPrivateKey) String() string { return k.Display() }

// Bytes returns the key's 32 raw bytes, as PyNaCl's PublicKey.encode().
func (pk *BoxPublicKey) Bytes() []byte { return append([]byte(nil), pk.raw[:]...) }

// Base64 returns the key's raw bytes in standard base64, as PyNaCl's
// Base64Encoder writes it.
func (pk *BoxPublicKey) Base64() string { return base64.StdEncoding.EncodeToString(pk.raw[:]) }

// Display shows the key in base64.
func (pk *BoxPublicKey) Display() string { return "box public key " + pk.Base64() }

// String is Display.
func (pk *BoxPublicKey) String() string { return pk.Display() }

// Equal reports whether two public keys are the same.
func (pk *BoxPublicKey) Equal(other *BoxPublicKey) bool {
	return other != nil && bytes.Equal(pk.raw[:], other.raw[:])
}

// BoxCipher encrypts from one party to another with public-key
// authenticated encryption (PyNaCl's nacl.public.Box): what it encrypts,
// only the peer can decrypt, and the peer knows it came from us.
type BoxCipher struct {
	shared [32]byte
	err    error
}

// Box makes the box between our private key and a peer's public key. The
// peer decrypts with Box(peerPrivate, ourPublic).
func Box(sk *BoxPrivateKey, peer *BoxPublicKey) *BoxCipher {
	b := &BoxCipher{}
	switch {
	case sk == nil:
		b.err = errors.New("box: no private key")
	case peer == nil:
		b.err = errors.New("box: no peer public key")
	default:
		box.Precompute(&b.shared, &peer.raw, &sk.raw)
	}
	return b
}

// Encrypt encrypts msg with a random nonce and returns nonce || ciphertext,
// as PyNaCl's Box.encrypt returns it.
func (b *BoxCipher) Encrypt(msg []byte) ([]byte, error) {
	if b.err != nil {
		return nil, fmt.Errorf("box encrypt: %w", b.err)
	}
	var nonce [boxNonceSize]byte
	copy(nonce[:], randomBytes(boxNonceSize))
	return box.SealAfterPrecomputation(nonce[:], msg, &nonce, &b.shared), nil
}

// Decrypt opens nonce || ciphertext made by the peer's box. Tampered data,
// or a box between other keys, gives an error matching ErrForged and no
// plaintext.
func (b *BoxCipher) Decrypt(ct []byte) ([]byte, error) {
	if b.err != nil {
		return nil, fmt.Errorf("box decrypt: %w", b.err)
	}
	if len(ct) < boxNonceSize+box.Overhead {
		return nil, fmt.Errorf("box decrypt: %d bytes is too short for nonce and tag (%d): %w", len(ct), boxNonceSize+box.Overhead, ErrForged)
	}
	var nonce [boxNonceSize]byte
	copy(nonce[:], ct[:boxNonceSize])
	pt, ok := box.OpenAfterPrecomputation(nil, ct[boxNonceSize:], &nonce, &b.shared)
	if !ok {
		return nil, fmt.Errorf("box decrypt: authentication failed (tampered, or not made by this peer for this key): %w", ErrForged)
	}
	if pt == nil {
		pt = []byte{}
	}
	return pt, nil
}

// Display never shows the shared key.
func (b *BoxCipher) Display() string {
	if b.err != nil {
		return "box (" + b.err.Error() + ")"
	}
	return "box «redacted:box-shared-key»"
}

// String is Display.
func (b *BoxCipher) String() string { return b.Display() }

// SealedBox encrypts msg to a public key anonymously, as PyNaCl's
// SealedBox(pk).encrypt: only the key's owner can open it, and it carries no
// sender identity.
func SealedBox(pk *BoxPublicKey, msg []byte) ([]byte, error) {
	if pk == nil {
		return nil, errors.New("sealed box: no public key")
	}
	return box.SealAnonymous(nil, msg, &pk.raw, rand.Reader)
}

// OpenSealed opens a sealed box made for this key (PyNaCl's
// SealedBox(sk).decrypt).
func (k *BoxPrivateKey) OpenSealed(ct []byte) ([]byte, error) {
	pt, ok := box.OpenAnonymous(nil, ct, &k.pub.raw, &k.raw)
	if !ok {
		return nil, fmt.Errorf("sealed box open: authentication failed (tampered, or sealed for another key): %w", ErrForged)
	}
	if pt == nil {
		pt = []byte{}
	}
	return pt, nil
}

// Signer is an Ed25519 signing key (PyNaCl's nacl.signing.SigningKey). It
// displays as «redacted:signing-key».
type Signer struct {
	priv ed25519.PrivateKey
}

// VerifyKey is an Ed25519 public key that checks signatures (PyNaCl's
// nacl.signing.VerifyKey).
type VerifyKey struct {
	pub ed25519.PublicKey
}

// SigningKey returns a new random Ed25519 signing key, as PyNaCl's
// SigningKey.generate().
func SigningKey() *Signer {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic("crypto: generating a signing key: " + err.Error())
	}
	registerKey("signing-key", priv.Seed())
	return &Signer{priv: priv}
}

// SigningKeyFrom makes a signing key from its 32-byte seed (PyNaCl's
// SigningKey.encode()), or its hex or base64 text.
func SigningKeyFrom(seed any) (*Signer, error) {
	raw, err := keyBytes("signing-key", seed, ed25519.SeedSize)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	registerKey("signing-key", raw)
	return &Signer{priv: ed25519.NewKeyFromSeed(raw)}, nil
}

// Bytes returns the key's 32-byte seed, as PyNaCl's SigningKey.encode().
// Keep it secret.
func (s *Signer) Bytes() []byte { return append([]byte(nil), s.priv.Seed()...) }

// Secret returns the seed as a secret.Value.
func (s *Signer) Secret() secret.Value { return secret.New("signing-key", s.priv.Seed()) }

// Sign returns the 64-byte signature followed by msg, as PyNaCl's
// SigningKey.sign returns it (a SignedMessage).
func (s *Signer) Sign(msg []byte) []byte {
	sig := ed25519.Sign(s.priv, msg)
	return append(sig, msg...)
}

// SignDetached returns the 64-byte signature of msg alone (PyNaCl's
// SignedMessage.signature), to keep beside the data.
func (s *Signer) SignDetached(msg []byte) []byte { return ed25519.Sign(s.priv, msg) }

// VerifyKey returns the key's public half, to give to whoever verifies.
func (s *Signer) VerifyKey() *VerifyKey {
	return &VerifyKey{pub: append(ed25519.PublicKey(nil), s.priv.Public().(ed25519.PublicKey)...)}
}

// Display shows the verify key only.
func (s *Signer) Display() string {
	return "ed25519 signing key «redacted:signing-key» (verify key " + s.VerifyKey().Base64() + ")"
}

// String is Display.
func (s *Signer) String() string { return s.Display() }

// VerifyKeyFrom makes a verify key from its 32 raw bytes (PyNaCl's
// VerifyKey.encode()), or their hex or base64 text.
func VerifyKeyFrom(b any) (*VerifyKey, error) {
	raw, err := publicBytes("verify key", b)
	if err != nil {
		return nil, err
	}
	return &VerifyKey{pub: ed25519.PublicKey(raw)}, nil
}

// Bytes returns the key's 32 raw bytes, as PyNaCl's VerifyKey.encode().
func (vk *VerifyKey) Bytes() []byte { return append([]byte(nil), vk.pub...) }

// Base64 returns the key in standard base64.
func (vk *VerifyKey) Base64() string { return base64.StdEncoding.EncodeToString(vk.pub) }

// Verify checks a signed message (signature || message, as Sign and
// PyNaCl's SigningKey.sign make it) and returns the message. A bad
// signature gives an error matching ErrForged and no message.
func (vk *VerifyKey) Verify(signed []byte) ([]byte, error) {
	if len(signed) < ed25519.SignatureSize {
		return nil, fmt.Errorf("verify: %d bytes is shorter than a signature (%d): %w", len(signed), ed25519.SignatureSize, ErrForged)
	}
	sig, msg := signed[:ed25519.SignatureSize], signed[ed25519.SignatureSize:]
	if !ed25519.Verify(vk.pub, msg, sig) {
		return nil, fmt.Errorf("verify: signature does not match (tampered, or signed by another key): %w", ErrForged)
	}
	return append([]byte{}, msg...), nil
}

// VerifyDetached checks a detached 64-byte signature of msg (PyNaCl's
// verify_key.verify(msg, signature)).
func (vk *VerifyKey) VerifyDetached(msg, sig []byte) error {
	if len(sig) != ed25519.SignatureSize {
		return fmt.Errorf("verify: a signature is %d bytes, got %d: %w", ed25519.SignatureSize, len(sig), ErrForged)
	}
	if !ed25519.Verify(vk.pub, msg, sig) {
		return fmt.Errorf("verify: signature does not match (tampered, or signed by another key): %w", ErrForged)
	}
	return nil
}

// Equal reports whether two verify keys are the same.
func (vk *VerifyKey) Equal(other *VerifyKey) bool { return other != nil && vk.pub.Equal(other.pub) }

// Display shows the key in base64.
func (vk *VerifyKey) Display() string { return "ed25519 verify key " + vk.Base64() }

// String is Display.
func (vk *VerifyKey) String() string { return vk.Display() }
