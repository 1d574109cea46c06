package web

import "net/http"

// SetTransport makes c send through rt, for benchmarks that measure the
// package's own cost without a network.
func SetTransport(c *Client, rt http.RoundTripper) {
	c.mu.Lock()
	defer c.mu.Unlock()
	hc, _ := c.clientLocked()
	hc.Transport = rt
}
