package sys

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strings"
)

// ExpandUser expands a leading ~ in path as a shell does (Python's
// os.path.expanduser): "~" and "~/x" are under the home directory ($HOME,
// else the account's), "~ann" and "~ann/x" under ann's. Other paths are
// returned as they are; an unknown user is an error. The functions of this
// package that take paths (DiskUsage, FileType, WriteFileAtomic, Copy,
// Dir, Run's program) expand them with it.
func ExpandUser(path string) (string, error) {
	if !strings.HasPrefix(path, "~") {
		return path, nil
	}
	name, rest, _ := strings.Cut(path[1:], "/")
	var home string
	if name == "" {
		home = os.Getenv("HOME")
		if home == "" {
			u, err := user.Current()
			if err != nil {
				return "", fmt.Errorf("expand %s: %w", path, err)
			}
			home = u.HomeDir
		}
	} else {
		u, err := user.Lookup(name)
		if err != nil {
			return "", fmt.Errorf("expand %s: no user %q", path, name)
		}
		home = u.HomeDir
	}
	if rest == "" {
		return home, nil
	}
	return filepath.Join(home, rest), nil
}
