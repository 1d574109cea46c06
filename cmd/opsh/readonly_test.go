package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/mccutchen/go-httpbin/v2/httpbin"
	xssh "golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/builtins/aws"
	"github.com/opsh/opsh/builtins/docker"
	"github.com/opsh/opsh/internal/awstest"
	"github.com/opsh/opsh/internal/dockertest"
	"github.com/opsh/opsh/internal/sshdtest"
)

// servers are the real servers a read-only replay talks to: go-httpbin
// (counting requests by method), sshd, MinIO and a private dockerd, with
// the paths the runbook reads and writes.
type servers struct {
	web     *httptest.Server
	mu      sync.Mutex
	methods map[string]int

	sshd    *sshdtest.Server
	keyFile string
	remote  string // a file the runbook reads over SFTP
	touched string // a file the runbook's ssh command makes
	written string // a file the runbook's SFTP write makes

	minio *awstest.MinIO
	s3    *aws.S3

	engine *dockertest.Engine
	docker *docker.Client

	local          string // a file os.WriteFile makes
	touchedLocally string // a file sys.Run makes
}

// total is how many requests go-httpbin saw.
func (s *servers) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.methods {
		n += c
	}
	return n
}

// count is how many requests with method go-httpbin saw.
func (s *servers) count(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.methods[method]
}

// startServers starts every server; a missing one skips the test, or fails
// it under OPSH_REQUIRE_SERVERS=1.
func startServers(t *testing.T) *servers {
	s := &servers{methods: map[string]int{}}
	h := httpbin.New()
	s.web = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.methods[r.Method]++
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.web.Close)

	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := xssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	s.sshd = sshdtest.Start(t, sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{sshPub}, Plain: true})
	block, err := xssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s.keyFile = filepath.Join(dir, "id_ed25519")
	writeFile(t, s.keyFile, string(pem.EncodeToMemory(block)), 0o600)
	// The remote side is this machine: a folder the login user may write.
	remoteDir := t.TempDir()
	if err := os.Chmod(remoteDir, 0o777); err != nil {
		t.Fatal(err)
	}
	s.remote = filepath.Join(remoteDir, "seen.txt")
	writeFile(t, s.remote, "remote-content", 0o644)
	s.touched = filepath.Join(remoteDir, "touched")
	s.written = filepath.Join(remoteDir, "written")

	s.minio = awstest.StartMinIOTest(t)
	a, err := aws.Session(aws.Endpoint(s.minio.Endpoint), aws.Credentials(s.minio.AccessKey, s.minio.SecretKey), aws.Region("us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	s.s3 = a.S3
	if err := s.s3.CreateBucket("logs"); err != nil {
		t.Fatal(err)
	}
	if err := s.s3.Put("logs", "seen.txt", "s3-content"); err != nil {
		t.Fatal(err)
	}

	e, err := dockertest.Start(dockertest.Options{})
	s.engine = dockertest.Need(t, e, err)
	t.Cleanup(s.engine.Stop)
	if s.docker, err = docker.Connect(s.engine.Host); err != nil {
		t.Fatal(err)
	}
	local := t.TempDir()
	s.local, s.touchedLocally = filepath.Join(local, "written"), filepath.Join(local, "touched")
	return s
}

func writeFile(t *testing.T, path, data string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), mode); err != nil {
		t.Fatal(err)
	}
}

// runbook is a script that reads from and writes to every server: each
// line is a cell. The writes are the lines that say "// writes".
func (s *servers) runbook() string {
	return fmt.Sprintf(`a, _ := aws.Session(aws.Endpoint(%q), aws.Credentials(%q, %q), aws.Region("us-east-1"))
a.S3.Get("logs", "seen.txt")
a.S3.Put("logs", "a.txt", "x") // writes
a.S3.Delete("logs", "seen.txt") // writes
web.Get(%q)
web.Post(%q, "x") // writes
http.Post(%q, "text/plain", strings.NewReader("x")) // writes
h, _ := ssh.Dial(%q, ssh.Port(%d), ssh.User(%q), ssh.Key(%q), ssh.KnownHosts(%q), ssh.NoAgent())
h.Run("uptime")
h.RunArgs("cat", %q)
h.Run("touch %s") // writes
f, _ := h.SFTP()
f.ReadFile(%q)
f.WriteFile(%q, "x", 0o644) // writes
d, _ := docker.Connect(%q)
d.Images()
d.Containers(docker.All())
d.Run(%q, []string{"touch", "/x"}) // writes
os.WriteFile(%q, []byte("x"), 0o600) // writes
sys.Run("touch", %q) // writes
`, s.minio.Endpoint, s.minio.AccessKey, s.minio.SecretKey,
		s.web.URL+"/get", s.web.URL+"/post", s.web.URL+"/post",
		s.sshd.Host, s.sshd.Port, s.sshd.User, s.keyFile, s.sshd.KnownHostsFile,
		s.remote, s.touched, s.remote, s.written,
		s.engine.Host, dockertest.Image, s.local, s.touchedLocally)
}

// replay runs opsh run with args on the runbook and returns its exit
// code, stdout and stderr.
func (s *servers) replay(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	home := t.TempDir()
	file := filepath.Join(t.TempDir(), "runbook.go")
	writeFile(t, file, s.runbook(), 0o600)
	var out, errw bytes.Buffer
	getenv := func(k string) string {
		if k == "OPSH_HOME" {
			return home
		}
		return os.Getenv(k)
	}
	code := run(context.Background(), append(append([]string{"run"}, args...), file), stdio{in: strings.NewReader(""), out: &out, err: &errw}, getenv)
	return code, out.String(), errw.String()
}

// TestReadOnlyReplay replays a runbook that reads and writes against
// go-httpbin, sshd, MinIO and dockerd with opsh run --read-only
// --keep-going: every read runs, every write is refused in one line naming
// the call, and no server changed. The same runbook replayed without
// --read-only then makes every change, which shows the writes were real.
func TestReadOnlyReplay(t *testing.T) {
	s := startServers(t)
	writes := strings.Count(s.runbook(), "// writes")

	code, stdout, stderr := s.replay(t, "--read-only", "--keep-going", "--allow-command", "uptime,cat")
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	refusals := regexp.MustCompile(`(?m)refused by --read-only: .*$`).FindAllString(stderr, -1)
	for _, want := range []string{
		`S3.Put("logs", "a.txt") writes`,
		`S3.Delete("logs", "seen.txt") writes`,
		fmt.Sprintf(`web.Post(%q) sends POST`, s.web.URL+"/post"),
		fmt.Sprintf(`http.Post(%q, "text/plain", *strings.Reader) sends POST`, s.web.URL+"/post"),
		fmt.Sprintf(`Host.Run("touch %s") runs a command on %s`, s.touched, s.sshd.Host),
		fmt.Sprintf(`SFTP.WriteFile(%q) writes on %s`, s.written, s.sshd.Host),
		fmt.Sprintf(`docker.Run(%q, []string{"touch", "/x"}) changes the engine`, dockertest.Image),
		fmt.Sprintf(`os.WriteFile(%q, [1 bytes], -rw-------) writes`, s.local),
		fmt.Sprintf(`sys.Run("touch", %q) runs a program`, s.touchedLocally),
	} {
		if !strings.Contains(stderr, "refused by --read-only: "+want) {
			t.Errorf("no refusal %q in:\n%s", want, stderr)
		}
	}
	if len(refusals) != writes {
		t.Errorf("%d refusals, want %d (one per write):\n%s", len(refusals), writes, strings.Join(refusals, "\n"))
	}
	if want := fmt.Sprintf("cells ran, %d failed", writes); !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q: only the writes fail:\n%s", want, stderr)
	}
	// Every read ran: what each read shows is in the output.
	for _, want := range []string{"s3-content", "200 OK", "load average", "remote-content", "busybox"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if n := strings.Count(stdout, "remote-content"); n != 2 {
		t.Errorf("the remote file shows %d times, want 2 (cat allowed by name, and SFTP):\n%s", n, stdout)
	}
	s.checkUnchanged(t)

	code, stdout, stderr = s.replay(t, "--keep-going")
	if code != exitOK {
		t.Fatalf("the runbook without --read-only: exit %d\n%s\n%s", code, stdout, stderr)
	}
	s.checkChanged(t)
}

// checkUnchanged asserts that no write reached a server.
func (s *servers) checkUnchanged(t *testing.T) {
	t.Helper()
	if n := s.total() - s.count("GET"); n != 0 || s.count("GET") != 1 {
		t.Errorf("go-httpbin saw %v; want one GET and nothing else", s.methods)
	}
	if _, err := s.s3.Head("logs", "a.txt"); err == nil {
		t.Error("S3 object logs/a.txt exists")
	}
	if b, err := s.s3.Get("logs", "seen.txt"); err != nil || string(b) != "s3-content" {
		t.Errorf("S3 object logs/seen.txt: %q, %v; want it untouched", b, err)
	}
	cs, err := s.docker.Containers(docker.All())
	if err != nil || len(cs) != 0 {
		t.Errorf("dockerd has containers %v (%v), want none", cs, err)
	}
	for _, f := range []string{s.touched, s.written, s.local, s.touchedLocally} {
		if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s exists (%v)", f, err)
		}
	}
}

// checkChanged asserts that every write of the runbook reached its server.
func (s *servers) checkChanged(t *testing.T) {
	t.Helper()
	if got := s.count("POST"); got != 2 {
		t.Errorf("go-httpbin saw %d POSTs, want 2", got)
	}
	if _, err := s.s3.Head("logs", "a.txt"); err != nil {
		t.Errorf("S3 object logs/a.txt: %v", err)
	}
	if _, err := s.s3.Head("logs", "seen.txt"); err == nil {
		t.Error("S3 object logs/seen.txt was not deleted")
	}
	if cs, err := s.docker.Containers(docker.All()); err != nil || len(cs) != 1 {
		t.Errorf("dockerd has containers %v (%v), want one", cs, err)
	}
	for _, f := range []string{s.touched, s.written, s.local, s.touchedLocally} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
}
