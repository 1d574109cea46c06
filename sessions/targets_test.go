package sessions

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/internal/cell"
)

// TestTargetsAndCommandsRoundTrip records targets and a :reset as the REPL
// does, reads them back where they were written, and keeps them through
// Format and Parse again.
func TestTargetsAndCommandsRoundTrip(t *testing.T) {
	targets := []cell.Target{
		{Kind: cell.KindSSH, Name: "127.0.0.1:2222", ID: "SHA256:qJ1iXbQ+x0", Detail: "ED25519 key, user deploy"},
		{Kind: cell.KindDocker, Name: "unix:///var/run/docker.sock", ID: "7TRN:IPZB:QYBB@/var/lib/docker", Detail: "web-1, Docker 27.5.1"},
		{Kind: cell.KindAWS, ID: "123456789012", Detail: "arn:aws:iam::123456789012:user/alice, region eu-west-1"},
		{Kind: cell.KindHTTP, ID: "http://[::1]:8080"},
	}
	r, err := Create(t.TempDir(), Meta{ID: "20261122-001503-a1b2", Start: t0, User: "alice", Host: "laptop", Version: "v0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.Input(1, t0, "n := 59596917"))
	must(r.Output(1, Output{Status: StatusOK}))
	for _, tg := range targets {
		must(r.Context(tg.Fact()))
	}
	must(r.Context(CommandKey, ":reset"))
	must(r.Input(2, t0, "n"))
	must(r.Output(2, Output{Status: StatusError, Text: "undefined: n"}))
	must(r.Close(t0.Add(time.Minute)))
	data, err := os.ReadFile(r.Path())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\n- target ssh 127.0.0.1:2222: SHA256:qJ1iXbQ+x0 (ED25519 key, user deploy) <!-- opsh fact -->\n") {
		t.Errorf("transcript:\n%s", data)
	}
	first, err := Parse("s.md", data)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse("s.md", Format(first))
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range []*Transcript{first, again} {
		if got := tr.Targets(); !reflect.DeepEqual(got, targets) {
			t.Errorf("Targets = %+v, want %+v", got, targets)
		}
		cmds := tr.Commands()
		if len(cmds) != 1 || cmds[0].Text != ":reset" || cmds[0].After != 1 {
			t.Errorf("Commands = %+v, want :reset after cell 1", cmds)
		}
	}
}
