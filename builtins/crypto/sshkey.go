package crypto

import (
	gocrypto "crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/internal/readonly"
	"github.com/opsh/opsh/internal/redact"
)

// SSHKeyPair is an SSH key pair, as ssh-keygen makes: the private key in
// OpenSSH format and the public key as an authorized_keys line. It displays
// its fingerprint and public key; the private key as «redacted:ssh-key».
type SSHKeyPair struct {
	key gocrypto.Signer
	pub ssh.PublicKey
	// Comment ends the authorized_keys line and is stored in the private
	// key, as ssh-keygen -C sets it.
	Comment string
}

// SSHKey returns a new Ed25519 SSH key pair, as `ssh-keygen -t ed25519`.
func SSHKey() *SSHKeyPair {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic("crypto: generating an ssh key: " + err.Error())
	}
	k, err := newSSHKeyPair(priv, "")
	if err != nil {
		panic("crypto: " + err.Error())
	}
	return k
}

// SSHKeyRSA returns a new RSA SSH key pair of the given size (at least 2048
// bits; 3072 when 0), for hosts too old for Ed25519.
func SSHKeyRSA(bits int) (*SSHKeyPair, error) {
	if bits == 0 {
		bits = 3072
	}
	if bits < 2048 {
		return nil, fmt.Errorf("ssh key: %d-bit RSA is too weak; use at least 2048", bits)
	}
	priv, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return nil, fmt.Errorf("ssh key: %w", err)
	}
	return newSSHKeyPair(priv, "")
}

func newSSHKeyPair(key gocrypto.Signer, comment string) (*SSHKeyPair, error) {
	pub, err := ssh.NewPublicKey(key.Public())
	if err != nil {
		return nil, fmt.Errorf("ssh key: %w", err)
	}
	k := &SSHKeyPair{key: key, pub: pub, Comment: comment}
	if pemText, err := k.marshal(); err == nil {
		redact.Register("ssh-key", pemText)
	}
	return k, nil
}

// ReadSSHKey reads an unencrypted private key file: OpenSSH format (as
// ssh-keygen writes today) or PEM (PKCS#1, PKCS#8, SEC1).
func ReadSSHKey(path string) (*SSHKeyPair, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read ssh key: %w", err)
	}
	k, err := SSHKeyFrom(data)
	if err != nil {
		return nil, fmt.Errorf("read ssh key %s: %w", path, err)
	}
	return k, nil
}

// SSHKeyFrom parses an unencrypted private key (OpenSSH or PEM text, as a
// string, []byte or secret.Value).
func SSHKeyFrom(privateKey any) (*SSHKeyPair, error) {
	s, err := secret.From("ssh-key", privateKey)
	if err != nil {
		return nil, fmt.Errorf("ssh key: %w", err)
	}
	raw, err := ssh.ParseRawPrivateKey(s.Reveal())
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		return nil, errors.New("ssh key: the key is encrypted with a passphrase; decrypt a copy with ssh-keygen -p")
	}
	if err != nil {
		return nil, fmt.Errorf("ssh key: %w", err)
	}
	var signer gocrypto.Signer
	switch k := raw.(type) {
	case *ed25519.PrivateKey:
		signer = *k
	case gocrypto.Signer:
		signer = k
	default:
		return nil, fmt.Errorf("ssh key: unsupported key %T", raw)
	}
	return newSSHKeyPair(signer, sshComment(s.Reveal()))
}

// sshComment reads the comment stored in an OpenSSH private key.
func sshComment(data []byte) string {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "OPENSSH PRIVATE KEY" {
		return ""
	}
	c, _ := opensshComment(block.Bytes)
	return c
}

// opensshComment reads the comment of the first key in an unencrypted
// openssh-key-v1 blob (x/crypto/ssh parses the key but drops it).
func opensshComment(b []byte) (string, bool) {
	const magic = "openssh-key-v1\x00"
	if !strings.HasPrefix(string(b), magic) {
		return "", false
	}
	b = b[len(magic):]
	next := func() ([]byte, bool) {
		if len(b) < 4 {
			return nil, false
		}
		n := int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3])
		if n < 0 || len(b) < 4+n {
			return nil, false
		}
		s := b[4 : 4+n]
		b = b[4+n:]
		return s, true
	}
	cipher, ok := next()
	if !ok || string(cipher) != "none" {
		return "", false
	}
	next() // kdf name
	next() // kdf options
	if len(b) < 4 {
		return "", false
	}
	b = b[4:] // number of keys
	next()    // public key
	priv, ok := next()
	if !ok || len(priv) < 8 {
		return "", false
	}
	b = priv[8:] // two check integers
	typ, ok := next()
	if !ok {
		return "", false
	}
	fields := map[string]int{"ssh-ed25519": 2, "ssh-rsa": 6, "ssh-dss": 5}[string(typ)]
	if strings.HasPrefix(string(typ), "ecdsa-sha2-") {
		fields = 3
	}
	if fields == 0 {
		return "", false
	}
	for i := 0; i < fields; i++ {
		if _, ok := next(); !ok {
			return "", false
		}
	}
	c, ok := next()
	return string(c), ok
}

// Type is the key's algorithm, as ssh names it ("ssh-ed25519", "ssh-rsa").
func (k *SSHKeyPair) Type() string { return k.pub.Type() }

func (k *SSHKeyPair) marshal() ([]byte, error) {
	block, err := ssh.MarshalPrivateKey(k.key, k.Comment)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(block), nil
}

// PrivatePEM is the private key in OpenSSH format, as a secret (Reveal gives
// the text).
func (k *SSHKeyPair) PrivatePEM() secret.Value {
	b, err := k.marshal()
	if err != nil {
		return secret.Value{}
	}
	return secret.New("ssh-key", b)
}

// AuthorizedKey is the public key as one authorized_keys line (no newline):
// "ssh-ed25519 AAAA… comment".
func (k *SSHKeyPair) AuthorizedKey() string {
	line := strings.TrimSuffix(string(ssh.MarshalAuthorizedKey(k.pub)), "\n")
	if c := strings.TrimSpace(k.Comment); c != "" {
		line += " " + c
	}
	return line
}

// Fingerprint is the public key's SHA-256 fingerprint, as ssh-keygen -l
// prints it ("SHA256:…").
func (k *SSHKeyPair) Fingerprint() string { return ssh.FingerprintSHA256(k.pub) }

// WriteFiles writes the private key to path (0600) and the public key to
// path.pub (0644), as ssh-keygen -f path does. Neither file may exist yet.
func (k *SSHKeyPair) WriteFiles(path string) error {
	if err := readonly.Check("writes", "SSHKeyPair.WriteFiles", path); err != nil {
		return err
	}
	for _, p := range []string{path, path + ".pub"} {
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("write ssh key: %s exists (refusing to overwrite; remove it first or choose another name)", p)
		}
	}
	priv, err := k.marshal()
	if err != nil {
		return fmt.Errorf("write ssh key: %w", err)
	}
	if err := writeNew(path, priv, 0o600); err != nil {
		return fmt.Errorf("write ssh key %s: %w", path, err)
	}
	if err := writeNew(path+".pub", []byte(k.AuthorizedKey()+"\n"), 0o644); err != nil {
		os.Remove(path)
		return fmt.Errorf("write ssh key %s.pub: %w", path, err)
	}
	return nil
}

// Display shows the fingerprint and the public key, never the private key.
func (k *SSHKeyPair) Display() string {
	bits := ""
	if r, ok := k.key.(*rsa.PrivateKey); ok {
		bits = fmt.Sprintf(" %d", r.N.BitLen())
	}
	return fmt.Sprintf("ssh key %s%s %s «redacted:ssh-key»\n%s", k.Type(), bits, k.Fingerprint(), k.AuthorizedKey())
}

// String is Display.
func (k *SSHKeyPair) String() string { return k.Display() }
