package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestProxyRules(t *testing.T) {
	env := map[string]string{
		"HTTPS_PROXY": "proxy.corp:3128",
		"http_proxy":  "http://plain.corp:8080",
		"NO_PROXY":    "internal.corp, .svc, 10.0.0.0/8, 192.168.1.5, api.example.com:8443",
	}
	proxy := proxyFromEnv(func(k string) string { return env[k] })
	for target, want := range map[string]string{
		"https://api.example.com/x":       "http://proxy.corp:3128",
		"http://api.example.com/x":        "http://plain.corp:8080",
		"https://api.example.com:8443/x":  "", // host:port rule
		"https://internal.corp/":          "",
		"https://db.internal.corp/":       "",
		"https://notinternal.corp/":       "http://proxy.corp:3128",
		"https://svc/":                    "http://proxy.corp:3128", // .svc: subdomains only
		"https://a.b.svc/":                "",
		"https://10.2.3.4/":               "",
		"https://11.2.3.4/":               "http://proxy.corp:3128",
		"https://192.168.1.5/":            "",
		"http://127.0.0.1:8080/":          "",
		"http://localhost/":               "",
		"http://[::1]:80/":                "",
		"https://API.EXAMPLE.COM:8443/up": "",
	} {
		u, _ := url.Parse(target)
		got, err := proxy(&http.Request{URL: u})
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		s := ""
		if got != nil {
			s = got.String()
		}
		if s != want {
			t.Errorf("proxy for %s = %q, want %q", target, s, want)
		}
	}
	if proxyFromEnv(func(string) string { return "" }) != nil {
		t.Error("a proxy function without proxy variables")
	}
	all := proxyFromEnv(func(k string) string {
		return map[string]string{"ALL_PROXY": "socks5://gw:1080", "NO_PROXY": "*"}[k]
	})
	u, _ := url.Parse("https://example.com/")
	if got, _ := all(&http.Request{URL: u}); got != nil {
		t.Errorf("NO_PROXY=* still proxies: %v", got)
	}
}

func TestJarRules(t *testing.T) {
	j := newJar()
	set := func(rawURL string, cookies ...*http.Cookie) {
		u, _ := url.Parse(rawURL)
		j.SetCookies(u, cookies)
	}
	get := func(rawURL string) string {
		u, _ := url.Parse(rawURL)
		var names []string
		for _, c := range j.Cookies(u) {
			names = append(names, c.Name+"="+c.Value)
		}
		return strings.Join(names, " ")
	}
	set("https://www.example.com/app/login",
		&http.Cookie{Name: "host", Value: "1"},                                   // host-only, path /app
		&http.Cookie{Name: "dom", Value: "2", Domain: ".example.com", Path: "/"}, // whole domain
		&http.Cookie{Name: "deep", Value: "3", Path: "/app/admin"},
		&http.Cookie{Name: "sec", Value: "4", Path: "/", Secure: true},
		&http.Cookie{Name: "evil", Value: "5", Domain: "other.com"}, // refused
		&http.Cookie{Name: "tld", Value: "6", Domain: "com"},        // refused
		&http.Cookie{Name: "old", Value: "7", Expires: time.Now().Add(-time.Hour)},
		&http.Cookie{Name: "short", Value: "8", Path: "/", MaxAge: 3600},
	)
	for target, want := range map[string]string{
		"https://www.example.com/app/admin/x": "deep=3 host=1 dom=2 sec=4 short=8",
		"https://www.example.com/app":         "host=1 dom=2 sec=4 short=8",
		"https://www.example.com/apple":       "dom=2 sec=4 short=8",
		"http://www.example.com/":             "dom=2 short=8",
		"https://api.example.com/":            "dom=2",
		"https://example.com/":                "dom=2",
		"https://other.com/":                  "",
	} {
		if got := get(target); got != want {
			t.Errorf("cookies for %s = %q, want %q", target, got, want)
		}
	}
	// Replacing keeps one; Max-Age<0 deletes.
	set("https://www.example.com/", &http.Cookie{Name: "dom", Value: "new", Domain: "example.com", Path: "/"})
	set("https://www.example.com/", &http.Cookie{Name: "short", Path: "/", MaxAge: -1})
	if got := get("https://api.example.com/"); got != "dom=new" {
		t.Errorf("after replace: %q", got)
	}
	if n := len(j.all()); n != 4 {
		t.Errorf("%d cookies, want 4: %v", n, j.all().Display())
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC)
	for h, want := range map[string]time.Duration{
		"3":                             3 * time.Second,
		"0":                             0,
		"Sun, 22 Nov 2026 01:00:30 GMT": 30 * time.Second,
		"Sun, 22 Nov 2026 00:59:00 GMT": 0,
	} {
		got, ok := retryAfter(h, now)
		if !ok || got != want {
			t.Errorf("retryAfter(%q) = %v, %v; want %v", h, got, ok, want)
		}
	}
	for _, h := range []string{"", "soon", "-1"} {
		if _, ok := retryAfter(h, now); ok {
			t.Errorf("retryAfter(%q) accepted", h)
		}
	}
}

func TestResolve(t *testing.T) {
	base, _ := url.Parse("http://h:8080/api/v2?key=1")
	for target, want := range map[string]string{
		"/users":             "http://h:8080/api/v2/users?key=1",
		"users":              "http://h:8080/api/v2/users?key=1",
		"/users?page=2":      "http://h:8080/api/v2/users?page=2",
		"/a%2Fb":             "http://h:8080/api/v2/a%2Fb?key=1",
		"":                   "http://h:8080/api/v2?key=1",
		"https://x.org/y?z":  "https://x.org/y?z",
		"/search/disk full?": "http://h:8080/api/v2/search/disk%20full?key=1",
	} {
		u, err := resolve(base, target)
		if err != nil {
			t.Errorf("resolve(%q): %v", target, err)
			continue
		}
		if u.String() != want {
			t.Errorf("resolve(%q) = %s, want %s", target, u, want)
		}
	}
}

func TestLink(t *testing.T) {
	r := &Response{URL: "https://api.example.com/repos/o/r/issues?page=2", Header: http.Header{"Link": {
		`<https://api.example.com/repos/o/r/issues?page=3>; rel="next", <https://api.example.com/repos/o/r/issues?page=9>; rel="last"`,
		`</repos/o/r/issues?page=1>; rel="prev first"`,
	}}}
	for rel, want := range map[string]string{
		"next":  "https://api.example.com/repos/o/r/issues?page=3",
		"last":  "https://api.example.com/repos/o/r/issues?page=9",
		"first": "https://api.example.com/repos/o/r/issues?page=1",
		"prev":  "https://api.example.com/repos/o/r/issues?page=1",
		"self":  "",
	} {
		if got := r.Link(rel); got != want {
			t.Errorf("Link(%q) = %q, want %q", rel, got, want)
		}
	}
}
