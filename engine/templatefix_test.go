package engine

import (
	"context"
	"testing"
)

// TestTemplatesFollowTheSession: a template parsed once sees the methods
// and embedded fields the session declares after it was parsed, and the
// same type declared again with other methods; templates executed at once
// from goroutines give each its text.
func TestTemplatesFollowTheSession(t *testing.T) {
	e, _ := newTestEvaluator(t)
	if r := e.Eval(context.Background(), `import htmltemplate "html/template"`); r.Err != nil {
		t.Fatal(r.Err)
	}
	for _, tc := range []struct{ src, want string }{
		{`type Svc struct{ Name string }`, ""},
		{`tpl := template.Must(template.New("t").Parse("{{.FQDN}}")); render := func(v any) string { var b strings.Builder; if err := tpl.Execute(&b, v); err != nil { return err.Error() }; return b.String() }`, ""},
		{`render(Svc{"api"})`, `template: t:1:2: executing "t" at <.FQDN>: can't evaluate field FQDN in type main.Svc`},
		{`func (s Svc) FQDN() string { return s.Name + ".local" }`, ""},
		{`render(Svc{"api"})`, `api.local`},
		{`func (s Svc) FQDN() string { return s.Name + ".svc" }`, ""},
		{`render(Svc{"api"})`, `api.svc`},
		{`type Base struct{ Zone string }; type VM struct { Base; FQDN string }`, ""},
		{`render(VM{Base{"eu"}, "vm.eu"})`, `vm.eu`},
		{`other := template.Must(template.New("o").Parse("{{.Zone}}/{{.FQDN}}")); var b strings.Builder; other.Execute(&b, &VM{Base{"eu"}, "x"}); b.String()`, `eu/x`},
		{`out := make(chan string, 8); for i := range 8 { go func() { out <- render(Svc{fmt.Sprint(i)}) }() }; n := 0; for range 8 { if s := <-out; strings.HasSuffix(s, ".svc") { n++ } }; n`, `8`},
		{`h := htmltemplate.Must(htmltemplate.New("h").Parse("<p>{{.FQDN}}</p>")); var hb strings.Builder; h.Execute(&hb, Svc{"<x>"}); hb.String()`, `<p>&lt;x&gt;.svc</p>`},
	} {
		r := e.Eval(context.Background(), tc.src)
		if tc.want == "" {
			if r.Err != nil {
				t.Fatalf("%s: %v", tc.src, r.Err)
			}
			continue
		}
		if got := show(r); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.src, got, tc.want)
		}
	}
}
