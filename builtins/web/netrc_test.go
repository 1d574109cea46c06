package web_test

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/opsh/opsh/builtins/web"
	"github.com/opsh/opsh/internal/testenv"
)

// curlStatus is the status curl gets for u with --netrc-optional
// --netrc-file netrc (the file fills in what the request does not say, as
// in Python's requests; plain --netrc ignores the URL's user) and
// extra arguments.
func curlStatus(t *testing.T, netrc, u string, extra ...string) int {
	t.Helper()
	curl := testenv.LookPath(t, "curl")
	args := append([]string{"-s", "-o", "/dev/null", "-w", "%{http_code}", "--netrc-optional", "--netrc-file", netrc}, extra...)
	out, err := exec.Command(curl, append(args, u)...).Output()
	if err != nil {
		t.Fatalf("curl: %v", err)
	}
	n, _ := strconv.Atoi(string(out))
	return n
}

// TestNetrcAsCurl reads the same .netrc with curl --netrc-file and with a
// web session (NETRC), against go-httpbin's basic-auth endpoint, and
// expects the same status from both: the host's machine entry, the
// default entry, no entry for the host, quoted passwords, and credentials
// of the request's own (in the URL, or the session's BasicAuth) winning
// over the file.
func TestNetrcAsCurl(t *testing.T) {
	b := newBin(t)
	bu, _ := url.Parse(b.URL)
	host := bu.Hostname()
	cases := []struct {
		name, netrc, path string
		userInURL         string
		sessionAuth       bool
		want              int
	}{
		{"machine entry", "machine " + host + " login ann password pw-1\n", "/basic-auth/ann/pw-1", "", false, 200},
		{"other machine only", "machine example.invalid login ann password pw-1\n", "/basic-auth/ann/pw-1", "", false, 401},
		{"default entry", "machine example.invalid login x password y\ndefault login ann password pw-2\n", "/basic-auth/ann/pw-2", "", false, 200},
		{"multi-line, comment, quoted", "# ops\nmachine " + host + "\n  login ann\n  password \"pw with space\"\n", "/basic-auth/ann/pw%20with%20space", "", false, 200},
		{"user in the URL wins", "machine " + host + " login ann password pw-1\n", "/basic-auth/ann/pw-1", "ann:wrong", false, 401},
		{"session auth wins", "machine " + host + " login ann password pw-1\n", "/basic-auth/ann/pw-1", "", true, 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "netrc")
			if err := os.WriteFile(file, []byte(tc.netrc), 0o600); err != nil {
				t.Fatal(err)
			}
			t.Setenv("NETRC", file)
			u := b.URL + tc.path
			var curlArgs []string
			if tc.userInURL != "" {
				u = strings.Replace(u, "://", "://"+tc.userInURL+"@", 1)
			}
			if tc.sessionAuth {
				curlArgs = []string{"-u", "ann:wrong"}
			}
			s := web.Session()
			if tc.sessionAuth {
				s.BasicAuth("ann", "wrong")
			}
			r := must[*web.Response](t)(s.Get(u))
			curl := curlStatus(t, file, u, curlArgs...)
			if r.StatusCode != tc.want || curl != tc.want {
				t.Errorf("opsh %d, curl %d, want %d", r.StatusCode, curl, tc.want)
			}
		})
	}
}
