package sessions

import (
	"reflect"
	"strings"
	"testing"
)

func TestParams(t *testing.T) {
	src := "host := param(\"host\", \"web-1\")\n" +
		"fmt.Println(host)\n" +
		"func port() string { return param(\"port\", \"22\") }\n" +
		"n := param(`count`)\n" +
		"name := \"dyn\"\n" +
		"x := param(name, \"ignored\")\n"
	tr, err := Parse("p.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := Params(tr)
	want := []Param{
		{Name: "host", Default: `"web-1"`, Cell: 1, Line: 1},
		{Name: "port", Default: `"22"`, Cell: 3, Line: 3},
		{Name: "count", Cell: 4, Line: 4},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Params = %+v, want %+v", got, want)
	}
	if err := CheckParams(tr, map[string]string{"host": "web-2", "count": "3"}); err != nil {
		t.Errorf("declared params rejected: %v", err)
	}
	err = CheckParams(tr, map[string]string{"hots": "web-2", "host": "x"})
	if err == nil || err.Error() != `p.go: no cell declares parameter "hots"; it declares "count", "host", "port"` {
		t.Errorf("undeclared param: %v", err)
	}
	none, _ := Parse("q.go", []byte("x := 1\n"))
	if err := CheckParams(none, map[string]string{"a": "1"}); err == nil || !strings.Contains(err.Error(), "declares no parameters") {
		t.Errorf("no params: %v", err)
	}
}

func TestFillRedacted(t *testing.T) {
	src := "db := sql.Open(\"postgres\", \"postgres://app:«redacted:url-password»@db/app\")\n" +
		"tok := `«redacted:github-token»` // «redacted:github-token» in a comment stays\n"
	tr := &Transcript{Cells: []*Cell{{N: 1, Src: src}}}
	if got, want := RedactedNames(tr), []string{"url-password", "github-token"}; !reflect.DeepEqual(got, want) {
		t.Errorf("RedactedNames = %q, want %q", got, want)
	}
	if err := CheckParams(tr, map[string]string{"github-token": "x"}); err != nil {
		t.Errorf("a redacted name is a parameter: %v", err)
	}
	got, err := Fill(src, map[string]string{"url-password": `p"w`, "github-token": "ghp_x`y"})
	if err != nil {
		t.Fatal(err)
	}
	want := "db := sql.Open(\"postgres\", \"postgres://app:p\\\"w@db/app\")\n" +
		"tok := \"ghp_x`y\" // «redacted:github-token» in a comment stays\n"
	if got != want {
		t.Errorf("Fill:\n%s\nwant:\n%s", got, want)
	}
	if _, err := Fill(src, map[string]string{"url-password": "x"}); err == nil || !strings.Contains(err.Error(), `"github-token"`) {
		t.Errorf("missing value: %v", err)
	}
}
