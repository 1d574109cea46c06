package main

import (
	"fmt"
	"sync"
)

func main() {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	var wg sync.WaitGroup
	res := make([]string, 3)
	for i, h := range []string{"web-1", "web-2", "web-3"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = h
		}()
	}
	wg.Wait()
	fmt.Println(res)
	for i := range 3 {
		fmt.Print(i)
	}
	fmt.Println()
}
