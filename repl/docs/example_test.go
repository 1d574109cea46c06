package docs_test

import (
	"fmt"

	"github.com/opsh/opsh/repl/docs"
)

func ExampleLookup() {
	e, ok := docs.Lookup("http.Client.Do")
	if !ok {
		return
	}
	fmt.Println(e.Name, e.Kind, e.Path)
	fmt.Println(e.Decl)
	// Output:
	// http.Client.Do method net/http
	// func (c *Client) Do(req *Request) (*Response, error)
}

func ExampleEmbedded_Suggest() {
	// "Did you mean", for a name that is not there.
	fmt.Println(docs.Embedded.Suggest("strings.Splitt")[:3])
	// Output:
	// [strings.Split strings.SplitN path.Split]
}

func ExampleMembers() {
	// What completion offers after "time.Duration.".
	fmt.Println(docs.Members("time.Duration")[:4])
	// Output:
	// [Abs Hours Microseconds Milliseconds]
}
