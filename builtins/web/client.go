package web

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/opsh/opsh/builtins/internal/progress"
	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/lazyre"
	"github.com/opsh/opsh/internal/readonly"
	"github.com/opsh/opsh/internal/redact"
	"github.com/opsh/opsh/internal/version"
)

// UserAgent is the User-Agent every session sends unless told otherwise
// (s.Header("User-Agent", ...)).
var UserAgent = "opsh/" + version.Version

// Defaults of a new session.
const (
	// DefaultTimeout is how long a request may wait for the response, or
	// for the next bytes of its body, before it fails (see Client.Timeout).
	DefaultTimeout = 60 * time.Second
	// DefaultRedirects is how many redirects a request follows.
	DefaultRedirects = 10
	// DefaultBackoff is the wait before the first retry; each next one
	// doubles it, with jitter (see Client.Backoff).
	DefaultBackoff = 250 * time.Millisecond
	// DefaultMaxBackoff is the longest wait between retries.
	DefaultMaxBackoff = 8 * time.Second
	// MaxRetryAfter is the longest Retry-After a retry waits for; a server
	// asking for more gets its response returned instead.
	MaxRetryAfter = 2 * time.Minute
)

// Client is an HTTP session, made by Session: a base URL, default headers,
// authentication, a cookie jar, retries, a timeout, extra trusted CAs, and a
// pool of keep-alive connections shared by every request it makes. It is
// safe for concurrent use; configure it first, then fan out.
type Client struct {
	mu         sync.Mutex
	base       *url.URL
	baseErr    error
	header     http.Header // set by Header
	prepared   http.Header // header with the defaults, shared by requests
	preparedUA string      // the UserAgent prepared was made with
	auth       func(*http.Request) error
	authDesc   string
	retries    int
	backoff    time.Duration
	backoffMx  time.Duration
	timeout    time.Duration
	redirects  int
	cas        []caFile
	cert       *clientCert // presented to servers that ask (ClientCert)
	jar        *jar
	hc         *http.Client // built on first use; nil again when the transport changes
	roots      string       // description of the trusted roots, for TLS errors
	viaClient  bool         // send through the http.Client only (tests)
	watchdogs  watchdogs    // timeouts of requests, kept for reuse
	lastURL    lastURL      // the URL of the last request, kept for the next
}

type caFile struct {
	path  string
	certs []*x509.Certificate
}

// Session makes an HTTP session. The optional base URL is joined with the
// relative URLs its requests are given: with base
// "https://api.example.com/v2", s.Get("/users") fetches
// https://api.example.com/v2/users. An absolute URL is used as is.
//
// Nothing is read or connected until the first request; a malformed base URL
// is reported by every request.
func Session(base ...string) *Client {
	c := &Client{
		header:    http.Header{},
		backoff:   DefaultBackoff,
		backoffMx: DefaultMaxBackoff,
		timeout:   DefaultTimeout,
		redirects: DefaultRedirects,
		jar:       newJar(),
	}
	switch {
	case len(base) > 1:
		c.baseErr = fmt.Errorf("web.Session: want at most one base URL, got %d", len(base))
	case len(base) == 1 && base[0] != "":
		u, err := parseAbsolute(base[0])
		if err != nil {
			c.baseErr = fmt.Errorf("web.Session: base URL: %w", err)
		}
		c.base = u
	}
	return c
}

// Base is the session's base URL ("" if none).
func (c *Client) Base() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.base == nil {
		return ""
	}
	return c.base.Redacted()
}

// Header sets a header sent with every request of the session, replacing
// any earlier value; an empty value removes it. A request's own Headers
// override it. The value of a header that carries credentials
// (Authorization, Cookie, X-Api-Key, names with Token, Secret, Password...)
// becomes a secret, masked in displays, transcripts and history.
func (c *Client) Header(name, value string) {
	registerSensitive(name, value)
	c.mu.Lock()
	defer c.mu.Unlock()
	// Copy on write: requests in flight hold the old map.
	h := c.header.Clone()
	if value == "" {
		h.Del(name)
	} else {
		h.Set(name, value)
	}
	c.header, c.prepared = h, nil
}

// sensitiveHeader matches the names of headers that carry credentials.
var sensitiveHeader = lazyre.New(`(?i)^(proxy-)?authorization$|^cookie$|token|secret|passw|api-?key|session|auth`)

// registerSensitive makes the value of a credential header a secret.
func registerSensitive(name, value string) {
	if value != "" && sensitiveHeader.MatchString(name) {
		redact.Register("header "+http.CanonicalHeaderKey(name), []byte(value))
	}
}

// withDefaults is h with the headers every request sends unless told
// otherwise.
func withDefaults(h http.Header) http.Header {
	p := h.Clone()
	if p == nil {
		p = http.Header{}
	}
	if p.Get("User-Agent") == "" {
		p.Set("User-Agent", UserAgent)
	}
	if p.Get("Accept") == "" {
		p.Set("Accept", "*/*")
	}
	return p
}

// Headers returns a copy of the session's default headers.
func (c *Client) Headers() http.Header {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.header.Clone()
}

// BasicAuth authenticates every request with HTTP basic authentication.
// password is a string, []byte or secret.Value; it becomes a secret, masked
// in displays, transcripts and history. It replaces any earlier Bearer or
// Auth.
func (c *Client) BasicAuth(user string, password any) error {
	pw, err := secret.From("web password", password)
	if err != nil {
		return fmt.Errorf("web BasicAuth: %w", err)
	}
	token := base64.StdEncoding.EncodeToString([]byte(user + ":" + string(pw.Reveal())))
	redact.Register("web basic auth", []byte(token))
	value := "Basic " + token
	c.setAuth(func(req *http.Request) error {
		req.Header.Set("Authorization", value)
		return nil
	}, "basic "+user+":"+pw.String())
	return nil
}

// Bearer authenticates every request with "Authorization: Bearer TOKEN".
// token is a string, []byte or secret.Value; it becomes a secret, masked in
// displays, transcripts and history. It replaces any earlier BasicAuth or
// Auth.
func (c *Client) Bearer(token any) error {
	tok, err := secret.From("web token", token)
	if err != nil {
		return fmt.Errorf("web Bearer: %w", err)
	}
	value := "Bearer " + string(tok.Reveal())
	c.setAuth(func(req *http.Request) error {
		req.Header.Set("Authorization", value)
		return nil
	}, "bearer "+tok.String())
	return nil
}

// Auth installs a custom authenticator, called with each request just
// before it is sent: after its URL, headers and body are final, again for
// every retry and for every redirect to the same host. It may set headers
// (a signature, a token) and read the body through req.GetBody. An error
// stops the request. Auth(nil) removes any authentication. It replaces any
// earlier BasicAuth or Bearer.
func (c *Client) Auth(fn func(req *http.Request) error) {
	desc := "custom"
	if fn == nil {
		desc = ""
	}
	c.setAuth(fn, desc)
}

func (c *Client) setAuth(fn func(*http.Request) error, desc string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.auth, c.authDesc = fn, desc
}

// Retry makes the session retry a request up to n more times when it gets
// 429, 502, 503 or 504, or cannot connect or loses the connection. Only
// idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE) are retried,
// except that a request that never reached the server (connection refused)
// is retried whatever its method. Waits grow exponentially with jitter
// (see Backoff) and honour a Retry-After header up to MaxRetryAfter.
// Retry(0), the default, turns retries off.
func (c *Client) Retry(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.retries = max(n, 0)
}

// Backoff sets the first wait between retries and the longest one
// (defaults DefaultBackoff and DefaultMaxBackoff).
func (c *Client) Backoff(first, longest time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.backoff = max(first, 0)
	c.backoffMx = max(longest, c.backoff)
}

// Timeout sets how long a request waits for the response headers, and then
// for each next part of the body, before it fails with ErrTimeout. A slow
// but steady download is not cut; a server that stops answering is.
// Timeout(0) waits forever (Ctrl-C still stops the request). The default
// is DefaultTimeout.
func (c *Client) Timeout(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.timeout = max(d, 0)
}

// Redirects sets how many redirects a request follows (default
// DefaultRedirects). Redirects(0) returns 3xx responses as they are.
func (c *Client) Redirects(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.redirects = max(n, 0)
}

// CA trusts the certificates in the PEM file path as roots, in addition to
// the system roots and SSL_CERT_FILE. TLS verification is never turned
// off: to reach a server with an internal CA, trust that CA.
func (c *Client) CA(path string) error {
	certs, err := readCerts(path)
	if err != nil {
		return fmt.Errorf("web CA: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cas = append(c.cas, caFile{path: path, certs: certs})
	c.resetLocked()
	return nil
}

// Close closes the session's idle keep-alive connections. The session stays
// usable; later requests open new ones.
func (c *Client) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.resetLocked()
}

func (c *Client) resetLocked() {
	if c.hc != nil {
		c.hc.CloseIdleConnections()
		c.hc = nil
	}
}

// Display is how the REPL shows a session.
func (c *Client) Display() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	b.WriteString("web session")
	if c.base != nil {
		b.WriteString(" " + c.base.Redacted())
	}
	if c.baseErr != nil {
		b.WriteString(" (" + c.baseErr.Error() + ")")
	}
	line := func(k, v string) { fmt.Fprintf(&b, "\n  %-9s %s", k, v) }
	names := make([]string, 0, len(c.header))
	for k := range c.header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		line("header", k+": "+redact.String(strings.Join(c.header[k], ", ")))
	}
	if c.authDesc != "" {
		line("auth", c.authDesc)
	}
	if c.retries > 0 {
		line("retry", fmt.Sprintf("%d (backoff %s…%s)", c.retries, c.backoff, c.backoffMx))
	}
	if c.timeout > 0 {
		line("timeout", c.timeout.String())
	} else {
		line("timeout", "none")
	}
	if c.redirects != DefaultRedirects {
		line("redirects", fmt.Sprint(c.redirects))
	}
	for _, ca := range c.cas {
		line("CA", ca.path+" ("+certNames(ca.certs)+")")
	}
	if c.cert != nil {
		line("cert", c.cert.desc)
	}
	if n := c.jar.len(); n > 0 {
		line("cookies", fmt.Sprint(n))
	}
	return b.String()
}

// String is the first line of Display.
func (c *Client) String() string {
	s := c.Display()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// clientLocked returns the http.Client, building it (and reading HTTPS_PROXY,
// NO_PROXY and SSL_CERT_FILE) on first use.
func (c *Client) clientLocked() (*http.Client, error) {
	if c.hc != nil {
		return c.hc, nil
	}
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	roots := []string{"system roots"}
	var extra [][]*x509.Certificate
	if f := os.Getenv("SSL_CERT_FILE"); f != "" {
		certs, err := readCerts(f)
		if err != nil {
			return nil, fmt.Errorf("SSL_CERT_FILE: %w", err)
		}
		extra = append(extra, certs)
		roots = append(roots, "SSL_CERT_FILE "+f)
	}
	for _, ca := range c.cas {
		extra = append(extra, ca.certs)
		roots = append(roots, ca.path)
	}
	if len(extra) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		for _, certs := range extra {
			for _, cert := range certs {
				pool.AddCert(cert)
			}
		}
		tlsConf.RootCAs = pool
	}
	c.roots = strings.Join(roots, ", ")
	if c.cert != nil {
		tlsConf.Certificates = []tls.Certificate{c.cert.cert}
	}
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	t := &http.Transport{
		Proxy:                 proxyFromEnv(os.Getenv),
		DialContext:           dialer.DialContext,
		TLSClientConfig:       tlsConf,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   15 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	var rt http.RoundTripper = t
	if entries := readNetrc(os.Getenv); len(entries) > 0 {
		rt = &netrcTransport{rt: t, entries: entries}
	}
	c.hc = &http.Client{Transport: rt, Jar: c.jar, CheckRedirect: checkRedirect}
	return c.hc, nil
}

// snapshot is the configuration one request runs with.
type snapshot struct {
	hc        *http.Client
	base      *url.URL
	defaults  http.Header // the session's headers; shared, never changed
	auth      func(*http.Request) error
	retries   int
	backoff   time.Duration
	backoffMx time.Duration
	timeout   time.Duration
	redirects int
	roots     string
	watchdogs *watchdogs
	lastURL   *lastURL
	viaClient bool // send through the http.Client only (tests)
}

func (c *Client) snapshot(s *snapshot) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.baseErr != nil {
		return c.baseErr
	}
	hc, err := c.clientLocked()
	if err != nil {
		return err
	}
	if c.prepared == nil || c.preparedUA != UserAgent {
		c.prepared, c.preparedUA = withDefaults(c.header), UserAgent
	}
	*s = snapshot{
		hc: hc, base: c.base, defaults: c.prepared, auth: c.auth,
		retries: c.retries, backoff: c.backoff, backoffMx: c.backoffMx,
		timeout: c.timeout, redirects: c.redirects, roots: c.roots,
		watchdogs: &c.watchdogs, lastURL: &c.lastURL, viaClient: c.viaClient,
	}
	return nil
}

// Get sends a GET request. url is absolute or relative to the session's
// base URL; opts are Query, Headers, a context.Context (see Do).
func (c *Client) Get(url string, opts ...any) (*Response, error) {
	return c.Do(http.MethodGet, url, opts...)
}

// Head sends a HEAD request (see Do).
func (c *Client) Head(url string, opts ...any) (*Response, error) {
	return c.Do(http.MethodHead, url, opts...)
}

// Options sends an OPTIONS request (see Do).
func (c *Client) Options(url string, opts ...any) (*Response, error) {
	return c.Do(http.MethodOptions, url, opts...)
}

// Post sends a POST request; its body is one of opts: JSON, Form, Body, a
// string, []byte or io.Reader (see Do).
func (c *Client) Post(url string, opts ...any) (*Response, error) {
	return c.Do(http.MethodPost, url, opts...)
}

// Put sends a PUT request (see Post and Do).
func (c *Client) Put(url string, opts ...any) (*Response, error) {
	return c.Do(http.MethodPut, url, opts...)
}

// Patch sends a PATCH request (see Post and Do).
func (c *Client) Patch(url string, opts ...any) (*Response, error) {
	return c.Do(http.MethodPatch, url, opts...)
}

// Delete sends a DELETE request (see Do).
func (c *Client) Delete(url string, opts ...any) (*Response, error) {
	return c.Do(http.MethodDelete, url, opts...)
}

// Do sends a request with any method and returns the response with its
// whole body read. Only a failure to get a response is an error: a 404 or a
// 500 is a Response (see Response.Check).
//
// url is absolute, or relative to the session's base URL. Each of opts is
// one of:
//
//   - Query: parameters added to the URL's query
//   - Headers or http.Header: headers for this request only
//   - JSON, JSONOf(v): a JSON body (Content-Type application/json)
//   - Form: a form body (application/x-www-form-urlencoded)
//   - Body: bytes with their content type
//   - string, []byte: a raw body; io.Reader: a body read in full first
//   - context.Context: the context of this request, instead of the
//     running cell's (which Ctrl-C cancels)
//   - time.Duration: the timeout of this request, instead of the
//     session's (see Timeout)
func (c *Client) Do(method, url string, opts ...any) (*Response, error) {
	start := time.Now()
	method = strings.ToUpper(method)
	if err := refuseMethod(method, url); err != nil {
		return nil, err
	}
	r := &request{method: method}
	if err := c.snapshot(&r.snapshot); err != nil {
		return nil, &Error{Method: method, URL: redactURL(url), Err: err}
	}
	if err := r.build(url, opts); err != nil {
		return nil, &Error{Method: method, URL: redactURL(url), Err: err}
	}
	// A request still waiting after 2 s shows its elapsed time on a
	// terminal until it returns.
	defer progress.Waiting(method + " " + redactURL(url))()
	return r.send(start)
}

// Download sends a GET request and streams a 2xx response's body to the
// file path (replaced atomically once complete, mode 0666 less the umask
// like any new file), with a progress bar on the cell's error output. The
// Response has File set and no body in memory. A response that is not 2xx
// is returned with its body and the file left alone: check it with
// r.Check(). opts are as for Get.
func (c *Client) Download(url, path string, opts ...any) (*Response, error) {
	if err := readonly.Check("writes", "web.Download", redactURL(url), path); err != nil {
		return nil, err
	}
	start := time.Now()
	r := &request{method: http.MethodGet, destPath: path}
	fail := func(err error) (*Response, error) {
		return nil, &Error{Method: http.MethodGet, URL: redactURL(url), Err: err}
	}
	if err := c.snapshot(&r.snapshot); err != nil {
		return fail(err)
	}
	if err := r.build(url, opts); err != nil {
		return fail(err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".part*")
	if err != nil {
		return fail(fmt.Errorf("download to %s: %w", path, err))
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := tmp.Chmod(0o666 &^ umask()); err != nil {
		return fail(err)
	}
	r.dest = tmp
	res, err := r.send(start)
	if err != nil || res.File == "" {
		return res, err
	}
	if err := tmp.Close(); err != nil {
		return fail(fmt.Errorf("download to %s: %w", path, err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fail(fmt.Errorf("download to %s: %w", path, err))
	}
	return res, nil
}

// request is what build makes: everything needed to send one
// attempt.
type request struct {
	snapshot
	ctx         context.Context
	method      string
	u           *url.URL // shared with other requests: never changed
	redacted    string   // u.Redacted(), if known
	header      http.Header
	body        []byte
	file        *os.File // a body read from a file, with size
	fileOff     int64
	fileSize    int64
	contentType string
	stream      func() io.ReadCloser // a body made as it is sent (Multipart)
	streamSize  int64
	dest        *os.File // Download's temporary file
	destPath    string
	saved       int64
}

// lastURL is the URL of a session's last request as resolve made it,
// and as it is shown, for the next request to the same target.
type lastURL struct{ p atomic.Pointer[resolvedURL] }

// resolvedURL is a resolved target. Its URL is shared and never changed.
type resolvedURL struct {
	base     *url.URL
	target   string
	u        *url.URL
	redacted string
}

// resolve resolves target against the base URL, as the last request did
// if it had the same.
func (r *request) resolve(target string) (*url.URL, error) {
	if p := r.lastURL.p.Load(); p != nil && p.target == target && p.base == r.base {
		r.redacted = p.redacted
		return p.u, nil
	}
	u, err := resolve(r.base, target)
	if err != nil {
		return nil, err
	}
	r.redacted = u.Redacted()
	r.lastURL.p.Store(&resolvedURL{base: r.base, target: target, u: u, redacted: r.redacted})
	return u, nil
}

func (r *request) build(target string, opts []any) error {
	u, err := r.resolve(target)
	if err != nil {
		return err
	}
	// The session's headers are shared until this request changes them.
	r.u, r.header = u, r.defaults
	owned := false
	own := func() {
		if !owned {
			r.header, owned = r.header.Clone(), true
		}
	}
	var query url.Values
	hasBody := false
	setBody := func(b []byte, ct string) error {
		if hasBody {
			return fmt.Errorf("more than one body given")
		}
		hasBody = true
		r.body, r.contentType = b, ct
		return nil
	}
	for _, o := range opts {
		switch v := o.(type) {
		case nil:
		case Query:
			if query == nil {
				query = url.Values{}
			}
			if err := addValues(query, v, "query"); err != nil {
				return err
			}
		case Headers:
			own()
			for k, val := range v {
				registerSensitive(k, val)
				r.header.Set(k, val)
			}
		case http.Header:
			own()
			for k, vals := range v {
				r.header[http.CanonicalHeaderKey(k)] = append([]string(nil), vals...)
			}
		case JSON:
			if err := setBody(nil, ""); err != nil {
				return err
			}
			b, err := marshalJSON(map[string]any(v))
			if err != nil {
				return err
			}
			r.body, r.contentType = b, "application/json"
		case Form:
			vals := url.Values{}
			if err := addValues(vals, v, "form"); err != nil {
				return err
			}
			if err := setBody([]byte(vals.Encode()), "application/x-www-form-urlencoded"); err != nil {
				return err
			}
		case *MultipartForm:
			if v == nil || len(v.parts) == 0 {
				return errNoParts
			}
			segs, n, err := v.layout()
			if err != nil {
				return err
			}
			if err := setBody(nil, v.ContentType()); err != nil {
				return err
			}
			r.stream, r.streamSize = func() io.ReadCloser { return &segmentReader{segs: segs} }, n
		case Body:
			if v.err != nil {
				return v.err
			}
			if err := setBody(v.Data, v.ContentType); err != nil {
				return err
			}
		case *Body:
			if v == nil {
				break
			}
			if v.err != nil {
				return v.err
			}
			if err := setBody(v.Data, v.ContentType); err != nil {
				return err
			}
		case string:
			if err := setBody([]byte(v), ""); err != nil {
				return err
			}
		case []byte:
			if err := setBody(v, ""); err != nil {
				return err
			}
		case context.Context:
			r.ctx = v
		case time.Duration:
			r.timeout = max(v, 0)
		case *os.File:
			if err := setBody(nil, ""); err != nil {
				return err
			}
			off, err := v.Seek(0, io.SeekCurrent)
			if err != nil {
				return fmt.Errorf("body %s: %w", v.Name(), err)
			}
			fi, err := v.Stat()
			if err != nil {
				return fmt.Errorf("body %s: %w", v.Name(), err)
			}
			if !fi.Mode().IsRegular() {
				b, err := io.ReadAll(v)
				if err != nil {
					return fmt.Errorf("body %s: %w", v.Name(), err)
				}
				r.body = b
				break
			}
			r.file, r.fileOff, r.fileSize = v, off, fi.Size()-off
		case io.Reader:
			b, err := io.ReadAll(v)
			if err != nil {
				return fmt.Errorf("read body: %w", err)
			}
			if err := setBody(b, ""); err != nil {
				return err
			}
		default:
			return fmt.Errorf("unexpected argument of type %T: want web.Query, web.Headers, web.JSON, web.Form, web.Multipart, web.Body, string, []byte, io.Reader, context.Context or time.Duration", o)
		}
	}
	if query != nil {
		// u is shared with later requests: change a copy.
		c := *u
		u, r.u, r.redacted = &c, &c, ""
		q := u.Query()
		for k, vs := range query {
			q[k] = append(q[k], vs...)
		}
		u.RawQuery = q.Encode()
	}
	if r.ctx == nil {
		r.ctx = cell.Context()
	}
	if r.contentType != "" && r.header.Get("Content-Type") == "" {
		own()
		r.header.Set("Content-Type", r.contentType)
	}
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			redact.Register("web url password", []byte(pw))
		}
	}
	return nil
}

// newHTTPRequest makes the http.Request of one attempt, with a body that
// GetBody can read again.
func (r *request) newHTTPRequest(ctx context.Context, attempt int) (*http.Request, error) {
	// Neither the client nor the transport changes the URL, and an empty
	// Host means the URL's; an authenticator gets its own copy of the
	// URL and Host set, as it may change them.
	u, host := r.u, ""
	if r.auth != nil {
		c := *r.u
		u, host = &c, c.Host
	}
	if r.auth != nil {
		ctx = withExplicitAuth(ctx)
	}
	req := (&http.Request{
		Method: r.method, URL: u, Host: host, Header: r.header,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
	}).WithContext(ctx)
	if attempt > 0 || r.auth != nil {
		// An authenticator changes them; the transport may still read the
		// previous attempt's.
		req.Header = r.header.Clone()
	}
	// Otherwise the header is shared: roundTrip copies it before any
	// change (the jar's cookies), for the session's is shared by every
	// request and this request's own is what its retries start from.
	switch {
	case r.stream != nil:
		open := r.stream
		req.GetBody = func() (io.ReadCloser, error) { return open(), nil }
		req.ContentLength = r.streamSize
	case r.file != nil:
		f, off, n := r.file, r.fileOff, r.fileSize
		req.GetBody = func() (io.ReadCloser, error) {
			return io.NopCloser(io.NewSectionReader(f, off, n)), nil
		}
		req.ContentLength = n
	case r.body != nil:
		b := r.body
		req.GetBody = func() (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(b)), nil
		}
		req.ContentLength = int64(len(b))
	}
	if req.GetBody != nil {
		req.Body, _ = req.GetBody()
		if req.ContentLength == 0 {
			req.Body = http.NoBody
		}
	}
	return req, nil
}
