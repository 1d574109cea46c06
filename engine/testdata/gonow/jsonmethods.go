// Types whose MarshalJSON, MarshalText, UnmarshalJSON or UnmarshalText
// methods encoding/json calls though reflect does not know them (type
// State int is an int to it): as fields of structs, in slices and maps,
// and given to json itself.
package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

type State int

const (
	Stopped State = iota
	Running
)

func (s State) String() string { return [...]string{"stopped", "running"}[s] }

func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

func (s *State) UnmarshalText(b []byte) error {
	switch string(b) {
	case "running":
		*s = Running
	case "stopped":
		*s = Stopped
	default:
		return fmt.Errorf("unknown state %q", b)
	}
	return nil
}

// Millis is written as a number of milliseconds with a unit.
type Millis int64

func (m Millis) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf(`"%dms"`, int64(m))), nil }

func (m *Millis) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	_, err := fmt.Sscanf(strings.TrimSuffix(s, "ms"), "%d", (*int64)(m))
	return err
}

type Host struct {
	Name    string           `json:"name"`
	State   State            `json:"state"`
	Tags    []string         `json:"tags,omitempty"`
	Latency Millis           `json:"latency"`
	History []State          `json:"history,omitempty"`
	Checks  map[string]State `json:"checks,omitempty"`
	Last    *State           `json:"last"`
}

func main() {
	hs := []Host{{Name: "web-2", State: Running, Latency: 12}, {Name: "web-1", Tags: []string{"a"}, History: []State{Running, Stopped}}}
	sort.Slice(hs, func(i, j int) bool { return hs[i].Name < hs[j].Name })
	b, err := json.Marshal(hs)
	fmt.Println(string(b), err)
	var back []Host
	err = json.Unmarshal([]byte(`[{"name":"x","state":"running","latency":"40ms","history":["stopped"],"checks":{"disk":"running"},"last":"stopped"}]`), &back)
	fmt.Println(err, back[0].State, back[0].Latency, back[0].History, back[0].Checks, *back[0].Last)
	err = json.Unmarshal([]byte(`[{"state":"sideways"}]`), &back)
	fmt.Println(err)
	b, _ = json.Marshal(map[State]int{Running: 1})
	fmt.Println(string(b))
	b, _ = json.Marshal([]State{Stopped, Running})
	fmt.Println(string(b))
	var s State
	fmt.Println(json.Unmarshal([]byte(`"running"`), &s), s)
	var ss []State
	fmt.Println(json.Unmarshal([]byte(`["running","stopped"]`), &ss), ss)
	b, _ = json.MarshalIndent(Host{Name: "db", Latency: 3}, "", " ")
	fmt.Println(string(b))
}
