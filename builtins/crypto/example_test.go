package crypto_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/opsh/opsh/builtins/crypto"
)

// Encrypt a value for a config file with Fernet, as Python's
// cryptography.fernet does.
func ExampleFernet() {
	k := crypto.FernetKey() // store k.Reveal() in a vault
	f, err := crypto.Fernet(k)
	if err != nil {
		panic(err)
	}
	tok, _ := f.Encrypt([]byte("x marks the spot"))
	msg, err := f.Decrypt(tok)
	fmt.Println(string(msg), err, k)
	// Output: x marks the spot <nil> «redacted:fernet-key»
}

// Encrypt to a peer with a NaCl box, as PyNaCl's Box.
func ExampleBox() {
	sk, peer := crypto.BoxKey(), crypto.BoxKey()
	ct, _ := crypto.Box(sk, peer.Public()).Encrypt([]byte("x marks the spot"))
	pt, err := crypto.Box(peer, sk.Public()).Decrypt(ct)
	fmt.Println(string(pt), err, len(ct)-len(pt)) // 24-byte nonce, 16-byte tag
	// Output: x marks the spot <nil> 40
}

// Sign a release and verify it, as PyNaCl's SigningKey.
func ExampleSigningKey() {
	sg := crypto.SigningKey()
	signed := sg.Sign([]byte("The number you shall count is three"))
	msg, err := sg.VerifyKey().Verify(signed)
	fmt.Println(string(msg), err)
	// Output: The number you shall count is three <nil>
}

// Store passwords as passlib's CryptContext does, and upgrade old hashes as
// users log in.
func ExamplePasswords() {
	pw := crypto.Passwords([]string{"argon2", "bcrypt", "md5_crypt", "des_crypt"}, []string{"md5_crypt", "des_crypt"})
	h, _ := pw.Hash("good password")
	ok, _ := pw.Verify("good password", h)
	fmt.Println(h[:31], ok, pw.NeedsUpdate(h))

	// A 1990s crypt(3) hash verifies, and is replaced.
	ok, newHash, _ := pw.VerifyAndUpdate("foobar", "SAEmC5UwrAl2A")
	fmt.Println(ok, newHash[:10])
	fmt.Print(pw.String())
	// Output:
	// $argon2id$v=19$m=102400,t=2,p=8 true false
	// true $argon2id$
	// [passlib]
	// schemes = argon2, bcrypt, md5_crypt, des_crypt
	// deprecated = md5_crypt, des_crypt
}

// Make a CA and a certificate for an internal service.
func ExampleNewCA() {
	dir, _ := os.MkdirTemp("", "ca")
	defer os.RemoveAll(dir)
	ca, err := crypto.NewCA("Ops Test CA")
	if err != nil {
		panic(err)
	}
	c, _ := ca.Issue("service.test.local", "127.0.0.1")
	fmt.Println(ca.WritePEM(filepath.Join(dir, "ca.pem")), c.WritePEM(filepath.Join(dir, "service.pem")))

	rc, _ := crypto.ReadCert(filepath.Join(dir, "service.pem"))
	fmt.Println(rc.Subject(), "issued by", rc.Issuer(), "for", rc.Names(), rc.Verify(ca))
	// Output:
	// <nil> <nil>
	// CN=service.test.local issued by CN=Ops Test CA for [service.test.local 127.0.0.1] <nil>
}

// Make an SSH key for a deploy job.
func ExampleSSHKey() {
	k := crypto.SSHKey()
	k.Comment = "deploy@ci"
	fmt.Println(strings.HasPrefix(k.AuthorizedKey(), "ssh-ed25519 AAAA"), strings.HasSuffix(k.AuthorizedKey(), " deploy@ci"))
	fmt.Println(k.Fingerprint()[:7], k.PrivatePEM())
	// Output:
	// true true
	// SHA256: «redacted:ssh-key»
}
