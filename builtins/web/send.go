package web

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/opsh/opsh/builtins/internal/progress"
	"github.com/opsh/opsh/internal/cell"
)

// ErrTimeout is what a request that waited longer than the session's
// Timeout fails with (errors.Is).
var ErrTimeout = errors.New("timed out")

// Error is the error of a request that got no response: the URL was
// malformed, the connection failed, TLS verification failed, the timeout
// passed or the request was interrupted. Its message names the method and
// the URL (without any password).
type Error struct {
	Method string
	URL    string
	Err    error
}

func (e *Error) Error() string { return e.Method + " " + e.URL + ": " + e.Err.Error() }

// Unwrap returns the cause: ErrTimeout, context.Canceled, a
// *tls.CertificateVerificationError, a *net.OpError...
func (e *Error) Unwrap() error { return e.Err }

// Timeout reports whether the request timed out.
func (e *Error) Timeout() bool { return errors.Is(e.Err, ErrTimeout) }

// causeError has its own message and unwraps to the cause.
type causeError struct {
	msg   string
	cause error
}

func (e *causeError) Error() string { return e.msg }
func (e *causeError) Unwrap() error { return e.cause }

// reqState travels in the request's context so that checkRedirect, shared
// by every request of the session, sees the request's own settings.
type reqState struct {
	maxRedirects int
	auth         func(*http.Request) error
}

// redirectsOf lists the URLs that redirected to resp, oldest first.
func redirectsOf(resp *http.Response) []string {
	var via []string
	for req := resp.Request; req != nil && req.Response != nil; req = req.Response.Request {
		if req.Response.Request != nil {
			via = append(via, req.Response.Request.URL.Redacted())
		}
	}
	slices.Reverse(via)
	return via
}

type stateKey struct{}

func checkRedirect(req *http.Request, via []*http.Request) error {
	st, _ := req.Context().Value(stateKey{}).(*reqState)
	if st == nil {
		st = &reqState{maxRedirects: DefaultRedirects}
	}
	if st.maxRedirects == 0 {
		return http.ErrUseLastResponse
	}
	if err := reachOrigin(req.URL); err != nil {
		return err
	}
	if len(via) > st.maxRedirects {
		return &causeError{fmt.Sprintf("stopped after %d redirects, the last to %s (allow more with s.Redirects(n))", st.maxRedirects, req.URL.Redacted()), errFinal}
	}
	if st.auth != nil && req.URL.Host == via[0].URL.Host && req.URL.Scheme == via[0].URL.Scheme {
		if err := st.auth(req); err != nil {
			return &causeError{"auth: " + err.Error(), errors.Join(errFinal, err)}
		}
	}
	return nil
}

var idempotent = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodOptions: true,
	http.MethodPut: true, http.MethodDelete: true, http.MethodTrace: true,
}

func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests || code == http.StatusBadGateway ||
		code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout
}

// send runs the attempts of one request.
func (r *request) send(start time.Time) (*Response, error) {
	fail := func(err error) (*Response, error) {
		return nil, &Error{Method: r.method, URL: r.u.Redacted(), Err: err}
	}
	for attempt := 0; ; attempt++ {
		resp, body, via, err := r.attemptOnce(attempt)
		if err != nil {
			if r.ctx.Err() != nil {
				return fail(stopped(r.ctx))
			}
			retryable := !errors.Is(err, errFinal) && (idempotent[r.method] || neverSent(err)) && !isTLS(err)
			if attempt < r.retries && retryable {
				if werr := r.waitRetry(attempt, 0, shortError(err)); werr != nil {
					return fail(werr)
				}
				continue
			}
			return fail(explain(err, r.u, r.roots))
		}
		if attempt < r.retries && idempotent[r.method] && retryableStatus(resp.StatusCode) {
			after, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now())
			if !ok || after <= MaxRetryAfter {
				if werr := r.waitRetry(attempt, after, resp.Status); werr != nil {
					return fail(werr)
				}
				continue
			}
		}
		res := newResponse(r.method, r.finalURL(resp), resp, body, via, time.Since(start))
		if r.dest != nil && res.StatusCode >= 200 && res.StatusCode < 300 {
			res.File, res.size = r.destPath, r.saved
		}
		return res, nil
	}
}

// finalURL is the URL that answered, without any password.
func (r *request) finalURL(resp *http.Response) string {
	if resp.Request == nil || resp.Request.URL == nil {
		return ""
	}
	if resp.Request.URL == r.u && r.redacted != "" {
		return r.redacted
	}
	return resp.Request.URL.Redacted()
}

// errFinal marks errors that a retry would only repeat: an authenticator's
// refusal, too many redirects.
var errFinal = errors.New("not retried")

// attemptOnce sends the request once and reads the whole body.
func (r *request) attemptOnce(attempt int) (*http.Response, []byte, []string, error) {
	ok := false // the body was read whole: the watchdog may be kept
	ctx := r.ctx
	var w *watchdog
	var timer *time.Timer
	if r.timeout > 0 {
		w = r.watchdogs.start(ctx, r.timeout)
		ctx, timer = w.ctx, w.timer
		defer func() { r.watchdogs.stop(w, ok) }()
	}
	if r.auth != nil || r.redirects != DefaultRedirects {
		// Only checkRedirect reads this; the common case goes without.
		ctx = context.WithValue(ctx, stateKey{}, &reqState{maxRedirects: r.redirects, auth: r.auth})
	}
	timedOut := func() bool { return w != nil && w.fired.Load() }
	req, err := r.newHTTPRequest(ctx, attempt)
	if err != nil {
		return nil, nil, nil, err
	}
	if r.auth != nil {
		if err := r.auth(req); err != nil {
			return nil, nil, nil, &causeError{"auth: " + err.Error(), errors.Join(errFinal, err)}
		}
	}
	if err := reachOrigin(req.URL); err != nil {
		return nil, nil, nil, err
	}
	resp, err := r.roundTrip(req, attempt == 0 && r.auth == nil)
	if err != nil {
		if timedOut() && r.ctx.Err() == nil {
			return nil, nil, nil, &causeError{fmt.Sprintf("no response within %s (s.Timeout)", r.timeout), ErrTimeout}
		}
		return nil, nil, nil, err
	}
	defer resp.Body.Close()
	var body []byte
	var n int64
	if r.dest != nil && resp.StatusCode >= 200 && resp.StatusCode < 300 {
		n, err = r.download(resp, timer)
	} else {
		body, err = readBody(resp, timer, r.timeout)
		n = int64(len(body))
	}
	if err != nil {
		if timedOut() && r.ctx.Err() == nil {
			err = &causeError{fmt.Sprintf("%s: body stalled for %s after %d bytes (s.Timeout)", resp.Status, r.timeout, n), ErrTimeout}
		} else {
			err = fmt.Errorf("%s: read body: %w", resp.Status, err)
		}
		return nil, nil, nil, err
	}
	ok = true
	return resp, body, redirectsOf(resp), nil
}

// download writes the body to r.dest from its start, restarting the
// timeout at each read, with a progress bar on the cell's error output.
func (r *request) download(resp *http.Response, timer *time.Timer) (int64, error) {
	if _, err := r.dest.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	if err := r.dest.Truncate(0); err != nil {
		return 0, err
	}
	bar := progress.New(filepath.Base(r.destPath), max(resp.ContentLength, 0))
	defer bar.Done()
	buf := make([]byte, 64<<10)
	var n int64
	for {
		m, err := resp.Body.Read(buf)
		if m > 0 {
			if timer != nil {
				timer.Reset(r.timeout)
			}
			if _, werr := r.dest.Write(buf[:m]); werr != nil {
				return n, werr
			}
			n += int64(m)
			bar.Add(int64(m))
		}
		if err == io.EOF {
			r.saved = n
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// readBody reads the whole body, restarting the timeout at each read.
func readBody(resp *http.Response, timer *time.Timer, timeout time.Duration) ([]byte, error) {
	size := 512
	if n := resp.ContentLength; n > 0 && n < 64<<20 {
		size = int(n) + 1
	}
	b := make([]byte, 0, size)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := resp.Body.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if n > 0 && timer != nil {
			timer.Reset(timeout)
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// waitRetry waits before attempt+1, telling the user why on the cell's
// error output.
func (r *request) waitRetry(attempt int, after time.Duration, why string) error {
	wait := after
	if wait <= 0 {
		d := r.backoff << attempt
		if d > r.backoffMx || d <= 0 {
			d = r.backoffMx
		}
		// Equal jitter: half fixed, half random.
		wait = d/2 + rand.N(d/2+1)
	}
	fmt.Fprintf(cell.Stderr(), "web: %s %s: %s; retry %d/%d in %s\n",
		r.method, r.u.Redacted(), why, attempt+1, r.retries, wait.Round(time.Millisecond))
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-r.ctx.Done():
		return stopped(r.ctx)
	}
}

// stopped is the error of a request whose context ended: interrupted
// (Ctrl-C, a cancel) or past the context's deadline.
func stopped(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &causeError{"the context's deadline passed", ctx.Err()}
	}
	return &causeError{"interrupted", ctx.Err()}
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(h); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// neverSent reports whether err happened before the request left: a
// refused or unreachable connection, safe to retry whatever the method.
func neverSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

func isTLS(err error) bool {
	var cv *tls.CertificateVerificationError
	var rh tls.RecordHeaderError
	return errors.As(err, &cv) || errors.As(err, &rh)
}

func shortError(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 && strings.HasPrefix(s, "dial ") {
		return s[i+2:]
	}
	return s
}

// explain turns transport errors into messages that say what to do.
func explain(err error, u *url.URL, roots string) error {
	var cv *tls.CertificateVerificationError
	if errors.As(err, &cv) {
		return &causeError{"TLS: " + describeTLS(cv, u.Hostname(), roots), err}
	}
	var rh tls.RecordHeaderError
	if errors.As(err, &rh) || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client") {
		return &causeError{"TLS: the server did not answer in TLS (is it plain http? try http://" + u.Host + ")", err}
	}
	return err
}

func describeTLS(cv *tls.CertificateVerificationError, host, roots string) string {
	var leaf *x509.Certificate
	if len(cv.UnverifiedCertificates) > 0 {
		leaf = cv.UnverifiedCertificates[0]
	}
	var hn x509.HostnameError
	var ua x509.UnknownAuthorityError
	var ci x509.CertificateInvalidError
	hint := "trust its CA with s.CA(\"ca.pem\") or SSL_CERT_FILE; verification is never turned off"
	switch {
	case errors.As(cv.Err, &hn):
		names := certHostnames(hn.Certificate)
		return fmt.Sprintf("the certificate is for %s, not %q (connect with one of those names)", names, hn.Host)
	case errors.As(cv.Err, &ua):
		cert := ua.Cert
		if cert == nil {
			cert = leaf
		}
		issuer := "an unknown CA"
		if cert != nil {
			issuer = fmt.Sprintf("%q", issuerName(cert))
		}
		return fmt.Sprintf("certificate for %s is signed by %s, which is not among the trusted roots (%s); %s", host, issuer, roots, hint)
	case errors.As(cv.Err, &ci):
		what := ci.Detail
		if ci.Reason == x509.Expired && ci.Cert != nil {
			what = fmt.Sprintf("it expired at %s or is not valid until %s", ci.Cert.NotAfter.UTC().Format(time.RFC3339), ci.Cert.NotBefore.UTC().Format(time.RFC3339))
		}
		name := host
		if ci.Cert != nil {
			name = fmt.Sprintf("%q", ci.Cert.Subject.CommonName)
		}
		return fmt.Sprintf("certificate %s is not valid: %s", name, what)
	}
	return fmt.Sprintf("certificate for %s: %v (trusted roots: %s)", host, cv.Err, roots)
}

func certHostnames(c *x509.Certificate) string {
	if c == nil {
		return "another host"
	}
	var names []string
	names = append(names, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && c.Subject.CommonName != "" {
		names = append(names, c.Subject.CommonName)
	}
	if len(names) == 0 {
		return "no host name"
	}
	return strings.Join(names, ", ")
}

func issuerName(c *x509.Certificate) string {
	if c.Issuer.CommonName != "" {
		return c.Issuer.CommonName
	}
	return c.Issuer.String()
}
