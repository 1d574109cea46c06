// encoding/json with the program's own structs: unexported fields left
// out, embedded structs' fields promoted both ways, tags honoured, through
// Marshal, Unmarshal, an Encoder and a Decoder.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type Meta struct {
	ID      int    `json:"id"`
	Created string `json:"created,omitempty"`
}

type Host struct {
	Meta
	Name   string            `json:"name"`
	Port   int               `json:"port"`
	Labels map[string]string `json:"labels,omitempty"`
	note   string
}

type Inventory struct {
	*Meta
	Hosts []Host `json:"hosts"`
	Owner string
}

func main() {
	h := Host{Meta{7, ""}, "web-1", 22, nil, "private"}
	b, _ := json.Marshal(h)
	fmt.Println(string(b))

	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(Inventory{&Meta{ID: 1}, []Host{h}, "ops"})

	var got Host
	err := json.Unmarshal([]byte(`{"id": 9, "NAME": "db-1", "port": 5432, "note": "x", "labels": {"env": "prod"}}`), &got)
	fmt.Printf("%+v %v\n", got, err)

	dec := json.NewDecoder(strings.NewReader(`{"id": 3, "hosts": [{"name": "a", "port": 1}, {"id": 4}], "owner": "sre"} {"hosts": null}`))
	for dec.More() {
		var inv Inventory
		if err := dec.Decode(&inv); err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(inv.Meta != nil, len(inv.Hosts), inv.Owner)
		for _, h := range inv.Hosts {
			fmt.Println(h.ID, h.Name, h.Port)
		}
	}

	strict := json.NewDecoder(strings.NewReader(`{"name": "x", "extra": 1}`))
	strict.DisallowUnknownFields()
	fmt.Println(strict.Decode(&got))
	fmt.Println(json.Unmarshal([]byte(`[1, 2]`), &got) != nil)
}
