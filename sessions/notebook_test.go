package sessions

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsh/opsh/internal/testenv"
)

// gophernotes is a notebook as Jupyter writes one with the gophernotes Go
// kernel: sources as lists, streamed output, an error.
const gophernotes = `{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": ["# Disk check\n", "On every host."]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [],
   "source": ["import \"fmt\"\n", "hosts := []string{\"a\", \"b\"}"]
  },
  {
   "cell_type": "code",
   "execution_count": 2,
   "metadata": {},
   "outputs": [
    {"name": "stdout", "output_type": "stream", "text": ["a\n", "b\n"]},
    {"data": {"text/plain": "2"}, "execution_count": 2, "metadata": {}, "output_type": "execute_result"}
   ],
   "source": "for _, h := range hosts { fmt.Println(h) }\nlen(hosts)"
  },
  {
   "cell_type": "code",
   "execution_count": 3,
   "metadata": {},
   "outputs": [{"ename": "ERROR", "evalue": "undefined: x", "output_type": "error", "traceback": ["\u001b[31mundefined: x\u001b[0m"]}],
   "source": "x"
  },
  {"cell_type": "raw", "metadata": {}, "source": "ignored"}
 ],
 "metadata": {
  "kernelspec": {"display_name": "Go", "language": "go", "name": "gophernotes"},
  "language_info": {"codemirror_mode": "", "file_extension": ".go", "mimetype": "", "name": "go", "nbconvert_exporter": "", "pygments_lexer": "", "version": "go1.22.0"}
 },
 "nbformat": 4,
 "nbformat_minor": 4
}
`

func TestParseGophernotes(t *testing.T) {
	tr := mustParse(t, "disk.ipynb", []byte(gophernotes))
	if got, want := len(tr.Cells), 3; got != want {
		t.Fatalf("%d cells, want %d", got, want)
	}
	c := tr.Cells[1]
	if c.Src != "for _, h := range hosts { fmt.Println(h) }\nlen(hosts)" || c.Output.Text != "a\nb\n2" || c.Line != 15 {
		t.Errorf("cell 2 = %+v output %+v", c, c.Output)
	}
	if got := tr.Cells[0].Src; got != "import \"fmt\"\nhosts := []string{\"a\", \"b\"}" {
		t.Errorf("list source joined as %q", got)
	}
	if o := tr.Cells[2].Output; o.Status != StatusError || o.Text != "undefined: x" {
		t.Errorf("error output %+v", o)
	}
	if len(tr.Notes) != 1 || tr.Notes[0].Text != "# Disk check\nOn every host." || tr.Notes[0].After != 0 {
		t.Errorf("notes %+v", tr.Notes)
	}
	equal(t, "round trip", mustParse(t, "x.md", Format(tr)), tr)
}

func TestParseNotebookErrors(t *testing.T) {
	python := strings.Replace(gophernotes, `"language": "go"`, `"language": "python"`, 1)
	if _, err := Parse("p.ipynb", []byte(python)); err == nil || !strings.Contains(err.Error(), "a python notebook") {
		t.Errorf("python notebook: %v", err)
	}
	broken := strings.Replace(gophernotes, `"execution_count": 2,`, `"execution_count": 2,,`, 1)
	if _, err := Parse("b.ipynb", []byte(broken)); err == nil || !strings.HasPrefix(err.Error(), "b.ipynb:17: ") {
		t.Errorf("broken notebook: %v", err)
	}
	if _, err := Parse("c.ipynb", []byte(gophernotes[:200])); err == nil || !strings.Contains(err.Error(), "ends too early") {
		t.Errorf("cut notebook: %v", err)
	}
}

func TestUpdateNotebookOutputs(t *testing.T) {
	py := testenv.Python(t, "nbformat")
	path := filepath.Join(t.TempDir(), "disk.ipynb")
	if err := os.WriteFile(path, []byte(gophernotes), 0o644); err != nil {
		t.Fatal(err)
	}
	orig := mustParse(t, path, []byte(gophernotes))
	// The outputs as recorded: nothing changes, the file is not written.
	same := map[int]Output{}
	for _, c := range orig.Cells {
		if c.Output != nil {
			same[c.N] = *c.Output
		}
	}
	if n, err := UpdateOutputsCount(path, same); err != nil || n != 0 {
		t.Fatalf("update with the recorded outputs: %d changed, %v; want 0", n, err)
	}
	if data, _ := os.ReadFile(path); string(data) != gophernotes {
		t.Fatal("update with the recorded outputs rewrote the notebook")
	}
	n, err := UpdateOutputsCount(path, map[int]Output{2: {Text: "a\nb\n<2>"}, 3: {Text: "fixed"}})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d cells changed, want 2", n)
	}
	data, _ := os.ReadFile(path)
	tr := mustParse(t, path, data)
	if got := tr.Cell(2).Output.Text; got != "a\nb\n<2>" {
		t.Errorf("cell 2 output %q", got)
	}
	if o := tr.Cell(3).Output; o.Status != StatusOK || o.Text != "fixed" {
		t.Errorf("cell 3 output %+v", o)
	}
	if !strings.Contains(string(data), `"nbconvert_exporter": ""`) || !strings.Contains(string(data), `"version": "go1.22.0"`) {
		t.Errorf("notebook metadata lost:\n%s", data)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %o", fi.Mode().Perm())
	}
	out, err := exec.Command(py, "-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path).CombinedOutput()
	if err != nil {
		t.Errorf("nbformat rejects the updated notebook: %v\n%s", err, out)
	}
	if err := UpdateOutputs(path, map[int]Output{9: {}}); err == nil {
		t.Error("update of a missing cell accepted")
	}
	script := filepath.Join(t.TempDir(), "x.go")
	os.WriteFile(script, []byte("x := 1\n"), 0o600)
	if err := UpdateOutputs(script, map[int]Output{1: {}}); err == nil || !strings.Contains(err.Error(), "Go script") {
		t.Errorf("update of a script: %v", err)
	}
}
