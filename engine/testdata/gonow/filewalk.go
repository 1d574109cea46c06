// Disk housekeeping: build a tree, walk it, find duplicates by SHA-256,
// the largest files, old files by mtime, and clean up.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

type entry struct {
	path string
	size int64
	mod  time.Time
}

func hashFile(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

func main() {
	root, err := os.MkdirTemp("", "walk")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(root)
	files := map[string]string{
		"logs/app.log":       strings.Repeat("line\n", 100),
		"logs/app.log.1":     strings.Repeat("line\n", 100),
		"logs/old/app.log.2": "short\n",
		"etc/app.conf":       "port = 8080\n",
		"etc/app.conf.bak":   "port = 8080\n",
		"data/blob.bin":      strings.Repeat("x", 4096),
	}
	old := time.Now().Add(-48 * time.Hour)
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			panic(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			panic(err)
		}
		if strings.Contains(name, "old") || strings.HasSuffix(name, ".bak") {
			os.Chtimes(p, old, old)
		}
	}
	var all []entry
	dirs := 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs++
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		all = append(all, entry{rel, info.Size(), info.ModTime()})
		return nil
	})
	fmt.Println("walk:", err, len(all), "files in", dirs, "dirs")
	sort.Slice(all, func(i, j int) bool {
		if all[i].size != all[j].size {
			return all[i].size > all[j].size
		}
		return all[i].path < all[j].path
	})
	for _, e := range all[:3] {
		fmt.Printf("%6d %s\n", e.size, e.path)
	}
	byHash := map[string][]string{}
	for _, e := range all {
		h, err := hashFile(filepath.Join(root, e.path))
		if err != nil {
			fmt.Println(err)
			continue
		}
		byHash[h] = append(byHash[h], e.path)
	}
	var dups [][]string
	for _, ps := range byHash {
		if len(ps) > 1 {
			sort.Strings(ps)
			dups = append(dups, ps)
		}
	}
	sort.Slice(dups, func(i, j int) bool { return dups[i][0] < dups[j][0] })
	fmt.Println("duplicates:", dups)
	cutoff := time.Now().Add(-24 * time.Hour)
	var stale []string
	for _, e := range all {
		if e.mod.Before(cutoff) {
			stale = append(stale, e.path)
		}
	}
	sort.Strings(stale)
	fmt.Println("stale:", stale)
	matches, _ := filepath.Glob(filepath.Join(root, "logs", "*.log*"))
	for i := range matches {
		matches[i] = filepath.Base(matches[i])
	}
	fmt.Println("glob:", matches)
	for _, s := range stale {
		if err := os.Remove(filepath.Join(root, s)); err != nil {
			fmt.Println(err)
		}
	}
	_, err = os.Stat(filepath.Join(root, stale[0]))
	fmt.Println(os.IsNotExist(err), strings.Contains(err.Error(), "no such file"))
	entries, _ := os.ReadDir(filepath.Join(root, "logs"))
	for _, e := range entries {
		fmt.Print(e.Name(), " ", e.IsDir(), "; ")
	}
	fmt.Println()
}
