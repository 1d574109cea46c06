package export

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/opsh/opsh/internal/testenv"
	"github.com/opsh/opsh/sessions"
)

func TestNotebookExportValidates(t *testing.T) {
	py := testenv.Python(t, "nbformat")
	tr := mustParse(t, "s.md", recorded(t))
	nb, err := Notebook(tr)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.ipynb")
	if err := os.WriteFile(path, nb, 0o600); err != nil {
		t.Fatal(err)
	}
	// nbformat's own reader and validator, as Jupyter uses them.
	script := `
import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(nb)
kinds = [c.cell_type for c in nb.cells]
print(nb.nbformat, nb.nbformat_minor, " ".join(kinds))
print(nb.metadata.kernelspec.language, nb.cells[1].outputs[0].output_type, nb.cells[1].outputs[0].data["text/plain"])
err = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
print(len(err), err[0].ename, err[1].ename)
print(nb.metadata.kernelspec.name, nb.metadata.kernelspec.display_name, [c.execution_count for c in nb.cells if c.cell_type == "code"])
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("nbformat rejects the export: %v\n%s\n%s", err, out, nb)
	}
	// Cell 1 ended well with nothing to show: it ran, and has its count.
	want := "4 5 code code markdown code code markdown code\ngo execute_result \"200 OK\"\n2 error interrupted\n" +
		"opsh opsh (Go) [1, 2, 3, 4, 5]\n"
	if string(out) != want {
		t.Errorf("nbformat reads:\n%s\nwant:\n%s", out, want)
	}
	// The notebook reads back as the transcript.
	back := mustParse(t, path, nb)
	if back.Kind != sessions.KindNotebook {
		t.Errorf("kind %q", back.Kind)
	}
	if got, want := string(sessions.Format(back)), string(sessions.Format(tr)); got != want {
		t.Errorf("transcript → notebook → transcript:\n%s\nwant:\n%s", got, want)
	}
	for _, c := range back.Cells {
		if c.Line == 0 || !strings.Contains(strings.Split(string(nb), "\n")[c.Line-1], "{") {
			t.Errorf("cell %d: line %d is not its cell's opening brace", c.N, c.Line)
		}
	}
}

// TestNotebookCountsOfCut: the cell an interrupted session was running
// has no execution count; the cells before it, output or not, have theirs.
func TestNotebookCountsOfCut(t *testing.T) {
	data := recorded(t)
	cut := data[:strings.Index(string(data), "```error {cell=4")]
	nb, err := Notebook(mustParse(t, "s.md", cut))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cells []struct {
			Type  string `json:"cell_type"`
			Count *int   `json:"execution_count"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(nb, &doc); err != nil {
		t.Fatal(err)
	}
	var counts []string
	for _, c := range doc.Cells {
		if c.Type != "code" {
			continue
		}
		if c.Count == nil {
			counts = append(counts, "null")
		} else {
			counts = append(counts, strconv.Itoa(*c.Count))
		}
	}
	if got, want := strings.Join(counts, " "), "1 2 3 null"; got != want {
		t.Errorf("execution counts %s, want %s", got, want)
	}
}
