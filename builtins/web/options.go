package web

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"
)

// Query holds URL query parameters for a request:
// s.Get("/search", web.Query{"q": "disk full", "page": 2}). A value is a
// string, a number, a bool, or a slice of those for a repeated key.
type Query map[string]any

// Headers holds headers for one request; they override the session's.
type Headers map[string]string

// JSON is a JSON object sent as the request body, with Content-Type
// application/json: s.Post("/post", web.JSON{"hello": 5}). For a body that
// is not an object (a list, a struct), use JSONOf.
type JSON map[string]any

// Form is a form sent as the request body, with Content-Type
// application/x-www-form-urlencoded. Values are as in Query.
type Form map[string]any

// Body is a request body with its content type:
// web.Body{ContentType: "text/csv", Data: b}.
type Body struct {
	ContentType string
	Data        []byte
	err         error
}

// JSONOf encodes any value (a list, a struct, a map) as a JSON body.
func JSONOf(v any) Body {
	b, err := marshalJSON(v)
	return Body{ContentType: "application/json", Data: b, err: err}
}

func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode JSON body: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// addValues adds a Query's or a Form's values to vals.
func addValues(vals url.Values, m map[string]any, what string) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := m[k]
		if v == nil {
			continue
		}
		rv := reflect.ValueOf(v)
		if (rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array) && rv.Type().Elem().Kind() != reflect.Uint8 {
			for i := 0; i < rv.Len(); i++ {
				s, err := scalar(rv.Index(i).Interface())
				if err != nil {
					return fmt.Errorf("%s %q: %w", what, k, err)
				}
				vals.Add(k, s)
			}
			continue
		}
		s, err := scalar(v)
		if err != nil {
			return fmt.Errorf("%s %q: %w", what, k, err)
		}
		vals.Add(k, s)
	}
	return nil
}

func scalar(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	case fmt.Stringer:
		return x.String(), nil
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64, reflect.String:
		return fmt.Sprint(v), nil
	}
	return "", fmt.Errorf("want a string, number or bool, got %T", v)
}

// parseAbsolute parses an absolute http or https URL.
func parseAbsolute(s string) (*url.URL, error) {
	if !strings.Contains(s, "://") {
		return nil, fmt.Errorf("malformed URL %q: no scheme (did you mean %q?)", redactURL(s), "http://"+s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, malformed(s, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return nil, fmt.Errorf("malformed URL %q: scheme %q is not http or https", redactURL(s), u.Scheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("malformed URL %q: no host", redactURL(s))
	}
	return u, nil
}

func malformed(s string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("malformed URL %q: %w", redactURL(s), err)
}

// resolve makes target absolute against base: an absolute target is used
// as is; a relative one is appended to the base's path.
func resolve(base *url.URL, target string) (*url.URL, error) {
	if base != nil && plainPath(target) {
		u := *base
		u.Path = strings.TrimSuffix(base.Path, "/") + target
		u.RawPath, u.Fragment = "", ""
		return &u, nil
	}
	ref, err := url.Parse(target)
	if err != nil || ref.Scheme != "" || ref.Host != "" {
		return parseAbsolute(target)
	}
	if base == nil {
		if strings.HasPrefix(target, "/") {
			return nil, fmt.Errorf("relative URL %q and the session has no base URL (web.Session(\"http://host:port\"))", target)
		}
		return parseAbsolute(target)
	}
	u := *base
	if ref.Path != "" {
		u.Path = strings.TrimSuffix(base.Path, "/") + "/" + strings.TrimPrefix(ref.Path, "/")
		u.RawPath = ""
		if base.RawPath != "" || ref.RawPath != "" {
			u.RawPath = strings.TrimSuffix(base.EscapedPath(), "/") + "/" + strings.TrimPrefix(ref.EscapedPath(), "/")
		}
	}
	if ref.RawQuery != "" {
		u.RawQuery = ref.RawQuery
	}
	u.Fragment = ""
	return &u, nil
}

// plainPath reports whether s is an absolute path with nothing to decode,
// the common case resolve takes a short cut for.
func plainPath(s string) bool {
	if len(s) == 0 || s[0] != '/' || strings.HasPrefix(s, "//") {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '?' || c == '#' || c == '%' || c <= ' ' || c >= 0x7f:
			return false
		}
	}
	return true
}

// redactURL hides a password in a URL that may not parse.
func redactURL(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Redacted()
	}
	if i := strings.Index(s, "://"); i >= 0 {
		rest := s[i+3:]
		if at := strings.IndexByte(rest, '@'); at >= 0 {
			if colon := strings.IndexByte(rest[:at], ':'); colon >= 0 {
				return s[:i+3] + rest[:colon] + ":xxxxx" + rest[at:]
			}
		}
	}
	return s
}

// certCache keeps the certificates of files read before, by path, size
// and modification time: SSL_CERT_FILE often names the whole system bundle,
// which takes milliseconds to parse, once per process is enough.
var certCache sync.Map // certKey → []*x509.Certificate

type certKey struct {
	path  string
	size  int64
	mtime time.Time
}

// readCerts reads every certificate of the PEM file path.
func readCerts(path string) ([]*x509.Certificate, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	key := certKey{path, fi.Size(), fi.ModTime()}
	if v, ok := certCache.Load(key); ok {
		return v.([]*x509.Certificate), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	certs, err := parseCerts(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	certCache.Store(key, certs)
	return certs, nil
}

// parseCerts reads every certificate of a PEM file.
func parseCerts(pemBytes []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, pemBytes = pem.Decode(pemBytes)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse certificate: %w", err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, errors.New("no PEM certificate in the file")
	}
	return certs, nil
}

func certNames(certs []*x509.Certificate) string {
	names := make([]string, 0, len(certs))
	for _, c := range certs {
		n := c.Subject.CommonName
		if n == "" {
			n = c.Subject.String()
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}
