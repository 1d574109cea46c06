package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	xssh "golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/internal/sshdtest"
	"github.com/opsh/opsh/internal/testenv"
)

// tmuxOpsh runs the opsh binary in a real pseudo-terminal under tmux, to
// test what only a terminal shows: the line editor, completion, history
// across restarts and Ctrl-C.
type tmuxOpsh struct {
	t      *testing.T
	tmux   string
	socket string
	name   string
}

func buildOpsh(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "opsh")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func startTmux(t *testing.T, bin, home string, args ...string) *tmuxOpsh {
	t.Helper()
	return startTmuxSized(t, bin, home, 100, 30, args...)
}

// startTmuxSized starts opsh (with args) on a terminal of width × height.
func startTmuxSized(t *testing.T, bin, home string, width, height int, args ...string) *tmuxOpsh {
	t.Helper()
	return startTmuxEnv(t, bin, home, width, height, nil, args...)
}

// startTmuxEnv is startTmuxSized with env(1)'s arguments before the
// command: "-u NAME" unsets a variable, "NAME=value" sets one.
func startTmuxEnv(t *testing.T, bin, home string, width, height int, env []string, args ...string) *tmuxOpsh {
	t.Helper()
	tm := &tmuxOpsh{t: t, tmux: testenv.LookPath(t, "tmux"), socket: filepath.Join(t.TempDir(), "tmux.sock"), name: "opsh"}
	argv := append([]string{"-S", tm.socket, "new-session", "-d", "-s", tm.name, "-x", strconv.Itoa(width), "-y", strconv.Itoa(height),
		"env"}, env...)
	argv = append(append(argv, "OPSH_HOME="+home, "TERM=xterm", bin), args...)
	cmd := exec.Command(tm.tmux, argv...)
	cmd.Env = append(os.Environ(), "TERM=xterm") // tmux itself, under CI, may have none
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command(tm.tmux, "-S", tm.socket, "kill-server").Run() })
	// What opsh says as it exits stays on the screen.
	if out, err := exec.Command(tm.tmux, "-S", tm.socket, "set-option", "-w", "-t", tm.name, "remain-on-exit", "on").CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	tm.waitFor(":help for help")
	return tm
}

func (tm *tmuxOpsh) send(keys ...string) {
	tm.t.Helper()
	args := append([]string{"-S", tm.socket, "send-keys", "-t", tm.name}, keys...)
	if out, err := exec.Command(tm.tmux, args...).CombinedOutput(); err != nil {
		tm.t.Fatalf("send-keys %v: %v\n%s", keys, err, out)
	}
}

func (tm *tmuxOpsh) screen() string {
	out, _ := exec.Command(tm.tmux, "-S", tm.socket, "capture-pane", "-p", "-t", tm.name).Output()
	return string(out)
}

// scrollback is everything the terminal showed, the lines scrolled off
// the top included.
func (tm *tmuxOpsh) scrollback() string {
	out, _ := exec.Command(tm.tmux, "-S", tm.socket, "capture-pane", "-p", "-J", "-S", "-", "-t", tm.name).Output()
	return string(out)
}

// waitFor waits until the screen shows want.
func (tm *tmuxOpsh) waitFor(want string) {
	tm.t.Helper()
	testenv.WaitFor(tm.t, 10*time.Second, "screen to show "+want, func() error {
		if s := tm.screen(); !strings.Contains(s, want) {
			return &screenError{s}
		}
		return nil
	})
}

type screenError struct{ screen string }

func (e *screenError) Error() string { return "screen is:\n" + e.screen }

func TestTerminal(t *testing.T) {
	bin := buildOpsh(t)
	home := t.TempDir()

	tm := startTmux(t, bin, home)
	// Completion of a variable's fields and methods.
	tm.send(`u, _ := url.Parse("http://example.com/x")`, "Enter")
	tm.waitFor("[2]›")
	tm.send("u.Hos", "Tab")
	tm.waitFor("u.Host")
	tm.send("Tab")
	tm.waitFor("Hostname")
	tm.send("C-u")
	// Ctrl-C stops a running cell within a second; variables survive.
	tm.send("n := 41", "Enter")
	tm.waitFor("[3]›")
	tm.send("for {}", "Enter")
	tm.waitFor("[3]› for {}")
	start := time.Now()
	tm.send("C-c")
	tm.waitFor("interrupted")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Ctrl-C took %v", d)
	}
	tm.send("n + 1", "Enter")
	tm.waitFor("42")
	// A multi-line cell, and Ctrl-C at the prompt clears the line.
	tm.send("func twice(x int) int {", "Enter", "return 2 * x", "Enter", "}", "Enter")
	tm.waitFor("[6]›")
	tm.send("garbage", "C-c")
	tm.send("twice(21)", "Enter")
	tm.waitFor("\n42\n[7]›")
	tm.send("C-d")

	// History survives a restart: a multi-line cell is one entry.
	hist, err := os.ReadFile(filepath.Join(home, "history"))
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(filepath.Join(home, "history")); fi.Mode().Perm() != 0o600 {
		t.Errorf("history mode %v, want 0600", fi.Mode().Perm())
	}
	if !strings.Contains(string(hist), "twice(21)") {
		t.Fatalf("history lacks the last cell:\n%s", hist)
	}
	tm2 := startTmux(t, bin, home)
	tm2.send("Up", "Up")
	tm2.waitFor("return 2 * x")
	tm2.send("C-u", "C-c", "C-r", "url.Par")
	tm2.waitFor(`u, _ := url.Parse("http://example.com/x")`)
	tm2.send("C-c", "C-d")

	// A secret typed at a no-echo prompt never shows, nor reaches the
	// transcript or the history, even when printed on purpose.
	tm3 := startTmux(t, bin, home)
	tm3.send(`pw, err := secret.Prompt("db password")`, "Enter")
	tm3.waitFor("db password:")
	tm3.send("hunter2-secret", "Enter")
	tm3.waitFor("[2]›")
	if strings.Contains(tm3.screen(), "hunter2") {
		t.Fatalf("the password was echoed:\n%s", tm3.screen())
	}
	tm3.send("pw", "Enter")
	tm3.waitFor("«redacted:db password»")
	tm3.send("string(pw.Reveal())", "Enter")
	tm3.waitFor(`"hunter2-secret"`)
	tm3.send("C-d")
	files, _ := filepath.Glob(filepath.Join(home, "sessions", "*.md"))
	files = append(files, filepath.Join(home, "history"))
	testenv.WaitFor(t, 10*time.Second, "the session's footer", func() error {
		for _, f := range files[:len(files)-1] {
			if data, _ := os.ReadFile(f); !strings.Contains(string(data), "opsh end") {
				return &screenError{string(data)}
			}
		}
		return nil
	})
	for _, f := range files {
		if data, _ := os.ReadFile(f); strings.Contains(string(data), "hunter2") {
			t.Errorf("%s holds the secret:\n%s", f, data)
		}
	}

}

// TestTerminalOutput: output printed without a final newline always
// reaches the screen, on a line of its own before the next prompt — 50
// cells typed ahead, and a goroutine printing while the prompt is shown.
func TestTerminalOutput(t *testing.T) {
	bin := buildOpsh(t)
	tm := startTmux(t, bin, t.TempDir(), "--no-record")
	const cells = 50
	for i := 1; i <= cells; i++ {
		tm.send(fmt.Sprintf(`fmt.Print("out-%d.")`, i), "Enter")
	}
	tm.waitFor(fmt.Sprintf("[%d]›", cells+1))
	shown := regexp.MustCompile(`(?m)^out-(\d+)\.$`).FindAllStringSubmatch(tm.scrollback(), -1)
	seen := map[string]bool{}
	for _, m := range shown {
		seen[m[1]] = true
	}
	if len(seen) != cells {
		t.Fatalf("%d of %d outputs on the screen:\n%s", len(seen), cells, tm.scrollback())
	}
	// A goroutine that prints after its cell ended, while the prompt waits.
	tm.send(`go func() { time.Sleep(300 * time.Millisecond); fmt.Print("late-output") }()`, "Enter")
	tm.waitFor(fmt.Sprintf("[%d]›", cells+2))
	tm.send("1 + ")
	tm.waitFor("\nlate-output\n")
	tm.send("41", "Enter")
	tm.waitFor("\n42\n")
	tm.send("C-d")
}

// TestTerminalRecording: the banner says where the session is recorded,
// :session shows it, and the exit line says it again; --no-record says
// it records nothing.
func TestTerminalRecording(t *testing.T) {
	bin := buildOpsh(t)
	home := t.TempDir()
	tm := startTmux(t, bin, home)
	tm.waitFor("recording to " + filepath.Join(home, "sessions"))
	tm.send("1 + 1", "Enter")
	tm.waitFor("[2]›")
	files, _ := filepath.Glob(filepath.Join(home, "sessions", "*.md"))
	if len(files) != 1 {
		t.Fatalf("transcripts %v, want one", files)
	}
	if !strings.Contains(tm.scrollback(), "recording to "+files[0]+"\n") {
		t.Errorf("the banner does not name %s:\n%s", files[0], tm.scrollback())
	}
	tm.send(":session", "Enter")
	tm.waitFor("transcript " + files[0])
	tm.send("C-d")
	tm.waitForAll("session recorded in " + files[0])

	tm = startTmux(t, bin, home, "--no-record")
	tm.waitFor("not recording (--no-record)")
	tm.send(":session", "Enter")
	tm.waitFor("this session is not recorded")
	tm.send("C-d")
	tm.waitForAll("this session was not recorded")
}

// waitForAll waits until the screen, with its scrollback and wrapped
// lines joined, shows want.
func (tm *tmuxOpsh) waitForAll(want string) {
	tm.t.Helper()
	testenv.WaitFor(tm.t, 10*time.Second, "screen to show "+want, func() error {
		if s := tm.scrollback(); !strings.Contains(s, want) {
			return &screenError{s}
		}
		return nil
	})
}

// TestTerminalCompletion: Tab completes file paths inside a string, the
// members of a call's result, and lists several candidates with their
// kinds and types.
func TestTerminalCompletion(t *testing.T) {
	bin := buildOpsh(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "incident-notes.txt"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tm := startTmuxSized(t, bin, t.TempDir(), 160, 30, "--no-record")
	tm.send(`os.ReadFile("`+dir+`/inc`, "Tab")
	tm.waitFor(`os.ReadFile("` + dir + `/incident-notes.txt`)
	tm.send(`")`, "Enter")
	tm.waitFor("[2]›")
	tm.send("time.Now().Unix", "Tab")
	tm.waitFor("UnixMilli  method  func() int64")
	tm.send("C-u", "strings.Spl", "Tab")
	tm.waitFor("strings.Split")
	tm.send("Tab")
	tm.waitForMatch(`SplitAfterN +func +func\(string, string, int\) \[\]string`)
	tm.send("C-u", `u, _ := url.Parse("http://example.com/x?a=1")`, "Enter")
	tm.waitFor("[3]›")
	tm.send("u.Query().Enc", "Tab")
	tm.waitFor("u.Query().Encode")
	tm.send("C-u", "u.Query().", "Tab")
	tm.waitForMatch(`Encode +method +func\(\) string`)
	tm.waitForMatch(`Has +method +func\(string\) bool`)
	tm.send("C-d")
}

// waitForMatch waits until the screen matches the regular expression re.
func (tm *tmuxOpsh) waitForMatch(re string) {
	tm.t.Helper()
	rx := regexp.MustCompile(re)
	testenv.WaitFor(tm.t, 10*time.Second, "screen to match "+re, func() error {
		if s := tm.screen(); !rx.MatchString(s) {
			return &screenError{s}
		}
		return nil
	})
}

// TestTerminalSmallThings: :doc ignores a trailing comment, :more shows
// a list the display cut whole, and the hints are drawn faint in the
// terminal's own colour, never in bright black.
func TestTerminalSmallThings(t *testing.T) {
	bin := buildOpsh(t)
	tm := startTmuxSized(t, bin, t.TempDir(), 100, 50, "--no-record")
	tm.send(":doc strings.Split // the README's tour line", "Enter")
	tm.waitFor("func Split(s, sep string) []string")
	tm.send("C-l", "xs := make([]int, 150); for i := range xs { xs[i] = i * 1000 }", "Enter")
	tm.send("xs", "Enter")
	tm.waitFor("… (50 more)")
	tm.send(":more", "Enter")
	tm.waitFor("149000")
	colored, _ := exec.Command(tm.tmux, "-S", tm.socket, "capture-pane", "-p", "-e", "-S", "-", "-t", tm.name).Output()
	banner, _, _ := strings.Cut(string(colored), "\n")
	if !strings.Contains(banner, "\x1b[2m") || strings.Contains(string(colored), "\x1b[90m") {
		t.Errorf("the banner is not faint, or bright black is used: %q", banner)
	}
	tm.send("C-d")
}

// TestTerminalHelpOnWhatYouHold: r? describes a variable, :who lists the
// variables, an undefined name suggests the one meant, !cmd runs through
// the shell as a recorded cell, %timeit names :timeit.
func TestTerminalHelpOnWhatYouHold(t *testing.T) {
	bin := buildOpsh(t)
	home := t.TempDir()
	tm := startTmuxSized(t, bin, home, 120, 50)
	tm.send(`r, _ := url.Parse("http://example.com/x")`, "Enter")
	tm.send("r?", "Enter")
	tm.waitFor("r *url.URL")
	tm.waitFor("methods: ")
	tm.send("C-l", `host := "web-1"`, "Enter")
	tm.send(":who", "Enter")
	tm.waitForMatch(`host +string\n`)
	tm.send("hsot", "Enter")
	tm.waitFor("undefined: hsot — did you mean host?")
	tm.send("!echo from-the-shell-$((40+2))", "Enter")
	tm.waitFor("from-the-shell-42")
	tm.send("%timeit 1+1", "Enter")
	tm.waitFor("%timeit is :timeit in opsh")
	tm.send(":timeit 1+1", "Enter")
	tm.waitFor("per loop (best of")
	tm.send("C-d")
	tm.waitForAll("session recorded in")
	files, _ := filepath.Glob(filepath.Join(home, "sessions", "*.md"))
	if len(files) != 1 {
		t.Fatalf("transcripts %v", files)
	}
	data, _ := os.ReadFile(files[0])
	if !strings.Contains(string(data), `"-c", "echo from-the-shell-$((40+2))")`) || !strings.Contains(string(data), "from-the-shell-42") {
		t.Errorf("the shell cell is not recorded:\n%s", data)
	}
}

// TestTerminalMultiLineRecall: a recalled cell of several lines is edited
// in place — every keystroke, cursor moves over wrapped lines and Ctrl-R
// redraw it once, erasing nothing above — at any width; continuation lines
// are indented to their depth and a closing brace takes a level away.
func TestTerminalMultiLineRecall(t *testing.T) {
	bin := buildOpsh(t)
	for _, width := range []int{40, 100} {
		tm := startTmuxSized(t, bin, t.TempDir(), width, 40, "--no-record")
		tm.send("func twice(x int) int {", "Enter")
		tm.send("if x > 100 {", "Enter", "return x", "Enter", "}", "Enter", "return 2 * x", "Enter", "}", "Enter")
		tm.waitFor("[2]›")
		indented := "  …      if x > 100 {\n  …          return x\n  …      }\n  …      return 2 * x\n  …  }\n"
		if !strings.Contains(tm.screen(), indented) {
			t.Fatalf("width %d: continuation lines not indented and dedented:\n%s", width, tm.screen())
		}
		tm.send("40", "Enter")
		tm.waitFor("\n40\n[3]›")
		tm.send("Up", "Up")
		tm.waitFor("[3]› func twice(x int) int {␤")
		tm.send("C-a", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right")
		tm.send("Twice", "C-e", "Left", "Left", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "3 * x")
		tm.waitForAll("return 3 * x␤}")
		before, _, _ := strings.Cut(tm.scrollback(), "[3]›")
		if !strings.Contains(before, indented+"[2]› 40\n40\n") {
			t.Errorf("width %d: editing erased lines above the prompt:\n%s", width, tm.scrollback())
		}
		if n := strings.Count(tm.scrollback(), "func twiceTwice"); n != 1 {
			t.Errorf("width %d: %d copies of the edited cell:\n%s", width, n, tm.scrollback())
		}
		tm.send("Enter")
		tm.waitFor("[4]›")
		tm.send("twiceTwice(5)", "Enter")
		tm.waitFor("\n15\n")
		tm.send("C-r", "twiceTw")
		tm.waitFor("bck-i-search: twiceTw")
		tm.send("C-g", "C-u", "C-d")
	}
}

// TestTerminalFleet: a fleet over hosts of which two hang shows a live
// line while it runs; Ctrl-C keeps and shows the rows of the hosts that
// finished, the others marked interrupted, and the session goes on.
// The hosts are real sshd servers on 127.0.0.1, reached through the
// ssh_config of the session's $HOME.
func TestTerminalFleet(t *testing.T) {
	bin := buildOpsh(t)
	home := t.TempDir()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := xssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	block, err := xssh.MarshalPrivateKey(priv, "opsh test")
	if err != nil {
		t.Fatal(err)
	}
	dot := filepath.Join(home, ".ssh")
	if err := os.MkdirAll(dot, 0o700); err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(dot, "id_ed25519")
	if err := os.WriteFile(key, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	var config, known strings.Builder
	var fast []string
	for i := 1; i <= 4; i++ {
		s := sshdtest.Start(t, sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{signer.PublicKey()}, Plain: true})
		fmt.Fprintf(&config, "Host web-%d\n  HostName %s\n  Port %d\n  User %s\n  IdentityFile %s\n", i, s.Host, s.Port, s.User, key)
		fmt.Fprintln(&known, s.HostKeyLine)
		if i%2 == 1 {
			fast = append(fast, fmt.Sprintf(`*\" %d\")`, s.Port))
		}
	}
	for name, text := range map[string]string{"config": config.String(), "known_hosts": known.String()} {
		if err := os.WriteFile(filepath.Join(dot, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Hosts 1 and 3 answer at once; 2 and 4 hang.
	cmd := `case \"$SSH_CONNECTION\" in ` + strings.Join(fast, " echo fast;; ") + ` echo fast;; *) sleep 60;; esac`
	tm := startTmuxEnv(t, bin, filepath.Join(home, "state"), 120, 40, []string{"-u", "SSH_AUTH_SOCK", "HOME=" + home}, "--no-record")
	tm.send(`r := ssh.Fleet("web-*").Run("`+cmd+`")`, "Enter")
	tm.waitForMatch(`2/4 done · 0 failed · 2 running · \d+\.\d s`)
	live := tm.screen()
	tm.send("C-c")
	tm.waitFor("4 hosts: 2 ok, 0 failed, 2 interrupted in ")
	tm.waitForMatch(`web-2 +- +[0-9.]+m?s +interrupted`)
	tm.waitForMatch(`web-1 +0 +[0-9.]+m?s +fast`)
	tm.send("1 + 1", "Enter")
	tm.waitFor("\n2\n")
	t.Logf("while it runs:\n%s\nafter Ctrl-C:\n%s", live, tm.screen())
	tm.send("C-d")
}
