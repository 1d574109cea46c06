package secret

import (
	"fmt"
	"strings"
	"testing"
)

func TestValueNeverPrintsPlainText(t *testing.T) {
	v := New("db password", []byte("hunter2-very-secret"))
	for _, s := range []string{v.String(), fmt.Sprint(v), fmt.Sprintf("%v %+v %#v %s", v, v, v, v)} {
		if strings.Contains(s, "hunter2") {
			t.Fatalf("plain text shown: %q", s)
		}
	}
	if got, want := v.String(), "«redacted:db password»"; got != want {
		t.Fatalf("String() = %q, want %q", got, want)
	}
	if got, want := string(v.Reveal()), "hunter2-very-secret"; got != want {
		t.Fatalf("Reveal() = %q, want %q", got, want)
	}
}

func TestRedact(t *testing.T) {
	New("api token", []byte("s3cr3t-t0k3n"))
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
		if got := Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestFrom(t *testing.T) {
	v, err := From("pw", "abcd1234")
	if err != nil || string(v.Reveal()) != "abcd1234" || v.Name() != "pw" {
		t.Fatalf("From string = %v, %v", v, err)
	}
	if _, err := From("pw", 42); err == nil {
		t.Fatal("From(int) gave no error")
	}
	if !Contains("x abcd1234 y") {
		t.Fatal("registered value not found by Contains")
	}
}

// BenchmarkRedact is the cost of masking a typical output block, which the
// recorder pays twice a cell.
func BenchmarkRedact(b *testing.B) {
	text := strings.Repeat("Filesystem      Size  Used Avail Use% Mounted on\n/dev/vda        252G   12G   80G  13% /\n", 20)
	for i := 0; i < b.N; i++ {
		Redact(text)
	}
}

// A secret registered with its line breaks (a PEM key ends in one) is
// masked without them, so the lines around it stay lines.
func TestRegisterKeepsLineBreaks(t *testing.T) {
	New("pem-key", []byte("line-one-of-key\nline-two-of-key\n"))
	New("crlf-token", []byte("\r\ncrlf-token-value\r\n"))
	for _, tc := range []struct{ in, want string }{
		{"line-one-of-key\nline-two-of-key\n```\nnext", "«redacted:pem-key»\n```\nnext"},
		{"line-one-of-key\nline-two-of-key", "«redacted:pem-key»"},
		{"a\r\ncrlf-token-value\r\nb", "a\r\n«redacted:crlf-token»\r\nb"},
	} {
		if got := Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	before := Count()
	Register("short", []byte("ab\n\n"))
	if Count() != before {
		t.Error("a value shorter than 4 bytes once its line breaks are trimmed was registered")
	}
}
