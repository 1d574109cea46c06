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
		// a method's result of a type with methods that is no struct
		// keeps them for the next step, and prints by its String
		{`type Bytes int64; func (b Bytes) Human() string { return fmt.Sprintf("%.1fK", float64(b)/1024) }; func (b Bytes) String() string { return fmt.Sprint(int64(b), "B") }`, ""},
		{`func (s Svc) Total() Bytes { return 1536 }`, ""},
		{`tot := template.Must(template.New("s").Parse("{{.Total}} {{.Total.Human}}")); var tb strings.Builder; err := tot.Execute(&tb, Svc{"a"}); tb.String() + fmt.Sprint(err)`, `1536B 1.5K<nil>`},
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

// TestTemplateMethodResultInProgram: in a program too, a method's result
// of a type with methods that is no struct keeps them for the next step.
func TestTemplateMethodResultInProgram(t *testing.T) {
	e, out := newTestEvaluator(t)
	const program = "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n\t\"text/template\"\n)\n\ntype Bytes int64\n\nfunc (b Bytes) Human() string { return \"1.5K\" }\n\ntype Report struct{ N int }\n\nfunc (r Report) Total() Bytes { return 1536 }\n\nfunc main() {\n\tt := template.Must(template.New(\"t\").Parse(\"{{.Total}} {{.Total.Human}}\"))\n\tvar b strings.Builder\n\terr := t.Execute(&b, Report{})\n\tfmt.Println(b.String(), err)\n}\n"
	if r := e.Eval(context.Background(), program); r.Err != nil || out.String() != "1536 1.5K <nil>\n" {
		t.Fatalf("%v, output %q", r.Err, out.String())
	}
}
