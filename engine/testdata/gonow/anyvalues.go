// Values of the session's types held in interfaces: in a []any, a
// map[string]any, a field of type any (of a type declared at the top level
// and in a function), printed by their String and Error methods as Go
// prints them; two struct types of the same fields told apart by
// assertions and by fmt.
package main

import "fmt"

type Level int

func (l Level) String() string { return [...]string{"debug", "info", "warn"}[l] }

type Code int

func (c Code) Error() string { return fmt.Sprintf("code %d", int(c)) }

type A struct{ X int }

func (a A) String() string { return "A!" }

type B struct{ X int }

func (b B) String() string { return "B!" }

type Pair struct {
	L A
	R B
}

type holder struct {
	Val  any
	Vals []any
}

func mk() any { return B{3} }

func main() {
	xs := []any{Level(1), Code(7), A{1}, B{2}, 3, "s"}
	fmt.Println(xs...)
	fmt.Println(xs)
	m := map[string]any{"lvl": Level(2), "a": A{1}, "b": B{2}}
	fmt.Println(m)
	fmt.Printf("%v %s %d\n", xs[0], xs[0], xs[0])
	fmt.Println(Pair{A{1}, B{2}}, mk())
	var v any = B{4}
	_, isA := v.(A)
	_, isB := v.(B)
	fmt.Println(isA, isB)
	switch v.(type) {
	case A:
		fmt.Println("an A")
	case B:
		fmt.Println("a B")
	}
	fmt.Printf("%v %+v\n", holder{A{1}, []any{B{1}, Level(0)}}, holder{Level(2), nil})
	type local struct {
		Pub any
		N   int
	}
	fmt.Printf("%v %+v\n", local{A{5}, 1}, local{Code(3), 2})
}
