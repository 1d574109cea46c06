// Package sshsig signs and verifies data in OpenSSH's SSHSIG format, the
// format of `ssh-keygen -Y sign` and of git's SSH commit signing
// (PROTOCOL.sshsig in the OpenSSH sources), and reads the allowed signers
// files `ssh-keygen -Y verify` takes.
//
// A signature is made over a namespace and the SHA-512 (or SHA-256) digest
// of the message, so that a signature made for one purpose (a transcript,
// a commit, a file) can never be passed off for another:
//
//	armored, err := sshsig.Sign(signer, "opsh-transcript", data)
//	sig, err := sshsig.Parse(armored)
//	err = sig.Verify(data, "opsh-transcript")
//
// The signer is any ssh.Signer: a key read from a file, or one held by
// ssh-agent (see LoadSigner). An RSA key signs with rsa-sha2-512, as
// ssh-keygen does.
package sshsig

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"strings"

	"golang.org/x/crypto/ssh"
)

const (
	magic   = "SSHSIG"
	version = 1

	armorBegin = "-----BEGIN SSH SIGNATURE-----"
	armorEnd   = "-----END SSH SIGNATURE-----"
	armorWidth = 70 // base64 characters per line, as ssh-keygen writes
)

// HashSHA512 and HashSHA256 are the message digests SSHSIG allows; Sign
// uses SHA-512, as ssh-keygen does.
const (
	HashSHA512 = "sha512"
	HashSHA256 = "sha256"
)

// Signature is a parsed SSHSIG signature.
type Signature struct {
	PublicKey ssh.PublicKey // the key that signed
	Namespace string        // what the signature is for, e.g. "opsh-transcript"
	HashAlg   string        // HashSHA512 or HashSHA256
	Sig       *ssh.Signature
}

// Sign signs message for namespace and returns the armored signature
// ("-----BEGIN SSH SIGNATURE-----" ...), as ssh-keygen -Y sign writes it.
func Sign(s ssh.Signer, namespace string, message []byte) ([]byte, error) {
	d := sha512.Sum512(message)
	return SignDigest(s, namespace, HashSHA512, d[:])
}

// SignDigest signs a message of which the caller computed the digest with
// hashAlg (HashSHA512 or HashSHA256): a writer that hashes as it writes
// need not keep the message.
func SignDigest(s ssh.Signer, namespace, hashAlg string, digest []byte) ([]byte, error) {
	if namespace == "" {
		return nil, errors.New("sshsig sign: empty namespace")
	}
	if _, err := newHash(hashAlg); err != nil {
		return nil, fmt.Errorf("sshsig sign: %w", err)
	}
	data := signedData(namespace, hashAlg, digest)
	var (
		sig *ssh.Signature
		err error
	)
	if as, ok := s.(ssh.AlgorithmSigner); ok && s.PublicKey().Type() == ssh.KeyAlgoRSA {
		sig, err = as.SignWithAlgorithm(rand.Reader, data, ssh.KeyAlgoRSASHA512)
	} else {
		sig, err = s.Sign(rand.Reader, data)
	}
	if err != nil {
		return nil, fmt.Errorf("sshsig sign: %w", err)
	}
	var b bytes.Buffer
	b.WriteString(magic)
	binary.Write(&b, binary.BigEndian, uint32(version))
	writeString(&b, s.PublicKey().Marshal())
	writeString(&b, []byte(namespace))
	writeString(&b, nil) // reserved
	writeString(&b, []byte(hashAlg))
	writeString(&b, ssh.Marshal(sig))
	return armor(b.Bytes()), nil
}

// signedData is what the key signs: the magic, the namespace, a reserved
// field, the hash algorithm and the message's digest.
func signedData(namespace, hashAlg string, digest []byte) []byte {
	var b bytes.Buffer
	b.WriteString(magic)
	writeString(&b, []byte(namespace))
	writeString(&b, nil)
	writeString(&b, []byte(hashAlg))
	writeString(&b, digest)
	return b.Bytes()
}

func writeString(b *bytes.Buffer, s []byte) {
	binary.Write(b, binary.BigEndian, uint32(len(s)))
	b.Write(s)
}

func newHash(alg string) (hash.Hash, error) {
	switch alg {
	case HashSHA512:
		return sha512.New(), nil
	case HashSHA256:
		return sha256.New(), nil
	}
	return nil, fmt.Errorf("unsupported hash algorithm %q", alg)
}

func armor(blob []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(blob)
	var b strings.Builder
	b.WriteString(armorBegin + "\n")
	for len(enc) > armorWidth {
		b.WriteString(enc[:armorWidth] + "\n")
		enc = enc[armorWidth:]
	}
	b.WriteString(enc + "\n" + armorEnd + "\n")
	return []byte(b.String())
}

// Parse reads an armored signature.
func Parse(armored []byte) (*Signature, error) {
	s := strings.TrimSpace(string(armored))
	body, ok := strings.CutPrefix(s, armorBegin)
	if !ok {
		return nil, errors.New("sshsig: no " + armorBegin + " line")
	}
	body, ok = strings.CutSuffix(body, armorEnd)
	if !ok {
		return nil, errors.New("sshsig: no " + armorEnd + " line")
	}
	blob, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(body), ""))
	if err != nil {
		return nil, fmt.Errorf("sshsig: bad base64: %w", err)
	}
	return parseBlob(blob)
}

func parseBlob(blob []byte) (*Signature, error) {
	if !bytes.HasPrefix(blob, []byte(magic)) || len(blob) < len(magic)+4 {
		return nil, errors.New("sshsig: not an SSH signature")
	}
	rest := blob[len(magic):]
	if v := binary.BigEndian.Uint32(rest); v != version {
		return nil, fmt.Errorf("sshsig: unsupported version %d", v)
	}
	rest = rest[4:]
	var fields [5][]byte
	for i := range fields {
		var ok bool
		if fields[i], rest, ok = readString(rest); !ok {
			return nil, errors.New("sshsig: signature cut short")
		}
	}
	if len(rest) != 0 {
		return nil, errors.New("sshsig: trailing bytes after the signature")
	}
	pub, err := ssh.ParsePublicKey(fields[0])
	if err != nil {
		return nil, fmt.Errorf("sshsig: public key: %w", err)
	}
	sig := new(ssh.Signature)
	if err := ssh.Unmarshal(fields[4], sig); err != nil {
		return nil, fmt.Errorf("sshsig: signature: %w", err)
	}
	return &Signature{PublicKey: pub, Namespace: string(fields[1]), HashAlg: string(fields[3]), Sig: sig}, nil
}

func readString(b []byte) (s, rest []byte, ok bool) {
	if len(b) < 4 {
		return nil, nil, false
	}
	n := binary.BigEndian.Uint32(b)
	if uint64(n) > uint64(len(b)-4) {
		return nil, nil, false
	}
	return b[4 : 4+n], b[4+n:], true
}

// Verify checks that s signs message for namespace. It says nothing of
// whom the key belongs to: see AllowedSigners.
func (s *Signature) Verify(message []byte, namespace string) error {
	h, err := newHash(s.HashAlg)
	if err != nil {
		return fmt.Errorf("sshsig verify: %w", err)
	}
	h.Write(message)
	return s.VerifyDigest(h.Sum(nil), namespace)
}

// VerifyDigest is Verify for a message whose digest (with s.HashAlg) the
// caller computed.
func (s *Signature) VerifyDigest(digest []byte, namespace string) error {
	if s.Namespace != namespace {
		return fmt.Errorf("sshsig verify: signature is for namespace %q, not %q", s.Namespace, namespace)
	}
	if s.PublicKey.Type() == ssh.KeyAlgoRSA && s.Sig.Format == ssh.KeyAlgoRSA {
		return errors.New("sshsig verify: RSA signature made with SHA-1 (ssh-rsa), which SSHSIG does not accept")
	}
	if err := s.PublicKey.Verify(signedData(s.Namespace, s.HashAlg, digest), s.Sig); err != nil {
		return fmt.Errorf("sshsig verify: %w", err)
	}
	return nil
}

// Fingerprint is the signing key's SHA-256 fingerprint, as ssh-keygen -l
// shows it ("SHA256:...").
func (s *Signature) Fingerprint() string { return ssh.FingerprintSHA256(s.PublicKey) }
