package web

import (
	"errors"
	"net"
	"net/url"

	"github.com/opsh/opsh/internal/cell"
)

// reachOrigin tells the session the origin a request is about to go to
// (scheme://host:port), before it is sent: a replay refuses an origin it
// was not recorded against here. The refusal is final, never retried.
func reachOrigin(u *url.URL) error {
	err := cell.Reach(cell.Target{Kind: cell.KindHTTP, ID: origin(u)})
	if err != nil {
		return &causeError{err.Error(), errors.Join(errFinal, err)}
	}
	return nil
}

// origin is scheme://host:port, the port written even when it is the
// scheme's default.
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return u.Scheme + "://" + net.JoinHostPort(u.Hostname(), port)
}
