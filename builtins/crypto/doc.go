// Package crypto is opsh's cryptography for operations work, byte-compatible
// with the Python libraries ops teams use: what Python's cryptography,
// PyNaCl and passlib make, it reads; what it makes, they read.
//
// # Fernet: symmetric tokens for config files
//
// A Fernet token (cryptography.fernet) is encrypted, signed and stamped
// with the time it was made:
//
//	k := crypto.FernetKey()                 // «redacted:fernet-key»; k.Reveal() to store it
//	f, err := crypto.Fernet(k)              // or the key text from Python's Fernet.generate_key()
//	tok, err := f.Encrypt([]byte("x marks the spot"))
//	msg, err := f.Decrypt(tok)              // tampered or wrong key: crypto.ErrInvalidToken
//	msg, err := f.DecryptTTL(tok, 5*time.Second)   // too old: crypto.ErrTokenExpired
//
// crypto.Fernet(newKey, oldKey) accepts tokens of either key and encrypts
// with the first, as MultiFernet; f.Rotate(tok) re-encrypts an old token.
//
// # NaCl: public-key boxes and signatures (PyNaCl)
//
//	sk := crypto.BoxKey()                   // nacl.public.PrivateKey.generate()
//	pk := sk.Public()
//	ct, err := crypto.Box(sk, peerPK).Encrypt(msg)   // nonce || ciphertext
//	pt, err := crypto.Box(peerSK, pk).Decrypt(ct)    // tampered: crypto.ErrForged
//
//	sg := crypto.SigningKey()               // nacl.signing.SigningKey.generate()
//	signed := sg.Sign(msg)                  // signature || message
//	msg, err := sg.VerifyKey().Verify(signed)
//
// Keys load from their 32 raw bytes (PyNaCl's encode()), or their hex or
// base64 text: crypto.BoxKeyFrom, PublicKeyFrom, SigningKeyFrom,
// VerifyKeyFrom. crypto.SealedBox(pk, msg) and sk.OpenSealed(ct) are
// PyNaCl's SealedBox; crypto.SecretBox(key) with crypto.SecretBoxKey() is
// its symmetric SecretBox.
//
// # Passwords: passlib's CryptContext
//
//	pw := crypto.Passwords([]string{"argon2", "bcrypt", "pbkdf2_sha256", "md5_crypt"},
//	                       []string{"md5_crypt"})
//	h, err := pw.Hash("good password")      // $argon2id$v=19$m=102400,t=2,p=8$…
//	ok, err := pw.Verify("good password", h)
//	ok, newHash, err := pw.VerifyAndUpdate("good password", storedHash)
//
// Only the first 72 bytes of a password count for bcrypt, and the first 8
// for des_crypt, as in passlib and crypt(3).
//
// Hashes are in passlib's formats exactly, and verify hashes made by
// passlib, crypt(3), htpasswd and the shadow file: argon2, bcrypt,
// pbkdf2_sha256/sha512/sha1, sha512_crypt, sha256_crypt, md5_crypt,
// apr_md5_crypt and des_crypt. NeedsUpdate flags a hash of a deprecated
// scheme or with weaker settings than the policy's. pw.String() is the
// policy in passlib's to_string() format; crypto.PasswordsFrom reads it (and
// passlib's), so policy can live in config.
//
// # X.509: a small CA for internal services
//
//	ca, err := crypto.NewCA("Ops Test CA")
//	err = ca.WritePEM("ca.pem")             // key + certificate, 0600
//	c, err := ca.Issue("service.test.local", "127.0.0.1")
//	err = c.WritePEM("service.pem")         // for nginx, haproxy: key + certificate, 0600
//	crypto.ReadCert("service.pem")          // subject, issuer, names, validity, SHA-256
//
// ca, err := crypto.ReadCA("ca.pem") loads the CA again to issue more;
// ca.SignCSR(csrPEM) certifies a key a service keeps to itself.
// crypto.FetchCert("web-1:443") reads the certificate a live server
// presents, trusted or not, and shows when it expires and whether the
// system's roots trust it.
// Keys are ECDSA P-256 unless CertOptions.KeyType says otherwise.
//
// # SSH keys
//
//	k := crypto.SSHKey()                    // ed25519, as ssh-keygen -t ed25519
//	k.AuthorizedKey()                       // "ssh-ed25519 AAAA…"
//	k.Fingerprint()                         // "SHA256:…"
//	err := k.WriteFiles("id_opsh")          // id_opsh (0600) and id_opsh.pub
//
// # Secrets
//
// Keys and passwords handed to this package are secrets (package secret):
// they display as «redacted:…», and their bytes are registered so that
// transcripts and history mask them. Files holding private keys are written
// 0600, and no Write call replaces an existing file.
package crypto
