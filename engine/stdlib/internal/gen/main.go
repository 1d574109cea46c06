// Command gen writes the standard library symbol tables of package stdlib
// and of package stdlib/unrestricted with yaegi's extractor, under the Go
// toolchain that runs it. It is run by `go generate ./engine/stdlib/...`
// from the directory of package stdlib.
//
// Every public package of `go list std` is extracted, except those listed
// in unavailable (each with the reason it cannot be offered) and those in
// unrestrictedOnly, which go to the unrestricted table. A package whose
// exported API is generic only (cmp, iter, maps, slices, unique, weak) has
// no symbol a compiled table can hold: it is left out of the tables and
// recorded in the generated list of unavailable packages unless it is
// provided as interpreted source (sourcePackages).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/build"
	"go/format"
	"go/importer"
	"go/token"
	"go/types"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/traefik/yaegi/extract"
)

// unavailable names the standard packages that are not extracted, with the
// reason given to a user who imports one.
var unavailable = map[string]string{
	"unsafe":           "the interpreter does not offer pointer arithmetic; use encoding/binary or math.Float64bits",
	"runtime/cgo":      "cgo is not available in the interpreter",
	"runtime/race":     "it exists only in programs built with -race",
	"runtime/coverage": "it serves programs built with -cover",
	"plugin":           "loading compiled plugins needs cgo, which the interpreter does not have",
	"time/tzdata":      "it has no symbols: it embeds the time zone database into a compiled program",
}

// genericOnly gives the reason for a package whose exported API is all
// generic and that is not provided as interpreted source.
const genericOnly = "its API is generic only (type parameters), which a compiled package cannot export to the interpreter"

// sourcePackages are generic-only packages provided as interpreted Go
// source elsewhere (package gosrc), so they are not reported unavailable.
var sourcePackages = map[string]bool{"cmp": true, "iter": true, "maps": true, "slices": true}

// instantiated are generic-only packages whose functions package stdlib
// offers instantiated by hand (instances.go).
var instantiated = map[string]bool{"crypto/hkdf": true, "crypto/pbkdf2": true}

// unrestrictedOnly are extracted into the unrestricted table only: they
// can end or replace the process (os/exec, syscall).
var unrestrictedOnly = map[string]bool{"os/exec": true, "syscall": true}

// syscallPlatforms are the GOOS/GOARCH pairs the syscall table is made for.
var syscallPlatforms = [][2]string{
	{"linux", "amd64"}, {"linux", "arm64"}, {"darwin", "amd64"}, {"darwin", "arm64"},
}

func main() {
	unrestrictedDir := flag.String("unrestricted", "unrestricted", "directory of the unrestricted table")
	flag.Parse()
	if err := run(".", *unrestrictedDir); err != nil {
		log.Fatal(err)
	}
}

// run regenerates every table: stale generated files are removed first so
// the output depends on the toolchain only.
func run(dir, unrestrictedDir string) error {
	pkgs, err := stdPackages()
	if err != nil {
		return err
	}
	for _, d := range []string{dir, unrestrictedDir} {
		if err := removeGenerated(d); err != nil {
			return err
		}
	}
	var restricted []string
	for _, p := range pkgs {
		if _, no := unavailable[p]; !no && !unrestrictedOnly[p] {
			restricted = append(restricted, p)
		}
	}
	empty, err := extractAll(restricted, "stdlib", dir)
	if err != nil {
		return err
	}
	generic, err := genericNames(restricted)
	if err != nil {
		return err
	}
	if err := writeMissing(dir, empty, generic); err != nil {
		return err
	}
	if _, err := extractAll([]string{"os/exec"}, "unrestricted", unrestrictedDir); err != nil {
		return err
	}
	return extractSyscall(unrestrictedDir)
}

// stdPackages lists the public standard packages of the running toolchain.
func stdPackages() ([]string, error) {
	out, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		return nil, fmt.Errorf("go list std: %w", err)
	}
	var pkgs []string
	for _, p := range strings.Fields(string(out)) {
		if strings.Contains(p, "internal") || strings.HasPrefix(p, "vendor/") || strings.HasPrefix(p, "cmd/") {
			continue
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// removeGenerated deletes the files a previous run wrote in dir.
func removeGenerated(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "go1_*.go"))
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	return nil
}

// prefix is the file name prefix of generated files, from the Go version
// ("go1_26_"), as yaegi's own tables are named.
func prefix() string {
	parts := strings.Split(runtime.Version(), ".")
	return parts[0] + "_" + extract.GetMinor(parts[1]) + "_"
}

// fileName is the generated file name of importPath with a suffix.
func fileName(importPath, suffix string) string {
	return prefix() + strings.NewReplacer("/", "_", ".", "_").Replace(importPath) + suffix + ".go"
}

// extractAll extracts pkgs concurrently into dir as package dest and
// returns the packages that have no symbol to export (not written).
func extractAll(pkgs []string, dest, dir string) ([]string, error) {
	type result struct {
		pkg   string
		empty bool
		err   error
	}
	results := make([]result, len(pkgs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range work {
				empty, err := extractOne(pkgs[n], dest, dir, nil, "")
				results[n] = result{pkgs[n], empty, err}
			}
		}()
	}
	for n := range pkgs {
		work <- n
	}
	close(work)
	wg.Wait()
	var empty []string
	for _, r := range results {
		if r.err != nil {
			return nil, fmt.Errorf("extract %s: %w", r.pkg, r.err)
		}
		if r.empty {
			empty = append(empty, r.pkg)
		}
	}
	return empty, nil
}

// extractOne writes the table of pkg into dir, unless the package has no
// exported symbol the interpreter can use; it reports that case.
func extractOne(pkg, dest, dir string, tags []string, suffix string) (empty bool, err error) {
	ext := extract.Extractor{Dest: dest, Tag: tags}
	var buf bytes.Buffer
	if _, err := ext.Extract(pkg, "", &buf); err != nil {
		return false, err
	}
	if !bytes.Contains(buf.Bytes(), []byte("reflect.ValueOf(")) {
		return true, nil
	}
	src, err := onFirstUse(buf.Bytes())
	if err != nil {
		return false, fmt.Errorf("extract %s: %w", pkg, err)
	}
	return false, os.WriteFile(filepath.Join(dir, fileName(pkg, suffix)), src, 0o644)
}

// onFirstUse turns the extractor's init function, which fills the table
// as the program starts, into one that registers the filling for the
// first call of Symbols(): a process that never interprets does not pay
// for the tables.
func onFirstUse(src []byte) ([]byte, error) {
	const start = "func init() {\n\tSymbols["
	i := bytes.Index(src, []byte(start))
	if i < 0 {
		return nil, errors.New("no init function filling Symbols in the extractor's output")
	}
	end := bytes.Index(src[i:], []byte("\n}\n"))
	if end < 0 {
		return nil, errors.New("the extractor's init function does not end")
	}
	end += i
	var b bytes.Buffer
	b.Write(src[:i])
	b.WriteString("func init() {\n\tonFirstUse(func() {\n\tsymbols[")
	b.Write(src[i+len(start) : end])
	b.WriteString("\n\t})\n}\n")
	b.Write(src[end+len("\n}\n"):])
	return format.Source(b.Bytes())
}

// extractSyscall writes the full syscall table for each platform, with
// build tags. The go/build context is switched per platform, one at a time.
func extractSyscall(dir string) error {
	saved := build.Default
	defer func() { build.Default = saved }()
	for _, p := range syscallPlatforms {
		build.Default.GOOS, build.Default.GOARCH = p[0], p[1]
		if _, err := extractOne("syscall", "unrestricted", dir, []string{p[0], p[1]}, "_"+p[0]+"_"+p[1]); err != nil {
			return fmt.Errorf("extract syscall for %s/%s: %w", p[0], p[1], err)
		}
	}
	return nil
}

// genericNames lists, per package of pkgs that has compiled symbols, its
// exported generic functions and types: the extractor leaves them out.
func genericNames(pkgs []string) (map[string][]string, error) {
	imp := importer.ForCompiler(token.NewFileSet(), "source", nil)
	names := map[string][]string{}
	for _, path := range pkgs {
		if sourcePackages[path] || instantiated[path] {
			continue
		}
		p, err := imp.Import(path)
		if err != nil {
			return nil, fmt.Errorf("type-check %s: %w", path, err)
		}
		for _, name := range p.Scope().Names() {
			if isGeneric(p.Scope().Lookup(name)) {
				names[path] = append(names[path], name)
			}
		}
	}
	return names, nil
}

// isGeneric reports whether o is an exported generic function or type.
func isGeneric(o types.Object) bool {
	if !o.Exported() {
		return false
	}
	switch o := o.(type) {
	case *types.Func:
		return o.Type().(*types.Signature).TypeParams().Len() > 0
	case *types.TypeName:
		n, ok := o.Type().(*types.Named)
		return ok && n.TypeParams().Len() > 0
	}
	return false
}

// writeMissing writes the list of standard packages that are not in the
// tables, with the reason for each, and the generic names of the packages
// that are.
func writeMissing(dir string, empty []string, generic map[string][]string) error {
	reasons := map[string]string{}
	for p, r := range unavailable {
		reasons[p] = r
	}
	for _, p := range empty {
		if !sourcePackages[p] && !instantiated[p] {
			reasons[p] = genericOnly
		}
	}
	names := make([]string, 0, len(reasons))
	for p := range reasons {
		names = append(names, p)
	}
	sort.Strings(names)
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by engine/stdlib/internal/gen under %s. DO NOT EDIT.\n\n", runtime.Version())
	b.WriteString("package stdlib\n\n")
	b.WriteString("// Unavailable maps each standard package that is not in Symbols or in the\n")
	b.WriteString("// unrestricted table to the reason, for an error that names the package.\n")
	b.WriteString("var Unavailable = map[string]string{\n")
	for _, p := range names {
		fmt.Fprintf(&b, "\t%q: %q,\n", p, reasons[p])
	}
	b.WriteString("}\n\n")
	b.WriteString("// Generic maps a package of Symbols to its exported generic functions and\n")
	b.WriteString("// types, which the tables cannot hold (errors.AsType, sync.OnceValue...).\n")
	b.WriteString("var Generic = map[string][]string{\n")
	paths := make([]string, 0, len(generic))
	for p := range generic {
		if _, gone := reasons[p]; !gone {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		quoted := make([]string, len(generic[p]))
		for n, name := range generic[p] {
			quoted[n] = strconv.Quote(name)
		}
		fmt.Fprintf(&b, "\t%q: {%s},\n", p, strings.Join(quoted, ", "))
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return fmt.Errorf("format unavailable list: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, prefix()+"missing.go"), src, 0o644)
}
