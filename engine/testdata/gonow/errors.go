package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

var ErrNotFound = errors.New("not found")

type QuotaError struct{ Used, Limit int }

func (e *QuotaError) Error() string { return fmt.Sprintf("quota %d/%d", e.Used, e.Limit) }

func main() {
	err := errors.Join(ErrNotFound, errors.New("second"))
	fmt.Println(errors.Is(err, ErrNotFound))
	_, err = os.Open("/no/such/file")
	var pe *fs.PathError
	fmt.Println(errors.As(err, &pe), pe.Op)
	var e error = &QuotaError{9, 10}
	wrapped := fmt.Errorf("upload: %w", e)
	fmt.Println(wrapped)
	var qe *QuotaError
	fmt.Println(errors.As(wrapped, &qe), qe != nil && qe.Limit == 10)
}
