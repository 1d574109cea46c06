package web

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"strings"
)

// roundTrip sends an attempt's request and returns the response, with
// redirects followed as net/http.Client follows them, or the cause of the
// failure (what http.Client wraps in a *url.Error). shared tells that
// req.Header is shared with other requests or attempts.
//
// A request whose first response is not a redirect goes to the transport
// directly, with what http.Client does around a single exchange: the
// jar's cookies added to (a copy of) the header, Set-Cookie stored in the
// jar, a plain-HTTP answer to TLS reported as http.ErrSchemeMismatch.
// That spares the client's per-request work (a copy of every header, kept
// for redirects). A redirect is handed to an http.Client whose first
// exchange replays the response received, so that the client follows it
// exactly as if it had sent the request itself.
func (r *request) roundTrip(req *http.Request, shared bool) (*http.Response, error) {
	hc := r.hc
	rt := hc.Transport
	if r.viaClient || rt == nil || hc.Timeout != 0 || req.URL.User != nil {
		return clientDo(hc, req, shared)
	}
	cookieURL := req.URL
	if req.Host != "" {
		u := *req.URL
		u.Host = req.Host
		cookieURL = &u
	}
	sent := req
	if hc.Jar != nil {
		if cookies := hc.Jar.Cookies(cookieURL); len(cookies) > 0 {
			sent = req.WithContext(req.Context())
			sent.Header = maps.Clone(req.Header)
			for _, c := range cookies {
				sent.AddCookie(c)
			}
		}
	}
	resp, err := rt.RoundTrip(sent)
	if err != nil {
		if rh, ok := err.(tls.RecordHeaderError); ok && string(rh.RecordHeader[:]) == "HTTP/" {
			err = http.ErrSchemeMismatch
		}
		return nil, err
	}
	if resp == nil {
		return nil, fmt.Errorf("http: RoundTripper implementation (%T) returned a nil *Response with a nil error", rt)
	}
	if resp.Body == nil {
		if resp.ContentLength > 0 && req.Method != http.MethodHead {
			return nil, fmt.Errorf("http: RoundTripper implementation (%T) returned a *Response with content length %d but a nil Body", rt, resp.ContentLength)
		}
		resp.Body = io.NopCloser(strings.NewReader(""))
	}
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		c := *hc
		c.Transport = &replayFirst{resp: resp, rt: rt}
		first := req.WithContext(req.Context())
		return clientDo(&c, first, true)
	}
	if hc.Jar != nil {
		if rc := resp.Cookies(); len(rc) > 0 {
			hc.Jar.SetCookies(cookieURL, rc)
		}
	}
	return resp, nil
}

// clientDo sends req with hc. The client adds the jar's cookies to the
// request's header: a shared one is copied first (the client only sets
// whole values, so the values can stay shared).
func clientDo(hc *http.Client, req *http.Request, shared bool) (*http.Response, error) {
	if shared {
		req.Header = maps.Clone(req.Header)
	}
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, err
	}
	return resp, nil
}

// replayFirst is the transport of a client that follows a redirect
// received already: its first round trip returns that response, the
// next go to the session's transport.
type replayFirst struct {
	resp *http.Response
	rt   http.RoundTripper
}

func (p *replayFirst) RoundTrip(req *http.Request) (*http.Response, error) {
	if resp := p.resp; resp != nil {
		p.resp = nil
		resp.Request = req
		return resp, nil
	}
	return p.rt.RoundTrip(req)
}
