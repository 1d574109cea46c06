// Decoding an API's reply into an anonymous struct, as one does for a
// one-off call: fields of types with UnmarshalText and UnmarshalJSON
// methods, a nested list of anonymous structs, a pointer to one; then a
// report marshalled from an anonymous struct, and a method's error.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

type Level int

func (l *Level) UnmarshalText(b []byte) error {
	switch strings.ToLower(string(b)) {
	case "info":
		*l = 1
	case "warn":
		*l = 2
	case "crit":
		*l = 3
	default:
		return fmt.Errorf("unknown level %q", b)
	}
	return nil
}

func (l Level) MarshalText() ([]byte, error) {
	return []byte([]string{"none", "info", "warn", "crit"}[l]), nil
}

type Window struct{ D time.Duration }

func (w *Window) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	d, err := time.ParseDuration(s)
	w.D = d
	return err
}

type Sev int

func (s Sev) MarshalText() ([]byte, error) {
	if s < 0 {
		return nil, errors.New("bad sev")
	}
	return []byte(fmt.Sprint("S", int(s))), nil
}

const reply = `{
  "service": "checkout",
  "level": "WARN",
  "window": "90s",
  "alerts": [
    {"name": "latency", "level": "crit"},
    {"name": "errors", "level": "info"}
  ],
  "owner": {"team": "payments", "level": "info"}
}`

func main() {
	var resp struct {
		Service string
		Level   Level
		Window  Window
		Alerts  []struct {
			Name  string
			Level Level
		}
		Owner *struct {
			Team  string
			Level Level
		}
	}
	if err := json.Unmarshal([]byte(reply), &resp); err != nil {
		fmt.Println("decode:", err)
		return
	}
	fmt.Println(resp.Service, int(resp.Level), resp.Window.D, resp.Owner.Team, int(resp.Owner.Level))
	for _, a := range resp.Alerts {
		fmt.Println(" ", a.Name, int(a.Level))
	}

	var bad struct{ Level Level }
	err := json.Unmarshal([]byte(`{"Level":"loud"}`), &bad)
	fmt.Println("bad level:", err)

	b, err := json.Marshal(struct {
		Service string `json:"service"`
		Level   Level  `json:"level"`
		Counts  []Level
	}{resp.Service, resp.Level, []Level{1, 3}})
	fmt.Println(string(b), err)

	_, err = json.Marshal(struct{ S Sev }{-1})
	fmt.Println(err)
	b, _ = json.MarshalIndent(struct{ S Sev }{2}, "", " ")
	fmt.Println(string(b))
}
