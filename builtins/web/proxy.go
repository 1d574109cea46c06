package web

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/opsh/opsh/internal/redact"
)

// proxyFromEnv reads HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY (or
// their lower-case forms) now, as curl does, and returns the transport's
// proxy function. net/http's ProxyFromEnvironment reads them once per
// process, which would miss an os.Setenv made in the REPL.
func proxyFromEnv(getenv func(string) string) func(*http.Request) (*url.URL, error) {
	get := func(names ...string) string {
		for _, n := range names {
			if v := getenv(n); v != "" {
				return v
			}
		}
		return ""
	}
	all := get("ALL_PROXY", "all_proxy")
	httpsProxy := get("HTTPS_PROXY", "https_proxy")
	httpProxy := get("HTTP_PROXY", "http_proxy")
	if httpsProxy == "" {
		httpsProxy = all
	}
	if httpProxy == "" {
		httpProxy = all
	}
	if httpsProxy == "" && httpProxy == "" {
		return nil
	}
	noProxy := parseNoProxy(get("NO_PROXY", "no_proxy"))
	return func(req *http.Request) (*url.URL, error) {
		raw := httpProxy
		if req.URL.Scheme == "https" {
			raw = httpsProxy
		}
		if raw == "" {
			return nil, nil
		}
		host, port := req.URL.Hostname(), req.URL.Port()
		if port == "" {
			port = "80"
			if req.URL.Scheme == "https" {
				port = "443"
			}
		}
		if isLoopback(strings.ToLower(host)) || noProxy.match(strings.ToLower(host), port) {
			return nil, nil
		}
		return parseProxy(raw)
	}
}

func parseProxy(raw string) (*url.URL, error) {
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("proxy %q from the environment is not a URL", redactURL(raw))
	}
	if pw, ok := u.User.Password(); ok {
		redact.Register("proxy password", []byte(pw))
	}
	return u, nil
}

type noProxyRule struct {
	all    bool
	cidr   *net.IPNet
	ip     net.IP
	domain string // matches itself and subdomains
	suffix bool   // written with a leading dot or "*.": subdomains only
	port   string
}

type noProxyList []noProxyRule

func parseNoProxy(s string) noProxyList {
	var l noProxyList
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if f == "*" {
			return noProxyList{{all: true}}
		}
		if _, n, err := net.ParseCIDR(f); err == nil {
			l = append(l, noProxyRule{cidr: n})
			continue
		}
		var r noProxyRule
		if h, p, err := net.SplitHostPort(f); err == nil {
			f, r.port = h, p
		}
		f = strings.Trim(f, "[]")
		if ip := net.ParseIP(f); ip != nil {
			r.ip = ip
			l = append(l, r)
			continue
		}
		if strings.HasPrefix(f, "*.") {
			f, r.suffix = f[1:], true
		}
		if strings.HasPrefix(f, ".") {
			r.suffix = true
		}
		r.domain = strings.TrimPrefix(f, ".")
		l = append(l, r)
	}
	return l
}

func (l noProxyList) match(host, port string) bool {
	ip := net.ParseIP(host)
	for _, r := range l {
		if r.port != "" && r.port != port {
			continue
		}
		switch {
		case r.all:
			return true
		case r.cidr != nil:
			if ip != nil && r.cidr.Contains(ip) {
				return true
			}
		case r.ip != nil:
			if ip != nil && r.ip.Equal(ip) {
				return true
			}
		case r.domain != "":
			if strings.HasSuffix(host, "."+r.domain) || (!r.suffix && host == r.domain) {
				return true
			}
		}
	}
	return false
}
