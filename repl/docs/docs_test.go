package docs_test

import (
	"io/fs"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/opsh/opsh/repl/docs"
)

func lookup(t *testing.T, name string) docs.Entry {
	t.Helper()
	e, ok := docs.Lookup(name)
	if !ok {
		t.Fatalf("Lookup(%q) found nothing (err %v); suggestions: %v", name, docs.Embedded.Err(), docs.Embedded.Suggest(name))
	}
	return e
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name, want string // want is the canonical name
		path       string
		kind       docs.Kind
		decl       string // exact declaration
		doc        string // the doc contains it
		builtin    bool
	}{
		{"strings.Split", "strings.Split", "strings", docs.Func,
			"func Split(s, sep string) []string",
			"Split slices s into all substrings separated by sep", false},
		{"http.Client.Do", "http.Client.Do", "net/http", docs.Method,
			"func (c *Client) Do(req *Request) (*Response, error)",
			"Do sends an HTTP request and returns an HTTP response", false},
		{"net/http.Client.Do", "http.Client.Do", "net/http", docs.Method,
			"func (c *Client) Do(req *Request) (*Response, error)", "", false},
		{"http.Client.Timeout", "http.Client.Timeout", "net/http", docs.Field,
			"Timeout time.Duration", "Timeout specifies a time limit for requests", false},
		{"time.Duration", "time.Duration", "time", docs.Type,
			"type Duration int64", "A Duration represents the elapsed time between two instants", false},
		{"os.Getenv", "os.Getenv", "os", docs.Func,
			"func Getenv(key string) string",
			"Getenv retrieves the value of the environment variable named by the key", false},
		{"io.Reader.Read", "io.Reader.Read", "io", docs.Method,
			"Read(p []byte) (n int, err error)", "", false},
		// rand alone is math/rand, as in the REPL; the full path reaches crypto/rand.
		{"rand.Intn", "rand.Intn", "math/rand", docs.Func, "func Intn(n int) int", "", false},
		{"crypto/rand.Read", "crypto/rand.Read", "crypto/rand", docs.Func,
			"func Read(b []byte) (n int, err error)", "cryptographically secure random bytes", false},
		{"template.New", "template.New", "text/template", docs.Func,
			"func New(name string) *Template", "", false},
		{"html/template.HTMLEscapeString", "html/template.HTMLEscapeString", "html/template", docs.Func,
			"func HTMLEscapeString(s string) string", "", false},
		// A path's last element, as reflect gives a value's package.
		{"v2.Rand.Int", "math/rand/v2.Rand.Int", "math/rand/v2", docs.Method,
			"func (r *Rand) Int() int", "", false},
		// Receiver and pointer forms.
		{"(*http.Client).Do", "http.Client.Do", "net/http", docs.Method,
			"func (c *Client) Do(req *Request) (*Response, error)", "", false},
		{"*os.File", "os.File", "os", docs.Type,
			"type File struct {\n    // contains filtered or unexported fields\n}", "File represents an open file descriptor", false},
		// Without its package, when one package alone has the name.
		{"Getenv", "os.Getenv", "os", docs.Func, "func Getenv(key string) string", "", false},
		{"Client.CloseIdleConnections", "http.Client.CloseIdleConnections", "net/http", docs.Method,
			"func (c *Client) CloseIdleConnections()", "", false},
		// A member is found ignoring case when nothing matches exactly.
		{"strings.split", "strings.Split", "strings", docs.Func, "func Split(s, sep string) []string", "", false},
		{"secret.Prompt", "secret.Prompt", "github.com/opsh/opsh/builtins/secret", docs.Func,
			"func Prompt(label string) (Value, error)",
			"Prompt asks for a secret on the terminal, without echo", true},
		{"sys.Run", "sys.Run", "github.com/opsh/opsh/builtins/sys", docs.Func,
			"func Run(name string, args ...any) (string, error)",
			"standard output", true},
		{"github.com/opsh/opsh/builtins/sys.Run", "sys.Run", "github.com/opsh/opsh/builtins/sys", docs.Func,
			"func Run(name string, args ...any) (string, error)", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := lookup(t, tt.name)
			if got, want := e.Name, tt.want; got != want {
				t.Errorf("Name = %q, want %q", got, want)
			}
			if got, want := e.Path, tt.path; got != want {
				t.Errorf("Path = %q, want %q", got, want)
			}
			if got, want := e.Kind, tt.kind; got != want {
				t.Errorf("Kind = %q, want %q", got, want)
			}
			if got, want := e.Decl, tt.decl; got != want {
				t.Errorf("Decl = %q, want %q", got, want)
			}
			if !strings.Contains(e.Doc, tt.doc) {
				t.Errorf("Doc = %q, want it to contain %q", e.Doc, tt.doc)
			}
			if got, want := e.Builtin, tt.builtin; got != want {
				t.Errorf("Builtin = %v, want %v", got, want)
			}
			if !e.Available {
				t.Errorf("Available = false")
			}
			r := e.Render()
			for _, want := range []string{` // import "` + e.Path + `"`, e.Decl} {
				if !strings.Contains(r, want) {
					t.Errorf("Render() = %q, want it to contain %q", r, want)
				}
			}
		})
	}
}

// TestRender checks the layout :doc prints, as go doc does: the package
// clause, the declaration, the doc indented by four spaces.
func TestRender(t *testing.T) {
	got := lookup(t, "strings.Split").String()
	want := "package strings // import \"strings\"\n\nfunc Split(s, sep string) []string\n    Split slices s into all substrings separated by sep and returns a slice of\n"
	if !strings.HasPrefix(got, want) {
		t.Errorf("String() =\n%s\nwant it to start with\n%s", got, want)
	}

	// A type lists its constructors and methods after its doc.
	dur := lookup(t, "time.Duration").Render()
	for _, want := range []string{
		"type Duration int64\n    A Duration represents",
		"\nfunc ParseDuration(s string) (Duration, error)\n",
		"\nfunc (d Duration) Seconds() float64\n",
	} {
		if !strings.Contains(dur, want) {
			t.Errorf("time.Duration renders as\n%s\nwant it to contain %q", dur, want)
		}
	}

	// A type's constant group shows once, not once per constant.
	if k := lookup(t, "reflect.Kind").Render(); strings.Count(k, "Invalid Kind = iota") != 1 || !strings.Contains(k, "\nfunc (k Kind) String() string") {
		t.Errorf("reflect.Kind renders as\n%s", k)
	}
	if got := (docs.Entry{}).Render(); got != "" {
		t.Errorf("the zero Entry renders as %q", got)
	}

	// A field shows in its struct.
	f := lookup(t, "http.Client.Timeout").Render()
	if want := "type Client struct {\n    Timeout time.Duration\n    // ... and "; !strings.Contains(f, want) {
		t.Errorf("http.Client.Timeout renders as\n%s\nwant it to contain %q", f, want)
	}

	// An interface method without a doc of its own shows its interface's.
	r := lookup(t, "io.Reader.Read").Render()
	if want := "type Reader interface {\n    Read(p []byte) (n int, err error)\n}\n    Reader is the interface that wraps the basic Read method."; !strings.Contains(r, want) {
		t.Errorf("io.Reader.Read renders as\n%s\nwant it to contain %q", r, want)
	}

	// Code blocks in docs are indented with spaces, not tabs.
	if s := lookup(t, "sys.Run").Render(); strings.Contains(s, "\t") {
		t.Errorf("sys.Run renders with a tab:\n%s", s)
	}
}

func TestPackage(t *testing.T) {
	for _, name := range []string{"strings", "net/http", "http", "sys", "secret"} {
		e := lookup(t, name)
		if e.Kind != docs.Package {
			t.Errorf("%s: Kind = %q", name, e.Kind)
		}
		if e.Doc == "" || len(e.Members) == 0 {
			t.Errorf("%s: Doc %q, Members %v", name, e.Doc, e.Members)
		}
	}
	e := lookup(t, "strings")
	r := e.Render()
	for _, want := range []string{
		"package strings // import \"strings\"\n\nPackage strings implements simple functions",
		"\nfunc Split(s, sep string) []string\n",
		"\ntype Builder struct{ ... }\n",
		"\ntype Reader struct{ ... }\n    func NewReader(s string) *Reader\n",
	} {
		if !strings.Contains(r, want) {
			t.Errorf("strings renders as\n%s\nwant it to contain %q", r, want)
		}
	}
	// The listing and members show what the interpreter has: strings.Lines
	// (Go 1.24) is not in yaegi's Go 1.22 standard library.
	if strings.Contains(r, "func Lines(") || slices.Contains(e.Members, "Lines") {
		t.Errorf("strings lists Lines, which the interpreter lacks")
	}
	if !slices.Contains(e.Members, "Split") || !slices.Contains(e.Members, "Builder") {
		t.Errorf("strings members %v lack Split or Builder", e.Members)
	}
}

func TestUnavailable(t *testing.T) {
	e := lookup(t, "strings.Lines")
	if e.Available {
		t.Fatalf("strings.Lines is Available; yaegi v0.16.1 has Go 1.22's strings")
	}
	if !strings.Contains(e.Render(), "Not available in opsh") {
		t.Errorf("Render() = %q, want a note that it is not available", e.Render())
	}
}

func TestMembers(t *testing.T) {
	s := docs.Members("strings")
	if !slices.IsSorted(s) || !slices.Contains(s, "Split") || !slices.Contains(s, "SplitAfter") || slices.Contains(s, "Builder.String") {
		t.Errorf("Members(strings) = %v", s)
	}
	if a, b := docs.Members("net/http"), docs.Members("http"); !slices.Equal(a, b) || len(a) == 0 {
		t.Errorf("Members(net/http) = %d names, Members(http) = %d", len(a), len(b))
	}
	c := docs.Members("http.Client")
	for _, want := range []string{"Do", "Get", "Timeout", "Transport"} {
		if !slices.Contains(c, want) {
			t.Errorf("Members(http.Client) = %v, want %s among them", c, want)
		}
	}
	if got := docs.Members("sys"); !slices.Contains(got, "Run") {
		t.Errorf("Members(sys) = %v", got)
	}
	if got := docs.Members("nosuchpackage"); got != nil {
		t.Errorf("Members(nosuchpackage) = %v", got)
	}
}

func TestMissing(t *testing.T) {
	// Split is in strings, bytes, path and filepath: not one package alone.
	for _, name := range []string{"strings.Splitt", "nosuchpackage.Foo", "strings.Builder.Nope", "", "Split"} {
		if e, ok := docs.Lookup(name); ok {
			t.Errorf("Lookup(%q) = %s, want nothing", name, e.Name)
		}
	}
	// "Did you mean": the misspelt name's package first.
	if got := docs.Embedded.Suggest("strings.Splitt"); len(got) == 0 || got[0] != "strings.Split" {
		t.Errorf("Suggest(strings.Splitt) = %v, want strings.Split first", got)
	}
	if got := docs.Embedded.Suggest("Getenvv"); !slices.Contains(got, "os.Getenv") {
		t.Errorf("Suggest(Getenvv) = %v, want os.Getenv among them", got)
	}
	if got := docs.Embedded.Suggest("sys.Rnu"); len(got) == 0 || got[0] != "sys.Run" {
		t.Errorf("Suggest(sys.Rnu) = %v, want sys.Run first", got)
	}
	// A misspelt package: the members of the packages close to it first.
	if got := docs.Embedded.Suggest("strngs.Split"); len(got) == 0 || got[0] != "strings.Split" {
		t.Errorf("Suggest(strngs.Split) = %v, want strings.Split first", got)
	}
	if got := docs.Embedded.Suggest("http.Clinet.Do"); len(got) == 0 || got[0] != "http.Client.Do" {
		t.Errorf("Suggest(http.Clinet.Do) = %v, want http.Client.Do first", got)
	}
	if got := docs.Embedded.Suggest("strngs"); len(got) == 0 || got[0] != "strings" {
		t.Errorf("Suggest(strngs) = %v, want strings first", got)
	}
}

func TestSearch(t *testing.T) {
	got := docs.Search("splitn")
	for _, want := range []string{"strings.SplitN", "bytes.SplitN"} {
		if !slices.Contains(got, want) {
			t.Errorf("Search(splitn) = %v, want %s among them", got, want)
		}
	}
	for _, n := range got {
		if !strings.Contains(strings.ToLower(n), "splitn") {
			t.Errorf("Search(splitn) gives %s", n)
		}
	}
	// Exact names come before those that start with the word, then those
	// that contain it.
	got = docs.Search("split")
	i, j, k := slices.Index(got, "strings.Split"), slices.Index(got, "strings.SplitAfterN"), slices.Index(got, "bufio.ScanLines")
	if i < 0 || j < 0 || i > j {
		t.Errorf("Search(split) ranks strings.Split at %d, strings.SplitAfterN at %d", i, j)
	}
	if k >= 0 {
		t.Errorf("Search(split) offers bufio.ScanLines")
	}
	if got := docs.Search("getenv"); len(got) == 0 || got[0] != "os.Getenv" {
		t.Errorf("Search(getenv) = %v, want os.Getenv first", got)
	}
	if got := docs.Search("lines"); slices.Contains(got, "strings.Lines") {
		t.Errorf("Search(lines) offers strings.Lines, which the interpreter lacks")
	}
	if got := docs.Search(""); got != nil {
		t.Errorf("Search(\"\") = %v", got)
	}
}

// TestEveryPackage reads every package file against the index: each name
// the index lists has an entry, and each package has a doc.
func TestEveryPackage(t *testing.T) {
	paths := docs.Packages()
	if len(paths) < 100 {
		t.Fatalf("only %d packages documented", len(paths))
	}
	for _, want := range []string{"strings", "net/http", "os/exec", "github.com/opsh/opsh/builtins/sys", "github.com/opsh/opsh/builtins/secret"} {
		if !slices.Contains(paths, want) {
			t.Errorf("Packages() lacks %s", want)
		}
	}
	for _, p := range paths {
		pe, ok := docs.Lookup(p)
		if !ok || pe.Kind != docs.Package {
			t.Errorf("Lookup(%q) = %v, %v", p, pe.Kind, ok)
			continue
		}
		for _, m := range pe.Members {
			e, ok := docs.Lookup(p + "." + m)
			if !ok || e.Decl == "" || !e.Available {
				t.Errorf("Lookup(%s.%s): ok %v, decl %q, available %v", p, m, ok, e.Decl, e.Available)
			}
		}
	}
}

// countFS counts the files opened.
type countFS struct {
	fs.FS
	mu     sync.Mutex
	opened []string
}

func (c *countFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opened = append(c.opened, name)
	c.mu.Unlock()
	return c.FS.Open(name)
}

// TestLazy checks that nothing is read before the first lookup, and then
// only the index and the package looked up, once, even under concurrent use.
func TestLazy(t *testing.T) {
	sub, err := fs.Sub(docs.DataFS(), "data")
	if err != nil {
		t.Fatal(err)
	}
	c := &countFS{FS: sub}
	set := docs.New(c)
	if len(c.opened) != 0 {
		t.Fatalf("New opened %v", c.opened)
	}
	var wg sync.WaitGroup
	var found atomic.Int32
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if e, ok := set.Lookup("strings.Split"); ok && e.Decl != "" {
				found.Add(1)
			}
		}()
	}
	wg.Wait()
	if found.Load() != 8 {
		t.Errorf("%d of 8 concurrent lookups found strings.Split", found.Load())
	}
	if got, want := strings.Join(c.opened, " "), "index.txt.gz strings.json.gz"; got != want {
		t.Errorf("opened %q, want %q", got, want)
	}
	// Completion reads the index only.
	set.Members("net/http")
	set.Search("Client")
	if got, want := len(c.opened), 2; got != want {
		t.Errorf("Members and Search opened %v", c.opened[2:])
	}
}

func BenchmarkFirstLookup(b *testing.B) {
	sub, _ := fs.Sub(docs.DataFS(), "data")
	for b.Loop() {
		if _, ok := docs.New(sub).Lookup("http.Client.Do"); !ok {
			b.Fatal("not found")
		}
	}
}

func BenchmarkFirstIndex(b *testing.B) {
	sub, _ := fs.Sub(docs.DataFS(), "data")
	for b.Loop() {
		if docs.New(sub).Members("strings") == nil {
			b.Fatal("not found")
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	docs.Lookup("http.Client.Do")
	for b.Loop() {
		if _, ok := docs.Lookup("http.Client.Do"); !ok {
			b.Fatal("not found")
		}
	}
}

func BenchmarkMembers(b *testing.B) {
	docs.Members("strings")
	for b.Loop() {
		docs.Members("http.Client")
	}
}

func BenchmarkSearch(b *testing.B) {
	docs.Search("x")
	for b.Loop() {
		docs.Search("split")
	}
}

func BenchmarkSuggest(b *testing.B) {
	docs.Search("x")
	for b.Loop() {
		docs.Embedded.Suggest("strings.Splitt")
	}
}

// BenchmarkGoDocCommand is what the same lookup costs through the Go
// toolchain (`go doc`), which opsh does not need: for comparison with
// BenchmarkFirstLookup.
func BenchmarkGoDocCommand(b *testing.B) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		b.Skip("no go command")
	}
	for b.Loop() {
		if out, err := exec.Command(goBin, "doc", "net/http.Client.Do").CombinedOutput(); err != nil {
			b.Fatalf("go doc: %v\n%s", err, out)
		}
	}
}
