// Command docgen extracts the documentation that opsh's `:doc` shows and
// writes it, compressed, for package repl/docs to embed. It reads Go sources
// with go/parser and go/doc only: the standard-library packages the
// interpreter's symbol tables cover (yaegi's stdlib and stdlib/unrestricted)
// from GOROOT, and every builtin under builtins/ that has a symbols/
// subpackage, from the module tree.
//
// It is run by go generate in repl/docs:
//
//	//go:generate go run ../../internal/docgen -o data
//
// The output directory holds index.txt.gz (every package with its member
// names, as text that reads faster than JSON) and one gzipped JSON file per
// package, loaded on demand. The output
// depends only on the sources read: names are sorted and gzip headers carry
// no time, so running it twice gives the same bytes.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/build"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"

	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unrestricted"
)

func main() {
	out := flag.String("o", "data", "output directory (its *.json.gz files are replaced)")
	root := flag.String("root", "", "module root (default: the directory of the nearest go.mod)")
	goroot := flag.String("goroot", "", "Go tree whose sources document the standard library (default: $GOROOT, else `go env GOROOT`)")
	flag.Parse()
	if err := run(config{out: *out, root: *root, goroot: *goroot}); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}

// config says what to read and where to write.
type config struct {
	out, root, goroot string
	noStd             bool // builtins only (tests)
}

func run(cfg config) error {
	out, root, goroot := cfg.out, cfg.root, cfg.goroot
	var err error
	if root == "" {
		if root, err = moduleRoot(); err != nil {
			return err
		}
	}
	if goroot == "" {
		goroot = findGOROOT()
	}
	modPath, err := modulePath(filepath.Join(root, "go.mod"))
	if err != nil {
		return err
	}
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH, ctx.GOROOT = "linux", "amd64", goroot
	ctx.CgoEnabled = false

	var pkgs []*pkgFile
	for _, p := range stdPackages() {
		if cfg.noStd {
			break
		}
		pf, err := readPackage(&ctx, filepath.Join(goroot, "src", filepath.FromSlash(p.path)), p.path, false, p.names)
		if err != nil {
			return fmt.Errorf("%s: %w", p.path, err)
		}
		pkgs = append(pkgs, pf)
	}
	dirs, err := builtinDirs(root)
	if err != nil {
		return err
	}
	for _, name := range dirs {
		p := modPath + "/builtins/" + name
		pf, err := readPackage(&ctx, filepath.Join(root, "builtins", name), p, true, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		pkgs = append(pkgs, pf)
	}
	return write(out, pkgs)
}

// stdPackage is a standard package the interpreter has, with the names its
// symbol table holds.
type stdPackage struct {
	path  string
	names map[string]bool
}

// stdPackages lists the packages of yaegi's symbol tables, keyed
// "import/path/name", sorted by path.
func stdPackages() []stdPackage {
	byPath := map[string]map[string]bool{}
	for _, table := range []map[string]map[string]reflect.Value{stdlib.Symbols, unrestricted.Symbols} {
		for key, syms := range table {
			p := path.Dir(key)
			if p == "." || strings.Contains(strings.Split(p, "/")[0], ".") || strings.Contains(p, "internal") {
				// "." holds yaegi's own helpers; a domain in the path is not std.
				continue
			}
			if byPath[p] == nil {
				byPath[p] = map[string]bool{}
			}
			for n := range syms {
				byPath[p][n] = true
			}
		}
	}
	var out []stdPackage
	for p, names := range byPath {
		out = append(out, stdPackage{p, names})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// builtinDirs names the directories under builtins/ that have a symbols/
// subpackage with Go files: the builtins the REPL preloads.
func builtinDirs(root string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(root, "builtins", "*", "symbols", "*.go"))
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var names []string
	for _, m := range matches {
		if strings.HasSuffix(m, "_test.go") {
			continue
		}
		name := filepath.Base(filepath.Dir(filepath.Dir(m)))
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names, nil
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the current directory; pass -root")
		}
		dir = parent
	}
}

func modulePath(gomod string) (string, error) {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`), nil
		}
	}
	return "", fmt.Errorf("%s: no module line", gomod)
}

// findGOROOT finds the Go tree of the toolchain in use: $GOROOT (go
// generate sets it), else `go env GOROOT`, else the one this program was
// built with.
func findGOROOT() string {
	if r := os.Getenv("GOROOT"); r != "" {
		return r
	}
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	return runtime.GOROOT()
}

// write replaces the generated files of dir (*.json.gz, index.txt.gz) with
// the index and one file per package.
func write(dir string, pkgs []*pkgFile) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.json.gz"))
	old = append(old, filepath.Join(dir, "index.txt.gz"))
	for _, f := range old {
		if _, err := os.Stat(f); errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	var idx index
	var raw, packed int
	for _, p := range pkgs {
		file := fileName(p.Path)
		r, n, err := writeGzipJSON(filepath.Join(dir, file), p)
		if err != nil {
			return err
		}
		raw, packed = raw+r, packed+n
		ie := indexEntry{Path: p.Path, Name: p.Name, File: file, Builtin: p.Builtin}
		for _, e := range p.Entries {
			if e.NA {
				ie.NA = append(ie.NA, e.Name)
			} else {
				ie.Names = append(ie.Names, e.Name)
			}
		}
		idx.Packages = append(idx.Packages, ie)
	}
	r, n, err := writeGzip(filepath.Join(dir, "index.txt.gz"), idx.encode())
	if err != nil {
		return err
	}
	raw, packed = raw+r, packed+n
	fmt.Fprintf(os.Stderr, "docgen: %d packages, %d bytes of JSON, %d gzipped, in %s\n", len(pkgs), raw, packed, dir)
	return nil
}

// fileName is the data file of an import path: "net.http.json.gz" for the
// standard library, "opsh.web.json.gz" for a builtin.
func fileName(importPath string) string {
	if i := strings.Index(importPath, "/builtins/"); i >= 0 && strings.Contains(importPath[:i], ".") {
		return "opsh." + strings.ReplaceAll(importPath[i+len("/builtins/"):], "/", ".") + ".json.gz"
	}
	return strings.ReplaceAll(importPath, "/", ".") + ".json.gz"
}

func writeGzipJSON(file string, v any) (raw, packed int, err error) {
	data, err := json.Marshal(v)
	if err != nil {
		return 0, 0, err
	}
	return writeGzip(file, data)
}

func writeGzip(file string, data []byte) (raw, packed int, err error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return 0, 0, err
	}
	if _, err := zw.Write(data); err != nil {
		return 0, 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, 0, err
	}
	return len(data), buf.Len(), os.WriteFile(file, buf.Bytes(), 0o644)
}
