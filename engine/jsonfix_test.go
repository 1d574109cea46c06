package engine

import (
	"context"
	"testing"
)

// TestJSONOfTheSessionsStructs: json.Marshal of the session's own structs
// writes what Go writes: unexported fields left out, embedded structs'
// fields promoted, tags honoured, the outer struct's fields hiding
// promoted ones; and a MarshalJSON method of the session's still counts.
func TestJSONOfTheSessionsStructs(t *testing.T) {
	e, _ := newTestEvaluator(t)
	declareAll(t, e,
		`type Base struct { ID int; note string }`,
		"type Host struct {\n\tBase\n\tName string `json:\"name\"`\n\tPort int `json:\"port,omitempty\"`\n\tsecret string\n\tTags []string `json:\"tags\"`\n}",
		`type Pair struct { Base; ID string }`,
		`type Answer struct{}`,
		`func (Answer) MarshalJSON() ([]byte, error) { return []byte("42"), nil }`,
		"type Opts struct {\n\tS []int `json:\"s,omitempty\"`\n\tM map[string]int `json:\"m,omitempty\"`\n\tB Base `json:\"b,omitempty\"`\n\tZ Answer `json:\"z,omitzero\"`\n\tT time.Time `json:\"t,omitzero\"`\n\tD bool `json:\"-,\"`\n\tX bool `json:\"-\"`\n}",
		"type Window struct{ A, B int }\nfunc (w Window) IsZero() bool { return w.B <= w.A }\ntype Span struct{ From, To int }\nfunc (s *Span) IsZero() bool { return s.To == 0 }",
		"type Limits struct {\n\tW Window `json:\"w,omitzero\"`\n\tS *Span `json:\"s,omitzero\"`\n}",
	)
	checkShown(t, e, []shownCase{
		{`b, _ := json.Marshal(Host{Base{7, "n"}, "web-1", 0, "s", []string{"a"}}); string(b)`, `{"ID":7,"name":"web-1","tags":["a"]}`},
		{`b, _ := json.Marshal([]*Host{{Name: "x"}}); string(b)`, `[{"ID":0,"name":"x","tags":null}]`},
		{`b, _ := json.Marshal(map[string]Base{"k": {ID: 1}}); string(b)`, `{"k":{"ID":1}}`},
		{`b, _ := json.Marshal(Pair{Base{1, ""}, "outer"}); string(b)`, `{"ID":"outer"}`},
		{`b, _ := json.MarshalIndent(Base{ID: 2}, "", " "); string(b)`, "{\n \"ID\": 2\n}"},
		{`b, _ := json.Marshal(map[string]int{"b": 2, "a": 1}); string(b)`, `{"a":1,"b":2}`},
		{`b, _ := json.Marshal(Answer{}); string(b)`, `42`},
		{`b, _ := json.Marshal(Opts{S: []int{}, M: map[string]int{}, D: true, X: true}); string(b)`, `{"b":{"ID":0},"-":true}`},
		{`b, _ := json.Marshal(Opts{S: []int{1}, T: time.Unix(0, 0).UTC()}); string(b)`, `{"s":[1],"b":{"ID":0},"t":"1970-01-01T00:00:00Z","-":false}`},
		// omitzero asks the session's IsZero, of a value or a pointer receiver
		{`b, _ := json.Marshal([]Limits{{W: Window{5, 3}, S: &Span{1, 0}}, {W: Window{1, 2}, S: &Span{1, 2}}}); string(b)`, `[{},{"w":{"A":1,"B":2},"s":{"From":1,"To":2}}]`},
	})
}

// TestJSONIntoTheSessionsStructs: json.Unmarshal, a json.Decoder and a
// json.Encoder treat the session's structs as Go treats compiled ones:
// keys of an embedded struct's fields fill them, keys match in any case,
// unexported fields are left out both ways, DisallowUnknownFields holds.
func TestJSONIntoTheSessionsStructs(t *testing.T) {
	e, _ := newTestEvaluator(t)
	declareAll(t, e,
		`type Base struct { ID int; note string }`,
		"type Host struct {\n\tBase\n\tName string `json:\"name\"`\n\tsecret string\n}",
		`type Fleet struct { *Base; Hosts []Host }`,
		"type Limits struct {\n\tMem int64 `json:\"mem,string\"`\n\tCPU int\n\tName string\n}",
	)
	checkShown(t, e, []shownCase{
		{`var h Host; err := json.Unmarshal([]byte(` + "`" + `{"id": 3, "NAME": "web", "secret": "s", "note": "n"}` + "`" + `), &h); fmt.Sprintln(h.ID, h.Name, h.secret == "", h.note == "", err)`, "3 web true true <nil>\n"},
		{`var f Fleet; json.NewDecoder(strings.NewReader(` + "`" + `{"ID": 1, "Hosts": [{"ID": 2, "name": "a"}]}` + "`" + `)).Decode(&f); fmt.Sprintln(f.ID, f.Hosts[0].ID, f.Hosts[0].Name)`, "1 2 a\n"},
		{`d := json.NewDecoder(strings.NewReader(` + "`" + `{"name": "x", "other": 1}` + "`" + `)); d.DisallowUnknownFields(); var h Host; d.Decode(&h).Error()`, `json: unknown field "other"`},
		{`var h Host; json.Unmarshal([]byte("[1]"), &h).Error()`, `json: cannot unmarshal array into Go value of type main.Host`},
		// a struct where the JSON gives another kind: its field named
		{`var f Fleet; err := json.Unmarshal([]byte(` + "`" + `{"Hosts": [5]}` + "`" + `), &f); var te *json.UnmarshalTypeError; fmt.Sprintln(err, errors.As(err, &te))`, "json: cannot unmarshal number into Go struct field Fleet.Hosts of type main.Host true\n"},
		{`var m map[string]int; json.Unmarshal([]byte(` + "`" + `{"a": 1}` + "`" + `), &m); m["a"]`, `1`},
		// a value of the wrong type: the other fields filled, Go's error
		{`var l Limits; err := json.Unmarshal([]byte(` + "`" + `{"CPU": "x", "Name": "n", "mem": "1024"}` + "`" + `), &l); fmt.Sprintln(l.Mem, l.CPU, l.Name, err)`, "1024 0 n json: cannot unmarshal string into Go struct field Limits.CPU of type int\n"},
		{`var f Fleet; json.Unmarshal([]byte(` + "`" + `{"Hosts": [{"ID": "x"}]}` + "`" + `), &f).Error()`, `json: cannot unmarshal string into Go struct field Host.Hosts.Base.ID of type int`},
		// the offset is the whole document's, after the value, as Go's
		{`var f Fleet; err := json.Unmarshal([]byte(` + "`" + `{"Hosts": [{"ID": 1}, {"ID": "x"}]}` + "`" + `), &f); var te *json.UnmarshalTypeError; errors.As(err, &te); fmt.Sprint(te.Offset, " ", te.Struct)`, `32 Host`},
		// a key twice: the last wins
		{`var h Host; json.Unmarshal([]byte(` + "`" + `{"name": "a", "NAME": "b", "name": "c"}` + "`" + `), &h); h.Name`, `c`},
		{`var l Limits; json.Unmarshal([]byte(` + "`" + `{"mem": 5}` + "`" + `), &l).Error()`, `json: invalid use of ,string struct tag, trying to unmarshal unquoted value into int64`},
		{`var l Limits; json.Unmarshal([]byte(` + "`" + `{"mem": "abc"}` + "`" + `), &l).Error()`, `json: invalid use of ,string struct tag, trying to unmarshal "abc" into int64`},
		{`var ie *json.InvalidUnmarshalError; err := json.Unmarshal([]byte("{}"), Host{}); fmt.Sprint(err, " ", errors.As(err, &ie))`, `json: Unmarshal(non-pointer main.Host) true`},
		// ,string applies to a pointer to a number, not to a slice
		{"type Q struct {\n\tPtr *int `json:\",string\"`\n\tList []int `json:\",string\"`\n}\nn := 5\nb, _ := json.Marshal(Q{&n, []int{1}})\nvar q Q\nerr := json.Unmarshal([]byte(`{\"Ptr\":\"7\"}`), &q)\nfmt.Sprintln(string(b), *q.Ptr, err)", `{"Ptr":"5","List":[1]} 7 <nil>` + "\n"},
		// the elements a slice has are decoded into, as Go does
		{`ls := []Limits{{CPU: 1, Name: "a"}, {CPU: 2}}; json.Unmarshal([]byte(` + "`" + `[{"Name": "z"}]` + "`" + `), &ls); fmt.Sprintln(len(ls), ls[0].CPU, ls[0].Name)`, "1 1 z\n"},
		// integer keys of a map of the session's structs
		{`var m map[int]Limits; err := json.Unmarshal([]byte(` + "`" + `{"7": {"CPU": 2}}` + "`" + `), &m); fmt.Sprintln(m[7].CPU, err)`, "2 <nil>\n"},
	})
	src := `var b strings.Builder; enc := json.NewEncoder(&b); enc.SetIndent("", " "); enc.Encode([]Host{{Base{7, "n"}, "web", "s"}}); b.String()`
	if got, want := show(e.Eval(context.Background(), src)), "[\n {\n  \"ID\": 7,\n  \"name\": \"web\"\n }\n]\n"; got != want {
		t.Errorf("the Encoder wrote %q, want %q", got, want)
	}
	// HTML is escaped, unless the Encoder is told not to
	src = `var b strings.Builder; enc := json.NewEncoder(&b); enc.SetEscapeHTML(false); enc.Encode(Host{Name: "<b>"}); out, _ := json.Marshal(Host{Name: "<b>"}); b.String() + string(out)`
	if got, want := show(e.Eval(context.Background(), src)), `{"ID":0,"name":"<b>"}`+"\n"+`{"ID":0,"name":"\u003cb\u003e"}`; got != want {
		t.Errorf("the Encoder without HTML escaping and Marshal wrote %q, want %q", got, want)
	}
	// a member's error, as encoding/json words it
	src = `type N struct{ N json.Number }; _, err := json.Marshal(N{"abc"}); err.Error()`
	if got, want := show(e.Eval(context.Background(), src)), `json: invalid number literal "abc"`; got != want {
		t.Errorf("Marshal of an invalid json.Number failed with %q, want %q", got, want)
	}
}

// TestJSONMapKeysOfTextTypes: a map's keys of a type of the session's
// with MarshalText and UnmarshalText are written and read as encoding/json
// does: a key of a string type is itself on the way out, and read by
// UnmarshalText on the way in; a struct key by both methods.
func TestJSONMapKeysOfTextTypes(t *testing.T) {
	e, _ := newTestEvaluator(t)
	declareAll(t, e,
		"type Env string\nfunc (e Env) MarshalText() ([]byte, error) { return []byte(strings.ToUpper(string(e))), nil }\nfunc (e *Env) UnmarshalText(b []byte) error { *e = Env(strings.ToUpper(string(b))); return nil }",
		"type Region struct{ Cloud, Name string }\nfunc (r Region) MarshalText() ([]byte, error) { return []byte(r.Cloud + \"/\" + r.Name), nil }\nfunc (r *Region) UnmarshalText(b []byte) error { r.Cloud, r.Name, _ = strings.Cut(string(b), \"/\"); return nil }",
	)
	checkShown(t, e, []shownCase{
		{`b, _ := json.Marshal(map[Env]int{"prod": 1}); string(b)`, `{"prod":1}`},
		{`var m map[Env]int; json.Unmarshal([]byte(` + "`" + `{"dev":1}` + "`" + `), &m); fmt.Sprint(m)`, `map[DEV:1]`},
		{`b, _ := json.Marshal(map[Region]int{{"aws", "eu"}: 2}); string(b)`, `{"aws/eu":2}`},
		{`var r map[Region]int; err := json.Unmarshal([]byte(` + "`" + `{"gcp/us":3}` + "`" + `), &r); fmt.Sprint(r, err)`, `map[{gcp us}:3] <nil>`},
		// and so by an Encoder and a Decoder, as an HTTP handler writes
		// and reads them
		{`var w strings.Builder; err := json.NewEncoder(&w).Encode(map[Region]int{{"aws", "eu"}: 2}); w.String() + fmt.Sprint(err)`, "{\"aws/eu\":2}\n<nil>"},
		{`var d map[Region]int; dec := json.NewDecoder(strings.NewReader(` + "`" + `{"gcp/us":3}` + "`" + `)); dec.DisallowUnknownFields(); err := dec.Decode(&d); fmt.Sprint(d, err)`, `map[{gcp us}:3] <nil>`},
	})
}
