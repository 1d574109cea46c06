package web

// defaultSession is the session behind the package-level Get, Post...
var defaultSession = Session()

// Default is the session behind the package-level functions (web.Get,
// web.Post...): configure it as any other, web.Default().Header("X-Team", "sre").
func Default() *Client { return defaultSession }

// Get sends a GET request with the default session: web.Get("http://127.0.0.1:8080/json").
func Get(url string, opts ...any) (*Response, error) { return defaultSession.Get(url, opts...) }

// Head sends a HEAD request with the default session.
func Head(url string, opts ...any) (*Response, error) { return defaultSession.Head(url, opts...) }

// Options sends an OPTIONS request with the default session.
func Options(url string, opts ...any) (*Response, error) {
	return defaultSession.Options(url, opts...)
}

// Post sends a POST request with the default session: web.Post(u, web.JSON{"hello": 5}).
func Post(url string, opts ...any) (*Response, error) { return defaultSession.Post(url, opts...) }

// Put sends a PUT request with the default session.
func Put(url string, opts ...any) (*Response, error) { return defaultSession.Put(url, opts...) }

// Patch sends a PATCH request with the default session.
func Patch(url string, opts ...any) (*Response, error) { return defaultSession.Patch(url, opts...) }

// Delete sends a DELETE request with the default session.
func Delete(url string, opts ...any) (*Response, error) { return defaultSession.Delete(url, opts...) }

// Do sends a request with any method with the default session (see Client.Do).
func Do(method, url string, opts ...any) (*Response, error) {
	return defaultSession.Do(method, url, opts...)
}

// Download saves the body of a GET to a file with the default session (see
// Client.Download).
func Download(url, path string, opts ...any) (*Response, error) {
	return defaultSession.Download(url, path, opts...)
}
