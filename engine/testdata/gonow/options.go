package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

type Client struct {
	addr    string
	timeout time.Duration
	retries int
	headers map[string]string
}

type Option func(*Client) error

func WithTimeout(d time.Duration) Option {
	return func(c *Client) error {
		if d <= 0 {
			return fmt.Errorf("timeout %v: must be positive", d)
		}
		c.timeout = d
		return nil
	}
}

func WithRetries(n int) Option { return func(c *Client) error { c.retries = n; return nil } }

func WithHeader(k, v string) Option {
	return func(c *Client) error {
		c.headers[k] = v
		return nil
	}
}

func NewClient(addr string, opts ...Option) (*Client, error) {
	c := &Client{addr: addr, timeout: 5 * time.Second, retries: 1, headers: map[string]string{}}
	var errs []error
	for _, o := range opts {
		if err := o(c); err != nil {
			errs = append(errs, err)
		}
	}
	return c, errors.Join(errs...)
}

func (c *Client) String() string {
	keys := make([]string, 0, len(c.headers))
	for k := range c.headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return fmt.Sprintf("%s timeout=%v retries=%d headers=%v", c.addr, c.timeout, c.retries, keys)
}

// QueryBuilder chains its methods.
type QueryBuilder struct {
	table string
	where []string
	limit int
	err   error
}

func From(t string) *QueryBuilder { return &QueryBuilder{table: t} }
func (q *QueryBuilder) Where(cond string) *QueryBuilder {
	if cond == "" {
		q.err = errors.New("empty condition")
	}
	q.where = append(q.where, cond)
	return q
}
func (q *QueryBuilder) Limit(n int) *QueryBuilder { q.limit = n; return q }
func (q *QueryBuilder) Build() (string, error) {
	if q.err != nil {
		return "", q.err
	}
	s := "SELECT * FROM " + q.table
	if len(q.where) > 0 {
		s += " WHERE " + strings.Join(q.where, " AND ")
	}
	if q.limit > 0 {
		s += fmt.Sprintf(" LIMIT %d", q.limit)
	}
	return s, nil
}

type Handler func(args []string) (string, error)

var registry = map[string]Handler{
	"echo":  func(a []string) (string, error) { return strings.Join(a, " "), nil },
	"count": func(a []string) (string, error) { return fmt.Sprint(len(a)), nil },
}

func register(name string, h Handler) { registry[name] = h }

func dispatch(line string) string {
	f := strings.Fields(line)
	h, ok := registry[f[0]]
	if !ok {
		return "unknown command " + f[0]
	}
	out, err := h(f[1:])
	if err != nil {
		return "error: " + err.Error()
	}
	return out
}

func main() {
	c, err := NewClient("db:5432", WithTimeout(2*time.Second), WithRetries(3), WithHeader("X-B", "1"), WithHeader("X-A", "2"))
	fmt.Println(c, err)
	c, err = NewClient("cache:6379", WithTimeout(-1), WithTimeout(0))
	fmt.Println(c)
	fmt.Println(err)
	opts := []Option{WithRetries(5)}
	opts = append(opts, WithHeader("k", "v"))
	c, _ = NewClient("x", opts...)
	fmt.Println(c.String())

	q, err := From("pods").Where("ns = 'prod'").Where("restarts > 3").Limit(10).Build()
	fmt.Println(q, err)
	_, err = From("nodes").Where("").Limit(1).Build()
	fmt.Println(err)

	register("upper", func(a []string) (string, error) {
		if len(a) == 0 {
			return "", errors.New("upper: no args")
		}
		return strings.ToUpper(strings.Join(a, " ")), nil
	})
	for _, line := range []string{"echo hello world", "count a b c", "upper ops", "upper", "reboot now"} {
		fmt.Println(dispatch(line))
	}
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Println(names)
}
