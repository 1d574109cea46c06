package corpus_test

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/internal/corpus"
)

func TestMain(m *testing.M) {
	corpus.ServeBare()
	serveEngine()
	os.Exit(m.Run())
}

// TestBareYaegi runs the whole corpus through bare yaegi, one child
// process per program, and reports the counts. Bare yaegi v0.16.1 under
// Go 1.26 passes 841 of the 856 programs with an Output block (828 without
// the GOPATH layout, whose absence fails the programs that import
// github.com/traefik/yaegi/_test/...); the test fails if fewer than 800
// pass, which would mean the runner, not yaegi, went wrong.
func TestBareYaegi(t *testing.T) {
	if testing.Short() {
		t.Skip("runs about 900 programs")
	}
	testDir, progs, err := corpus.LoadModule(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	gopath, err := corpus.Layout(t.TempDir(), testDir)
	if err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	results := corpus.Run(t.Context(), progs, corpus.BareCommand(exe, t.TempDir(), gopath),
		corpus.Options{Timeout: 20 * time.Second, Parallel: 2 * runtime.NumCPU()})
	elapsed := time.Since(start)

	var outputs, outputsPassed, errs, errsPassed int
	var failed []string
	for _, r := range results {
		switch {
		case r.Program.WantErr:
			errs++
			if r.Pass {
				errsPassed++
			}
		default:
			outputs++
			if r.Pass {
				outputsPassed++
			}
		}
		if !r.Pass {
			failed = append(failed, r.Program.Name)
			if !r.Program.WantErr {
				t.Logf("%s fails: %s", r.Program.Name, firstLine(r.Err, r.Stdout))
			}
		}
	}
	sort.Strings(failed)
	t.Logf("corpus %s: %d programs with Output, bare yaegi passes %d; %d with Error, %d pass; %s",
		filepath.Dir(testDir), outputs, outputsPassed, errs, errsPassed, elapsed.Round(time.Second))
	t.Logf("failed: %v", failed)
	if outputs < 850 {
		t.Errorf("found %d Output programs in %s, want the 856 of yaegi v0.16.1", outputs, testDir)
	}
	if outputsPassed < 800 {
		t.Errorf("bare yaegi passes %d of %d Output programs, want at least 800", outputsPassed, outputs)
	}
}

// firstLine is the first line of err, or else of out, for a short report.
func firstLine(err error, out string) string {
	s := "printed " + strconv.Quote(out)
	if err != nil {
		s = err.Error()
	}
	line, _, _ := strings.Cut(s, "\n")
	return line
}
