package web_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/mccutchen/go-httpbin/v2/httpbin"
	"github.com/opsh/opsh/builtins/web"
)

func Example() {
	srv := httptest.NewServer(httpbin.New().Handler())
	defer srv.Close()

	s := web.Session(srv.URL)
	s.Header("X-Team", "sre")

	r, err := s.Get("/json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Status, r.ContentType())
	title, err := r.Path("slideshow.slides.0.title")
	fmt.Println(title, err)

	r, err = s.Post("/post", web.JSON{"hello": 5})
	if err != nil {
		fmt.Println(err)
		return
	}
	hello, _ := r.Path("json.hello")
	team, _ := r.Path("headers.X-Team.0")
	fmt.Println(hello, team)

	r, _ = s.Get("/status/404")
	fmt.Println(r.Check() != nil)
	// Output:
	// 200 OK application/json
	// Wake up to WonderWidgets! <nil>
	// 5 sre
	// true
}

// Upload a file with form fields, as an HTML form or requests' files=
// does; the file is streamed from disk.
func ExampleMultipart() {
	srv := httptest.NewServer(httpbin.New().Handler())
	defer srv.Close()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	report := filepath.Join(dir, "report.txt")
	os.WriteFile(report, []byte("all good\n"), 0o644)

	r, err := web.Post(srv.URL+"/post", web.Multipart(web.Field("host", "web-1"), web.File("upload", report)))
	if err != nil {
		fmt.Println(err)
		return
	}
	host, _ := r.Path("form.host.0")
	file, _ := r.Path("files.upload.0")
	fmt.Println(host, file)
	// Output:
	// web-1 all good
}

// Talk to a service that requires a client certificate (mutual TLS).
func ExampleClient_ClientCert() {
	s := web.Session("https://internal.example.com")
	if err := s.CA("ca.pem"); err != nil {
		fmt.Println(err)
		return
	}
	if err := s.ClientCert("client.pem", "client.key"); err != nil {
		fmt.Println(err)
		return
	}
	r, err := s.Get("/health")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Status)
}

// Upload to S3 through a presigned POST (aws.S3.PresignPost gives the URL
// and fields) in one call: the policy's fields first, the file last.
func ExampleFields() {
	var url string                   // p.URL
	var fields = map[string]string{} // p.Fields
	r, err := web.Post(url, web.Multipart(web.Fields(fields), web.File("file", "meeting.mp4")))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Check())
}
