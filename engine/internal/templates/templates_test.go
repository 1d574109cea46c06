package templates

import (
	"runtime"
	"testing"
	"text/template"
	"time"
)

// TestWrapperHoldsNothing: one template is one wrapper while the wrapper
// is held, and a template no longer used leaves nothing in the Lender.
func TestWrapperHoldsNothing(t *testing.T) {
	l := New(nil)
	type wrapper struct{ *template.Template }
	mk := func(t *template.Template) *wrapper { return &wrapper{t} }
	inner := template.New("a")
	w := Wrapper(l, inner, mk)
	if got := Wrapper(l, inner, mk); got != w {
		t.Fatal("the same template gave two wrappers")
	}
	if Wrapper(l, (*template.Template)(nil), mk) != nil {
		t.Fatal("a nil template gave a wrapper")
	}
	for range 100 {
		Wrapper(l, template.New("b"), mk) // dropped at once
	}
	runtime.KeepAlive(w)
	inner, w = nil, nil
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		l.mu.Lock()
		n := len(l.wrappers)
		l.mu.Unlock()
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d templates no longer used are still in the Lender", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestErrorsInTheTemplatesWords: an error that quotes a rewritten step
// quotes the template's text, and names the method a call failed in.
func TestErrorsInTheTemplatesWords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`template: t:1:2: executing "t" at <_opsh_field ".Cust.Full" "Full" .Cust>: boom`, `template: t:1:2: executing "t" at <.Cust.Full>: boom`},
		{`at <_opsh_typed "$s.Level.Label" "Label" (_opsh_typed "$s.Level.Label" "Level" $s)>: x`, `at <$s.Level.Label>: x`},
		{`at <_opsh_field "say \"hi\"" "A" .>: x`, `at <say "hi">: x`},
	} {
		if got := shownSteps(tc.in); got != tc.want {
			t.Errorf("shownSteps(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
