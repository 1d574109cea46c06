// Values of the program's types kept in interfaces: elements of []any,
// values of map[string]any, printed by fmt and written by encoding/json
// with their String, Error, MarshalJSON and MarshalText methods.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

type Level int

func (l Level) String() string { return [...]string{"low", "high"}[l] }

type Host struct {
	Name string
	Port int
}

func (h *Host) String() string { return fmt.Sprintf("%s:%d", h.Name, h.Port) }

type Code int

func (c Code) Error() string { return fmt.Sprintf("code %d", int(c)) }

type Both int

func (Both) Error() string  { return "as error" }
func (Both) String() string { return "as string" }

type Port int

func (p Port) Valid() bool { return p > 0 }

type Tag int

func (t Tag) MarshalText() ([]byte, error) { return []byte(fmt.Sprintf("t%d", int(t))), nil }

type Status int

func (s Status) MarshalJSON() ([]byte, error) { return json.Marshal(map[string]int{"status": int(s)}) }

func main() {
	xs := []any{Level(0), &Host{"a", 1}, Code(7), Both(0), Port(22), nil, "s", 3}
	fmt.Println(xs)
	fmt.Printf("%v|%s|%d|%q\n", xs[:1], xs[:1], xs[4:5], xs[:1])
	fmt.Print(xs[2:4], "\n")
	s := fmt.Sprint(map[string]any{"b": Both(1), "l": Level(1)})
	fmt.Println(s, fmt.Sprintln([2]any{Level(1), Port(1)}))
	fmt.Fprintln(os.Stdout, []any{[]any{Level(1)}, map[string]any{"x": []any{Code(2)}}})
	err := fmt.Errorf("wrapped: %v", []any{Code(3)})
	fmt.Println(err, errors.Unwrap(err) == nil)
	b, err := json.Marshal(map[string]any{"p": Port(2), "t": Tag(4), "l": []any{Level(1)}, "s": Status(5)})
	fmt.Println(string(b), err)
	var a any = Level(1)
	fmt.Println(a, []any{a}, fmt.Sprintf("%v", map[string]any{"a": a}))
}
