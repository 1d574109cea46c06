package jupyter_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mccutchen/go-httpbin/v2/httpbin"
	"golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/internal/sshdtest"
	"github.com/opsh/opsh/internal/testenv"
	"github.com/opsh/opsh/sessions"
)

// These tests run the opsh binary as a kernel under the real Jupyter
// programs (Debian's jupyter-client, jupyter-kernel-test, nbconvert,
// jupyter-server), from a kernelspec installed in a temporary prefix.

var build struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
	os.Exit(code)
}

// opshBinary builds cmd/opsh once for the tests of this package.
func opshBinary(t *testing.T) string {
	t.Helper()
	build.once.Do(func() {
		build.dir, build.err = os.MkdirTemp("", "opsh-jupyter-test")
		if build.err != nil {
			return
		}
		build.bin = filepath.Join(build.dir, "opsh")
		out, err := exec.Command("go", "build", "-o", build.bin, "github.com/opsh/opsh/cmd/opsh").CombinedOutput()
		if err != nil {
			build.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return build.bin
}

// kernelEnv is a private Jupyter installation for one test: the opsh
// kernelspec installed in a temporary prefix, Jupyter's data, runtime and
// config directories and opsh's state in temporary directories.
type kernelEnv struct {
	bin    string
	prefix string
	state  string // OPSH_HOME
	env    []string
}

func newKernelEnv(t *testing.T, extra ...string) *kernelEnv {
	t.Helper()
	testenv.Python(t, "jupyter_client")
	dir := t.TempDir()
	ke := &kernelEnv{bin: opshBinary(t), prefix: filepath.Join(dir, "prefix"), state: filepath.Join(dir, "opsh")}
	ke.env = append(os.Environ(),
		"JUPYTER_PATH="+filepath.Join(ke.prefix, "share", "jupyter"),
		"JUPYTER_DATA_DIR="+filepath.Join(dir, "data"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(dir, "config"),
		"OPSH_HOME="+ke.state,
		"PYDEVD_DISABLE_FILE_VALIDATION=1",
	)
	ke.env = append(ke.env, extra...)
	ke.run(t, ke.bin, "kernel", "install", "--prefix", ke.prefix)
	return ke
}

// run runs a command in the environment and returns its output; a failure
// ends the test with the output.
func (ke *kernelEnv) run(t *testing.T, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = ke.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// transcripts reads the sessions the kernels recorded.
func (ke *kernelEnv) transcripts(t *testing.T) []*sessions.Transcript {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(ke.state, "sessions", "*.md"))
	var ts []*sessions.Transcript
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := sessions.Parse(f, b)
		if err != nil {
			t.Fatalf("parse %s: %v", f, err)
		}
		ts = append(ts, tr)
	}
	return ts
}

func TestKernelspecInstallAndUninstall(t *testing.T) {
	ke := newKernelEnv(t)
	jupyter := testenv.LookPath(t, "jupyter-kernelspec")
	var list struct {
		Kernelspecs map[string]struct {
			ResourceDir string `json:"resource_dir"`
			Spec        struct {
				Argv          []string `json:"argv"`
				DisplayName   string   `json:"display_name"`
				Language      string   `json:"language"`
				InterruptMode string   `json:"interrupt_mode"`
			} `json:"spec"`
		} `json:"kernelspecs"`
	}
	if err := json.Unmarshal([]byte(ke.run(t, jupyter, "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	ks, ok := list.Kernelspecs["opsh"]
	if !ok {
		t.Fatalf("jupyter kernelspec list does not show opsh: %+v", list)
	}
	if got, want := strings.Join(ks.Spec.Argv, " "), ke.bin+" kernel -f {connection_file}"; got != want {
		t.Errorf("argv = %q, want %q", got, want)
	}
	if ks.Spec.DisplayName != "opsh (Go)" || ks.Spec.Language != "go" || ks.Spec.InterruptMode != "message" {
		t.Errorf("spec = %+v", ks.Spec)
	}
	for _, size := range []int{32, 64} {
		f, err := os.Open(filepath.Join(ks.ResourceDir, fmt.Sprintf("logo-%dx%d.png", size, size)))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() != size || img.Bounds().Dy() != size {
			t.Errorf("logo %d: %v, bounds %v", size, err, img.Bounds())
		}
	}
	ke.run(t, ke.bin, "kernel", "uninstall", "--prefix", ke.prefix)
	if out := ke.run(t, jupyter, "list"); strings.Contains(out, "opsh") {
		t.Errorf("after uninstall, jupyter kernelspec list still shows opsh:\n%s", out)
	}
}

// conformance are the tests of testdata/test_opsh_kernel.py that must run
// and pass: the whole jupyter_kernel_test suite opsh has samples for, and
// opsh's own.
var conformance = []string{
	"test_kernel_info", "test_execute_stdout", "test_execute_stderr", "test_completion",
	"test_is_complete", "test_error", "test_execute_result", "test_display_data",
	"test_history", "test_inspect",
	"test_opsh_underscore_n_is_the_execution_count", "test_opsh_error_names_the_line",
	"test_opsh_streams_while_the_cell_runs", "test_opsh_stop_on_error_aborts_queued_cells",
	"test_opsh_interrupt_by_message", "test_opsh_interrupt_by_signal",
	"test_opsh_secret_prompt_asks_for_a_password", "test_opsh_meta_commands_work",
	"test_opsh_inspect_a_variable", "test_opsh_silent_cells_show_nothing",
	"test_opsh_restart_forgets_the_variables", "test_opsh_a_cell_sent_after_an_error_runs",
	"test_opsh_survives_a_fatal_error_in_the_worker",
}

func TestJupyterKernelTestSuite(t *testing.T) {
	python := testenv.Python(t, "jupyter_kernel_test", "jupyter_client")
	ke := newKernelEnv(t)
	cmd := exec.Command(python, "-m", "unittest", "-v", "test_opsh_kernel")
	cmd.Dir = "testdata"
	cmd.Env = ke.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("jupyter_kernel_test: %v\n%s", err, out)
	}
	for _, name := range conformance {
		if !strings.Contains(string(out), name+" (test_opsh_kernel.OpshKernelTests."+name+") ... ok") {
			t.Errorf("%s did not run and pass:\n%s", name, out)
		}
	}
	// One transcript per kernel process: the first, and the one after the
	// restart test.
	ts := ke.transcripts(t)
	if len(ts) != 2 {
		t.Fatalf("the kernels recorded %d transcripts, want 2", len(ts))
	}
	for _, tr := range ts {
		if len(tr.Cells) == 0 || tr.End.IsZero() {
			t.Errorf("transcript %s: %d cells, ended %v; want cells and an end", tr.Meta.ID, len(tr.Cells), tr.End)
		}
		for _, c := range tr.Cells {
			if c.Output != nil && strings.Contains(c.Output.Text, "s3cr3t-v4lue-for-test") {
				t.Errorf("cell %d of the transcript holds the secret typed at the prompt:\n%s", c.N, c.Output.Text)
			}
		}
	}
}

// notebook is an nbformat 4 notebook of Go cells for the opsh kernel.
func notebook(cells ...string) []byte {
	type cell struct {
		CellType       string         `json:"cell_type"`
		Metadata       map[string]any `json:"metadata"`
		Source         string         `json:"source"`
		Outputs        []any          `json:"outputs"`
		ExecutionCount *int           `json:"execution_count"`
	}
	nb := map[string]any{
		"nbformat": 4, "nbformat_minor": 5,
		"metadata": map[string]any{
			"kernelspec":    map[string]string{"name": "opsh", "display_name": "opsh (Go)", "language": "go"},
			"language_info": map[string]string{"name": "go", "file_extension": ".go"},
		},
	}
	var cs []cell
	for _, src := range cells {
		cs = append(cs, cell{CellType: "code", Metadata: map[string]any{}, Source: src, Outputs: []any{}})
	}
	nb["cells"] = cs
	b, _ := json.MarshalIndent(nb, "", " ")
	return b
}

// executedNotebook is what nbconvert writes: each cell's outputs.
type executedNotebook struct {
	Cells []struct {
		Outputs []struct {
			OutputType string         `json:"output_type"`
			Name       string         `json:"name"`
			Text       multiline      `json:"text"`
			Data       map[string]any `json:"data"`
			Count      int            `json:"execution_count"`
		} `json:"outputs"`
	} `json:"cells"`
}

// multiline is a notebook's text: a string, or a list of lines.
type multiline string

func (m *multiline) UnmarshalJSON(b []byte) error {
	var lines []string
	if err := json.Unmarshal(b, &lines); err == nil {
		*m = multiline(strings.Join(lines, ""))
		return nil
	}
	return json.Unmarshal(b, (*string)(m))
}

// nbText is a MIME bundle's text: a string, or a list of lines.
func nbText(v any) string {
	if lines, ok := v.([]any); ok {
		var b strings.Builder
		for _, l := range lines {
			fmt.Fprint(&b, l)
		}
		return b.String()
	}
	return fmt.Sprint(v)
}

func TestNbconvertExecutesANotebook(t *testing.T) {
	testenv.Python(t, "nbconvert", "nbclient")
	nbconvert := testenv.LookPath(t, "jupyter-nbconvert")
	httpbinSrv := httptest.NewServer(httpbin.New())
	defer httpbinSrv.Close()
	home := sshHome(t)
	ke := newKernelEnv(t, "OPSH_TEST_HTTPBIN="+httpbinSrv.URL, "JUPYTERHUB_USER=nb-user", "HOME="+home, "SSH_AUTH_SOCK=")
	dir := t.TempDir()
	in := filepath.Join(dir, "check.ipynb")
	if err := os.WriteFile(in, notebook(
		`r := web.Get(os.Getenv("OPSH_TEST_HTTPBIN") + "/json")`,
		`r.StatusCode`,
		`body := r.Bytes(); json.RawMessage(body)`,
		`for i := 1; i <= 3; i++ { fmt.Println("line", i) }`,
		`h := ssh.Dial("testhost")`,
		`h.Run("echo hello-from-sshd")`,
	), 0o600); err != nil {
		t.Fatal(err)
	}
	ke.run(t, nbconvert, "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=60", "--output", "out.ipynb", in)
	b, err := os.ReadFile(filepath.Join(dir, "out.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var nb executedNotebook
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 6 {
		t.Fatalf("%d cells, want 6", len(nb.Cells))
	}
	if o := nb.Cells[1].Outputs; len(o) != 1 || o[0].OutputType != "execute_result" || nbText(o[0].Data["text/plain"]) != "200" || o[0].Count != 2 {
		t.Errorf("cell 2 outputs = %+v, want the execute_result 200 of cell 2", o)
	}
	if o := nb.Cells[2].Outputs; len(o) != 1 || o[0].Data["application/json"] == nil {
		t.Errorf("cell 3 outputs = %+v, want application/json", o)
	}
	if o := nb.Cells[3].Outputs; len(o) != 1 || o[0].Name != "stdout" || o[0].Text != "line 1\nline 2\nline 3\n" {
		t.Errorf("cell 4 outputs = %+v, want the three lines on stdout", o)
	}
	if o := nb.Cells[5].Outputs; len(o) != 1 || !strings.HasSuffix(nbText(o[0].Data["text/plain"]), "\nhello-from-sshd") {
		t.Errorf("cell 6 outputs = %+v, want the command's result from the test sshd", o)
	}
	ts := ke.transcripts(t)
	if len(ts) != 1 {
		t.Fatalf("%d transcripts, want 1", len(ts))
	}
	if got, want := ts[0].Meta.User, "nb-user"; got != want {
		t.Errorf("the transcript's user is %q, want JUPYTERHUB_USER %q", got, want)
	}
	exportRunsUnderNbconvert(t, ke, nbconvert, ts[0].Meta.ID)
	if n := len(ts[0].Cells); n != 6 || ts[0].Cells[1].Src != "r.StatusCode" || strings.TrimSpace(ts[0].Cells[1].Output.Text) != "200" {
		t.Errorf("transcript cells: %d, cell 2 = %+v", n, ts[0].Cells[min(1, n-1)])
	}
}

// exportRunsUnderNbconvert exports the recorded session id as a notebook
// (opsh sessions export --to ipynb) and executes it with the kernelspec it
// names: the cell that gave 200 when recorded gives 200 again.
func exportRunsUnderNbconvert(t *testing.T, ke *kernelEnv, nbconvert, id string) {
	t.Helper()
	dir := t.TempDir()
	exported := filepath.Join(dir, "exported.ipynb")
	ke.run(t, ke.bin, "sessions", "export", id, "--to", "ipynb", "-o", exported)
	ke.run(t, nbconvert, "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=60", "--output", "rerun.ipynb", exported)
	b, err := os.ReadFile(filepath.Join(dir, "rerun.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var nb executedNotebook
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			found = found || (o.OutputType == "execute_result" && nbText(o.Data["text/plain"]) == "200")
		}
	}
	if !found {
		t.Errorf("the exported notebook, executed again, has no execute_result 200:\n%s", b)
	}
}

// sshHome starts an OpenSSH sshd on 127.0.0.1 and returns a home
// directory whose ~/.ssh (config naming it "testhost", a key it accepts,
// its host key in known_hosts) lets the kernel's ssh builtin reach it.
func sshHome(t *testing.T) string {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	srv := sshdtest.Start(t, sshdtest.Options{AuthorizedKeys: []ssh.PublicKey{sshPub}, Plain: true})
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	dir := filepath.Join(home, ".ssh")
	config := fmt.Sprintf("Host testhost\n  HostName %s\n  Port %d\n  User %s\n", srv.Host, srv.Port, srv.User)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"id_ed25519":  pem.EncodeToMemory(block),
		"known_hosts": []byte(srv.HostKeyLine + "\n"),
		"config":      []byte(config),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return home
}

// startJupyterServer runs `jupyter server` on 127.0.0.1 with a token and
// returns its URL; it is stopped when the test ends. The server tries
// other ports if the free one it is given is taken before it binds it, and
// the URL is the one its log says it serves at.
func startJupyterServer(t *testing.T, ke *kernelEnv, token string) string {
	t.Helper()
	server := testenv.LookPath(t, "jupyter-server")
	port := testenv.FreePort(t)
	args := []string{"--ServerApp.ip=127.0.0.1", fmt.Sprintf("--ServerApp.port=%d", port), "--ServerApp.port_retries=20",
		"--ServerApp.token=" + token, "--ServerApp.open_browser=False", "--ServerApp.root_dir=" + t.TempDir()}
	if os.Geteuid() == 0 {
		args = append(args, "--allow-root")
	}
	cmd := exec.Command(server, args...)
	cmd.Env = ke.env
	var log testenv.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(t, cmd, "jupyter server", &log) })
	var url string
	testenv.WaitFor(t, 30*time.Second, "jupyter server", func() error {
		m := servingAt.FindStringSubmatch(log.String())
		if m == nil {
			return errors.New("no address in its log yet")
		}
		url = m[1]
		req, _ := http.NewRequest("GET", url+"/api/status", nil)
		req.Header.Set("Authorization", "token "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return fmt.Errorf("status %s\n%s", resp.Status, log.String())
		}
		return nil
	})
	return url
}

// servingAt finds in a Jupyter server's log the address it serves at.
var servingAt = regexp.MustCompile(`(http://127\.0\.0\.1:\d+)/`)

// stop ends a server the test started: SIGTERM, then SIGKILL after 10 s.
func stop(t *testing.T, cmd *exec.Cmd, name string, log *testenv.Buffer) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Errorf("%s did not stop on SIGTERM within 10 s", name)
	}
	if t.Failed() {
		t.Logf("%s log:\n%s", name, log.String())
	}
}

// wsResult is what testdata/ws_client.py prints: the kernel the server
// started and the messages of the cell it ran.
type wsResult struct {
	Kernel struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"kernel"`
	Messages []struct {
		Channel string         `json:"channel"`
		MsgType string         `json:"msg_type"`
		Content map[string]any `json:"content"`
	} `json:"messages"`
}

// runCellThroughServer starts an opsh kernel through a Jupyter server's REST
// API at url and runs code over its websocket, as JupyterLab does.
func runCellThroughServer(t *testing.T, ke *kernelEnv, url, token, code string) wsResult {
	t.Helper()
	python := testenv.Python(t, "tornado")
	out := ke.run(t, python, "testdata/ws_client.py", url, token, code)
	var res wsResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("ws_client output: %v\n%s", err, out)
	}
	return res
}

func TestJupyterServerRunsACellOverItsWebsocket(t *testing.T) {
	ke := newKernelEnv(t)
	const token = "opsh-test-token-5b1f"
	url := startJupyterServer(t, ke, token)
	res := runCellThroughServer(t, ke, url, token, `name := "server"; fmt.Println("hello from the", name); 6 * 7`)
	if res.Kernel.Name != "opsh" {
		t.Errorf("the server started kernel %q, want opsh", res.Kernel.Name)
	}
	var stream, result, reply string
	for _, m := range res.Messages {
		switch m.MsgType {
		case "stream":
			stream += fmt.Sprint(m.Content["text"])
		case "execute_result":
			result = fmt.Sprint(m.Content["data"].(map[string]any)["text/plain"])
		case "execute_reply":
			reply = fmt.Sprint(m.Content["status"])
		}
	}
	if stream != "hello from the server\n" || result != "42" || reply != "ok" {
		t.Errorf("stream %q, result %q, reply %q; messages:\n%+v", stream, result, reply, res.Messages)
	}
	// Without the token the server refuses the REST API.
	resp, err := http.Post(url+"/api/kernels", "application/json", bytes.NewReader([]byte(`{"name":"opsh"}`)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("POST /api/kernels without the token: %s, want 403", resp.Status)
	}
}

// TestKernelspecSysPrefix installs with --sys-prefix into the Python
// environment whose jupyter is first on the PATH (a virtual environment,
// as a JupyterHub's often is), where that environment's Jupyter finds it.
func TestKernelspecSysPrefix(t *testing.T) {
	python := testenv.Python(t, "jupyter_client", "venv")
	bin := opshBinary(t)
	dir := t.TempDir()
	venv := filepath.Join(dir, "hub-env")
	if out, err := exec.Command(python, "-m", "venv", "--system-site-packages", "--without-pip", venv).CombinedOutput(); err != nil {
		t.Fatalf("venv: %v\n%s", err, out)
	}
	pathDir := filepath.Join(dir, "bin")
	jupyter := "#!" + filepath.Join(venv, "bin", "python") + "\nfrom jupyter_core.command import main\nmain()\n"
	if err := os.MkdirAll(pathDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pathDir, "jupyter"), []byte(jupyter), 0o755); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "JUPYTER_") && !strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	env = append(env, "PATH="+pathDir+string(os.PathListSeparator)+os.Getenv("PATH"), "JUPYTER_DATA_DIR="+filepath.Join(dir, "data"))
	ke := &kernelEnv{bin: bin, env: env}
	out := ke.run(t, bin, "kernel", "install", "--sys-prefix")
	want := filepath.Join(venv, "share", "jupyter", "kernels", "opsh")
	if !strings.Contains(out, want) {
		t.Errorf("install said %q, want it in %s", out, want)
	}
	find := `from jupyter_client.kernelspec import KernelSpecManager; print(KernelSpecManager().find_kernel_specs().get("opsh", ""))`
	if got := strings.TrimSpace(ke.run(t, filepath.Join(venv, "bin", "python"), "-c", find)); got != want {
		t.Errorf("the environment's Jupyter finds opsh at %q, want %q", got, want)
	}
	ke.run(t, bin, "kernel", "uninstall", "--sys-prefix")
	if _, err := os.Stat(want); !os.IsNotExist(err) {
		t.Errorf("after uninstall --sys-prefix, %s: %v", want, err)
	}
}
