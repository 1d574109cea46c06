// Package sshbench compares opsh's ssh builtin with OpenSSH and paramiko
// against the same real sshd servers, in one run, and prints the ratios.
// It is a benchmark, not a test: it runs only with OPSH_BENCH=1 (see run.sh).
package sshbench

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	xssh "golang.org/x/crypto/ssh"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/opsh/opsh/builtins/ssh"
	sshsym "github.com/opsh/opsh/builtins/ssh/symbols"
	"github.com/opsh/opsh/internal/sshdtest"
	"github.com/opsh/opsh/internal/testenv"
)

const commands = 100

type key struct {
	path string
	pub  xssh.PublicKey
}

func newKey(t *testing.T) key {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, err := xssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(p, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	s, _ := xssh.NewSignerFromKey(priv)
	return key{p, s.PublicKey()}
}

func client(k key, knownHosts string) *ssh.Client {
	c := ssh.NewClient()
	c.IdentityFiles = []string{k.path}
	c.KnownHostsFiles = []string{knownHosts}
	return c
}

func gate(t *testing.T) {
	if os.Getenv("OPSH_BENCH") != "1" {
		t.Skip("benchmark: set OPSH_BENCH=1 (bench/ssh/run.sh)")
	}
}

func timeIt(t *testing.T, what string, f func() error) time.Duration {
	t.Helper()
	start := time.Now()
	if err := f(); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return time.Since(start)
}

// TestCompareCommands: 100 `true` over one opsh connection, over OpenSSH's
// multiplexed connection (ControlMaster) to the same sshd, as 100 fresh
// `ssh host true`, and over one paramiko connection.
func TestCompareCommands(t *testing.T) {
	gate(t)
	sshBin := testenv.LookPath(t, "ssh")
	py := testenv.Python(t, "paramiko")
	k := newKey(t)
	users := []bool{true}
	if os.Getenv("OPSH_BENCH_ROOT") == "1" {
		users = append(users, false)
	}
	for _, plain := range users {
		srv := sshdtest.Start(t, sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{k.pub}, Plain: plain,
			Config: []string{"MaxSessions 64", "MaxStartups 100"}})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()

		c := client(k, srv.KnownHostsFile)
		h, err := c.DialContext(ctx, srv.User+"@"+srv.Addr)
		if err != nil {
			t.Fatal(err)
		}
		h.RunContext(ctx, "true") // warm
		opsh := timeIt(t, "opsh", func() error {
			for i := 0; i < commands; i++ {
				if _, err := h.RunContext(ctx, "true"); err != nil {
					return err
				}
			}
			return nil
		})
		// The same loop typed in opsh: interpreted by yaegi.
		ssh.SetDefault(c)
		i := interp.New(interp.Options{Unrestricted: true})
		i.Use(stdlib.Symbols)
		i.Use(sshsym.Symbols)
		if _, err := i.Eval(`import "github.com/opsh/opsh/builtins/ssh"`); err != nil {
			t.Fatal(err)
		}
		if _, err := i.Eval(`h, _ := ssh.Dial(` + strconv.Quote(srv.User+"@"+srv.Addr) + `)`); err != nil {
			t.Fatal(err)
		}
		interpreted := timeIt(t, "opsh interpreted", func() error {
			v, err := i.EvalWithContext(ctx, `func() error {
	for i := 0; i < `+strconv.Itoa(commands)+`; i++ {
		if _, err := h.Run("true"); err != nil {
			return err
		}
	}
	return nil
}()`)
			if err != nil {
				return err
			}
			if e, _ := v.Interface().(error); e != nil {
				return e
			}
			return nil
		})
		// The compiled loop again, after the interpreted one: the spread
		// between the two opsh figures is the run's noise.
		again := timeIt(t, "opsh again", func() error {
			for i := 0; i < commands; i++ {
				if _, err := h.RunContext(ctx, "true"); err != nil {
					return err
				}
			}
			return nil
		})
		h.Close()
		c.CloseAll()

		ctl := filepath.Join(t.TempDir(), "ctl")
		base := srv.SSHArgs(k.path)
		mux := append([]string{"-o", "ControlPath=" + ctl, "-o", "ControlMaster=auto", "-o", "ControlPersist=120"}, base...)
		run := func(args ...string) error {
			cmd := exec.CommandContext(ctx, sshBin, args...)
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("%v: %s", err, out)
			}
			return nil
		}
		if err := run(append(mux, "true")...); err != nil { // starts the master
			t.Fatal(err)
		}
		master := timeIt(t, "ControlMaster", func() error {
			for i := 0; i < commands; i++ {
				if err := run(append(mux, "true")...); err != nil {
					return err
				}
			}
			return nil
		})
		run(append([]string{"-O", "exit"}, mux...)...)

		fresh := timeIt(t, "fresh ssh", func() error {
			for i := 0; i < commands; i++ {
				if err := run(append(base, "true")...); err != nil {
					return err
				}
			}
			return nil
		})

		out, err := exec.CommandContext(ctx, py, "paramiko_true.py", srv.Host, strconv.Itoa(srv.Port), srv.User,
			k.path, srv.KnownHostsFile, strconv.Itoa(commands)).CombinedOutput()
		if err != nil {
			t.Fatalf("paramiko: %v: %s", err, out)
		}
		secs, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
		if err != nil {
			t.Fatalf("paramiko printed %q", out)
		}
		para := time.Duration(secs * float64(time.Second))

		fmt.Printf("\n%d × `true` as %s (shell %s)\n", commands, srv.User, map[bool]string{true: "/bin/sh", false: "root's bash + ~/.bashrc"}[plain])
		row := func(name string, d time.Duration) {
			fmt.Printf("  %-34s %9.1f ms  %6.2f ms/cmd  %5.2f× opsh\n", name, ms(d), ms(d)/commands, float64(d)/float64(opsh))
		}
		row("opsh, one connection", opsh)
		row("opsh, same loop in the interpreter", interpreted)
		row("opsh, one connection, again", again)
		row("OpenSSH ControlMaster", master)
		row("OpenSSH, fresh ssh each time", fresh)
		row("paramiko, one connection", para)
		fmt.Printf("  opsh / ControlMaster = %.2f (goal ≤ 1.2); fresh ssh / opsh = %.1f (goal ≥ 3); paramiko / opsh = %.2f (goal ≥ 1)\n",
			float64(opsh)/float64(master), float64(fresh)/float64(opsh), float64(para)/float64(opsh))
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// TestCompareFleet: `true` on 50 hosts (one sshd each) at concurrency 10
// against a sequential loop, each from cold (connecting included), with
// 50 ms of round-trip delay in front of every sshd and without.
func TestCompareFleet(t *testing.T) {
	gate(t)
	const hosts = 50
	k := newKey(t)
	dir := t.TempDir()
	var servers []*sshdtest.Server
	for i := 0; i < hosts; i++ {
		servers = append(servers, sshdtest.Start(t, sshdtest.Options{AuthorizedKeys: []xssh.PublicKey{k.pub}, Plain: true,
			NoReexec: os.Getenv("OPSH_BENCH_REEXEC") != "1"}))
	}
	for _, rtt := range []time.Duration{0, 50 * time.Millisecond} {
		var known, targets []string
		for _, s := range servers {
			addr := s.Addr
			if rtt > 0 {
				addr = sshdtest.Delay(t, s.Addr, rtt).Addr
			}
			known = append(known, sshdtest.KnownHostsLine(addr, s.HostKey))
			targets = append(targets, s.User+"@"+addr)
		}
		kh := filepath.Join(dir, fmt.Sprintf("known_hosts_%d", rtt/time.Millisecond))
		os.WriteFile(kh, []byte(strings.Join(known, "\n")+"\n"), 0o600)

		fleet := func(n int) time.Duration {
			c := client(k, kh)
			defer c.CloseAll()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			var d time.Duration
			timeIt(t, "fleet", func() error {
				res := c.Hosts(targets...).RunContext(ctx, "true", ssh.Concurrency(n))
				d = res.Duration
				return res.Check()
			})
			return d
		}
		seq := fleet(1)
		par := fleet(10)
		reexec := map[bool]string{true: "re-executed per connection, as real servers do", false: "forked, not re-executed (sshd -r)"}[os.Getenv("OPSH_BENCH_REEXEC") == "1"]
		fmt.Printf("\nfleet of %d hosts, `true`, connecting included, RTT %v, sshd %s\n", hosts, rtt, reexec)
		fmt.Printf("  sequential (Concurrency(1))   %8.1f ms\n", ms(seq))
		fmt.Printf("  Concurrency(10)               %8.1f ms\n", ms(par))
		fmt.Printf("  speed-up %.1f× (goal ≥ 8 with latency)\n", float64(seq)/float64(par))
	}
}
