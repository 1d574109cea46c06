package main

import "fmt"

type Config struct{ Retries *int }

func main() {
	c := Config{Retries: new(3)}
	p := new("text")
	fmt.Println(*c.Retries, *p)
}
