package engine

import (
	"strings"
	"testing"

	"github.com/opsh/opsh/internal/cell"
)

func TestTargetJudge(t *testing.T) {
	recorded := []cell.Target{
		{Kind: cell.KindSSH, Name: "127.0.0.1:2201", ID: "SHA256:aaa"},
		{Kind: cell.KindAWS, ID: "111122223333", Detail: "arn:aws:iam::111122223333:user/Alice, region us-east-1"},
		{Kind: cell.KindHTTP, ID: "http://127.0.0.1:8001"},
	}
	check := &TargetCheck{Recorded: recorded}
	withP := &TargetCheck{Recorded: recorded, Changed: []ParamChanged{{Name: "addr", From: "deploy@127.0.0.1:2201", To: "deploy@127.0.0.1:2202"}, {Name: "port", From: "8001", To: "8002"}}}
	allow := &TargetCheck{Recorded: recorded, Allowed: []string{"aws:222233334444"}}
	tests := []struct {
		desc           string
		check          *TargetCheck
		t              cell.Target
		refused, diffs bool
		why            string
	}{
		{"same host", check, cell.Target{Kind: cell.KindSSH, Name: "127.0.0.1:2201", ID: "SHA256:aaa"}, false, false, ""},
		{"same host by another name", check, cell.Target{Kind: cell.KindSSH, Name: "localhost:2201", ID: "SHA256:aaa"}, false, false, ""},
		{"host key changed", check, cell.Target{Kind: cell.KindSSH, Name: "127.0.0.1:2201", ID: "SHA256:bbb"}, true, true,
			"this runbook was recorded against SSH host 127.0.0.1:2201 with host key SHA256:aaa, this replay reaches 127.0.0.1:2201 with host key SHA256:bbb; give --allow-target ssh:SHA256:bbb to go on"},
		{"other account", check, cell.Target{Kind: cell.KindAWS, ID: "222233334444"}, true, true,
			"this runbook was recorded against AWS account 111122223333 (arn:aws:iam::111122223333:user/Alice, region us-east-1), your credentials are for 222233334444; give --allow-target aws:222233334444 to go on"},
		{"other account allowed", allow, cell.Target{Kind: cell.KindAWS, ID: "222233334444"}, false, true, "allowed by --allow-target aws:222233334444"},
		{"host named by -p", withP, cell.Target{Kind: cell.KindSSH, Name: "127.0.0.1:2202", ID: "SHA256:ccc"}, false, true, "changed by -p addr=deploy@127.0.0.1:2202"},
		{"origin changed by -p", withP, cell.Target{Kind: cell.KindHTTP, ID: "http://127.0.0.1:8002"}, false, true, "changed by -p port=8002"},
		{"-p does not cover another origin", withP, cell.Target{Kind: cell.KindHTTP, ID: "http://127.0.0.1:9999"}, true, true, "this runbook was recorded against HTTP origin http://127.0.0.1:8001, this replay reaches http://127.0.0.1:9999"},
		{"a kind never reached", check, cell.Target{Kind: cell.KindDocker, Name: "unix:///run/d.sock", ID: "ABCD"}, true, true, "recorded without reaching any Docker engine"},
		{"no check", nil, cell.Target{Kind: cell.KindDocker, ID: "ABCD"}, false, false, ""},
	}
	for _, tt := range tests {
		v := tt.check.Judge(tt.t)
		if v.Refused != tt.refused || v.Differs != tt.diffs || !strings.Contains(v.Why, tt.why) {
			t.Errorf("%s: Judge = %+v, want refused %v, differs %v, why containing %q", tt.desc, v, tt.refused, tt.diffs, tt.why)
		}
	}
}

func TestTargetFactRoundTrip(t *testing.T) {
	for _, tg := range []cell.Target{
		{Kind: cell.KindSSH, Name: "127.0.0.1:22", ID: "SHA256:x+y/z", Detail: "ED25519 key, user deploy"},
		{Kind: cell.KindHTTP, ID: "https://[::1]:443"},
		{Kind: cell.KindDocker, Name: "unix:///var/run/docker.sock", ID: "7TRN:IPZB:QYBB", Detail: "host, Docker 27.5.1"},
	} {
		k, v := tg.Fact()
		got, ok := cell.TargetOfFact(k, v)
		if !ok || got != tg {
			t.Errorf("TargetOfFact(%q, %q) = %+v, %v; want %+v", k, v, got, ok, tg)
		}
	}
	if _, ok := cell.TargetOfFact("aws", "account 1 region x"); ok {
		t.Error("a plain fact read as a target")
	}
}

// BenchmarkReachSeen is what each web request costs the worker once its
// origin is known: the verdict against a replay's recorded targets and
// the look-up that keeps a target from being told twice.
func BenchmarkReachSeen(b *testing.B) {
	check := &TargetCheck{Recorded: []cell.Target{
		{Kind: cell.KindSSH, Name: "127.0.0.1:2201", ID: "SHA256:aaa"},
		{Kind: cell.KindAWS, ID: "111122223333"},
		{Kind: cell.KindHTTP, ID: "http://127.0.0.1:8001"},
	}}
	h := &Handler{}
	t := cell.Target{Kind: cell.KindHTTP, ID: "http://127.0.0.1:8001"}
	key, value := t.Fact()
	h.reached.Store(key+"\n"+value, true)
	b.ReportAllocs()
	for b.Loop() {
		if err := h.reach(nil, check, t); err != nil {
			b.Fatal(err)
		}
	}
}
