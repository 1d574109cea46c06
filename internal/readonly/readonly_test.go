package readonly

import (
	"errors"
	"fmt"
	"testing"
)

func TestCheckMessage(t *testing.T) {
	if err := Check("writes", "S3.Put", "logs", "a.txt"); err != nil {
		t.Fatalf("policy off: %v", err)
	}
	SetFor(t, Policy{On: true})
	err := Check("writes", "S3.Put", "logs", "a.txt")
	if got, want := fmt.Sprint(err), `refused by --read-only: S3.Put("logs", "a.txt") writes`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if !errors.Is(fmt.Errorf("cell: %w", err), ErrRefused) {
		t.Errorf("errors.Is(%v, ErrRefused) is false", err)
	}
}

func TestCommands(t *testing.T) {
	SetFor(t, Policy{On: true, AllowCommands: ParseAllow(" uptime, df,,journalctl ")})
	for _, c := range []struct {
		argv []string
		ok   bool
	}{
		{[]string{"uptime"}, true},
		{[]string{"df", "-h"}, true},
		{[]string{"journalctl", "-u", "nginx; rm -rf /"}, true}, // one argument, never a shell
		{[]string{"rm", "-rf", "/tmp/x"}, false},
		{[]string{"/usr/bin/uptime"}, false}, // matched exactly
		{nil, false},
	} {
		if err := Command("runs a command", "Host.RunArgs", c.argv); (err == nil) != c.ok {
			t.Errorf("%q: %v, want allowed=%v", c.argv, err, c.ok)
		}
	}
	for _, c := range []struct {
		cmd string
		ok  bool
	}{
		{"uptime", true},
		{"df -h /var", true},
		{"journalctl -u nginx --since=-1h", true},
		{"uptime; rm -rf /", false},
		{"uptime && touch x", false},
		{"df $(touch x)", false},
		{"df `touch x`", false},
		{"df > /tmp/x", false},
		{"df  -h", false}, // an empty word: not a plain list
		{"df\ntouch x", false},
		{"df *", false},
		{"touch x", false},
		{"FOO=1 uptime", false},
	} {
		err := ShellCommand("runs a command", "Host.Run", c.cmd)
		if (err == nil) != c.ok {
			t.Errorf("%q: %v, want allowed=%v", c.cmd, err, c.ok)
		}
	}
	if got, want := fmt.Sprint(ShellCommand("runs a command on web-1", "Host.Run", "touch /tmp/x")), `refused by --read-only: Host.Run("touch /tmp/x") runs a command on web-1`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRequest(t *testing.T) {
	SetFor(t, Policy{On: true})
	for _, m := range []string{"GET", "head", "OPTIONS"} {
		if err := Request(m, "web.Do", m, "http://x/"); err != nil {
			t.Errorf("%s: %v", m, err)
		}
	}
	err := Request("post", "web.Post", "http://x/")
	if got, want := fmt.Sprint(err), `refused by --read-only: web.Post("http://x/") sends POST`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
