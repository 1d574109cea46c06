// A status document built as map[string]any and []any, as one does for
// an ad-hoc report: values of types with MarshalText (value receiver) and
// MarshalJSON (pointer receiver), pointers to them, plain structs, a nil
// pointer, and a Marshal method that fails.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
)

type Endpoint struct {
	Host string
	Port int
}

func (e Endpoint) MarshalText() ([]byte, error) {
	return []byte(fmt.Sprintf("%s:%d", e.Host, e.Port)), nil
}

type Check struct {
	Name string
	OK   bool
}

func (c *Check) MarshalJSON() ([]byte, error) {
	state := "failing"
	if c.OK {
		state = "passing"
	}
	return json.Marshal(map[string]string{c.Name: state})
}

type Secret struct{ Value string }

func (Secret) MarshalJSON() ([]byte, error) { return nil, errors.New("secrets are not exported") }

type Host struct{ Name string }

func main() {
	var skipped *Check
	doc := map[string]any{
		"primary":  Endpoint{"db-1", 5432},
		"replica":  &Endpoint{"db-2", 5432},
		"health":   &Check{"disk", true},
		"byValue":  Check{"mem", false},
		"skipped":  skipped,
		"hosts":    []any{Host{"web-1"}, &Check{"cpu", false}, Endpoint{"cache", 6379}},
		"settings": map[string]any{"listen": Endpoint{"0.0.0.0", 8080}},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	fmt.Println(string(b), err)

	_, err = json.Marshal([]any{"token", Secret{"x"}})
	fmt.Println(err)
}
