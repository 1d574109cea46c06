package web_test

import (
	"fmt"
	"net/http/httptest"

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
