// Package dockertest starts a private Docker engine for tests: dockerd from
// the Debian package docker.io, on its own unix socket, with its data, exec
// root and containerd inside a temporary directory, no bridge network and no
// iptables rules, so it touches nothing else on the machine. It also builds
// the test image busybox:local by importing a rootfs made from the static
// busybox binary (Debian package busybox-static): no registry is needed.
//
// A package's tests share one engine, started in TestMain:
//
//	var engine *dockertest.Engine
//	var engineErr error
//
//	func TestMain(m *testing.M) {
//		engine, engineErr = dockertest.Start(dockertest.Options{})
//		code := m.Run()
//		engine.Stop()
//		os.Exit(code)
//	}
//
//	func TestRun(t *testing.T) {
//		e := dockertest.Need(t, engine, engineErr) // skip, or fail under OPSH_REQUIRE_SERVERS=1
//		t.Setenv("DOCKER_HOST", e.Host)
//		...
//	}
package dockertest

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/opsh/opsh/internal/testenv"
)

// Image is the reference of the busybox image Start imports.
const Image = "busybox:local"

// Options configures Start.
type Options struct {
	// Dockerd is the daemon binary; default: dockerd on PATH or in /usr/sbin.
	Dockerd string
	// StorageDrivers are tried in order until the daemon starts;
	// default overlay2, then vfs.
	StorageDrivers []string
	// Busybox is the static busybox binary the test image is made from;
	// default /bin/busybox. Empty image: set NoImage.
	Busybox string
	// NoImage skips importing busybox:local.
	NoImage bool
	// StartTimeout bounds how long the daemon may take to answer; default 60s.
	StartTimeout time.Duration
	// TLS also has the engine listen on 127.0.0.1 over TCP with TLS,
	// client certificates required (see Engine.TLSHost and CertDir).
	TLS bool
}

// Engine is a running private dockerd.
type Engine struct {
	// Host is the DOCKER_HOST value that reaches the engine
	// (unix:///tmp/dkNNN/d.sock).
	Host string
	// Dir holds the socket, the data root, the exec root and the log.
	Dir string
	// Driver is the storage driver the engine runs with.
	Driver string
	// TLSHost is tcp://127.0.0.1:PORT when Options.TLS was set: the engine
	// over TLS, verifying client certificates.
	TLSHost string
	// CertDir holds ca.pem, cert.pem and key.pem for a client of TLSHost,
	// as DOCKER_CERT_PATH expects them.
	CertDir string

	cmd     *exec.Cmd
	done    chan struct{}
	logPath string
}

// Need returns e, or ends the test through testenv.Missing when the engine
// could not be started (err is Start's error).
func Need(t testing.TB, e *Engine, err error) *Engine {
	t.Helper()
	if err != nil || e == nil {
		if err == nil {
			err = errors.New("no engine started")
		}
		testenv.Missing(t, "private dockerd: %v", err)
	}
	return e
}

// Start starts a private dockerd and, unless opts.NoImage, imports
// busybox:local into it. On error nothing is left running.
func Start(opts Options) (*Engine, error) {
	if opts.Dockerd == "" {
		p, err := lookPath("dockerd")
		if err != nil {
			return nil, err
		}
		opts.Dockerd = p
	}
	if len(opts.StorageDrivers) == 0 {
		opts.StorageDrivers = []string{"overlay2", "vfs"}
	}
	if opts.StartTimeout == 0 {
		opts.StartTimeout = 60 * time.Second
	}
	if os.Geteuid() != 0 {
		return nil, errors.New("dockerd needs root (uid 0)")
	}
	var errs []error
	for _, driver := range opts.StorageDrivers {
		e, err := start(opts, driver)
		if err == nil {
			if !opts.NoImage {
				if err := e.ImportBusybox(opts.Busybox, Image); err != nil {
					e.Stop()
					return nil, err
				}
			}
			return e, nil
		}
		errs = append(errs, fmt.Errorf("storage driver %s: %w", driver, err))
	}
	return nil, errors.Join(errs...)
}

func lookPath(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin"} {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s is not installed (Debian package docker.io)", name)
}

func start(opts Options, driver string) (*Engine, error) {
	// Unix socket paths are limited to 108 bytes: keep the directory short.
	base := os.TempDir()
	if len(base) > 40 {
		base = "/tmp"
	}
	removeStale(base)
	dir, err := os.MkdirTemp(base, "dk")
	if err != nil {
		return nil, err
	}
	e := &Engine{
		Host:    "unix://" + filepath.Join(dir, "d.sock"),
		Dir:     dir,
		Driver:  driver,
		done:    make(chan struct{}),
		logPath: filepath.Join(dir, "dockerd.log"),
	}
	logf, err := os.Create(e.logPath)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	defer logf.Close()
	args := []string{
		"-H", e.Host,
		"--data-root", filepath.Join(dir, "data"),
		"--exec-root", filepath.Join(dir, "x"),
		"--pidfile", filepath.Join(dir, "d.pid"),
		"--storage-driver", driver,
		"--bridge=none",
		"--iptables=false",
		"--ip6tables=false",
		"--ip-forward=false",
		"--ip-masq=false",
		"--userland-proxy=false",
		"--shutdown-timeout=2",
		"--log-level=warn",
	}
	if opts.TLS {
		tlsArgs, err := e.setupTLS()
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		args = append(args, tlsArgs...)
	}
	cmd := exec.Command(opts.Dockerd, args...)
	cmd.Dir = dir
	cmd.Stdout = logf
	cmd.Stderr = logf
	cmd.Env = append(os.Environ(), "PATH="+os.Getenv("PATH")+":/usr/sbin:/sbin:/usr/bin:/bin")
	// Its own process group, so a Ctrl-C meant for go test does not kill
	// it before Stop can shut it down cleanly; and TERM when the test
	// binary dies without calling Stop (a panic, a timeout).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	e.cmd = cmd
	go func() { cmd.Wait(); close(e.done) }()

	deadline := time.Now().Add(opts.StartTimeout)
	delay := 10 * time.Millisecond
	for {
		err := e.ping()
		if err == nil {
			return e, nil
		}
		select {
		case <-e.done:
			e.cleanup()
			return nil, fmt.Errorf("dockerd exited: %s\n%s", cmd.ProcessState, e.logTail())
		default:
		}
		if time.Now().After(deadline) {
			tail := e.logTail()
			e.Stop()
			return nil, fmt.Errorf("dockerd did not answer on %s within %s: %v\n%s", e.Host, opts.StartTimeout, err, tail)
		}
		time.Sleep(delay)
		if delay < 200*time.Millisecond {
			delay *= 2
		}
	}
}

// setupTLS writes a CA, a server certificate for 127.0.0.1 and a client
// certificate under Dir, and returns the daemon's TLS flags.
func (e *Engine) setupTLS() ([]string, error) {
	srv := filepath.Join(e.Dir, "server")
	e.CertDir = filepath.Join(e.Dir, "client")
	if err := WriteCerts(srv, e.CertDir); err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	e.TLSHost = "tcp://" + addr
	return []string{"-H", e.TLSHost, "--tlsverify",
		"--tlscacert", filepath.Join(srv, "ca.pem"),
		"--tlscert", filepath.Join(srv, "cert.pem"),
		"--tlskey", filepath.Join(srv, "key.pem")}, nil
}

// WriteCerts makes a fresh CA and writes ca.pem, cert.pem and key.pem to
// serverDir (a server certificate for 127.0.0.1, ::1 and localhost) and to
// clientDir (a client certificate), as dockerd's --tls flags and the
// docker CLI's DOCKER_CERT_PATH expect them.
func WriteCerts(serverDir, clientDir string) error {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "opsh test CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	ca, _ = x509.ParseCertificate(caDER)
	leaf := func(dir string, serial int64, tmpl *x509.Certificate) error {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return err
		}
		tmpl.SerialNumber = big.NewInt(serial)
		tmpl.NotBefore, tmpl.NotAfter = now.Add(-time.Hour), now.Add(24*time.Hour)
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
		if err != nil {
			return err
		}
		keyDER, err := x509.MarshalECPrivateKey(key)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		for name, block := range map[string]*pem.Block{
			"ca.pem":   {Type: "CERTIFICATE", Bytes: caDER},
			"cert.pem": {Type: "CERTIFICATE", Bytes: der},
			"key.pem":  {Type: "EC PRIVATE KEY", Bytes: keyDER},
		} {
			if err := os.WriteFile(filepath.Join(dir, name), pem.EncodeToMemory(block), 0o600); err != nil {
				return err
			}
		}
		return nil
	}
	if err := leaf(serverDir, 2, &x509.Certificate{
		Subject:     pkix.Name{CommonName: "localhost"},
		DNSNames:    []string{"localhost"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}); err != nil {
		return err
	}
	return leaf(clientDir, 3, &x509.Certificate{
		Subject:     pkix.Name{CommonName: "opsh test client"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
}

// removeStale removes what engines of earlier runs left in base when their
// test binary died: directories dk* holding a dockerd.log whose dockerd is
// gone (its pid file names a dead process, or it removed the pid file as
// it shut down on the death signal more than ten minutes ago).
func removeStale(base string) {
	dirs, _ := filepath.Glob(filepath.Join(base, "dk*"))
	for _, dir := range dirs {
		log, err := os.Stat(filepath.Join(dir, "dockerd.log"))
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, "d.pid"))
		switch {
		case err == nil:
			pid, perr := strconv.Atoi(strings.TrimSpace(string(b)))
			if perr != nil || pid <= 0 || syscall.Kill(pid, 0) != syscall.ESRCH {
				continue
			}
		case os.IsNotExist(err) && time.Since(log.ModTime()) > 10*time.Minute:
		default:
			continue
		}
		(&Engine{Dir: dir}).cleanup()
	}
}

// PID is the daemon's process ID.
func (e *Engine) PID() int { return e.cmd.Process.Pid }

// Socket is the path of the engine's unix socket.
func (e *Engine) Socket() string { return strings.TrimPrefix(e.Host, "unix://") }

func (e *Engine) httpClient() *http.Client {
	sock := e.Socket()
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, "unix", sock)
			},
		},
	}
}

func (e *Engine) ping() error {
	resp, err := e.httpClient().Get("http://docker/_ping")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("ping: %s", resp.Status)
	}
	return nil
}

// Log returns the daemon's log so far.
func (e *Engine) Log() string {
	b, _ := os.ReadFile(e.logPath)
	return string(b)
}

func (e *Engine) logTail() string {
	lines := strings.Split(strings.TrimSpace(e.Log()), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return strings.Join(lines, "\n")
}

// Env returns the environment a docker CLI needs to reach the engine
// (DOCKER_HOST, and a DOCKER_CONFIG inside Dir so ~/.docker is untouched),
// appended to the current environment.
func (e *Engine) Env() []string {
	return append(os.Environ(), "DOCKER_HOST="+e.Host, "DOCKER_CONFIG="+filepath.Join(e.Dir, "cli"))
}

// Docker runs the docker CLI against the engine and returns its combined
// output.
func (e *Engine) Docker(args ...string) (string, error) {
	bin, err := lookPath("docker")
	if err != nil {
		return "", err
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = e.Env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("docker %s: %w: %s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// ImportBusybox imports a rootfs made of the static busybox binary and its
// applet links (plus /etc/passwd, /etc/group and empty mount points) as
// image ref, through the engine's import endpoint, as `docker import` does.
// busybox defaults to /bin/busybox.
func (e *Engine) ImportBusybox(busybox, ref string) error {
	rootfs, err := BusyboxRootfs(busybox)
	if err != nil {
		return err
	}
	repo, tag, ok := strings.Cut(ref, ":")
	if !ok {
		tag = "latest"
	}
	u := "http://docker/images/create?fromSrc=-&repo=" + repo + "&tag=" + tag
	resp, err := e.httpClient().Post(u, "application/x-tar", bytes.NewReader(rootfs))
	if err != nil {
		return fmt.Errorf("import %s: %w", ref, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || bytes.Contains(body, []byte(`"error"`)) {
		return fmt.Errorf("import %s: %s: %s", ref, resp.Status, body)
	}
	return nil
}

// BusyboxRootfs returns a tar archive of a minimal root filesystem:
// /bin/busybox (a copy of the static binary busybox, default /bin/busybox),
// a symlink in /bin for each of its applets, /etc/passwd, /etc/group, and
// empty /tmp, /root, /proc, /sys, /dev, /etc.
func BusyboxRootfs(busybox string) ([]byte, error) {
	if busybox == "" {
		busybox = "/bin/busybox"
	}
	bin, err := os.ReadFile(busybox)
	if err != nil {
		return nil, fmt.Errorf("busybox-static: %w", err)
	}
	out, err := exec.Command(busybox, "--list").Output()
	if err != nil {
		return nil, fmt.Errorf("%s --list: %w", busybox, err)
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	now := time.Now()
	dir := func(name string, mode int64) error {
		return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name + "/", Mode: mode, ModTime: now})
	}
	file := func(name string, mode int64, data []byte) error {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: mode, Size: int64(len(data)), ModTime: now}); err != nil {
			return err
		}
		_, err := tw.Write(data)
		return err
	}
	for _, d := range []string{"bin", "etc", "tmp", "root", "proc", "sys", "dev", "var", "srv", "usr", "usr/bin", "usr/sbin", "sbin"} {
		mode := int64(0o755)
		if d == "tmp" {
			mode = 0o1777
		}
		if err := dir(d, mode); err != nil {
			return nil, err
		}
	}
	if err := file("bin/busybox", 0o755, bin); err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		a := strings.TrimSpace(sc.Text())
		if a == "" || a == "busybox" || strings.Contains(a, "/") {
			continue
		}
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeSymlink, Name: "bin/" + a, Linkname: "busybox", Mode: 0o777, ModTime: now}); err != nil {
			return nil, err
		}
	}
	if err := file("etc/passwd", 0o644, []byte("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n")); err != nil {
		return nil, err
	}
	if err := file("etc/group", 0o644, []byte("root:x:0:\nnogroup:x:65534:\n")); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Stop shuts the daemon down (SIGTERM, then SIGKILL after 20s), waits for
// it, unmounts anything left under Dir and removes Dir. A nil Engine is a
// no-op, so TestMain can call it unconditionally.
func (e *Engine) Stop() {
	if e == nil || e.cmd == nil {
		return
	}
	select {
	case <-e.done:
	default:
		e.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-e.done:
		case <-time.After(20 * time.Second):
			// Kill the group: dockerd and the containerd it started.
			syscall.Kill(-e.cmd.Process.Pid, syscall.SIGKILL)
			<-e.done
		}
	}
	e.cleanup()
}

// cleanup unmounts what the daemon left mounted under Dir (deepest first)
// and removes Dir.
func (e *Engine) cleanup() {
	if b, err := os.ReadFile("/proc/self/mountinfo"); err == nil {
		var mounts []string
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			if len(f) > 4 && (f[4] == e.Dir || strings.HasPrefix(f[4], e.Dir+"/")) {
				mounts = append(mounts, unescapeMount(f[4]))
			}
		}
		for i := len(mounts) - 1; i >= 0; i-- {
			syscall.Unmount(mounts[i], syscall.MNT_DETACH)
		}
	}
	os.RemoveAll(e.Dir)
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
