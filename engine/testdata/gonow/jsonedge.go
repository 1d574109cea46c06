// JSON details an ops tool meets: the ",string" option, omitempty on
// every kind, field name conflicts between embedded structs, unexported
// fields, anonymous structs, MarshalJSON on a pointer receiver, and
// Unmarshal into an existing value.
package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

type Limits struct {
	CPU    float64 `json:"cpu,omitempty"`
	Memory int64   `json:"memory,string"`
}

type Meta struct {
	Name string `json:"name"`
	ID   int    `json:"id"`
}

type Owner struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

type Deploy struct {
	Meta
	Owner
	Image    string            `json:"image"`
	Replicas int               `json:"replicas,omitempty"`
	Env      map[string]string `json:"env,omitempty"`
	Args     []string          `json:"args,omitempty"`
	Limits   Limits            `json:"limits"`
	Paused   bool              `json:",omitempty"`
	Ptr      *Limits           `json:"ptr,omitempty"`
	note     string
	Any      any `json:"any"`
}

type Secret struct{ Value string }

func (s *Secret) MarshalJSON() ([]byte, error) {
	return json.Marshal(strings.Repeat("*", len(s.Value)))
}

type Vault struct {
	Items []*Secret `json:"items"`
	One   Secret    `json:"one"`
	Ref   *Secret   `json:"ref"`
}

func main() {
	d := Deploy{Meta: Meta{"api", 7}, Owner: Owner{"ana", "a@x"}, Image: "api:1.2", Limits: Limits{Memory: 512}, note: "hidden"}
	b, err := json.Marshal(d)
	fmt.Println(string(b), err)
	var back Deploy
	err = json.Unmarshal([]byte(`{"name":"n","id":3,"email":"e@x","limits":{"memory":"1024","cpu":0.5},"Paused":true,"any":[1,{"k":"v"}],"note":"x"}`), &back)
	fmt.Printf("%v %+v %q %q %v %v %q %v\n", err, back.Meta, back.Owner.Name, back.Email, back.Limits, back.Paused, back.note, back.Any)
	err = json.Unmarshal([]byte(`{"limits":{"memory":1024}}`), &back)
	fmt.Println(err)

	anon := struct {
		Host  string `json:"host"`
		Ports []int  `json:"ports"`
		Inner struct {
			On bool `json:"on"`
		} `json:"inner"`
	}{Host: "h", Ports: []int{80}}
	b, _ = json.Marshal(anon)
	fmt.Println(string(b))

	v := Vault{Items: []*Secret{{"abc"}, {"hunter2"}}, One: Secret{"xy"}, Ref: &Secret{"q"}}
	b, _ = json.Marshal(v)
	fmt.Println(string(b))
	b, _ = json.Marshal(&v)
	fmt.Println(string(b))

	cfg := Deploy{Image: "keep", Replicas: 3, Env: map[string]string{"A": "1"}}
	json.Unmarshal([]byte(`{"replicas":5,"env":{"B":"2"},"args":["x"]}`), &cfg)
	fmt.Println(cfg.Image, cfg.Replicas, len(cfg.Env), cfg.Env["A"], cfg.Env["B"], cfg.Args)

	var list []Meta
	json.Unmarshal([]byte(`[{"name":"a","id":1},{"NAME":"b","Id":2}]`), &list)
	fmt.Printf("%+v\n", list)
	var arr [2]Meta
	fmt.Println(json.Unmarshal([]byte(`[{"id":9}]`), &arr), arr)
	var mp map[string]*Meta
	json.Unmarshal([]byte(`{"x":{"id":4},"y":null}`), &mp)
	fmt.Println(len(mp), mp["x"].ID, mp["y"] == nil)
	b, _ = json.Marshal(map[string]Meta{"b": {"b", 2}, "a": {"a", 1}})
	fmt.Println(string(b))
	b, _ = json.Marshal([]any{Meta{"m", 1}, nil, 1.5, "s", []byte("hi")})
	fmt.Println(string(b))
	fmt.Println(json.Valid([]byte(`{"a":}`)), json.Unmarshal([]byte(`{"a":}`), &back))
}
