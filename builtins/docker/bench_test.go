package docker_test

import (
	"fmt"
	"os/exec"
	"testing"

	"github.com/opsh/opsh/builtins/docker"
	"github.com/opsh/opsh/internal/dockertest"
	"github.com/opsh/opsh/internal/testenv"
)

// BenchmarkContainers lists the containers of the private engine (five
// running) three ways: d.Containers() compiled, d.Containers() from a loop
// in the interpreter (as typed at the opsh prompt), and `docker ps`, one
// CLI process per listing. bench/docker/compare runs it with -benchtime
// 100x and prints the ratios.
func BenchmarkContainers(b *testing.B) {
	d := connect(b)
	for i := 0; i < 5; i++ {
		run(b, d, "sleep 600", docker.Label("opsh.bench", "1"))
	}
	check := func(n int) {
		b.Helper()
		l, err := d.Containers()
		if err != nil {
			b.Fatal(err)
		}
		if len(l) < n {
			b.Fatalf("%d containers listed, want at least %d", len(l), n)
		}
	}
	check(5)

	b.Run("compiled", func(b *testing.B) {
		for b.Loop() {
			if _, err := d.Containers(); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("interpreted", func(b *testing.B) {
		i := newInterp(b)
		eval(b, i, fmt.Sprintf(`d, err := docker.Connect(%q)`, engine.Host))
		eval(b, i, `d.Ping()`)
		eval(b, i, `failed := 0`)
		eval(b, i, `var listErr error`)
		// (Assigned, not defined with :=: yaegi v0.16.1 loses names that
		// a multi-value := defines inside a block outside a function.)
		loop := fmt.Sprintf(`for i := 0; i < %d; i++ {
	if _, listErr = d.Containers(); listErr != nil {
		failed++
	}
}`, b.N)
		b.ResetTimer()
		eval(b, i, loop)
		b.StopTimer()
		if v := eval(b, i, `failed`); v.Int() != 0 {
			b.Fatalf("%d of %d listings failed: %v", v.Int(), b.N, eval(b, i, `listErr`))
		}
	})

	b.Run("docker-ps", func(b *testing.B) {
		e := dockertest.Need(b, engine, engineErr)
		cli := testenv.LookPath(b, "docker")
		env := e.Env()
		for b.Loop() {
			cmd := exec.Command(cli, "ps")
			cmd.Env = env
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("docker ps: %v\n%s", err, out)
			}
		}
	})
}
