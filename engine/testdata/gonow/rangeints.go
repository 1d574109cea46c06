// A range over an integer that is not a plain variable: a field, a
// pointer's value, an element, a call's result (taken once), and one of
// a named integer type, whose loop variable has that type.
package main

import "fmt"

type Disk struct{ Parts int }

type Count int

type Level uint8

func next() Count {
	fmt.Println("next called")
	return 2
}

func parts(d *Disk, sizes []int) {
	for i := range d.Parts {
		fmt.Println("part", i)
	}
	for i := range sizes[1] {
		fmt.Println("size", i)
	}
}

func main() {
	d := Disk{Parts: 2}
	for i := range d.Parts {
		fmt.Println("field", i)
	}
	n := 3
	p := &n
	for i := range *p {
		fmt.Println("pointer", i)
	}
	xs := []int{2, 1}
	for i := range xs[0] {
		fmt.Println("element", i)
	}
	var c Count = 2
	for i := range c {
		fmt.Printf("named %T %v\n", i, i)
	}
	for i := range next() {
		fmt.Printf("call %T %v\n", i, i)
	}
	var lv Level = 2
	for l := range lv {
		fmt.Printf("level %T %v\n", l, l)
	}
	parts(&d, xs)
}
