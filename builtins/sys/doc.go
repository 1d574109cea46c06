// Package sys runs programs and handles files the way an operator needs to:
// commands as argument lists with check_call semantics, atomic file writes,
// the type of a file by its magic number, and where a program lives.
//
// # Running commands
//
// Run runs a program with an argument list, never through a shell, and
// returns its standard output as a string, as Python's
// subprocess.check_output does: the output is what you parse next
// (strings.Fields, sys.Lines, json.Unmarshal), so it is a plain string.
// A non-zero exit is an error, an *ExitError with the exit code and the
// command's stderr:
//
//	out, err := sys.Run("ls", "-l", "/var/log")
//	sys.Run("usermod", "-aG", "docker", user)      // fails loudly if user is unknown
//	for _, l := range sys.Lines(out) { ... }
//
//	var e *sys.ExitError
//	if errors.As(err, &e) { e.Code; e.Stderr }
//
// Options go among the arguments, anywhere:
//
//	sys.Run("sort", sys.Stdin("b\na\n"))                 // a string, []byte, secret.Value or io.Reader
//	sys.Run("git", "pull", sys.Dir("/srv/app"))
//	sys.Run("make", sys.Env("CC=clang"), sys.Stream())   // show output live, still capture it
//	sys.Run("curl", "-sS", url, sys.Timeout(10*time.Second))
//	sys.Run("pg_dump", "app", sys.Stdout(f))             // big output to a file
//
// Capture runs the same way but returns a *Result whatever the exit status,
// for commands whose failure is an answer:
//
//	r, _ := sys.Capture("systemctl", "is-active", "nginx")
//	r.ExitCode, r.Stdout, r.Stderr
//
// Interactive gives a program that needs the terminal (an editor, a pager,
// top) the terminal, in the foreground, as a shell would, and restores the
// terminal's modes when it ends:
//
//	sys.Interactive("vim", "~/notes/incident.md")
//
// Paths given to the package (program paths, Dir, WriteFileAtomic, Copy,
// FileType, DiskUsage) expand a leading ~ or ~user, as ExpandUser does;
// arguments are passed as given.
//
// A command runs in its own process group with /dev/null as stdin unless
// Stdin says otherwise. When the cell is interrupted (Ctrl-C), the context
// of RunContext is done or a Timeout expires, the whole group gets SIGTERM,
// then SIGKILL 400 ms later, and the error says the command was
// interrupted (errors.Is(err, context.Canceled)) or timed out
// (context.DeadlineExceeded). A process the command leaves running in the
// background (a daemon it starts) does not keep Run waiting: Run returns
// 0.6 s after the command exits, with the output written until then.
//
// # Files
//
// WriteFileAtomic replaces a file so that readers see the old or the new
// contents, never a part (write a temporary file, fsync, rename, fsync the
// directory); Copy copies a file with its mode and time the same way
// (shutil.copy2). FileType names what a file holds as file(1) does, Which
// finds a program on PATH, and DiskUsage tells how full a file system is.
//
//	sys.WriteFileAtomic("/etc/motd", "maintenance tonight\n", 0o644)
//	sys.Copy("/etc/nginx/nginx.conf", "/root/backup/")
//	sys.FileType("/usr/local/bin/deploy")   // python3 script, ASCII text executable
//	sys.Which("docker")                     // /usr/bin/docker
//	sys.DiskUsage("/var")                   // /var: 24.1 GiB used of 49.0 GiB (52%), ...
package sys
