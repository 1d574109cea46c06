// A package's functions given to generic functions whose type arguments
// they decide: a config lookup that parses with time.ParseDuration or
// strconv.Atoi.
package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

func Call[T any](f func(string) T) T { return f("a b") }

func GetAs[T any](cfg map[string]string, key string, parse func(string) (T, error)) (T, error) {
	var zero T
	v, ok := cfg[key]
	if !ok {
		return zero, fmt.Errorf("%s: not set", key)
	}
	return parse(v)
}

func main() {
	fmt.Println(Call(strings.NewReader).Len())
	cfg := map[string]string{"timeout": "90s", "retries": "3"}
	d, err := GetAs(cfg, "timeout", time.ParseDuration)
	fmt.Println(d, err)
	n, err := GetAs(cfg, "retries", strconv.Atoi)
	fmt.Println(n+1, err)
	_, err = GetAs(cfg, "port", strconv.Atoi)
	fmt.Println(err)
}
