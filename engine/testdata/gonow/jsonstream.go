// JSON as APIs send it: a stream of events, raw messages dispatched by
// kind, embedded structs, pointer fields, custom marshalers on pointers,
// and unknown fields kept in a map.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

type Meta struct {
	ID   string    `json:"id"`
	Time time.Time `json:"time"`
}

type Envelope struct {
	Meta
	Kind string          `json:"kind"`
	Data json.RawMessage `json:"data"`
}

type Deploy struct {
	Service string   `json:"service"`
	Version string   `json:"version"`
	Hosts   []string `json:"hosts,omitempty"`
}

type Alert struct {
	Name     string `json:"name"`
	Severity *int   `json:"severity,omitempty"`
	Labels   map[string]string
	Silenced bool `json:"-"`
}

type Level int

func (l *Level) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	switch strings.ToLower(s) {
	case "low":
		*l = 1
	case "high":
		*l = 3
	default:
		return fmt.Errorf("unknown level %q", s)
	}
	return nil
}

type Check struct {
	Name  string `json:"name"`
	Level Level  `json:"level"`
}

const stream = `{"id":"1","time":"2026-12-06T10:00:00Z","kind":"deploy","data":{"service":"api","version":"1.2.3","hosts":["a","b"]}}
{"id":"2","time":"2026-12-06T10:01:00Z","kind":"alert","data":{"name":"disk","severity":2,"Labels":{"host":"a"}}}
{"id":"3","time":"2026-12-06T10:02:00Z","kind":"mystery","data":{}}
`

func main() {
	dec := json.NewDecoder(strings.NewReader(stream))
	for {
		var env Envelope
		err := dec.Decode(&env)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println("decode:", err)
			break
		}
		switch env.Kind {
		case "deploy":
			var d Deploy
			json.Unmarshal(env.Data, &d)
			fmt.Println(env.ID, env.Time.Format(time.Kitchen), "deploy", d.Service, d.Version, len(d.Hosts))
		case "alert":
			var a Alert
			json.Unmarshal(env.Data, &a)
			fmt.Println(env.ID, "alert", a.Name, *a.Severity, a.Labels["host"])
		default:
			fmt.Println(env.ID, "unknown kind", env.Kind, string(env.Data))
		}
	}

	out, _ := json.Marshal(Envelope{Meta: Meta{ID: "9"}, Kind: "deploy", Data: json.RawMessage(`{"x":1}`)})
	fmt.Println(string(out))
	sev := 5
	a, _ := json.Marshal(Alert{Name: "cpu", Severity: &sev, Silenced: true})
	b, _ := json.Marshal(Alert{Name: "mem"})
	fmt.Println(string(a), string(b))

	var checks []Check
	err := json.Unmarshal([]byte(`[{"name":"db","level":"high"},{"name":"cache","level":"low"}]`), &checks)
	fmt.Println(checks, err)
	err = json.Unmarshal([]byte(`[{"name":"x","level":"purple"}]`), &checks)
	fmt.Println(err)

	var generic map[string]json.RawMessage
	json.Unmarshal([]byte(`{"b":[1,2],"a":{"k":true},"c":"s"}`), &generic)
	keys := make([]string, 0, len(generic))
	for k := range generic {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Print(k, "=", string(generic[k]), " ")
	}
	fmt.Println()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	enc.Encode(map[string]any{"z": 1, "a": []string{"<b>"}})
	fmt.Print(buf.String())
	strict := json.NewDecoder(strings.NewReader(`{"service":"api","extra":1}`))
	strict.DisallowUnknownFields()
	var d Deploy
	fmt.Println(strict.Decode(&d))
	var n json.Number
	dn := json.NewDecoder(strings.NewReader(`12345678901234567890`))
	dn.UseNumber()
	var anyv any
	dn.Decode(&anyv)
	n = anyv.(json.Number)
	fmt.Println(n.String(), len(n))
}
