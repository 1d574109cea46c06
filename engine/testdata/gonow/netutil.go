// Network arithmetic and HTTP against a local server: CIDRs, netip,
// URLs, headers, a JSON API client with timeouts and status checks.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

type Status struct {
	Service string `json:"service"`
	Healthy bool   `json:"healthy"`
	Checks  []struct {
		Name string `json:"name"`
		OK   bool   `json:"ok"`
	} `json:"checks"`
}

func fetch(ctx context.Context, c *http.Client, u string, v any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 64))
		return resp.StatusCode, fmt.Errorf("GET %s: %s: %s", u, resp.Status, strings.TrimSpace(string(b)))
	}
	return resp.StatusCode, json.NewDecoder(resp.Body).Decode(v)
}

func main() {
	_, n, _ := net.ParseCIDR("10.20.0.0/22")
	ones, bits := n.Mask.Size()
	fmt.Println(n, ones, bits, 1<<(bits-ones), n.Contains(net.ParseIP("10.20.3.255")), n.Contains(net.ParseIP("10.20.4.1")))
	p := netip.MustParsePrefix("192.168.1.0/24")
	a := netip.MustParseAddr("192.168.1.10")
	fmt.Println(p.Contains(a), a.Next(), p.Masked(), a.Is4(), a.IsPrivate())
	u, err := url.Parse("https://user@api.example.com:8443/v1/hosts?region=eu&limit=10#top")
	fmt.Println(err, u.Scheme, u.Hostname(), u.Port(), u.Path, u.Query().Get("region"), u.User.Username(), u.Fragment)
	q := url.Values{}
	q.Set("q", "status:500 path:/api")
	q.Add("tag", "a")
	q.Add("tag", "b")
	fmt.Println(q.Encode())

	mux := http.NewServeMux()
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"service":"api","healthy":false,"checks":[{"name":"db","ok":true},{"name":"cache","ok":false}]}`)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no such thing: "+r.URL.Path, http.StatusNotFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	client := &http.Client{Timeout: 3 * time.Second}
	ctx := context.Background()

	var st Status
	code, err := fetch(ctx, client, srv.URL+"/status", &st)
	fmt.Println(code, err, st.Service, st.Healthy, len(st.Checks))
	for _, c := range st.Checks {
		if !c.OK {
			fmt.Println("failing check:", c.Name)
		}
	}
	code, err = fetch(ctx, client, srv.URL+"/nope", &st)
	fmt.Println(code, strings.TrimPrefix(err.Error(), "GET "+srv.URL))
	ctx2, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = fetch(ctx2, client, srv.URL+"/slow", &st)
	fmt.Println(err != nil, strings.Contains(err.Error(), "context deadline exceeded"))
	h := http.Header{}
	h.Add("X-Trace", "a")
	h.Add("x-trace", "b")
	fmt.Println(h.Values("X-TRACE"), len(h))
	host, port, err := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	fmt.Println(host, port != "", err)
}
