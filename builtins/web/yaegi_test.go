package web_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/opsh/opsh/builtins/web"
	"github.com/opsh/opsh/builtins/web/symbols"
	"github.com/opsh/opsh/internal/yaegitest"
)

// newInterp is an interpreter set up as the REPL sets it up, with package
// web imported.
func newInterp(t testing.TB) *interp.Interpreter {
	t.Helper()
	return yaegitest.New(t, []interp.Exports{symbols.Symbols}, "github.com/opsh/opsh/builtins/web", "net/http", "time", "strings")
}

// TestInterpreted runs the calls of the web builtin's specification, as
// written, through yaegi against go-httpbin.
func TestInterpreted(t *testing.T) {
	b := newBin(t)
	ca := newCA(t, "opsh test CA")
	tlsSrv := tlsBin(t, ca.issue(t, time.Now().Add(time.Hour), "127.0.0.1"))
	captureStderr(t)
	i := newInterp(t)
	cookieFile := filepath.Join(t.TempDir(), "cookies.txt")
	subst := strings.NewReplacer("http://127.0.0.1:8080", b.URL, "TLSURL", tlsSrv.URL, "CAFILE", ca.pemFile, "COOKIES", cookieFile, "DLFILE", filepath.Join(t.TempDir(), "dl.bin"))

	for _, tc := range []struct {
		src  string
		want string // the %v of the value, "" to ignore it
	}{
		{src: `s := web.Session("http://127.0.0.1:8080")`},
		{src: `s.Header("X-Team", "sre")`},
		{src: `r, err := s.Get("/get", web.Query{"a": "1"})`},
		{src: `err`, want: "<nil>"},
		{src: `r.StatusCode`, want: "200"},
		{src: `r.Status`, want: "200 OK"},
		{src: `r.Header.Get("Content-Type")`, want: "application/json; charset=utf-8"},
		{src: `strings.Contains(r.Text(), "\"X-Team\"")`, want: "true"},
		{src: `len(r.Bytes()) > 100`, want: "true"},
		{src: `v, _ := r.JSON()`},
		{src: `v.(map[string]interface{})["args"].(map[string]interface{})["a"].([]interface{})[0]`, want: "1"},
		{src: `type Echo struct { Args map[string][]string ` + "`json:\"args\"`" + `; Headers map[string][]string }`},
		{src: `var e Echo`},
		{src: `r.Decode(&e)`, want: "<nil>"},
		{src: `e.Args["a"][0] + " " + e.Headers["X-Team"][0]`, want: "1 sre"},
		{src: `r, err = s.Post("/post", web.JSON{"hello": 5})`},
		{src: `r.Path("json.hello")`, want: "5"},
		{src: `r, err = s.Put("/put", web.JSON{"hello": 5, "world": 2})`},
		{src: `r.Path("json.world")`, want: "2"},
		{src: `r, err = s.Patch("/patch", "x")`},
		{src: `r.StatusCode`, want: "200"},
		{src: `r, err = s.Delete("/delete")`},
		{src: `r.StatusCode`, want: "200"},
		{src: `r, err = s.Head("/head")`},
		{src: `r.StatusCode`, want: "200"},
		{src: `r, err = s.Options("/get")`},
		{src: `r.StatusCode`, want: "200"},
		{src: `pw := "s3cret-pw"`},
		{src: `s.BasicAuth("user", pw)`, want: "<nil>"},
		{src: `r, err = s.Get("/basic-auth/user/s3cret-pw")`},
		{src: `r.StatusCode`, want: "200"},
		{src: `token := "tok-abc123"`},
		{src: `s.Bearer(token)`, want: "<nil>"},
		{src: `r, err = s.Get("/bearer")`},
		{src: `r.Path("token")`, want: "tok-abc123"},
		{src: `s.Auth(func(req *http.Request) error { req.Header.Set("X-Signed", req.Method+" "+req.URL.Path); return nil })`},
		{src: `r, err = s.Get("/headers")`},
		{src: `r.Path("headers.X-Signed.0")`, want: "GET /headers"},
		{src: `s.Retry(3)`},
		{src: `s.Timeout(5 * time.Second)`},
		{src: `r, err = s.Get("/status/404")`},
		{src: `r.Check() != nil && strings.HasPrefix(r.Check().Error(), "GET http://127.0.0.1:8080/status/404: 404 Not Found")`, want: "true"},
		{src: `s.Timeout(100 * time.Millisecond)`},
		{src: `_, err = s.Get("/delay/3")`},
		{src: `err.Error()`, want: "GET http://127.0.0.1:8080/delay/3: no response within 100ms (s.Timeout)"},
		{src: `r, err = s.Get("/cookies/set", web.Query{"k": "v"})`},
		{src: `len(s.Cookies())`, want: "1"},
		{src: `s.Cookies()[0].Name + "=" + s.Cookies()[0].Value`, want: "k=v"},
		{src: `s.SaveCookies("COOKIES")`, want: "<nil>"},
		{src: `s2 := web.Session("http://127.0.0.1:8080")`},
		{src: `s2.LoadCookies("COOKIES")`, want: "<nil>"},
		{src: `r, err = s2.Get("/cookies")`},
		{src: `r.Path("cookies.k")`, want: "v"},
		{src: `t := web.Session("TLSURL")`},
		{src: `_, err = t.Get("/get")`},
		{src: `strings.Contains(err.Error(), "opsh test CA")`, want: "true"},
		{src: `t.CA("CAFILE")`, want: "<nil>"},
		{src: `r, err = t.Get("/get")`},
		{src: `r.Status`, want: "200 OK"},
		// Beyond the specification: the other bodies and options.
		{src: `r, err = s2.Post("/post", web.Form{"user": "ann"}, web.Headers{"X-Req": "1"})`},
		{src: `r.Path("form.user.0")`, want: "ann"},
		{src: `r, err = s2.Post("/post", web.Body{ContentType: "text/csv", Data: []byte("a,b")})`},
		{src: `r.Path("headers.Content-Type.0")`, want: "text/csv"},
		{src: `r, err = s2.Put("/put", web.JSONOf([]int{1, 2, 3}))`},
		{src: `r.Path("json[-1]")`, want: "3"},
		{src: `r, err = s2.Download("/bytes/1000", "DLFILE")`},
		{src: `r.File`, want: "DLFILE"},
		{src: `r, err = s2.Post("/post", web.Multipart(web.Field("k", "v"), web.File("upload", "DLFILE"), web.Fields(map[string]string{"a": "1"})))`},
		{src: `r.Path("form.k.0")`, want: "v"},
		{src: `r.Path("form.a.0")`, want: "1"},
		{src: `r.StatusCode`, want: "200"},
		{src: `web.Default().Header("X-Default", "yes")`},
		{src: `r, err = web.Get("http://127.0.0.1:8080/headers")`},
		{src: `r.Path("headers.X-Default.0")`, want: "yes"},
		{src: `web.Default().Header("X-Default", "")`},
		// The book's interactive flow; the REPL binds _ to the response.
		{src: `r, err = web.Get("http://127.0.0.1:8080/json")`},
		{src: `r.Text()[:50]`, want: "{\n  \"slideshow\": {\n    \"author\": \"Yours Truly\",\n  "},
		{src: `r.Path("slideshow.slides.0.title")`, want: "Wake up to WonderWidgets!"},
		{src: `strings.HasPrefix(r.Display(), "200 OK · application/json · ")`, want: "true"},
		{src: `_, err = r.Path("slideshow.slidez")`},
		{src: `err.Error()`, want: `path "slideshow.slidez": no key "slidez" at "slideshow" (keys: author, date, slides, title)`},
	} {
		src := subst.Replace(tc.src)
		v := yaegitest.EvalTimeout(t, i, 10*time.Second, src)
		if tc.want == "" {
			continue
		}
		want := subst.Replace(tc.want)
		if got := fmtValue(v); got != want {
			t.Errorf("%s = %s, want %s", src, got, want)
		}
	}
}

func fmtValue(v reflect.Value) string {
	if !v.IsValid() {
		return "<invalid>"
	}
	if v.CanInterface() {
		return fmt.Sprint(v.Interface())
	}
	return v.String()
}

// TestInterpretedClientCert presents a client certificate, from files and
// from memory, to a server that requires one, as users type it.
func TestInterpretedClientCert(t *testing.T) {
	ca := newCA(t, "opsh test CA")
	srv := mtlsServer(t, ca)
	certFile, keyFile := ca.clientCertFiles(t, "deploy-bot")
	i := newInterp(t)
	subst := strings.NewReplacer("URL", srv.URL, "CAFILE", ca.pemFile, "CERT", certFile, "KEY", keyFile)
	for _, tc := range []struct{ src, want string }{
		{src: `m := web.Session("URL")`},
		{src: `m.CA("CAFILE")`, want: "<nil>"},
		{src: `m.ClientCert("CERT", "KEY")`, want: "<nil>"},
		{src: `r, err := m.Get("/")`},
		{src: `r.Text()`, want: "hello deploy-bot"},
		{src: `web.Default().CA("CAFILE")`, want: "<nil>"},
		{src: `web.ClientCert("CERT", "KEY")`, want: "<nil>"},
		{src: `r, err = web.Get("URL")`},
		{src: `r.Text()`, want: "hello deploy-bot"},
	} {
		v := yaegitest.EvalTimeout(t, i, 10*time.Second, subst.Replace(tc.src))
		if tc.want != "" && fmtValue(v) != tc.want {
			t.Errorf("%s = %s, want %s", tc.src, fmtValue(v), tc.want)
		}
	}
	web.Default().Close()
}
