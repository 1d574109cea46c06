package jupyter_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/internal/testenv"
)

// hubConfig is a jupyterhub_config.py: the Hub and its proxy on 127.0.0.1,
// DummyAuthenticator, SimpleLocalProcessSpawner with a home per user, and a
// service whose token drives the REST API.
const hubConfig = `
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = %[1]d
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = %[2]d
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%[3]d"
c.ConfigurableHTTPProxy.pid_file = %[4]q + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + %[4]q + "/hub.sqlite"
c.JupyterHub.cookie_secret_file = %[4]q + "/cookie_secret"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {"alice", "bob"}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = %[4]q + "/home/{username}"
c.Spawner.environment = {"JUPYTER_PATH": %[5]q, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
c.Spawner.args = %[6]s
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
c.JupyterHub.services = [{"name": "opsh-test", "api_token": %[7]q}]
c.JupyterHub.load_roles = [{
    "name": "opsh-test",
    "scopes": ["admin:users", "admin:servers", "access:servers"],
    "services": ["opsh-test"],
}]
`

type hub struct {
	t     *testing.T
	url   string // the proxy's public URL
	token string
	dir   string
}

func startHub(t *testing.T, ke *kernelEnv) *hub {
	t.Helper()
	testenv.Python(t, "jupyterhub", "notebook")
	jh := testenv.LookPath(t, "jupyterhub")
	testenv.LookPath(t, "configurable-http-proxy")
	h := &hub{t: t, token: "opsh-hub-test-token-0c7e", dir: t.TempDir()}
	// Its three ports were free a moment before it binds them: should
	// another process take one in between, the hub exits, and it is
	// started again on others.
	for try := 1; ; try++ {
		err := h.start(jh, ke)
		if err == nil {
			return h
		}
		if !errors.Is(err, errPortTaken) || try == 3 {
			t.Fatal(err)
		}
	}
}

// errPortTaken is a hub that could not bind a port it was given.
var errPortTaken = errors.New("a port was taken")

// start runs the hub on free ports and waits until its API answers.
func (h *hub) start(jh string, ke *kernelEnv) error {
	t := h.t
	port := testenv.FreePort(t)
	args := "[]"
	if os.Geteuid() == 0 {
		args = `["--allow-root"]`
	}
	cfg := fmt.Sprintf(hubConfig, port, testenv.FreePort(t), testenv.FreePort(t), h.dir,
		filepath.Join(ke.prefix, "share", "jupyter"), args, h.token)
	cfgFile := filepath.Join(h.dir, "jupyterhub_config.py")
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(jh, "-f", cfgFile)
	cmd.Dir = h.dir
	// Debian's configurable-http-proxy finds its modules through NODE_PATH
	// when the node on the PATH is not Debian's.
	cmd.Env = append(ke.env, "NODE_PATH=/usr/share/nodejs")
	var log testenv.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(t, cmd, "jupyterhub", &log) })
	h.url = fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, err := h.api("GET", "/hub/api/users", nil)
		switch {
		case err == nil:
			return nil
		case strings.Contains(log.String(), "already in use") || strings.Contains(log.String(), "EADDRINUSE"):
			return fmt.Errorf("jupyterhub: %w:\n%s", errPortTaken, log.String())
		case time.Now().After(deadline):
			return fmt.Errorf("jupyterhub did not answer within 60 s: %v\n%s", err, log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// api calls the Hub's REST API through its proxy with the service token.
func (h *hub) api(method, path string, body any) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, h.url+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "token "+h.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return b, fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, b)
	}
	return b, nil
}

// startServer creates user and starts their single-user server through
// the Hub's REST API, and waits until it is ready.
func (h *hub) startServer(user string) {
	h.t.Helper()
	if _, err := h.api("POST", "/hub/api/users/"+user, nil); err != nil && !strings.Contains(err.Error(), "409") {
		h.t.Fatal(err)
	}
	if _, err := h.api("POST", "/hub/api/users/"+user+"/server", nil); err != nil {
		h.t.Fatal(err)
	}
	testenv.WaitFor(h.t, 90*time.Second, user+"'s server", func() error {
		b, err := h.api("GET", "/hub/api/users/"+user, nil)
		if err != nil {
			return err
		}
		var u struct {
			Servers map[string]struct {
				Ready bool `json:"ready"`
			} `json:"servers"`
		}
		if err := json.Unmarshal(b, &u); err != nil {
			return err
		}
		if !u.Servers[""].Ready {
			return fmt.Errorf("not ready: %s", b)
		}
		return nil
	})
	h.t.Cleanup(func() { _, _ = h.api("DELETE", "/hub/api/users/"+user+"/server", nil) })
}

func TestJupyterHubUsersRunOpshCells(t *testing.T) {
	ke := newKernelEnv(t)
	h := startHub(t, ke)
	users := []string{"alice", "bob"}
	for _, u := range users {
		h.startServer(u)
	}
	for _, u := range users {
		res := runCellThroughServer(t, ke, h.url+"/user/"+u, h.token, `fmt.Println("I am", os.Getenv("JUPYTERHUB_USER"))`)
		var stream string
		for _, m := range res.Messages {
			if m.MsgType == "stream" {
				stream += fmt.Sprint(m.Content["text"])
			}
		}
		if want := "I am " + u + "\n"; stream != want {
			t.Errorf("%s's cell printed %q, want %q; messages: %+v", u, stream, want, res.Messages)
		}
	}
	for _, u := range users {
		state := &kernelEnv{state: filepath.Join(h.dir, "home", u, ".local", "state", "opsh")}
		ts := state.transcripts(t)
		if len(ts) != 1 {
			t.Errorf("%s has %d transcripts, want 1", u, len(ts))
			continue
		}
		if ts[0].Meta.User != u {
			t.Errorf("%s's transcript records user %q, want %q (JUPYTERHUB_USER, not the Unix account)", u, ts[0].Meta.User, u)
		}
		if len(ts[0].Cells) != 1 || !strings.Contains(ts[0].Cells[0].Src, "JUPYTERHUB_USER") {
			t.Errorf("%s's transcript cells: %+v", u, ts[0].Cells)
		}
	}
}
