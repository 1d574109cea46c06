package crypto_test

import (
	"bytes"
	"testing"

	"github.com/opsh/opsh/builtins/crypto"
)

// The benchmarks mirror bench/crypto/bench.py, which times the same
// operations in Python's cryptography, PyNaCl and passlib; bench/crypto/
// compare.sh runs both and prints the ratios.

var msg1K = bytes.Repeat([]byte("opsh"), 256)

func BenchmarkFernetEncrypt1K(b *testing.B) {
	f, _ := crypto.Fernet(crypto.FernetKey())
	b.SetBytes(int64(len(msg1K)))
	for i := 0; i < b.N; i++ {
		if _, err := f.Encrypt(msg1K); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFernetDecrypt1K(b *testing.B) {
	f, _ := crypto.Fernet(crypto.FernetKey())
	tok, _ := f.Encrypt(msg1K)
	b.SetBytes(int64(len(msg1K)))
	for i := 0; i < b.N; i++ {
		if _, err := f.Decrypt(tok); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBoxEncrypt1K(b *testing.B) {
	sk, peer := crypto.BoxKey(), crypto.BoxKey()
	b.SetBytes(int64(len(msg1K)))
	for i := 0; i < b.N; i++ {
		// A new Box each time, as PyNaCl's Box(sk, pk).encrypt(msg) does.
		if _, err := crypto.Box(sk, peer.Public()).Encrypt(msg1K); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBoxDecrypt1K(b *testing.B) {
	sk, peer := crypto.BoxKey(), crypto.BoxKey()
	ct, _ := crypto.Box(sk, peer.Public()).Encrypt(msg1K)
	b.SetBytes(int64(len(msg1K)))
	for i := 0; i < b.N; i++ {
		if _, err := crypto.Box(peer, sk.Public()).Decrypt(ct); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSign1K(b *testing.B) {
	sg := crypto.SigningKey()
	for i := 0; i < b.N; i++ {
		sg.Sign(msg1K)
	}
}

func BenchmarkVerify1K(b *testing.B) {
	sg := crypto.SigningKey()
	signed, vk := sg.Sign(msg1K), sg.VerifyKey()
	for i := 0; i < b.N; i++ {
		if _, err := vk.Verify(signed); err != nil {
			b.Fatal(err)
		}
	}
}

// benchHash times hashing a password with a scheme at opsh's defaults, or
// with passlib's where given (so the two sides do the same work).
func benchHash(b *testing.B, scheme string, settings map[string]any) {
	pw := crypto.Passwords([]string{scheme}, nil)
	for k, v := range settings {
		if err := pw.Set(scheme, k, v); err != nil {
			b.Fatal(err)
		}
	}
	h, err := pw.Hash("good password")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if ok, err := pw.Verify("good password", h); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

func BenchmarkVerifyArgon2(b *testing.B) { benchHash(b, "argon2", nil) }
func BenchmarkVerifyBcrypt(b *testing.B) { benchHash(b, "bcrypt", nil) }
func BenchmarkVerifyPBKDF2SHA256(b *testing.B) {
	benchHash(b, "pbkdf2_sha256", map[string]any{"rounds": 29000})
}
func BenchmarkVerifySHA512Crypt(b *testing.B) { benchHash(b, "sha512_crypt", nil) }
func BenchmarkVerifyMD5Crypt(b *testing.B)    { benchHash(b, "md5_crypt", nil) }
func BenchmarkVerifyDESCrypt(b *testing.B)    { benchHash(b, "des_crypt", nil) }

func BenchmarkNewCA(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := crypto.NewCA("Bench CA"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIssue(b *testing.B) {
	ca, _ := crypto.NewCA("Bench CA")
	for i := 0; i < b.N; i++ {
		if _, err := ca.Issue("service.test.local", "127.0.0.1"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSSHKey(b *testing.B) {
	for i := 0; i < b.N; i++ {
		crypto.SSHKey().AuthorizedKey()
	}
}
