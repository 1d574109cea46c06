// Event stream in JSON lines: a level type with MarshalText/UnmarshalText
// (as a value and as a map key), embedded pointer structs, json.Number,
// a Decoder over several documents, and Token walking.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

type Level int

const (
	Debug Level = iota
	Info
	Warn
	Error
)

var levelNames = []string{"debug", "info", "warn", "error"}

func (l Level) String() string { return levelNames[l] }

func (l Level) MarshalText() ([]byte, error) { return []byte(levelNames[l]), nil }

func (l *Level) UnmarshalText(b []byte) error {
	i := slices.Index(levelNames, strings.ToLower(string(b)))
	if i < 0 {
		return fmt.Errorf("unknown level %q", b)
	}
	*l = Level(i)
	return nil
}

type Source struct {
	Host string `json:"host"`
	Pod  string `json:"pod,omitempty"`
}

type Event struct {
	*Source
	Level  Level          `json:"level"`
	Msg    string         `json:"msg"`
	Value  json.Number    `json:"value,omitempty"`
	Extra  map[string]any `json:"extra,omitempty"`
	Labels []string       `json:"labels"`
}

const stream = `{"host":"web-1","level":"info","msg":"started","value":12}
{"host":"web-2","pod":"p-9","level":"WARN","msg":"slow","value":1.5e3,"extra":{"ms":1500}}
{"level":"error","msg":"crash","labels":["oom","restart"]}
{"level":"fatal","msg":"nope"}
{"host":"web-3","level":"debug","msg":"tick"}`

func main() {
	dec := json.NewDecoder(strings.NewReader(stream))
	counts := map[Level]int{}
	for {
		var ev Event
		err := dec.Decode(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println("decode:", err)
			continue
		}
		host := "-"
		if ev.Source != nil {
			host = ev.Host
		}
		counts[ev.Level]++
		fmt.Printf("%-5v %-6s %-8s value=%q labels=%v nil=%t\n", ev.Level, host, ev.Msg, ev.Value, ev.Labels, ev.Labels == nil)
		if ev.Value != "" {
			f, _ := ev.Value.Float64()
			i, err := ev.Value.Int64()
			fmt.Println("  number:", f, i, err != nil)
		}
		if ms, ok := ev.Extra["ms"].(float64); ok {
			fmt.Println("  extra ms:", ms)
		}
	}
	out, _ := json.Marshal(counts)
	fmt.Println(string(out))
	var back map[Level]int
	fmt.Println(json.Unmarshal(out, &back), back[Warn], len(back))
	ev := Event{Source: &Source{Host: "h"}, Level: Error, Msg: "x"}
	out, _ = json.Marshal(ev)
	fmt.Println(string(out))
	out, _ = json.Marshal(Event{Msg: "no source", Labels: []string{}})
	fmt.Println(string(out))
	out, _ = json.Marshal([]Level{Info, Error})
	fmt.Println(string(out))

	tdec := json.NewDecoder(strings.NewReader(`{"a":[1,"two",{"b":null}],"c":true}`))
	var toks []string
	for {
		t, err := tdec.Token()
		if err != nil {
			break
		}
		toks = append(toks, fmt.Sprintf("%T:%v", t, t))
	}
	fmt.Println(strings.Join(toks, " "))

	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	enc.Encode(map[string]any{"url": "http://x/?a=1&b=<2>", "lvl": Warn})
	fmt.Print(sb.String())
	w := bufio.NewWriter(&sb)
	fmt.Fprintf(w, "%d bytes so far", sb.Len())
	w.Flush()
	fmt.Println(strings.Count(sb.String(), "\n"))
}
