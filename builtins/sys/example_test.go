package sys_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/opsh/opsh/builtins/sys"
)

func ExampleRun() {
	out, err := sys.Run("printf", `%s\n`, "web-1", "web-2")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, host := range sys.Lines(out) {
		fmt.Println(strings.ToUpper(host))
	}
	// Output:
	// WEB-1
	// WEB-2
}

func ExampleRun_options() {
	out, _ := sys.Run("sort", "-r", sys.Stdin("a\nc\nb\n"), sys.Env("LC_ALL=C"))
	fmt.Print(out)
	// Output:
	// c
	// b
	// a
}

func ExampleExitError() {
	_, err := sys.Run("sh", "-c", "echo 'no such user' >&2; exit 6")
	var e *sys.ExitError
	if errors.As(err, &e) {
		fmt.Println(e.Code, strings.TrimSpace(e.Stderr))
	}
	fmt.Println(err)
	// Output:
	// 6 no such user
	// sh -c 'echo '\''no such user'\'' >&2; exit 6': exit status 6: no such user
}

func ExampleCapture() {
	r, _ := sys.Capture("grep", "-q", "nginx", sys.Stdin("sshd\ncron\n"))
	fmt.Println(r.ExitCode, r.OK())
	// Output:
	// 1 false
}

func ExampleFileType() {
	dir, _ := os.MkdirTemp("", "sys")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "deploy")
	sys.WriteFileAtomic(path, "#!/usr/bin/env python3\nprint('deploying')\n", 0o755)

	k, _ := sys.FileType(path)
	fmt.Println(k)
	fmt.Println(k.Kind, k.Interpreter, k.MIME)
	// Output:
	// python3 script, ASCII text executable
	// script python3 text/x-script.python
}

// Edit a file with the user's editor, which gets the terminal, then check
// what was saved.
func ExampleInteractive() {
	path, err := sys.ExpandUser("~/notes/incident.md")
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := sys.Interactive("vim", path); err != nil {
		fmt.Println(err)
		return
	}
	k, _ := sys.FileType(path)
	fmt.Println(k)
}

// Paths starting with ~ or ~user expand as in a shell.
func ExampleExpandUser() {
	p, err := sys.ExpandUser("~root/.ssh/authorized_keys")
	fmt.Println(p, err)
	// Output: /root/.ssh/authorized_keys <nil>
}
