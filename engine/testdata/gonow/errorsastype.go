package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

type NotFound struct{ Name string }

func (e *NotFound) Error() string { return e.Name + " not found" }

func find(name string) error {
	return fmt.Errorf("lookup: %w", &NotFound{name})
}

func main() {
	_, err := os.Open("/no/such/file")
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		fmt.Println("path error:", pe.Op, pe.Path)
	}
	pe, ok := errors.AsType[*fs.PathError](fmt.Errorf("wrapped: %w", err))
	fmt.Println(pe.Path, ok)
	if nf, ok := errors.AsType[*NotFound](find("web-1")); ok {
		fmt.Println("not found:", nf.Name)
	}
	_, ok = errors.AsType[*NotFound](err)
	fmt.Println(ok)
	nf, ok := errors.AsType[*NotFound](nil)
	fmt.Println(nf == nil, ok)
}
