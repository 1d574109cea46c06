package web

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/opsh/opsh/builtins/internal/table"
	"github.com/opsh/opsh/internal/readonly"
)

// CookieList is the cookies of a session, as Cookies returns them.
type CookieList []*http.Cookie

// Display shows the cookies as a table.
func (l CookieList) Display() string {
	t := table.New("NAME", "VALUE", "DOMAIN", "PATH", "EXPIRES", "FLAGS")
	for _, c := range l {
		exp := "session"
		if !c.Expires.IsZero() {
			exp = c.Expires.UTC().Format("2006-01-02 15:04Z")
		}
		var flags []string
		if c.Secure {
			flags = append(flags, "secure")
		}
		if c.HttpOnly {
			flags = append(flags, "httponly")
		}
		val := c.Value
		if len(val) > 40 {
			val = val[:40] + "…"
		}
		t.Add(c.Name, val, c.Domain, c.Path, exp, strings.Join(flags, ","))
	}
	return t.String()
}

// Cookies returns every cookie the session holds, sorted by domain, path
// and name. A cookie that only goes back to the host that set it has that
// host as Domain; one that also goes to subdomains has a leading dot.
func (c *Client) Cookies() CookieList { return c.jar.all() }

// SetCookie adds a cookie to the session for the base URL's host (or the
// host of url, if given): s.SetCookie("session", id).
func (c *Client) SetCookie(name, value string, url ...string) error {
	var u = c.baseURL()
	if len(url) > 0 {
		var err error
		if u, err = parseAbsolute(url[0]); err != nil {
			return fmt.Errorf("web SetCookie: %w", err)
		}
	}
	if u == nil {
		return fmt.Errorf("web SetCookie: the session has no base URL; give the cookie's URL")
	}
	c.jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
	return nil
}

func (c *Client) baseURL() *url.URL {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base
}

// ClearCookies removes every cookie from the session.
func (c *Client) ClearCookies() { c.jar.clear() }

// SaveCookies writes the session's cookies, session cookies included, to
// path in the Netscape cookies.txt format that curl (-b/-c), wget and
// Python's http.cookiejar.MozillaCookieJar read. The file is private
// (mode 0600) and replaced atomically.
func (c *Client) SaveCookies(path string) error {
	if err := readonly.Check("writes", "web.SaveCookies", path); err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString("# Netscape HTTP Cookie File\n# Written by opsh; it holds credentials, keep it private.\n\n")
	for _, e := range c.jar.entries() {
		domain := e.Domain
		sub := "FALSE"
		if !e.HostOnly {
			domain, sub = "."+domain, "TRUE"
		}
		if e.HttpOnly {
			domain = "#HttpOnly_" + domain
		}
		exp := int64(0)
		if e.Persistent {
			exp = e.Expires.Unix()
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", domain, sub, e.Path, upperBool(e.Secure), exp, e.Name, e.Value)
	}
	if err := writePrivate(path, b.Bytes()); err != nil {
		return fmt.Errorf("web SaveCookies: %w", err)
	}
	return nil
}

// LoadCookies adds the cookies of a cookies.txt file (as SaveCookies, curl
// -c or MozillaCookieJar write it) to the session; expired ones are
// skipped.
func (c *Client) LoadCookies(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("web LoadCookies: %w", err)
	}
	now := time.Now()
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	var loaded []*entry
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		httpOnly := false
		if rest, ok := strings.CutPrefix(line, "#HttpOnly_"); ok {
			line, httpOnly = rest, true
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) == 6 {
			f = append(f, "")
		}
		if len(f) != 7 {
			return fmt.Errorf("web LoadCookies: %s:%d: want 7 tab-separated fields, got %d", path, n, len(f))
		}
		e := &entry{
			Domain:   strings.ToLower(strings.TrimPrefix(f[0], ".")),
			HostOnly: !strings.EqualFold(f[1], "TRUE"),
			Path:     f[2],
			Secure:   strings.EqualFold(f[3], "TRUE"),
			Name:     f[5],
			Value:    f[6],
			HttpOnly: httpOnly,
		}
		if f[4] != "" && f[4] != "0" {
			sec, err := strconv.ParseInt(f[4], 10, 64)
			if err != nil {
				return fmt.Errorf("web LoadCookies: %s:%d: expiry %q is not a number", path, n, f[4])
			}
			e.Expires, e.Persistent = time.Unix(sec, 0), true
			if !e.Expires.After(now) {
				continue
			}
		}
		loaded = append(loaded, e)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("web LoadCookies: %s: %w", path, err)
	}
	c.jar.put(loaded)
	return nil
}

func upperBool(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

// writePrivate writes data to path with mode 0600, through a temporary
// file renamed into place.
func writePrivate(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// entry is a stored cookie (RFC 6265 section 5.3).
type entry struct {
	Name, Value, Domain, Path  string
	HostOnly, Secure, HttpOnly bool
	Persistent                 bool
	Expires                    time.Time
	SameSite                   http.SameSite
	seq                        uint64 // creation order
}

func (e *entry) key() string { return e.Domain + ";" + e.Path + ";" + e.Name }

// jar is an http.CookieJar that, unlike net/http/cookiejar, can list and
// save what it holds.
type jar struct {
	mu  sync.Mutex
	m   map[string]*entry
	seq uint64
}

func newJar() *jar { return &jar{m: map[string]*entry{}} }

func (j *jar) len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.expireLocked(time.Now())
	return len(j.m)
}

func (j *jar) clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.m = map[string]*entry{}
}

// SetCookies stores the cookies a response from u set.
func (j *jar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	host, err := canonicalHost(u.Host)
	if err != nil {
		return
	}
	now := time.Now()
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, c := range cookies {
		e := &entry{Name: c.Name, Value: c.Value, Secure: c.Secure, HttpOnly: c.HttpOnly, SameSite: c.SameSite}
		if c.Domain == "" {
			e.Domain, e.HostOnly = host, true
		} else {
			d := strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(c.Domain, "."), "."))
			if !domainMatch(host, d) || (d != host && !strings.Contains(d, ".")) {
				continue // a cookie for another domain, or for a whole TLD
			}
			e.Domain = d
		}
		e.Path = c.Path
		if e.Path == "" || e.Path[0] != '/' {
			e.Path = defaultPath(u.Path)
		}
		switch {
		case c.MaxAge < 0:
			delete(j.m, e.key())
			continue
		case c.MaxAge > 0:
			e.Expires, e.Persistent = now.Add(time.Duration(c.MaxAge)*time.Second), true
		case !c.Expires.IsZero():
			if !c.Expires.After(now) {
				delete(j.m, e.key())
				continue
			}
			e.Expires, e.Persistent = c.Expires, true
		}
		j.storeLocked(e)
	}
}

func (j *jar) storeLocked(e *entry) {
	if old, ok := j.m[e.key()]; ok {
		e.seq = old.seq
	} else {
		j.seq++
		e.seq = j.seq
	}
	j.m[e.key()] = e
}

func (j *jar) put(es []*entry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, e := range es {
		j.storeLocked(e)
	}
}

// Cookies returns the cookies to send to u, longest path first.
func (j *jar) Cookies(u *url.URL) []*http.Cookie {
	j.mu.Lock()
	empty := len(j.m) == 0
	j.mu.Unlock()
	if empty {
		return nil
	}
	host, err := canonicalHost(u.Host)
	if err != nil {
		return nil
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	https := u.Scheme == "https" || u.Scheme == "wss"
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.m) == 0 {
		return nil
	}
	j.expireLocked(time.Now())
	var sel []*entry
	for _, e := range j.m {
		if e.Secure && !https && !isLoopback(host) {
			continue
		}
		if e.HostOnly && host != e.Domain || !e.HostOnly && !domainMatch(host, e.Domain) {
			continue
		}
		if !pathMatch(path, e.Path) {
			continue
		}
		sel = append(sel, e)
	}
	sort.Slice(sel, func(a, b int) bool {
		if len(sel[a].Path) != len(sel[b].Path) {
			return len(sel[a].Path) > len(sel[b].Path)
		}
		return sel[a].seq < sel[b].seq
	})
	out := make([]*http.Cookie, len(sel))
	for i, e := range sel {
		out[i] = &http.Cookie{Name: e.Name, Value: e.Value}
	}
	return out
}

func (j *jar) expireLocked(now time.Time) {
	for k, e := range j.m {
		if e.Persistent && !e.Expires.After(now) {
			delete(j.m, k)
		}
	}
}

func (j *jar) entries() []*entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.expireLocked(time.Now())
	es := make([]*entry, 0, len(j.m))
	for _, e := range j.m {
		cp := *e
		es = append(es, &cp)
	}
	sort.Slice(es, func(a, b int) bool {
		if es[a].Domain != es[b].Domain {
			return es[a].Domain < es[b].Domain
		}
		if es[a].Path != es[b].Path {
			return es[a].Path < es[b].Path
		}
		return es[a].Name < es[b].Name
	})
	return es
}

func (j *jar) all() CookieList {
	es := j.entries()
	l := make(CookieList, len(es))
	for i, e := range es {
		d := e.Domain
		if !e.HostOnly {
			d = "." + d
		}
		c := &http.Cookie{Name: e.Name, Value: e.Value, Domain: d, Path: e.Path, Secure: e.Secure, HttpOnly: e.HttpOnly, SameSite: e.SameSite}
		if e.Persistent {
			c.Expires = e.Expires
		}
		l[i] = c
	}
	return l
}

func canonicalHost(host string) (string, error) {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if host == "" {
		return "", fmt.Errorf("no host")
	}
	return strings.ToLower(host), nil
}

func domainMatch(host, domain string) bool {
	if host == domain {
		return true
	}
	return net.ParseIP(host) == nil && strings.HasSuffix(host, "."+domain)
}

func pathMatch(reqPath, cookiePath string) bool {
	if reqPath == cookiePath {
		return true
	}
	if !strings.HasPrefix(reqPath, cookiePath) {
		return false
	}
	return strings.HasSuffix(cookiePath, "/") || reqPath[len(cookiePath)] == '/'
}

func defaultPath(p string) string {
	if p == "" || p[0] != '/' {
		return "/"
	}
	i := strings.LastIndexByte(p, '/')
	if i == 0 {
		return "/"
	}
	return p[:i]
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
