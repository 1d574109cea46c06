package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mccutchen/go-httpbin/v2/httpbin"
	xssh "golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/internal/awstest"
	"github.com/opsh/opsh/internal/dockertest"
	"github.com/opsh/opsh/internal/sshdtest"
)

// recordSession runs cells as a piped, recorded session and returns the
// transcript's path and text.
func recordSession(t *testing.T, env map[string]string, cells string) (string, string) {
	t.Helper()
	if code, stdout, stderr := opshRun(t, env, cells); code != 0 {
		t.Fatalf("recorded session: exit %d\n%s%s", code, stdout, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(env["OPSH_HOME"], "sessions", "*.md"))
	if len(files) != 1 {
		t.Fatalf("transcripts: %v", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return files[0], string(data)
}

// countingHTTPBin is a go-httpbin server on 127.0.0.1 that counts the
// requests it receives.
func countingHTTPBin(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	h := httpbin.New().Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func wantIn(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

// TestHTTPTargetsRecordedAndChecked records a session that reaches two
// go-httpbin origins (one named by a parameter, one by the environment)
// and replays it: against the same origins it runs; an origin reached
// otherwise stops the replay before its request, with both origins named,
// until --allow-target lets it through; one changed by -p is allowed and
// reported, and --check lists it.
func TestHTTPTargetsRecordedAndChecked(t *testing.T) {
	a, _ := countingHTTPBin(t)
	b, bHits := countingHTTPBin(t)
	c, _ := countingHTTPBin(t)
	dir := t.TempDir()
	env := map[string]string{"OPSH_HOME": filepath.Join(dir, "state"), "NO_COLOR": "1", "HOME": dir}
	t.Setenv("OPSH_TEST_ORIGIN", c.URL) // the worker's environment
	file, text := recordSession(t, env, strings.Join([]string{
		`origin := param("origin", "` + a.URL + `")`,
		`web.Get(origin + "/status/200")`,
		`web.Get(os.Getenv("OPSH_TEST_ORIGIN") + "/status/200")`,
		`web.Get(origin + "/status/201")`,
	}, "\n")+"\n")
	wantIn(t, "transcript", text,
		"\n- target http: "+a.URL+" <!-- opsh fact -->\n",
		"\n- target http: "+c.URL+" <!-- opsh fact -->\n")
	if n := strings.Count(text, "- target http: "+a.URL); n != 1 {
		t.Errorf("origin %s recorded %d times, want once", a.URL, n)
	}

	if code, _, stderr := opshRun(t, env, "", "run", "--check", file); code != 0 {
		t.Fatalf("replay against the recorded origins: exit %d\n%s", code, stderr)
	}

	t.Setenv("OPSH_TEST_ORIGIN", b.URL)
	code, stdout, stderr := opshRun(t, env, "", "run", file)
	if code != 1 {
		t.Fatalf("replay against another origin: exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	wantIn(t, "refusal", stderr, "this runbook was recorded against HTTP origin "+a.URL+", this replay reaches "+b.URL,
		"give --allow-target http:"+b.URL+" to go on")
	if n := bHits.Load(); n != 0 {
		t.Errorf("the refused origin received %d requests", n)
	}
	if strings.Contains(stdout, "201") {
		t.Errorf("cells after the refused one ran:\n%s", stdout)
	}

	code, _, stderr = opshRun(t, env, "", "run", "--check", file)
	if code != 1 {
		t.Fatalf("--check against another origin: exit %d, want 1\n%s", code, stderr)
	}
	wantIn(t, "--check report", stderr, "opsh run: targets that differ from the recorded ones:\n  cell 3 refused: target differs from the recorded one: this runbook was recorded against HTTP origin "+a.URL)
	t.Logf("--check against another origin:\n%s", stderr)

	if code, _, stderr := opshRun(t, env, "", "run", "--allow-target", "http:"+b.URL, file); code != 0 || bHits.Load() != 1 {
		t.Fatalf("replay with --allow-target: exit %d, %d requests to %s\n%s", code, bHits.Load(), b.URL, stderr)
	}

	t.Setenv("OPSH_TEST_ORIGIN", c.URL)
	code, _, stderr = opshRun(t, env, "", "run", "--check", file, "-p", "origin="+b.URL)
	if code != 0 {
		t.Fatalf("replay with -p origin=%s: exit %d\n%s", b.URL, code, stderr)
	}
	wantIn(t, "report", stderr, "reached http "+b.URL+" instead of the recorded http "+a.URL+": changed by -p origin="+b.URL,
		"targets that differ from the recorded ones:")
	t.Logf("--check with -p origin:\n%s", stderr)
}

// TestResetRecordedAndReplayed: a :reset is written where it happened and
// a replay does it again there, so that the cell after it fails as it did.
func TestResetRecordedAndReplayed(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"OPSH_HOME": filepath.Join(dir, "state"), "NO_COLOR": "1", "HOME": dir}
	if code, _, stderr := opshRun(t, env, "n := 59596917\nn\n:reset\nm := 1\nm + 1\n"); code != 0 {
		t.Fatalf("session: exit %d\n%s", code, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(env["OPSH_HOME"], "sessions", "*.md"))
	if len(files) != 1 {
		t.Fatalf("transcripts: %v", files)
	}
	data, _ := os.ReadFile(files[0])
	wantIn(t, "transcript", string(data), "\n- command: :reset <!-- opsh fact -->\n")
	if code, stdout, stderr := opshRun(t, env, "", "run", "--check", files[0]); code != 0 {
		t.Errorf("--check of the session: exit %d\n%s%s", code, stdout, stderr)
	}
	// A cell after the reset that uses n must fail on replay as the
	// reset made it fail in the session.
	edited := strings.Replace(string(data), "m + 1", "m + n", 1)
	path := filepath.Join(dir, "edited.md")
	if err := os.WriteFile(path, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := opshRun(t, env, "", "run", path)
	if code != 1 || !strings.Contains(stderr, "undefined: n") {
		t.Errorf("replay: exit %d, want 1 with undefined: n\n%s%s", code, stdout, stderr)
	}
	wantIn(t, "replay output", stdout, "session reset")
}

// sshKey writes a fresh ed25519 private key (OpenSSH PEM) and returns its
// path and public key.
func sshKey(t *testing.T, dir string) (string, xssh.PublicKey) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := xssh.MarshalPrivateKey(priv, "opsh test")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "id_ed25519")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, err := xssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return path, signer.PublicKey()
}

// TestSSHTargetsRecordedAndChecked records a session on a real sshd and
// replays it against a second sshd (another host key) that the user's
// known_hosts also trusts: the replay stops after the host key is seen and
// before any command, naming both keys; --allow-target lets it go on; the
// host given by -p is allowed and reported.
func TestSSHTargetsRecordedAndChecked(t *testing.T) {
	dir := t.TempDir()
	key, pub := sshKey(t, dir)
	a := sshdtest.Start(t, sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{pub}, Plain: true})
	b := sshdtest.Start(t, sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{pub}, Plain: true})
	kh := filepath.Join(dir, "known_hosts")
	if err := os.WriteFile(kh, []byte(a.HostKeyLine+"\n"+b.HostKeyLine+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"OPSH_HOME": filepath.Join(dir, "state"), "NO_COLOR": "1", "HOME": dir}
	t.Setenv("HOME", dir)
	t.Setenv("OPSH_TEST_KH", kh)
	t.Setenv("OPSH_TEST_KEY", key)
	t.Setenv("OPSH_TEST_SSH", a.User+"@"+a.Addr)
	aKey, bKey := xssh.FingerprintSHA256(a.HostKey), xssh.FingerprintSHA256(b.HostKey)
	file, text := recordSession(t, env, strings.Join([]string{
		`addr := param("addr", "` + a.User + "@" + a.Addr + `")`,
		`h := ssh.Dial(addr, ssh.KnownHosts(os.Getenv("OPSH_TEST_KH")), ssh.Key(os.Getenv("OPSH_TEST_KEY")))`,
		`h.Run("echo first").Stdout`,
		`g := ssh.Dial(os.Getenv("OPSH_TEST_SSH"), ssh.KnownHosts(os.Getenv("OPSH_TEST_KH")), ssh.Key(os.Getenv("OPSH_TEST_KEY")))`,
		`g.Run("echo second").Stdout`,
	}, "\n")+"\n")
	wantIn(t, "transcript", text, "\n- target ssh "+a.Addr+": "+aKey+" (ED25519 key, user "+a.User+") <!-- opsh fact -->\n")

	t.Setenv("OPSH_TEST_SSH", b.User+"@"+b.Addr)
	code, stdout, stderr := opshRun(t, env, "", "run", file)
	if code != 1 {
		t.Fatalf("replay against another host: exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	wantIn(t, "refusal", stderr, "this runbook was recorded against SSH host "+a.Addr+" with host key "+aKey+", this replay reaches "+b.Addr+" with host key "+bKey,
		"give --allow-target ssh:"+bKey+" to go on")
	if !strings.Contains(stdout, "first") || strings.Contains(stdout, "second") {
		t.Errorf("want the first host's command run and not the second's:\n%s", stdout)
	}

	if code, stdout, stderr := opshRun(t, env, "", "run", "--allow-target", "ssh:"+bKey, file); code != 0 || !strings.Contains(stdout, "second") {
		t.Fatalf("replay with --allow-target: exit %d\n%s%s", code, stdout, stderr)
	}

	t.Setenv("OPSH_TEST_SSH", a.User+"@"+a.Addr)
	code, _, stderr = opshRun(t, env, "", "run", "--check", file, "-p", "addr="+b.User+"@"+b.Addr)
	if code != 0 {
		t.Fatalf("replay with -p addr: exit %d\n%s", code, stderr)
	}
	wantIn(t, "report", stderr, "reached ssh "+b.Addr+" ("+bKey+") instead of the recorded ssh "+a.Addr+" ("+aKey+"): changed by -p addr="+b.User+"@"+b.Addr)
}

// TestAWSTargetsRecordedAndChecked records a session whose account STS
// names (GetCallerIdentity, before its first call) and replays it with
// the credentials of a user of another account: the replay stops before
// the EC2 call, naming both accounts, until --allow-target. AWS accounts
// cannot be had from a server that runs here (MinIO has users, no
// accounts, and no GetCallerIdentity), so this uses awstest's fake EC2
// and STS endpoint, which checks every request's signature.
func TestAWSTargetsRecordedAndChecked(t *testing.T) {
	f := awstest.NewEC2Server(t)
	f.AddUser(awstest.User{AccessKey: "AKIDBOB", SecretKey: "bob-secret-key", Account: "222233334444",
		ARN: "arn:aws:iam::222233334444:user/Bob", UserID: "AIDABOB"})
	dir := t.TempDir()
	env := map[string]string{"OPSH_HOME": filepath.Join(dir, "state"), "NO_COLOR": "1", "HOME": dir}
	t.Setenv("HOME", dir)
	t.Setenv("OPSH_TEST_AWS", f.URL)
	t.Setenv("OPSH_TEST_AK", "AKIDEXAMPLE")
	t.Setenv("OPSH_TEST_SK", awstest.Secret)
	file, text := recordSession(t, env, strings.Join([]string{
		`a := aws.Session(aws.Endpoint(os.Getenv("OPSH_TEST_AWS")), aws.Region("us-east-1"), aws.Credentials(os.Getenv("OPSH_TEST_AK"), os.Getenv("OPSH_TEST_SK")))`,
		`is := a.EC2.Instances()`,
		`len(is)`,
	}, "\n")+"\n")
	wantIn(t, "transcript", text, "\n- target aws "+f.URL+": 123456789012 (arn:aws:iam::123456789012:user/Alice, region us-east-1) <!-- opsh fact -->\n")
	calls := f.Calls("DescribeInstances")

	t.Setenv("OPSH_TEST_AK", "AKIDBOB")
	t.Setenv("OPSH_TEST_SK", "bob-secret-key")
	code, stdout, stderr := opshRun(t, env, "", "run", file)
	if code != 1 {
		t.Fatalf("replay with another account's credentials: exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	wantIn(t, "refusal", stderr, "this runbook was recorded against AWS account 123456789012 (arn:aws:iam::123456789012:user/Alice, region us-east-1), your credentials are for 222233334444",
		"give --allow-target aws:222233334444 to go on")
	if n := f.Calls("DescribeInstances"); n != calls {
		t.Errorf("DescribeInstances reached the endpoint %d times in the refused replay", n-calls)
	}
	if code, _, stderr := opshRun(t, env, "", "run", "--allow-target", "aws:222233334444", file); code != 0 || f.Calls("DescribeInstances") != calls+1 {
		t.Fatalf("replay with --allow-target: exit %d\n%s", code, stderr)
	}
}

// startEngine starts a private dockerd for the test, stopped when it ends.
func startEngine(t *testing.T) *dockertest.Engine {
	t.Helper()
	e, err := dockertest.Start(dockertest.Options{NoImage: true})
	e = dockertest.Need(t, e, err)
	t.Cleanup(e.Stop)
	return e
}

// TestDockerTargetsRecordedAndChecked records a session on a private
// dockerd and replays it against a second one: the replay reads the
// engine's ID (and data folder) before its first call and stops there,
// naming both engines, until --allow-target.
func TestDockerTargetsRecordedAndChecked(t *testing.T) {
	a, b := startEngine(t), startEngine(t)
	idOf := func(e *dockertest.Engine) string {
		out, err := e.Docker("info", "--format", "{{.ID}}@{{.DockerRootDir}}")
		if err != nil {
			t.Fatalf("docker info: %v\n%s", err, out)
		}
		return strings.TrimSpace(out)
	}
	aID, bID := idOf(a), idOf(b)
	dir := t.TempDir()
	env := map[string]string{"OPSH_HOME": filepath.Join(dir, "state"), "NO_COLOR": "1", "HOME": dir}
	t.Setenv("OPSH_TEST_DOCKER", a.Host)
	file, text := recordSession(t, env, strings.Join([]string{
		`d := docker.Connect(os.Getenv("OPSH_TEST_DOCKER"))`,
		`p := d.Ping()`,
		`p.OSType`,
	}, "\n")+"\n")
	wantIn(t, "transcript", text, "\n- target docker "+a.Host+": "+aID+" (")

	t.Setenv("OPSH_TEST_DOCKER", b.Host)
	code, stdout, stderr := opshRun(t, env, "", "run", file)
	if code != 1 {
		t.Fatalf("replay against another engine (%s, recorded %s): exit %d, want 1\n%s%s\n%s", bID, aID, code, stdout, stderr, text)
	}
	wantIn(t, "refusal", stderr, "this runbook was recorded against Docker engine "+a.Host+" with engine ID "+aID+", this replay reaches "+b.Host+" with engine ID "+bID,
		"give --allow-target docker:"+bID+" to go on")
	if code, stdout, stderr := opshRun(t, env, "", "run", "--allow-target", "docker:"+bID, file); code != 0 || !strings.Contains(stdout, "linux") {
		t.Fatalf("replay with --allow-target: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestLoadRecordedAndReplayed: a :load is written where it happened, with
// the cells it ran after it; a replay runs those cells once, from the
// transcript, even when the loaded file is gone.
func TestLoadRecordedAndReplayed(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"OPSH_HOME": filepath.Join(dir, "state"), "NO_COLOR": "1", "HOME": dir}
	part := filepath.Join(dir, "part.go")
	if err := os.WriteFile(part, []byte("b := 2\nfmt.Println(\"loaded\", a+b)\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file, text := recordSession(t, env, "a := 10\n:load "+part+"\na * b\n")
	wantIn(t, "transcript", text, "\n- command: :load "+part+" <!-- opsh fact -->\n")
	if i, j := strings.Index(text, ":load "), strings.Index(text, "b := 2"); i < 0 || j < i {
		t.Errorf("the loaded cells do not follow the :load:\n%s", text)
	}
	if err := os.Remove(part); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := opshRun(t, env, "", "run", "--check", file)
	if code != 0 {
		t.Fatalf("replay: exit %d\n%s%s", code, stdout, stderr)
	}
	if n := strings.Count(stdout, "loaded 12"); n != 1 {
		t.Errorf("the loaded cells ran %d times, want once:\n%s", n, stdout)
	}
}
