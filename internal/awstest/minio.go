// Package awstest starts the servers the aws builtin's tests talk to:
//
//   - MinIO, a real S3 server (and STS AssumeRole), started from the minio
//     binary on 127.0.0.1 with its data in a temporary directory;
//   - EC2Server, a FAKE: a small in-process HTTP server speaking the EC2 and
//     STS Query APIs (DescribeInstances, RunInstances, GetCallerIdentity,
//     AssumeRoleWithSAML …) with responses shaped like the examples in AWS's
//     API references. Nothing real emulates EC2 here, so this server stands
//     in; it checks each request's SigV4 signature against the credentials
//     it knows, pages DescribeInstances with NextToken and answers errors in
//     the EC2 and STS error formats.
package awstest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/build"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/opsh/opsh/internal/testenv"
)

// MinIO is a running MinIO server.
type MinIO struct {
	Endpoint  string // http://127.0.0.1:PORT
	AccessKey string // the root user
	SecretKey string // the root password
	Dir       string // its data directory

	cmd  *exec.Cmd
	done chan struct{}
}

// MinIOBinary returns the path of the minio binary: on PATH, or in
// $(go env GOPATH)/bin where `go install github.com/minio/minio@…` puts it.
func MinIOBinary() (string, error) {
	if p, err := exec.LookPath("minio"); err == nil {
		return p, nil
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		gopath = build.Default.GOPATH
	}
	for _, dir := range filepath.SplitList(gopath) {
		p := filepath.Join(dir, "bin", "minio")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("minio is not installed (go install github.com/minio/minio@v0.0.0-20260212201848-7aac2a2c5b7c)")
}

// StartMinIO starts MinIO on a free port of 127.0.0.1 with its data in dir
// and waits until it is ready. Stop it with Stop. Its ports were free a
// moment before it binds them: should another process take one in
// between, it is started again on others.
func StartMinIO(dir string) (*MinIO, error) {
	bin, err := MinIOBinary()
	if err != nil {
		return nil, err
	}
	for try := 1; ; try++ {
		m, err := startMinIO(bin, dir)
		if !errors.Is(err, errPortTaken) || try == 3 {
			return m, err
		}
	}
}

// errPortTaken is a server that could not bind a port it was given.
var errPortTaken = errors.New("a port was taken")

func startMinIO(bin, dir string) (*MinIO, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	console, err := freePort()
	if err != nil {
		return nil, err
	}
	m := &MinIO{
		Endpoint:  "http://127.0.0.1:" + strconv.Itoa(port),
		AccessKey: "opshtestroot",
		SecretKey: "opsh-test-secret-" + strconv.FormatInt(time.Now().UnixNano(), 36),
		Dir:       dir,
		done:      make(chan struct{}),
	}
	m.cmd = exec.Command(bin, "server", "--quiet", "--address", "127.0.0.1:"+strconv.Itoa(port),
		"--console-address", "127.0.0.1:"+strconv.Itoa(console), filepath.Join(dir, "data"))
	m.cmd.Env = append(os.Environ(),
		"MINIO_ROOT_USER="+m.AccessKey,
		"MINIO_ROOT_PASSWORD="+m.SecretKey,
		"MINIO_BROWSER=off",
		"MINIO_UPDATE=off",
		"MINIO_CI_CD=1",
		"HOME="+dir,
	)
	log, err := os.Create(filepath.Join(dir, "minio.log"))
	if err != nil {
		return nil, err
	}
	m.cmd.Stdout, m.cmd.Stderr = log, log
	if err := m.cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("start minio: %w", err)
	}
	go func() { m.cmd.Wait(); log.Close(); close(m.done) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		req, _ := http.NewRequestWithContext(ctx, "GET", m.Endpoint+"/minio/health/ready", nil)
		resp, err := http.DefaultClient.Do(req)
		cancel()
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 && m.iamReady() {
				return m, nil
			}
		}
		select {
		case <-m.done:
			out, _ := os.ReadFile(filepath.Join(dir, "minio.log"))
			if strings.Contains(string(out), "already in use") {
				return nil, fmt.Errorf("minio exited: %w: %s", errPortTaken, out)
			}
			return nil, fmt.Errorf("minio exited: %s", out)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			m.Stop()
			return nil, fmt.Errorf("minio not ready at %s after 30s: %v", m.Endpoint, err)
		}
	}
}

// iamReady reports whether MinIO's IAM subsystem, which starts after the
// server answers, serves STS: until then AssumeRole fails with "Server not
// initialized".
func (m *MinIO) iamReady() bool {
	body := "Action=AssumeRole&Version=2011-06-15&DurationSeconds=900"
	req, _ := http.NewRequest("POST", m.Endpoint+"/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	sum := sha256.Sum256([]byte(body))
	creds := sdkaws.Credentials{AccessKeyID: m.AccessKey, SecretAccessKey: m.SecretKey}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "sts", "us-east-1", time.Now()); err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == 200
}

// Stop kills the server and waits for it to exit.
func (m *MinIO) Stop() {
	if m.cmd.Process != nil {
		m.cmd.Process.Kill()
	}
	<-m.done
}

// StartMinIOTest starts MinIO for one test, stopped when it ends. When
// MinIO is not installed, the test skips (or fails under
// OPSH_REQUIRE_SERVERS=1).
func StartMinIOTest(t testing.TB) *MinIO {
	t.Helper()
	if _, err := MinIOBinary(); err != nil {
		testenv.Missing(t, "%v", err)
	}
	m, err := StartMinIO(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Stop)
	return m
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
