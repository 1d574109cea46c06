package main

import "fmt"

func main() {
	x, y := 3, 7
	fmt.Println(min(x, y), max(x, y), min(2.5, 1), max("a", "b"))
	m := map[string]int{"a": 1, "b": 2}
	clear(m)
	s := []int{1, 2, 3}
	clear(s)
	fmt.Println(len(m), s)
}
