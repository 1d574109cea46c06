// Config deployment in a temp dir: atomic write via rename, modes,
// Stat, ReadDir, WalkDir with SkipDir, DirFS + fs.Glob, and cleanup.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func atomicWrite(path string, data []byte, perm fs.FileMode) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	if err := os.Chmod(tmp, perm); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func main() {
	dir, err := os.MkdirTemp("", "deploy-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	for _, d := range []string{"etc/nginx", "etc/app", "var/log", ".git/objects"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			fmt.Println(err)
		}
	}
	files := map[string]string{
		"etc/nginx/nginx.conf": "worker_processes 4;\n",
		"etc/app/app.yaml":     "port: 8080\n",
		"etc/app/secret.key":   "hunter2\n",
		"var/log/app.log":      "started\n",
		".git/objects/ab":      "blob",
	}
	for name, body := range files {
		perm := fs.FileMode(0o644)
		if strings.HasSuffix(name, ".key") {
			perm = 0o600
		}
		if err := atomicWrite(filepath.Join(dir, name), []byte(body), perm); err != nil {
			fmt.Println(err)
		}
	}

	info, err := os.Stat(filepath.Join(dir, "etc/app/secret.key"))
	fmt.Println(info.Name(), info.Size(), info.Mode().Perm(), info.Mode(), info.IsDir())
	fmt.Printf("%o %v\n", info.Mode().Perm(), info.Mode().IsRegular())

	_, err = os.Stat(filepath.Join(dir, "etc/app/missing"))
	fmt.Println(errors.Is(err, fs.ErrNotExist), os.IsNotExist(err))
	var pe *fs.PathError
	if errors.As(err, &pe) {
		fmt.Println("op:", pe.Op, "base:", filepath.Base(pe.Path))
	}

	entries, _ := os.ReadDir(filepath.Join(dir, "etc/app"))
	for _, e := range entries {
		fi, _ := e.Info()
		fmt.Println(e.Name(), e.IsDir(), e.Type().IsRegular(), fi.Mode().Perm())
	}

	var walked []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return fs.SkipDir
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			rel += "/"
		}
		walked = append(walked, rel)
		return nil
	})
	fmt.Println(walked, err)

	var confs []string
	var fn fs.WalkDirFunc = func(p string, d fs.DirEntry, err error) error {
		if strings.HasSuffix(p, ".log") {
			return fs.SkipAll
		}
		if !d.IsDir() && filepath.Ext(p) == ".conf" || filepath.Ext(p) == ".yaml" {
			confs = append(confs, p)
		}
		return nil
	}
	fsys := os.DirFS(dir)
	fmt.Println(fs.WalkDir(fsys, "etc", fn), confs)

	matches, err := fs.Glob(fsys, "etc/*/*.y*ml")
	fmt.Println(matches, err)
	data, err := fs.ReadFile(fsys, "etc/nginx/nginx.conf")
	fmt.Printf("%q %v\n", data, err)
	_, err = fs.ReadFile(fsys, "../escape")
	fmt.Println(err)

	f, _ := os.OpenFile(filepath.Join(dir, "var/log/app.log"), os.O_APPEND|os.O_WRONLY, 0)
	fmt.Fprintf(f, "request %d\n", 1)
	f.Close()
	b, _ := os.ReadFile(filepath.Join(dir, "var/log/app.log"))
	fmt.Println(strings.Count(string(b), "\n"), strings.Fields(string(b)))
	fmt.Println(os.Remove(filepath.Join(dir, "etc")) != nil)
	sub, _ := fs.Sub(fsys, "etc")
	names, _ := fs.ReadDir(sub, "app")
	var ns []string
	for _, n := range names {
		ns = append(ns, n.Name())
	}
	sort.Sort(sort.Reverse(sort.StringSlice(ns)))
	fmt.Println(ns)
}
