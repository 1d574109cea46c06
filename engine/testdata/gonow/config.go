// A service config in JSON: nested structs, tags, defaults, a custom
// duration type, validation with joined errors, and a walk over
// map[string]any.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
)

type Duration struct{ time.Duration }

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

func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

type Backend struct {
	Name    string   `json:"name"`
	URL     string   `json:"url"`
	Weight  int      `json:"weight,omitempty"`
	Timeout Duration `json:"timeout"`
}

type Config struct {
	Listen   string            `json:"listen"`
	Backends []Backend         `json:"backends"`
	Labels   map[string]string `json:"labels,omitempty"`
	Debug    bool              `json:"debug"`
	Retries  *int              `json:"retries,omitempty"`
}

func (c *Config) Validate() error {
	var errs []error
	if !strings.Contains(c.Listen, ":") {
		errs = append(errs, fmt.Errorf("listen %q: want host:port", c.Listen))
	}
	seen := map[string]bool{}
	for i, b := range c.Backends {
		if seen[b.Name] {
			errs = append(errs, fmt.Errorf("backends[%d]: duplicate name %q", i, b.Name))
		}
		seen[b.Name] = true
		if b.Timeout.Duration <= 0 {
			errs = append(errs, fmt.Errorf("backends[%d] (%s): timeout must be positive", i, b.Name))
		}
	}
	return errors.Join(errs...)
}

const raw = `{
  "listen": "0.0.0.0:8080",
  "backends": [
    {"name": "a", "url": "http://10.0.0.1", "weight": 3, "timeout": "1.5s"},
    {"name": "b", "url": "http://10.0.0.2", "timeout": "250ms"},
    {"name": "a", "url": "http://10.0.0.3", "timeout": "0s"}
  ],
  "labels": {"team": "sre", "tier": "1"},
  "debug": true
}`

func walk(prefix string, v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walk(prefix+"."+k, x[k], out)
		}
	case []any:
		for i, e := range x {
			walk(fmt.Sprintf("%s[%d]", prefix, i), e, out)
		}
	case float64:
		*out = append(*out, fmt.Sprintf("%s=%g", prefix, x))
	case string:
		*out = append(*out, fmt.Sprintf("%s=%q", prefix, x))
	case bool, nil:
		*out = append(*out, fmt.Sprintf("%s=%v", prefix, x))
	}
}

func main() {
	var c Config
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		fmt.Println("parse:", err)
		os.Exit(1)
	}
	fmt.Println(c.Listen, len(c.Backends), c.Backends[0].Timeout, c.Backends[1].Timeout.Milliseconds(), c.Retries == nil)
	if err := c.Validate(); err != nil {
		fmt.Println("invalid config:")
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Println(" -", line)
		}
	}
	n := 3
	c.Retries = &n
	c.Backends = c.Backends[:2]
	out, _ := json.MarshalIndent(c, "", "  ")
	fmt.Println(string(out))
	var generic map[string]any
	_ = json.Unmarshal([]byte(raw), &generic)
	var flat []string
	walk("cfg", generic, &flat)
	fmt.Println(strings.Join(flat[:6], "\n"))
	var bad Config
	err := json.Unmarshal([]byte(`{"backends":[{"timeout": 5}]}`), &bad)
	fmt.Println(err)
	var syn *json.SyntaxError
	err = json.Unmarshal([]byte(`{"listen": }`), &bad)
	fmt.Println(errors.As(err, &syn), syn != nil && syn.Offset > 0)
}
