// The json idioms of a type alias without the methods: a MarshalJSON that
// adds a field, an UnmarshalJSON that sets defaults, and one that decodes a
// duration from its text through an embedded pointer to the alias.
package main

import (
	"encoding/json"
	"fmt"
	"time"
)

type Target struct {
	Host    string `json:"host"`
	Port    int    `json:"port,omitempty"`
	Retries int    `json:"retries"`
}

func (t Target) MarshalJSON() ([]byte, error) {
	type plain Target
	return json.Marshal(struct {
		plain
		Addr string `json:"addr"`
	}{plain(t), fmt.Sprintf("%s:%d", t.Host, t.Port)})
}

func (t *Target) UnmarshalJSON(b []byte) error {
	type plain Target
	if err := json.Unmarshal(b, (*plain)(t)); err != nil {
		return err
	}
	if t.Port == 0 {
		t.Port = 443
	}
	if t.Retries == 0 {
		t.Retries = 3
	}
	return nil
}

type Check struct {
	Name    string        `json:"name"`
	Every   time.Duration `json:"-"`
	Targets []Target      `json:"targets"`
}

func (c *Check) UnmarshalJSON(b []byte) error {
	type alias Check
	aux := struct {
		*alias
		Every string `json:"every"`
	}{alias: (*alias)(c)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	d, err := time.ParseDuration(aux.Every)
	if err != nil {
		return fmt.Errorf("check %s: %w", c.Name, err)
	}
	c.Every = d
	return nil
}

type Labels map[string]string

func (l Labels) String() string { return fmt.Sprint(len(l), " labels") }

type rawLabels Labels

func main() {
	b, err := json.Marshal(Target{Host: "db", Port: 5432, Retries: 1})
	fmt.Println(string(b), err)

	var c Check
	err = json.Unmarshal([]byte(`{"name":"tls","every":"90s","targets":[{"host":"a"},{"host":"b","port":8443,"retries":5}]}`), &c)
	fmt.Println(err, c.Name, c.Every, c.Targets)
	out, _ := json.Marshal(c)
	fmt.Println(string(out))

	err = json.Unmarshal([]byte(`{"name":"bad","every":"soon"}`), &c)
	fmt.Println(err)

	l := Labels{"env": "prod"}
	fmt.Println(l, rawLabels(l))
	type plainTarget Target
	var x any = plainTarget{Host: "h"}
	_, isMarshaler := x.(json.Marshaler)
	fmt.Println(isMarshaler)
}
