package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mccutchen/go-httpbin/v2/httpbin"
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

	if code, _, stderr := opshRun(t, env, "", "run", "--allow-target", "http:"+b.URL, file); code != 0 || bHits.Load() != 1 {
		t.Fatalf("replay with --allow-target: exit %d, %d requests to %s\n%s", code, bHits.Load(), b.URL, stderr)
	}

	t.Setenv("OPSH_TEST_ORIGIN", c.URL)
	code, _, stderr = opshRun(t, env, "", "run", "--check", file, "-p", "origin="+b.URL)
	if code != 0 {
		t.Fatalf("replay with -p origin=%s: exit %d\n%s", b.URL, code, stderr)
	}
	wantIn(t, "report", stderr, "reached http "+b.URL+" instead of the recorded http "+a.URL+": changed by -p origin="+b.URL,
		"targets differ from the recorded ones")
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
