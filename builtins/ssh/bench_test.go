package ssh_test

import (
	"fmt"
	"testing"

	"github.com/opsh/opsh/builtins/ssh"
	"github.com/opsh/opsh/internal/sshdtest"
)

// BenchmarkRun runs `true` over one connection to a real sshd, as the
// plain /bin/sh test user.
func BenchmarkRun(b *testing.B) {
	e := newEnv(b)
	s := e.server(sshdtest.Options{})
	h := e.dial(s)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := h.Run("true"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunParallel runs `true` from several goroutines over one
// connection (sessions multiplexed, up to MaxSessions at once).
func BenchmarkRunParallel(b *testing.B) {
	e := newEnv(b)
	s := e.server(sshdtest.Options{Config: []string{"MaxSessions 64"}})
	h := e.dial(s, ssh.MaxSessions(32))
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := h.Run("true"); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkDial makes a fresh connection (TCP, key exchange, public-key
// authentication) each time.
func BenchmarkDial(b *testing.B) {
	e := newEnv(b)
	s := e.server(sshdtest.Options{Config: []string{"MaxStartups 100"}})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h := e.dial(s)
		h.Close()
	}
}

// BenchmarkFleet runs `true` on 10 hosts at concurrency 10, connecting
// included.
func BenchmarkFleet(b *testing.B) {
	e := newEnv(b)
	var targets []string
	for i := 0; i < 10; i++ {
		s := e.server(sshdtest.Options{NoReexec: true})
		targets = append(targets, fmt.Sprintf("%s@%s", s.User, s.Addr))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Client.CloseAll()
		if err := e.Client.Hosts(targets...).Run("true", ssh.Concurrency(10)).Check(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkQuote(b *testing.B) {
	args := []string{"printf", "%s\n", "; rm -rf /", "it's", "$(x)", "plain"}
	for i := 0; i < b.N; i++ {
		ssh.Quote(args...)
	}
}
