// Service config in JSON: tags, omitempty, embedded structs, RawMessage,
// custom (Un)MarshalJSON for a duration, MarshalIndent.
package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

type Duration struct{ time.Duration }

func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration: %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

type Common struct {
	Name  string            `json:"name"`
	Owner string            `json:"owner,omitempty"`
	Tags  map[string]string `json:"tags,omitempty"`
}

type Check struct {
	Kind   string          `json:"kind"`
	Params json.RawMessage `json:"params"`
}

type Service struct {
	Common
	Port     int      `json:"port"`
	Replicas *int     `json:"replicas,omitempty"`
	Timeout  Duration `json:"timeout"`
	Checks   []Check  `json:"checks"`
	Secret   string   `json:"-"`
	internal int
}

type HTTPParams struct {
	Path   string `json:"path"`
	Expect int    `json:"expect"`
}

const input = `[
 {"name":"api","owner":"team-a","port":8080,"replicas":3,"timeout":"1m30s",
  "checks":[{"kind":"http","params":{"path":"/healthz","expect":200}},{"kind":"tcp","params":null}],
  "tags":{"tier":"front","env":"prod"}, "unknown": true},
 {"name":"worker","port":0,"timeout":"250ms","checks":[]}
]`

func main() {
	var svcs []Service
	if err := json.Unmarshal([]byte(input), &svcs); err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, s := range svcs {
		r := "nil"
		if s.Replicas != nil {
			r = fmt.Sprint(*s.Replicas)
		}
		fmt.Printf("%s owner=%q port=%d replicas=%s timeout=%v (%.1fs) checks=%d\n",
			s.Name, s.Owner, s.Port, r, s.Timeout.Duration, s.Timeout.Seconds(), len(s.Checks))
		for _, c := range s.Checks {
			switch c.Kind {
			case "http":
				var p HTTPParams
				_ = json.Unmarshal(c.Params, &p)
				fmt.Printf("  http %+v raw=%s\n", p, c.Params)
			default:
				fmt.Printf("  %s raw=%s\n", c.Kind, string(c.Params))
			}
		}
	}
	svcs[1].Secret = "s3cr3t"
	svcs[1].Tags = map[string]string{"b": "2", "a": "1"}
	out, _ := json.MarshalIndent(svcs[1], "", "  ")
	fmt.Println(string(out))
	out, _ = json.Marshal(svcs[0])
	fmt.Println(string(out))

	var bad Service
	err := json.Unmarshal([]byte(`{"timeout":"soon"}`), &bad)
	fmt.Println("bad:", err)
	err = json.Unmarshal([]byte(`{"port":"eighty"}`), &bad)
	fmt.Println("bad:", err)
	var ute *json.UnmarshalTypeError
	if e, ok := err.(*json.UnmarshalTypeError); ok {
		ute = e
		fmt.Println("field:", ute.Field, "value:", ute.Value)
	}

	var generic map[string]any
	_ = json.Unmarshal([]byte(`{"a":1,"b":[true,"x",2.5],"c":{"d":null}}`), &generic)
	keys := make([]string, 0)
	for k := range generic {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("%s: %T %v\n", k, generic[k], generic[k])
	}
	dec := json.NewDecoder(strings.NewReader(`{"name":"x","port":1,"bogus":2}`))
	dec.DisallowUnknownFields()
	var s Service
	fmt.Println("strict:", dec.Decode(&s))
}
