package redact

import (
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	Register("api token", []byte("s3cr3t-t0k3n"))
	for _, tc := range []struct{ in, want string }{
		{"token is s3cr3t-t0k3n.", "token is «redacted:api token»."},
		{"key AKIAIOSFODNN7EXAMPLE here", "key «redacted:aws-access-key-id» here"},
		{`aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, `aws_secret_access_key = «redacted:aws-secret-access-key»`},
		{"ghp_" + strings.Repeat("a", 36), "«redacted:github-token»"},
		{"xoxb-1234567890-abcdef", "«redacted:slack-token»"},
		{"https://alice:pw123@example.com/x", "https://alice:«redacted:url-password»@example.com/x"},
		{"Authorization: Bearer abc.def.ghi", "Authorization: Bearer «redacted:authorization»"},
		{"-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\nafter", "«redacted:private-key»\nafter"},
		{"nothing secret here: https://example.com/a:b", "nothing secret here: https://example.com/a:b"},
	} {
		if got := String(tc.in); got != tc.want {
			t.Errorf("String(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

// BenchmarkString is the cost of masking a typical output block, which the
// recorder pays twice a cell.
func BenchmarkString(b *testing.B) {
	text := strings.Repeat("Filesystem      Size  Used Avail Use% Mounted on\n/dev/vda        252G   12G   80G  13% /\n", 20)
	for i := 0; i < b.N; i++ {
		String(text)
	}
}

// A secret registered with its line breaks (a PEM key ends in one) is
// masked without them, so the lines around it stay lines.
func TestRegisterKeepsLineBreaks(t *testing.T) {
	Register("pem-key", []byte("line-one-of-key\nline-two-of-key\n"))
	Register("crlf-token", []byte("\r\ncrlf-token-value\r\n"))
	for _, tc := range []struct{ in, want string }{
		{"line-one-of-key\nline-two-of-key\n```\nnext", "«redacted:pem-key»\n```\nnext"},
		{"line-one-of-key\nline-two-of-key", "«redacted:pem-key»"},
		{"a\r\ncrlf-token-value\r\nb", "a\r\n«redacted:crlf-token»\r\nb"},
	} {
		if got := String(tc.in); got != tc.want {
			t.Errorf("String(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	before := Count()
	Register("short", []byte("ab\n\n"))
	if Count() != before {
		t.Error("a value shorter than 4 bytes once its line breaks are trimmed was registered")
	}
}

// TestTokenShapes masks the token shapes nobody registered, and leaves
// look-alikes alone.
func TestTokenShapes(t *testing.T) {
	jwt := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
	for _, tc := range []struct{ desc, in, want string }{
		{"jwt", "token=" + jwt + " ok", "token=«redacted:jwt» ok"},
		{"jwt alg none", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "«redacted:jwt»"},
		{"not a jwt", "eyJhbGciOiJIUzI1NiJ9 alone", "eyJhbGciOiJIUzI1NiJ9 alone"},
		{"slack bot", "xoxb-123456789012-abcdefghij", "«redacted:slack-token»"},
		{"slack app", "xoxa-2-123456789012-abcdef", "«redacted:slack-token»"},
		{"slack user", "SLACK=xoxp-1234567890-0987654321", "SLACK=«redacted:slack-token»"},
		{"slack refresh", "xoxr-1234567890abc", "«redacted:slack-token»"},
		{"stripe secret", "sk_live_51H8abcdEFGHijklMNOP", "«redacted:stripe-key»"},
		{"stripe restricted", "rk_live_51H8abcdEFGHijkl", "«redacted:stripe-key»"},
		{"stripe publishable key is public", "pk_live_51H8abcdEFGHijkl", "pk_live_51H8abcdEFGHijkl"},
		{"google api key", "key=AIzaSyA-1234567890abcdefghijklmnopqrstu&q=1", "key=«redacted:google-api-key»&q=1"},
		{"rsa pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----", "«redacted:private-key»"},
		{"ec pem", "a\n-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\nb", "a\n«redacted:private-key»\nb"},
		{"pkcs8 pem", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----", "«redacted:private-key»"},
		{"encrypted pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n-----END ENCRYPTED PRIVATE KEY-----", "«redacted:private-key»"},
		{"dsa pem", "-----BEGIN DSA PRIVATE KEY-----\nMIIB\n-----END DSA PRIVATE KEY-----", "«redacted:private-key»"},
		{"openssh", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----", "«redacted:private-key»"},
		{"pgp", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOY\n-----END PGP PRIVATE KEY BLOCK-----\nx", "«redacted:private-key»\nx"},
		{"ssh2", "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nP2/5\n---- END SSH2 ENCRYPTED PRIVATE KEY ----", "«redacted:private-key»"},
		{"pem cut short", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE", "«redacted:private-key»"},
		{"public key stays", "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----", "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----"},
		{"curl header", "> Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l\n> Accept: */*", "> Authorization: Basic «redacted:authorization»\n> Accept: */*"},
		{"go header map", "map[Accept:[*/*] Authorization:[Bearer abc123]]", "map[Accept:[*/*] Authorization:[Bearer «redacted:authorization»]]"},
		{"json header", `{"Authorization": "token ghx-1"}`, `{"Authorization": "token «redacted:authorization»"}`},
		{"proxy header", "Proxy-Authorization: Negotiate YIIB", "Proxy-Authorization: Negotiate «redacted:authorization»"},
		{"scheme only", "Authorization: xyz-raw-key", "Authorization: «redacted:authorization»"},
	} {
		if got := String(tc.in); got != tc.want {
			t.Errorf("%s: String(%q)\n got %q\nwant %q", tc.desc, tc.in, got, tc.want)
		}
	}
}

// TestEncodedForms masks a registered secret in its base64, hex and URL
// encodings too.
func TestEncodedForms(t *testing.T) {
	Register("db", []byte("p@ss w/rd+1?"))
	for _, tc := range []struct{ desc, in string }{
		{"plain", "pw=p@ss w/rd+1?"},
		{"base64", "pw=cEBzcyB3L3JkKzE/"},
		{"base64url", "pw=cEBzcyB3L3JkKzE_"},
		{"hex", "pw=7040737320772f72642b313f"},
		{"HEX", "pw=7040737320772F72642B313F"},
		{"query escape", "pw=p%40ss+w%2Frd%2B1%3F"},
		{"path escape", "pw=p@ss%20w%2Frd+1%3F"},
	} {
		if got, want := String(tc.in), "pw=«redacted:db»"; got != want {
			t.Errorf("%s: String(%q) = %q, want %q", tc.desc, tc.in, got, want)
		}
	}
	Register("padded", []byte("hunter22"))
	if got, want := String("aHVudGVyMjI= and aHVudGVyMjI"), "«redacted:padded» and «redacted:padded»"; got != want {
		t.Errorf("base64 with and without padding: %q, want %q", got, want)
	}
}
