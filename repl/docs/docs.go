// Package docs is the documentation opsh's `:doc` shows, embedded in the
// binary so that it works with no Go toolchain at run time: every standard
// package the interpreter has and every builtin (web, ssh, docker, aws,
// crypto, sys, secret), with the declaration and doc comment of each exported
// constant, variable, function, type, method and struct field.
//
// Names are written as they are typed in the REPL: a package's short name
// then its members, or the full import path where the short name is
// ambiguous:
//
//	docs.Lookup("strings.Split")    // func Split(s, sep string) []string
//	docs.Lookup("http.Client.Do")   // a method
//	docs.Lookup("web.Client")       // a builtin's type
//	docs.Lookup("crypto/rand.Read") // rand alone is math/rand, as in the REPL
//
// A name the interpreter lacks (newer than yaegi's Go 1.22 standard
// library, or generic) is documented with a note saying so, and left out of
// Members and Search.
//
// The data (data/*.gz) is generated from the sources by internal/docgen: the
// standard library from the GOROOT of the Go toolchain that runs it, the
// builtins from builtins/*/ that have a symbols/ subpackage. After a change
// to a builtin's doc comments, or a new builtin, run
//
//	go generate ./repl/docs
//
// and commit repl/docs/data. The output depends only on the sources: the
// same tree and toolchain give the same bytes. Nothing is decoded at
// start-up: the index (every package and member name) is decompressed on
// the first call, and each package's documentation the first time one of
// its names is looked up.
package docs

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:generate go run ../../internal/docgen -o data

//go:embed data/*.gz
var data embed.FS

// Embedded is the documentation built into opsh. It implements the REPL's
// documentation lookup (Doc and Suggest).
var Embedded = New(mustSub(data, "data"))

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// Lookup finds a name in the embedded documentation: "strings",
// "strings.Split", "http.Client.Do", "web.Client.Get", "crypto/rand.Read".
func Lookup(name string) (Entry, bool) { return Embedded.Lookup(name) }

// Search lists the documented names that contain word, ignoring case, best
// matches first.
func Search(word string) []string { return Embedded.Search(word) }

// Members lists the names the interpreter has in a package ("strings",
// "net/http") or a type ("http.Client": its fields and methods), sorted.
func Members(name string) []string { return Embedded.Members(name) }

// Packages lists the import paths of the documented packages, sorted.
func Packages() []string { return Embedded.Packages() }

// Kind says what an Entry documents.
type Kind string

// The kinds of Entry.
const (
	Package Kind = "package"
	Func    Kind = "func"
	Type    Kind = "type"
	Method  Kind = "method" // of a type, or of an interface
	Const   Kind = "const"
	Var     Kind = "var"
	Field   Kind = "field" // of a struct
)

// Entry is the documentation of one name.
type Entry struct {
	Name string // as typed in the REPL: "strings.Split", "http.Client.Do", "crypto/rand.Read"
	Path string // import path of the package: "net/http"
	Kind Kind
	// Decl is the declaration as gofmt prints it: a function's signature, a
	// type's declaration (a long one cut, its members have entries of
	// their own), a constant's group; for a field or an interface method,
	// its line in the type ("Timeout time.Duration"); for a package, the
	// list of its declarations, one a line, as go doc prints it.
	Decl string
	Doc  string // the doc comment, as text
	// Members lists, for a package, the names the interpreter has
	// ("Split", "Client"); for a type, its fields and methods ("Do").
	Members []string
	// Available is false for a name documented here that the interpreter
	// lacks: newer than its standard library (Go 1.22's) or generic.
	Available bool
	Builtin   bool // the package is one of opsh's builtins

	member  string // name within the package: "Client.Do"
	related []string
	values  string
	pkg     *pkgInfo
}

// String is what `:doc` prints: the package clause, the declaration, then
// the doc indented, as go doc prints them. A type lists its constructors and
// methods after its doc.
func (e Entry) String() string { return e.Render() }

// Render is String.
func (e Entry) Render() string {
	if e.pkg == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("package " + e.pkg.Name + " // import \"" + e.Path + "\"\n\n")
	if e.Kind == Package {
		if e.Doc != "" {
			b.WriteString(e.Doc + "\n")
		}
		if e.Decl != "" {
			b.WriteString(e.Decl)
		}
		return strings.TrimRight(b.String(), "\n") + "\n"
	}
	switch e.Kind {
	case Field, Method:
		typeName, _, _ := strings.Cut(e.member, ".")
		if e.Kind == Field || !strings.HasPrefix(e.Decl, "func ") {
			kw := "struct"
			if e.Kind == Method {
				kw = "interface"
			}
			b.WriteString("type " + typeName + " " + kw + " {\n    " + e.Decl + "\n")
			if n := len(e.pkg.membersOf(typeName)); n > 1 {
				b.WriteString("    // ... and " + plural(n-1, "other member") + "\n")
			}
			b.WriteString("}\n")
		} else {
			b.WriteString(e.Decl + "\n")
		}
		doc := e.Doc
		if doc == "" {
			if t, ok := e.pkg.entry(typeName); ok && t.Doc != "" {
				doc = t.Doc // an interface's doc often describes its methods
			}
		}
		b.WriteString(indent(doc))
	default:
		b.WriteString(e.Decl + "\n")
		b.WriteString(indent(e.Doc))
	}
	if !e.Available {
		why := "its interpreter, yaegi v0.16.1, has Go 1.22's standard\n    library and no generic functions."
		if e.Builtin {
			why = "its interpreter, yaegi v0.16.1, cannot use generic\n    functions or types."
		}
		b.WriteString("\n    Not available in opsh: " + why + "\n")
	}
	if e.Kind == Type {
		var extra []string
		if e.values != "" {
			extra = append(extra, strings.TrimRight(e.values, "\n"))
		}
		for _, r := range e.related {
			if x, ok := e.pkg.entry(r); ok {
				extra = append(extra, x.Decl)
			}
		}
		for _, m := range e.Members {
			if x, ok := e.pkg.entry(e.member + "." + m); ok && x.Kind == "method" && strings.HasPrefix(x.Decl, "func ") {
				extra = append(extra, x.Decl)
			}
		}
		if len(extra) > 0 {
			b.WriteString("\n" + strings.Join(extra, "\n") + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// indent indents each non-blank line of s by four spaces.
func indent(s string) string {
	if s == "" {
		return ""
	}
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = "    " + l
		} else {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// The data format, written by internal/docgen (which keeps its own copy of
// these types).
type (
	// indexEntry is a package of index.txt.gz: a line "@PATH NAME FILE
	// KIND" (KIND builtin or std), then its member names one a line, "!"
	// before those the interpreter lacks.
	indexEntry struct {
		Path    string
		Name    string
		File    string
		Builtin bool
		Names   []string
		NA      []string
		lower   []string // Names in lower case, for Search
	}
	pkgFile struct {
		Path    string      `json:"path"`
		Name    string      `json:"name"`
		Builtin bool        `json:"builtin,omitempty"`
		Doc     string      `json:"doc"`
		Listing string      `json:"listing"`
		Entries []fileEntry `json:"entries"`
	}
	fileEntry struct {
		Name    string   `json:"n"`
		Kind    string   `json:"k"`
		Decl    string   `json:"d"`
		Doc     string   `json:"c,omitempty"`
		NA      bool     `json:"x,omitempty"`
		Related []string `json:"r,omitempty"`
		Values  string   `json:"v,omitempty"`
	}
)

// Set is a body of documentation: the embedded one, or one read from
// another directory of generated files. Its methods are safe for concurrent
// use.
type Set struct {
	fsys fs.FS
	once sync.Once
	err  error
	pkgs []*pkgInfo            // by path
	name map[string][]*pkgInfo // short name → packages, preferred first
}

// pkgInfo is a package of the index; its file is read on first use.
type pkgInfo struct {
	indexEntry
	set   *Set
	once  sync.Once
	file  *pkgFile
	byKey map[string]*fileEntry
}

// New reads documentation from the files docgen writes (index.txt.gz and
// one file per package) in fsys. Nothing is read before the first call.
func New(fsys fs.FS) *Set { return &Set{fsys: fsys} }

// preferred is the package a short name shared by several standard packages
// means, as the REPL imports it; a builtin always wins over the standard
// library.
var preferred = map[string]string{
	"rand":     "math/rand",
	"template": "text/template",
	"scanner":  "text/scanner",
	"pprof":    "runtime/pprof",
	"trace":    "runtime/trace",
}

// Err reports why the documentation could not be read, if it could not.
func (s *Set) Err() error {
	s.load()
	return s.err
}

func (s *Set) load() {
	s.once.Do(func() {
		data, err := readGzip(s.fsys, "index.txt.gz")
		if err != nil {
			s.err = err
			return
		}
		if s.pkgs, s.err = parseIndex(data); s.err != nil {
			return
		}
		s.name = map[string][]*pkgInfo{}
		for _, p := range s.pkgs {
			p.set = s
			s.name[p.Name] = append(s.name[p.Name], p)
		}
		sort.Slice(s.pkgs, func(i, j int) bool { return s.pkgs[i].Path < s.pkgs[j].Path })
		for n, ps := range s.name {
			sort.Slice(ps, func(i, j int) bool { return before(n, ps[i], ps[j]) })
		}
		// The last element of a path names the package too where it
		// differs ("v2" for math/rand/v2), as reflect's PkgPath gives it.
		for _, p := range s.pkgs {
			if last := path.Base(p.Path); last != p.Name && s.name[last] == nil {
				s.name[last] = []*pkgInfo{p}
			}
		}
	})
}

// before orders the packages sharing a short name: builtins, the REPL's
// preference, then the shortest path.
func before(name string, a, b *pkgInfo) bool {
	class := func(p *pkgInfo) int {
		switch {
		case p.Builtin:
			return 0
		case preferred[name] == p.Path:
			return 1
		}
		return 2
	}
	if ca, cb := class(a), class(b); ca != cb {
		return ca < cb
	}
	if len(a.Path) != len(b.Path) {
		return len(a.Path) < len(b.Path)
	}
	return a.Path < b.Path
}

// parseIndex reads index.txt. The names are substrings of one string, and
// their lower-case forms of another: two allocations for some 20,000 names.
func parseIndex(data string) ([]*pkgInfo, error) {
	lower := strings.ToLower(data)
	if len(lower) != len(data) { // non-ASCII case mapping changed lengths
		lower = ""
	}
	var pkgs []*pkgInfo
	var p *pkgInfo
	for off := 0; off < len(data); {
		end := strings.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data) - off
		}
		line, start := data[off:off+end], off
		off += end + 1
		switch {
		case strings.HasPrefix(line, "@"):
			f := strings.Fields(line[1:])
			if len(f) != 4 {
				return nil, fmt.Errorf("docs index: bad line %q", line)
			}
			p = &pkgInfo{indexEntry: indexEntry{Path: f[0], Name: f[1], File: f[2], Builtin: f[3] == "builtin"}}
			pkgs = append(pkgs, p)
		case p == nil:
			return nil, fmt.Errorf("docs index: names before a package")
		case strings.HasPrefix(line, "!"):
			p.NA = append(p.NA, line[1:])
		case line != "":
			p.Names = append(p.Names, line)
			if lower != "" {
				p.lower = append(p.lower, lower[start:start+len(line)])
			} else {
				p.lower = append(p.lower, strings.ToLower(line))
			}
		}
	}
	return pkgs, nil
}

func readGzip(fsys fs.FS, name string) (string, error) {
	packed, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", err
	}
	zr, err := gzip.NewReader(bytes.NewReader(packed))
	if err != nil {
		return "", fmt.Errorf("docs: read %s: %w", name, err)
	}
	var b strings.Builder
	if n := len(packed); n >= 4 { // gzip ends with the size, modulo 2³²
		b.Grow(int(binary.LittleEndian.Uint32(packed[n-4:])))
	}
	if _, err := io.Copy(&b, zr); err != nil {
		return "", fmt.Errorf("docs: read %s: %w", name, err)
	}
	return b.String(), nil
}

// qualifier is how the REPL names package p: its short name, or its path
// when the short name means another package.
func (s *Set) qualifier(p *pkgInfo) string {
	if ps := s.name[p.Name]; len(ps) > 0 && ps[0] == p {
		return p.Name
	}
	return p.Path
}

// read loads the package's file, once.
func (p *pkgInfo) read() bool {
	p.once.Do(func() {
		data, err := readGzip(p.set.fsys, p.File)
		if err != nil {
			return
		}
		var f pkgFile
		if err := json.Unmarshal([]byte(data), &f); err != nil {
			return
		}
		p.file = &f
		p.byKey = make(map[string]*fileEntry, len(f.Entries))
		for i := range f.Entries {
			p.byKey[f.Entries[i].Name] = &f.Entries[i]
		}
	})
	return p.file != nil
}

// entry finds a member by its exact name within the package ("Client.Do").
func (p *pkgInfo) entry(member string) (*fileEntry, bool) {
	if !p.read() {
		return nil, false
	}
	e, ok := p.byKey[member]
	return e, ok
}

// find finds a member exactly, else ignoring case.
func (p *pkgInfo) find(member string) (*fileEntry, bool) {
	if e, ok := p.entry(member); ok {
		return e, true
	}
	if p.file == nil {
		return nil, false
	}
	for i := range p.file.Entries {
		if strings.EqualFold(p.file.Entries[i].Name, member) {
			return &p.file.Entries[i], true
		}
	}
	return nil, false
}

// membersOf lists the fields and methods of a type, available or not.
func (p *pkgInfo) membersOf(typeName string) []string {
	var out []string
	for _, list := range [][]string{p.Names, p.NA} {
		for _, n := range list {
			if t, m, ok := strings.Cut(n, "."); ok && t == typeName {
				out = append(out, m)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Lookup finds the documentation of a name: a package ("strings", "web",
// "net/http"), a member ("strings.Split", "crypto/rand.Read"), a method or
// field ("http.Client.Do", "http.Client.Timeout"). The package is named as in
// the REPL; a member is matched exactly, else ignoring case. A name without
// its package ("Getenv") is found when one package alone has it.
func (s *Set) Lookup(name string) (Entry, bool) {
	s.load()
	if s.err != nil {
		return Entry{}, false
	}
	name = normalize(name)
	cands, member := s.resolve(name)
	if len(cands) == 0 {
		if p := s.only(name); p != nil {
			cands, member = []*pkgInfo{p}, name
		} else {
			return Entry{}, false
		}
	}
	if member == "" {
		p := cands[0]
		if !p.read() {
			return Entry{}, false
		}
		return Entry{
			Name: s.qualifier(p), Path: p.Path, Kind: Package,
			Decl: p.file.Listing, Doc: p.file.Doc, Members: topLevel(p.Names),
			Available: true, Builtin: p.Builtin, pkg: p,
		}, true
	}
	for _, exact := range []bool{true, false} {
		for _, p := range cands {
			var fe *fileEntry
			var ok bool
			if exact {
				fe, ok = p.entry(member)
			} else {
				fe, ok = p.find(member)
			}
			if ok {
				return s.entry(p, fe), true
			}
		}
	}
	return Entry{}, false
}

func (s *Set) entry(p *pkgInfo, fe *fileEntry) Entry {
	e := Entry{
		Name: s.qualifier(p) + "." + fe.Name, Path: p.Path, Kind: Kind(fe.Kind),
		Decl: fe.Decl, Doc: fe.Doc, Available: !fe.NA, Builtin: p.Builtin,
		member: fe.Name, related: fe.Related, values: fe.Values, pkg: p,
	}
	if e.Kind == Type {
		e.Members = p.membersOf(fe.Name)
	}
	return e
}

// only finds the one package that has a member named name ("Getenv",
// "Client.Do"), when exactly one has it.
func (s *Set) only(name string) *pkgInfo {
	if name == "" || strings.Contains(name, "/") {
		return nil
	}
	var found *pkgInfo
	for _, p := range s.pkgs {
		for _, n := range p.Names {
			if n == name {
				if found != nil {
					return nil
				}
				found = p
				break
			}
		}
	}
	return found
}

// normalize forgives how a name may be written: "*http.Client",
// "strings.Split()", "(*http.Client).Do".
func normalize(name string) string {
	name = strings.TrimSuffix(strings.TrimLeft(strings.TrimSpace(name), "*&"), "()")
	if strings.HasPrefix(name, "(") {
		name = strings.NewReplacer("(", "", ")", "", "*", "").Replace(name)
	}
	return name
}

// resolve splits a name into the packages it may refer to, preferred first,
// and the member within them.
func (s *Set) resolve(name string) ([]*pkgInfo, string) {
	// A full import path: "crypto/rand.Read", "github.com/opsh/opsh/builtins/web.Get".
	if strings.Contains(name, "/") {
		var best *pkgInfo
		for _, p := range s.pkgs {
			if (name == p.Path || strings.HasPrefix(name, p.Path+".")) && (best == nil || len(p.Path) > len(best.Path)) {
				best = p
			}
		}
		if best == nil {
			return nil, ""
		}
		return []*pkgInfo{best}, strings.TrimPrefix(strings.TrimPrefix(name, best.Path), ".")
	}
	short, member, _ := strings.Cut(name, ".")
	if ps, ok := s.name[short]; ok {
		return ps, member
	}
	return s.name[strings.ToLower(short)], member
}

// topLevel keeps the names without a dot: a package's own members.
func topLevel(names []string) []string {
	var out []string
	for _, n := range names {
		if !strings.Contains(n, ".") {
			out = append(out, n)
		}
	}
	return out
}

// Members lists the names the interpreter has in a package, by short name or
// import path ("strings", "net/http"), or of a type ("http.Client": its
// fields and methods), sorted, for completion. Only the index is read.
func (s *Set) Members(name string) []string {
	s.load()
	if s.err != nil {
		return nil
	}
	cands, member := s.resolve(normalize(name))
	if len(cands) == 0 {
		return nil
	}
	if member == "" {
		return topLevel(cands[0].Names)
	}
	for _, p := range cands {
		var out []string
		for _, n := range p.Names {
			if t, m, ok := strings.Cut(n, "."); ok && t == member {
				out = append(out, m)
			}
		}
		if out != nil {
			return out
		}
	}
	return nil
}

// Packages lists the import paths of the documented packages, sorted.
func (s *Set) Packages() []string {
	s.load()
	out := make([]string, len(s.pkgs))
	for i, p := range s.pkgs {
		out[i] = p.Path
	}
	return out
}

// Search lists the qualified names ("strings.Split", "http.Client.Do") whose
// member name contains word, ignoring case, and the packages whose short
// name or path does. Best first: names equal to word, then those starting
// with it, then the rest; within each, builtins, then shorter names. Only
// names the interpreter has are listed.
func (s *Set) Search(word string) []string {
	s.load()
	if s.err != nil || word == "" {
		return nil
	}
	w := strings.ToLower(word)
	var hits []hit
	for _, p := range s.pkgs {
		q := s.qualifier(p)
		if strings.Contains(strings.ToLower(p.Path), w) {
			hits = append(hits, hit{q, matchRank(strings.ToLower(p.Name), w), p.Builtin})
		}
		for i, l := range p.lower {
			if strings.Contains(l, w) {
				n := p.Names[i]
				hits = append(hits, hit{q + "." + n, matchRank(l[strings.LastIndex(l, ".")+1:], w), p.Builtin})
			}
		}
	}
	return sortHits(hits)
}

type hit struct {
	name    string
	rank    int
	builtin bool
}

// matchRank: 0 when l (lower case) equals w, 1 when it starts with it, 2
// otherwise.
func matchRank(l, w string) int {
	switch {
	case l == w:
		return 0
	case strings.HasPrefix(l, w):
		return 1
	}
	return 2
}

func sortHits(hits []hit) []string {
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if a.builtin != b.builtin {
			return a.builtin
		}
		if len(a.name) != len(b.name) {
			return len(a.name) < len(b.name)
		}
		return a.name < b.name
	})
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.name
	}
	return out
}

// Doc is the text `:doc name` prints, for the REPL.
func (s *Set) Doc(name string) (string, bool) {
	e, ok := s.Lookup(name)
	if !ok {
		return "", false
	}
	return e.Render(), true
}

// Suggest lists names close to one that was not found, for "did you mean":
// given a qualified name ("strings.Splitt", "web.Sesion.Get") the names of
// that package come first; then every name containing the last element
// (Search), then names one or two edits away from it.
func (s *Set) Suggest(name string) []string {
	s.load()
	name = normalize(name)
	if s.err != nil || name == "" {
		return nil
	}
	word := name[strings.LastIndex(name, ".")+1:]
	w := strings.ToLower(word)
	seen := map[string]bool{}
	var out []string
	add := func(hits []hit) {
		for _, n := range sortHits(hits) {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}

	// The members of the package named, or of those its misspelt name is
	// close to ("strngs.Split"), near the member asked for.
	var near []hit
	if strings.Contains(name, ".") {
		pkgs, member := s.resolve(name)
		if len(pkgs) > 0 {
			pkgs = pkgs[:1]
		} else if !strings.Contains(name, "/") {
			short, m, _ := strings.Cut(name, ".")
			member, short = m, strings.ToLower(short)
			for _, p := range s.pkgs {
				if distance(strings.ToLower(p.Name), short) <= maxEdits(short) {
					pkgs = append(pkgs, p)
				}
			}
		}
		lm := strings.ToLower(member)
		parent := ""
		if i := strings.LastIndex(lm, "."); i >= 0 {
			parent = lm[:i+1]
		}
		dots := strings.Count(lm, ".")
		for _, p := range pkgs {
			q := s.qualifier(p)
			for i, l := range p.lower {
				if member == "" || strings.Count(l, ".") != dots {
					continue
				}
				// "Clinet.Do" is one edit from "Client.Do"; "Builder.Writ"
				// is in "Builder.WriteString".
				d := distance(l, lm)
				if d <= 2 || strings.HasPrefix(l, parent) && strings.Contains(l[len(parent):], w) {
					near = append(near, hit{q + "." + p.Names[i], d, p.Builtin})
				}
			}
		}
	}
	add(near)

	// Every name containing the word.
	for _, n := range s.Search(word) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}

	// Packages and names a few edits away from it.
	var close []hit
	if maxd := maxEdits(w); len(w) >= 3 {
		for _, p := range s.pkgs {
			q := s.qualifier(p)
			if d := distance(strings.ToLower(p.Name), w); d > 0 && d <= maxd {
				close = append(close, hit{q, d, p.Builtin})
			}
			for i, l := range p.lower {
				last := l[strings.LastIndex(l, ".")+1:]
				if abs(len(last)-len(w)) > maxd {
					continue
				}
				if d := distance(last, w); d > 0 && d <= maxd {
					close = append(close, hit{q + "." + p.Names[i], d, p.Builtin})
				}
			}
		}
	}
	add(close)
	return out
}

// maxEdits is how many edits a word may be from a name suggested for it.
func maxEdits(w string) int {
	if len(w) <= 4 {
		return 1
	}
	return 2
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// distance is the edit distance between a and b, in bytes, counting an
// insertion, a deletion, a substitution or a swap of two neighbours as one
// (optimal string alignment): "rnu" is one edit from "run".
func distance(a, b string) int {
	pprev := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], pprev[j-2]+1)
			}
		}
		pprev, prev, cur = prev, cur, pprev
	}
	return prev[len(b)]
}
