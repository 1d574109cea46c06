// Package web is opsh's HTTP client: sessions in the manner of Python's
// requests.Session, for health checks, REST calls chained from one JSON
// response to the next, and internal services behind their own CAs.
//
// # At the prompt
//
//	web.Get("http://127.0.0.1:8080/json")     // shows 200 OK · application/json · 312 B · 41 ms, then the body
//	r := _
//	r.Text()[:50]
//	r.Path("slideshow.slides.0.title")        // "Wake up to WonderWidgets!"
//
// The package-level Get, Post, Put, Patch, Delete, Head, Options and Do use
// a default session (Default). For anything beyond one call, make a session:
//
//	s := web.Session("https://api.internal:8443/v2")  // base URL, optional
//	s.Header("X-Team", "sre")                         // sent with every request
//	token, err := secret.Env("API_TOKEN")
//	s.Bearer(token)                                   // or s.BasicAuth("user", pw), or s.Auth(signer)
//	s.CA("/etc/ssl/internal-ca.pem")                  // trust the internal CA too
//	s.Retry(3)
//	s.Timeout(5 * time.Second)
//
//	r, err := s.Get("/users", web.Query{"team": "sre", "page": 2})
//	users, err := r.JSON()
//	r, err = s.Post("/users", web.JSON{"name": "ann"})
//	err = r.Check()                                    // an error for 4xx and 5xx
//
// # Requests
//
// A relative URL is appended to the session's base URL; an absolute one is
// used as is. After the URL come any of: Query (parameters), Headers (for
// this request), a body (JSON, JSONOf(v), Form, Multipart, Body, a string,
// []byte or io.Reader), a time.Duration (this request's timeout) and a
// context.Context. Without a context, a request uses the running cell's, so
// Ctrl-C stops it. Download streams a body to a file instead of memory,
// with a progress bar, replacing the file only once it is complete.
//
// Multipart sends a multipart/form-data form of fields and files, files
// streamed from disk with the length known in advance, which is also how
// to upload to an S3 presigned POST in one call:
//
//	web.Post(u, web.Multipart(web.Field("k", "v"), web.File("upload", "report.pdf")))
//	web.Post(p.URL, web.Multipart(web.Fields(p.Fields), web.File("file", "meeting.mp4")))
//
// A request returns once the whole body is read. Only a failure to get a
// response is an error (*Error: malformed URL, refused connection, TLS
// failure, timeout, interruption); a 404 is a Response, and Check turns it
// into a *StatusError naming the method, the URL, the status and the start
// of the body.
//
// # Responses
//
// Response has StatusCode, Status, Header, URL (the final one, after
// redirects), Redirects and Elapsed; Text, Bytes, JSON, Decode and Path read
// the body; Link("next") follows the pages of a paginated API. Path digs into JSON without type assertions: dot-separated keys
// and indexes, "items.0.id" or "items[0].id", negative indexes from the end;
// its error names the first step that is missing and what is there. Display
// (what the REPL shows) is a status line, then the body: JSON indented, long
// bodies cut with a note, binary bodies summarised, secrets masked.
//
// # Safety
//
// TLS is always verified; to reach a server with an internal CA, trust that
// CA with CA or SSL_CERT_FILE. ClientCert (files) and ClientCertData (PEM in
// memory, the key a secret) present a client certificate to services that
// require mutual TLS. A TLS error says which name the certificate
// is for, who signed it and which roots were trusted. Passwords and tokens
// given to BasicAuth and Bearer, the values of credential headers
// (Authorization, X-Api-Key...) and passwords in URLs and proxy URLs become
// secrets (package secret): the session shows them as «redacted:NAME», and
// their text, and the Authorization header made of them, are masked in
// displays, transcripts and history.
// Cookie files are written with mode 0600.
//
// # Retries and timeouts
//
// Retry(n) retries idempotent requests (GET, HEAD, OPTIONS, PUT, DELETE,
// TRACE) that get 429, 502, 503 or 504 or lose their connection, and any
// request whose connection was refused, waiting with exponential backoff
// and jitter (Backoff) or as long as Retry-After says, up to MaxRetryAfter.
// Each retry is noted on the cell's error output. An authenticator runs
// again for each attempt, so signatures stay fresh.
//
// Timeout(d) bounds the wait for the response and then for each next part
// of the body: a slow, steady download goes on, a silent server fails with
// ErrTimeout. The default is DefaultTimeout.
//
// # Cookies and environment
//
// A session keeps cookies (Cookies, SetCookie, ClearCookies), and can save
// them to a cookies.txt file and load them into a new session (SaveCookies,
// LoadCookies): the Netscape format of curl -b/-c and Python's
// MozillaCookieJar, session cookies included.
//
// Nothing is read from the environment until a session's first request,
// which reads HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY (loopback
// addresses never go through a proxy), SSL_CERT_FILE (roots added to the
// system's) and $NETRC or ~/.netrc: as with curl --netrc and Python's
// requests, a request that carries no authentication of its own (no
// Authorization header, no user in the URL, no BasicAuth, Bearer or Auth
// on the session) gets basic authentication from the file's entry for its
// host, or its default entry; each hop of a redirect is judged by its own
// host.
//
// # Custom authentication
//
// Auth takes a func(*http.Request) error, called with the final request:
// URL, headers and body set, body readable through req.GetBody. It is what
// a request signer plugs into (the aws builtin's SigV4 signer has this
// type):
//
//	s.Auth(func(req *http.Request) error {
//		body, _ := req.GetBody()
//		req.Header.Set("X-Signature", sign(req.Method, req.URL, body))
//		return nil
//	})
package web
