package secret

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/opsh/opsh/internal/redact"
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

func TestFrom(t *testing.T) {
	v, err := From("pw", "abcd1234")
	if err != nil || string(v.Reveal()) != "abcd1234" || v.Name() != "pw" {
		t.Fatalf("From string = %v, %v", v, err)
	}
	if _, err := From("pw", 42); err == nil {
		t.Fatal("From(int) gave no error")
	}
	if got, want := Redact("x abcd1234 y"), "x «redacted:pw» y"; got != want {
		t.Fatalf("Redact = %q, want %q: From did not register the value", got, want)
	}
}

func TestText(t *testing.T) {
	v := New("api", []byte("plain-text-value"))
	if got, want := v.Text(), "plain-text-value"; got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
	if got := fmt.Sprint(v); strings.Contains(got, "plain") {
		t.Errorf("String shows the plain text: %q", got)
	}
}

// Redact masks what New registered, and the token shapes nobody did.
func TestRedact(t *testing.T) {
	New("api token", []byte("s3cr3t-t0k3n"))
	for _, tc := range []struct{ in, want string }{
		{"token is s3cr3t-t0k3n.", "token is «redacted:api token»."},
		{"key AKIAIOSFODNN7EXAMPLE here", "key «redacted:aws-access-key-id» here"},
	} {
		if got := Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

// Prompt reads with the prompter the front-end installed and registers
// what it reads; a prompter's error is wrapped with the label.
func TestPrompt(t *testing.T) {
	restore := redact.SetPrompter(func(label string) ([]byte, error) {
		if label == "none" {
			return nil, redact.ErrNoTerminal
		}
		return []byte("typed-" + label), nil
	})
	defer redact.SetPrompter(restore)
	v, err := Prompt("db-pass")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.String(), "«redacted:db-pass»"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := Redact("pw typed-db-pass"), "pw «redacted:db-pass»"; got != want {
		t.Errorf("Redact = %q, want %q", got, want)
	}
	if _, err := Prompt("none"); !errors.Is(err, ErrNoTerminal) || !strings.Contains(err.Error(), `secret.Prompt "none"`) {
		t.Errorf("Prompt with no terminal: %v", err)
	}
}
