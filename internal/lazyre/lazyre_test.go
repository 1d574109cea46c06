package lazyre

import (
	"strings"
	"testing"
)

func TestCompiledOnFirstUse(t *testing.T) {
	r := New(`(\w+)@(\w+)`)
	if got := r.FindStringSubmatch("mail root@web1 now"); len(got) != 3 || got[1] != "root" || got[2] != "web1" {
		t.Fatalf("FindStringSubmatch = %q", got)
	}
	if !r.MatchString("a@b") || r.MatchString("ab") {
		t.Fatal("MatchString disagrees with the expression")
	}
	if got := r.ReplaceAllString("a@b c@d", "$2"); got != "b d" {
		t.Fatalf("ReplaceAllString = %q", got)
	}
	if r.Re() != r.Re() {
		t.Fatal("the expression was compiled twice")
	}
}

func TestCheckFindsAnInvalidExpression(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatalf("Check before the bad expression: %v", err)
	}
	New(`(unclosed`)
	err := Check()
	if err == nil || !strings.Contains(err.Error(), "missing closing )") {
		t.Fatalf("Check = %v, want the compile error", err)
	}
}
