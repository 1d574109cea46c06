package crypto_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/opsh/opsh/builtins/crypto"
	"github.com/opsh/opsh/internal/testenv"
)

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// TestPythonAcceptsOpsh makes tokens, boxes, signatures, password hashes,
// certificates and an SSH key here, and has Python's cryptography, PyNaCl,
// passlib, ssl and glibc's crypt(3) check them (testdata/check_opsh.py).
func TestPythonAcceptsOpsh(t *testing.T) {
	py := testenv.Python(t, "cryptography", "nacl", "passlib", "argon2", "bcrypt")
	dir := t.TempDir()
	in := map[string]any{}

	// Fernet
	key := crypto.FernetKey()
	f, err := crypto.Fernet(key)
	if err != nil {
		t.Fatal(err)
	}
	var toks []map[string]string
	for _, m := range [][]byte{[]byte("x marks the spot"), {}, bytes.Repeat([]byte{0, 0xff}, 40), []byte("snowman ☃")} {
		tok, err := f.Encrypt(m)
		if err != nil {
			t.Fatal(err)
		}
		toks = append(toks, map[string]string{"msg": b64(m), "token": tok})
	}
	oldTime := time.Now().Add(-time.Hour).Unix()
	old, err := f.EncryptAt([]byte("stale"), time.Unix(oldTime, 0))
	if err != nil {
		t.Fatal(err)
	}
	in["fernet"] = map[string]any{"key": string(key.Reveal()), "tokens": toks, "old_token": old, "old_time": oldTime}

	// Box and signing
	alice, bob := crypto.BoxKey(), crypto.BoxKey()
	msg := []byte("x marks the spot")
	ct, err := crypto.Box(alice, bob.Public()).Encrypt(msg)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := crypto.SealedBox(bob.Public(), msg)
	if err != nil {
		t.Fatal(err)
	}
	sbKey := crypto.SecretBoxKey()
	sb, err := crypto.SecretBox(sbKey)
	if err != nil {
		t.Fatal(err)
	}
	sbCT, _ := sb.Encrypt(msg)
	in["box"] = map[string]string{
		"alice_pk": b64(alice.Public().Bytes()), "bob_sk": b64(bob.Bytes()), "bob_pk": b64(bob.Public().Bytes()),
		"msg": b64(msg), "ct": b64(ct), "sealed_ct": b64(sealed),
		"secretbox_key": b64(sbKey.Reveal()), "secretbox_ct": b64(sbCT),
	}
	sg := crypto.SigningKey()
	smsg := []byte("The number you shall count is three")
	in["signing"] = map[string]string{
		"seed": b64(sg.Bytes()), "verify_key": b64(sg.VerifyKey().Bytes()), "msg": b64(smsg),
		"signed": b64(sg.Sign(smsg)), "signature": b64(sg.SignDetached(smsg)),
	}

	// Passwords: every scheme, with passwords that find edge cases.
	pw := allSchemes()
	pw.Set("argon2", "memory_cost", 1024) // fast; the format is what is checked
	pw.Set("argon2", "parallelism", 2)
	pw.Set("bcrypt", "rounds", 4)
	for _, scheme := range []string{"pbkdf2_sha1", "pbkdf2_sha256", "pbkdf2_sha512", "sha256_crypt", "sha512_crypt"} {
		pw.Set(scheme, "rounds", 1000) // Python's pbkdf2 takes 1.5 s at today's rounds
	}
	var hashes []map[string]string
	for _, scheme := range pw.Schemes() {
		for _, p := range []string{"good password", "pässwörd ünïcode", strings.Repeat("x", 100), "12345678extra"} {
			h, err := pw.HashWith(scheme, p)
			if err != nil {
				t.Fatalf("HashWith(%s): %v", scheme, err)
			}
			hashes = append(hashes, map[string]string{"scheme": scheme, "password": p, "hash": h})
		}
	}
	// des_crypt is written here: 128 more, random salts and lengths, with
	// bytes outside ASCII (crypt(3) keeps their low 7 bits).
	for i := 0; i < 128; i++ {
		p := string(crypto.RandomBytes(1 + i%12))
		p = strings.Map(func(r rune) rune {
			if r == 0 || r == utf8.RuneError {
				return 'x'
			}
			return r
		}, strings.ToValidUTF8(p, "y"))
		h, err := pw.HashWith("des_crypt", p)
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, map[string]string{"scheme": "des_crypt", "password": p, "hash": h})
	}
	policy := crypto.Passwords([]string{"argon2", "bcrypt", "pbkdf2_sha256", "sha512_crypt", "md5_crypt", "des_crypt"}, []string{"md5_crypt", "des_crypt"})
	var fresh []string
	for _, scheme := range []string{"argon2", "bcrypt", "pbkdf2_sha256", "sha512_crypt"} {
		h, err := policy.HashWith(scheme, "good password")
		if err != nil {
			t.Fatal(err)
		}
		fresh = append(fresh, h)
	}
	tuned := crypto.Passwords([]string{"bcrypt", "argon2", "pbkdf2_sha256"}, []string{"pbkdf2_sha256"})
	for _, set := range [][3]any{{"bcrypt", "rounds", 5}, {"argon2", "memory_cost", 2048}, {"argon2", "rounds", 3}, {"pbkdf2_sha256", "min_rounds", 1000}} {
		if err := tuned.Set(set[0].(string), set[1].(string), set[2]); err != nil {
			t.Fatal(err)
		}
	}
	in["passwords"] = map[string]any{
		"tuned": tuned.String(), "tuned_prefix": "$2b$05$",
		"hashes": hashes, "all_schemes": pw.Schemes(), "fresh": fresh,
		"policy": policy.String(), "schemes": policy.Schemes(), "deprecated": []string{"md5_crypt", "des_crypt"},
	}

	// X.509
	ca, err := crypto.NewCA("Ops Test CA")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ca.Issue("service.test.local", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	caPath, svcPath := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "service.pem")
	if err := ca.WritePEM(caPath); err != nil {
		t.Fatal(err)
	}
	if err := c.WritePEM(svcPath); err != nil {
		t.Fatal(err)
	}
	in["x509"] = map[string]any{"ca": caPath, "service": svcPath, "ca_name": "Ops Test CA",
		"names": []string{"service.test.local", "127.0.0.1"}, "fingerprint": c.Fingerprint()}

	// SSH
	k := crypto.SSHKey()
	k.Comment = "opsh@test"
	keyPath := filepath.Join(dir, "id_opsh")
	if err := k.WriteFiles(keyPath); err != nil {
		t.Fatal(err)
	}
	in["ssh"] = map[string]string{"private": keyPath, "authorized_key": k.AuthorizedKey()}

	input, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "testdata/check_opsh.py")
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("check_opsh.py: %v\n%s", err, stderr.String())
	}
	var results map[string]string
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("check_opsh.py output: %v\n%s", err, out)
	}
	for _, name := range []string{
		"fernet: tokens decrypt", "fernet: old token expires", "fernet: timestamp",
		"box: decrypts", "box: tampered rejected", "box: sealed", "box: secret box",
		"signing: verifies", "signing: forgery rejected",
		"passwords: policy string loads", "passwords: settings carry over", "passwords: hashes verify", "passwords: opsh's hashes need no update in passlib",
		"x509: CA", "x509: service certificate", "x509: TLS handshake with hostname check",
		"ssh: private key loads",
	} {
		got, ok := results[name]
		switch {
		case !ok:
			t.Errorf("python did not run %q", name)
		case got != "ok":
			t.Errorf("python: %s: %s", name, got)
		}
	}
	if len(results) > 17 {
		t.Errorf("python ran checks this test does not know: %v", results)
	}
}

// TestOpenSSLVerifiesCertificates checks opsh's CA and certificates with
// `openssl verify -CAfile`, for every key type, and reads them back with
// `openssl x509`.
func TestOpenSSLVerifiesCertificates(t *testing.T) {
	openssl := testenv.LookPath(t, "openssl")
	dir := t.TempDir()
	for _, kt := range []string{"", "rsa", "ed25519", "ecdsa-p384"} {
		name := kt
		if name == "" {
			name = "default"
		}
		t.Run(name, func(t *testing.T) {
			ca, err := crypto.NewCAWith(crypto.CertOptions{Names: []string{"Ops Test CA " + name}, KeyType: kt})
			if err != nil {
				t.Fatal(err)
			}
			c, err := ca.IssueWith(crypto.CertOptions{Names: []string{"service.test.local", "127.0.0.1", "::1", "*.svc.test.local"}, KeyType: kt})
			if err != nil {
				t.Fatal(err)
			}
			caPath := filepath.Join(dir, name+"-ca.pem")
			svcPath := filepath.Join(dir, name+"-service.pem")
			if err := ca.WritePEM(caPath); err != nil {
				t.Fatal(err)
			}
			if err := c.WritePEM(svcPath); err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{caPath, svcPath} {
				fi, err := os.Stat(p)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode().Perm() != 0o600 {
					t.Errorf("%s mode %v, want 0600", p, fi.Mode().Perm())
				}
			}
			run := func(args ...string) string {
				t.Helper()
				out, err := exec.Command(openssl, args...).CombinedOutput()
				if err != nil {
					t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
				}
				return string(out)
			}
			if out := run("verify", "-x509_strict", "-purpose", "sslserver", "-verify_hostname", "service.test.local", "-CAfile", caPath, svcPath); !strings.Contains(out, ": OK") {
				t.Errorf("openssl verify: %s", out)
			}
			run("verify", "-x509_strict", "-verify_ip", "127.0.0.1", "-CAfile", caPath, svcPath)
			run("verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", caPath, svcPath)
			// The key in the file is the certificate's.
			keyPub := run("pkey", "-in", svcPath, "-pubout")
			certPub := run("x509", "-in", svcPath, "-noout", "-pubkey")
			if keyPub != certPub {
				t.Errorf("key and certificate in %s do not match", svcPath)
			}
			fp := run("x509", "-in", svcPath, "-noout", "-fingerprint", "-sha256")
			if !strings.Contains(fp, c.Fingerprint()) {
				t.Errorf("openssl fingerprint %q, opsh %s", fp, c.Fingerprint())
			}
			// A certificate from another CA does not verify.
			other, _ := crypto.NewCA("Other CA")
			otherPath := filepath.Join(dir, name+"-other.pem")
			if err := other.WriteCertPEM(otherPath); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(openssl, "verify", "-CAfile", otherPath, svcPath).CombinedOutput(); err == nil {
				t.Errorf("openssl verified against an unrelated CA: %s", out)
			}
			// ReadCA gives back a CA that issues certificates openssl accepts.
			ca2, err := crypto.ReadCA(caPath)
			if err != nil {
				t.Fatal(err)
			}
			c2, err := ca2.Issue("again.test.local")
			if err != nil {
				t.Fatal(err)
			}
			p2 := filepath.Join(dir, name+"-again.pem")
			if err := c2.WriteCertPEM(p2); err != nil {
				t.Fatal(err)
			}
			run("verify", "-x509_strict", "-CAfile", caPath, p2)
		})
	}
}

// TestSSHKeygenReadsOpshKeys checks opsh's SSH keys with ssh-keygen: it
// derives the same public key and prints the same fingerprint.
func TestSSHKeygenReadsOpshKeys(t *testing.T) {
	keygen := testenv.LookPath(t, "ssh-keygen")
	dir := t.TempDir()
	ed := crypto.SSHKey()
	ed.Comment = "deploy@ci"
	rsaKey, err := crypto.SSHKeyRSA(2048)
	if err != nil {
		t.Fatal(err)
	}
	for name, k := range map[string]*crypto.SSHKeyPair{"ed25519": ed, "rsa": rsaKey} {
		path := filepath.Join(dir, "id_"+name)
		if err := k.WriteFiles(path); err != nil {
			t.Fatal(err)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", path, fi.Mode().Perm())
		}
		if fi, _ := os.Stat(path + ".pub"); fi.Mode().Perm() != 0o644 {
			t.Errorf("%s.pub mode %v, want 0644", path, fi.Mode().Perm())
		}
		out, err := exec.Command(keygen, "-y", "-f", path).CombinedOutput()
		if err != nil {
			t.Fatalf("ssh-keygen -y: %v\n%s", err, out)
		}
		if got := strings.TrimSpace(string(out)); !strings.HasPrefix(k.AuthorizedKey(), got) {
			t.Errorf("ssh-keygen -y = %q, AuthorizedKey %q", got, k.AuthorizedKey())
		}
		out, err = exec.Command(keygen, "-l", "-E", "sha256", "-f", path).CombinedOutput()
		if err != nil {
			t.Fatalf("ssh-keygen -l: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), k.Fingerprint()) || (k.Comment != "" && !strings.Contains(string(out), k.Comment)) {
			t.Errorf("ssh-keygen -l = %q, want %s and comment %q", out, k.Fingerprint(), k.Comment)
		}
		// Read back: the same key, comment included.
		back, err := crypto.ReadSSHKey(path)
		if err != nil {
			t.Fatal(err)
		}
		if back.AuthorizedKey() != k.AuthorizedKey() {
			t.Errorf("ReadSSHKey = %q, want %q", back.AuthorizedKey(), k.AuthorizedKey())
		}
		if err := k.WriteFiles(path); err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
			t.Errorf("WriteFiles over an existing key = %v, want a refusal", err)
		}
	}
	if d := ed.Display(); strings.Contains(d, "PRIVATE") || !strings.Contains(d, ed.Fingerprint()) {
		t.Errorf("Display = %q", d)
	}
	if _, err := crypto.SSHKeyRSA(1024); err == nil {
		t.Error("1024-bit RSA accepted")
	}
	// An encrypted key gets a clear error.
	enc := filepath.Join(dir, "id_enc")
	if out, err := exec.Command(keygen, "-q", "-t", "ed25519", "-N", "passphrase", "-f", enc).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	if _, err := crypto.ReadSSHKey(enc); err == nil || !strings.Contains(err.Error(), "passphrase") {
		t.Errorf("ReadSSHKey(encrypted) = %v, want a passphrase error", err)
	}
}

// TestSignCSRFromOpenSSL signs a request made by `openssl req` for a key
// openssl keeps, and has openssl verify the certificate.
func TestSignCSRFromOpenSSL(t *testing.T) {
	openssl := testenv.LookPath(t, "openssl")
	dir := t.TempDir()
	keyPath, csrPath := filepath.Join(dir, "svc.key"), filepath.Join(dir, "svc.csr")
	out, err := exec.Command(openssl, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", keyPath, "-out", csrPath,
		"-subj", "/CN=db.test.local/O=Ops", "-addext", "subjectAltName=DNS:db.test.local,IP:10.1.2.3").CombinedOutput()
	if err != nil {
		t.Fatalf("openssl req: %v\n%s", err, out)
	}
	csr, err := os.ReadFile(csrPath)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := crypto.NewCA("CSR CA")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ca.SignCSR(csr)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Names(), ","); got != "db.test.local,10.1.2.3" || c.CommonName() != "db.test.local" || c.HasKey() {
		t.Errorf("SignCSR: %s", c.Display())
	}
	caPath, certPath := filepath.Join(dir, "ca.crt"), filepath.Join(dir, "svc.crt")
	if err := ca.WriteCertPEM(caPath); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteCertPEM(certPath); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(openssl, "verify", "-x509_strict", "-verify_hostname", "db.test.local", "-CAfile", caPath, certPath).CombinedOutput(); err != nil {
		t.Errorf("openssl verify: %v\n%s", err, out)
	}
	// The certificate is for openssl's key.
	keyPub, _ := exec.Command(openssl, "pkey", "-in", keyPath, "-pubout").Output()
	certPub, _ := exec.Command(openssl, "x509", "-in", certPath, "-noout", "-pubkey").Output()
	if len(keyPub) == 0 || string(keyPub) != string(certPub) {
		t.Error("the certificate's key is not the request's")
	}
	// A request whose signature was tampered with is refused.
	block, _ := pem.Decode(csr)
	block.Bytes[len(block.Bytes)-1] ^= 1 // the signature's last byte
	if _, err := ca.SignCSR(pem.EncodeToMemory(block)); err == nil || !strings.Contains(err.Error(), "signature") {
		t.Errorf("SignCSR(tampered request) = %v, want a signature error", err)
	}
	if _, err := ca.SignCSR("no pem here"); err == nil {
		t.Error("SignCSR accepted garbage")
	}
}
