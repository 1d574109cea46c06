package web

import (
	"net/http"

	"github.com/opsh/opsh/internal/readonly"
)

// callOf names the function that sends a request with method, as the user
// calls it, for a refusal: web.Post, else web.Do.
var callOf = map[string]string{
	http.MethodPost:   "web.Post",
	http.MethodPut:    "web.Put",
	http.MethodPatch:  "web.Patch",
	http.MethodDelete: "web.Delete",
}

// refuseMethod returns the read-only refusal of a request with a method
// that may change something (all but GET, HEAD and OPTIONS), nil for the
// others or when the session may change things.
func refuseMethod(method, url string) error {
	if name, ok := callOf[method]; ok {
		return readonly.Request(method, name, redactURL(url))
	}
	return readonly.Request(method, "web.Do", method, redactURL(url))
}
