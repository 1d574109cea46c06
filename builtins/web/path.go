package web

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Lookup returns the value at path in decoded JSON (what Response.JSON
// returns): dot-separated object keys and list indexes,
// "slideshow.slides.0.title" or "slideshow.slides[0].title"; a negative
// index counts from the end. The error names the first step that is
// missing and what is there instead. An empty path is v itself.
func Lookup(v any, path string) (any, error) {
	steps, err := splitPath(path)
	if err != nil {
		return nil, err
	}
	cur := v
	for i, step := range steps {
		at := strings.Join(steps[:i], ".")
		if at == "" {
			at = "the top"
		} else {
			at = fmt.Sprintf("%q", at)
		}
		switch x := cur.(type) {
		case map[string]any:
			next, ok := x[step]
			if !ok {
				return nil, fmt.Errorf("path %q: no key %q at %s (keys: %s)", path, step, at, keyList(x))
			}
			cur = next
		case []any:
			n, err := strconv.Atoi(step)
			if err != nil {
				return nil, fmt.Errorf("path %q: %s is a list of %d, and %q is not an index", path, at, len(x), step)
			}
			if n < 0 {
				n += len(x)
			}
			if n < 0 || n >= len(x) {
				return nil, fmt.Errorf("path %q: index %s out of range at %s (a list of %d)", path, step, at, len(x))
			}
			cur = x[n]
		default:
			return nil, fmt.Errorf("path %q: no %q at %s, which is %s, not an object or a list", path, step, at, kindOf(cur))
		}
	}
	return cur, nil
}

// splitPath splits "a.b[0].c" into a, b, 0, c.
func splitPath(path string) ([]string, error) {
	var steps []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			steps = append(steps, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '.':
			flush()
		case '[':
			flush()
			j := strings.IndexByte(path[i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("path %q: unclosed [", path)
			}
			idx := strings.Trim(path[i+1:i+j], `"'`)
			steps = append(steps, idx)
			i += j
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return steps, nil
}

func keyList(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 12 {
		keys = append(keys[:12], fmt.Sprintf("… %d more", len(m)-12))
	}
	if len(keys) == 0 {
		return "none"
	}
	return strings.Join(keys, ", ")
}

func kindOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if len(x) > 30 {
			x = x[:30] + "…"
		}
		return fmt.Sprintf("the string %q", x)
	case float64:
		return fmt.Sprintf("the number %v", x)
	case bool:
		return fmt.Sprintf("%v", x)
	}
	return fmt.Sprintf("a %T", v)
}
