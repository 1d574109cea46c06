package sshdtest_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/internal/sshdtest"
	"github.com/opsh/opsh/internal/testenv"
)

// newKey writes a fresh ed25519 private key to a file for OpenSSH's client.
func newKey(t *testing.T) (ssh.PublicKey, string) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer.PublicKey(), path
}

func runSSH(t *testing.T, srv *sshdtest.Server, key string, cmd ...string) (string, error) {
	sshBin := testenv.LookPath(t, "ssh")
	out, err := exec.Command(sshBin, append(srv.SSHArgs(key), cmd...)...).CombinedOutput()
	return string(out), err
}

func TestLogin(t *testing.T) {
	for _, plain := range []bool{false, true} {
		pub, key := newKey(t)
		srv := sshdtest.Start(t, sshdtest.Options{AuthorizedKeys: []ssh.PublicKey{pub}, Plain: plain})
		out, err := runSSH(t, srv, key, "id -un; echo $0")
		if err != nil {
			t.Fatalf("plain=%v: ssh: %v: %s", plain, err, out)
		}
		if got, want := strings.Fields(out)[0], srv.User; got != want {
			t.Errorf("plain=%v: logged in as %q, want %q", plain, got, want)
		}
		if plain && os.Geteuid() == 0 {
			if got := strings.Fields(out)[1]; got != "/bin/sh" && got != "sh" {
				t.Errorf("plain user's shell is %q, want /bin/sh", got)
			}
		}
	}
}

func TestUnknownKeyRefused(t *testing.T) {
	pub, _ := newKey(t)
	_, other := newKey(t)
	srv := sshdtest.Start(t, sshdtest.Options{AuthorizedKeys: []ssh.PublicKey{pub}})
	if out, err := runSSH(t, srv, other, "true"); err == nil {
		t.Fatalf("a key that is not authorized logged in: %s", out)
	}
}

func TestStopAndRestart(t *testing.T) {
	pub, key := newKey(t)
	srv := sshdtest.Start(t, sshdtest.Options{AuthorizedKeyLines: []string{string(ssh.MarshalAuthorizedKey(pub))}})
	srv.Stop()
	if c, err := net.DialTimeout("tcp", srv.Addr, time.Second); err == nil {
		c.Close()
		t.Fatal("stopped server still accepts connections")
	}
	srv.Restart()
	if out, err := runSSH(t, srv, key, "true"); err != nil {
		t.Fatalf("after restart: %v: %s", err, out)
	}
}

func TestSameHostKeySamePort(t *testing.T) {
	_, hostKey, _ := ed25519.GenerateKey(rand.Reader)
	a := sshdtest.Start(t, sshdtest.Options{HostKey: hostKey})
	a.Stop()
	b := sshdtest.Start(t, sshdtest.Options{HostKey: hostKey, Port: a.Port})
	if a.HostKeyLine != b.HostKeyLine {
		t.Fatalf("same key, same port, different known_hosts lines:\n%s\n%s", a.HostKeyLine, b.HostKeyLine)
	}
}

func TestDelay(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); b := make([]byte, 1); c.Read(b); c.Write(b) }()
		}
	}()
	const rtt = 40 * time.Millisecond
	p := sshdtest.Delay(t, l.Addr().String(), rtt)
	c, err := net.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	c.Write([]byte("x"))
	b := make([]byte, 1)
	if _, err := c.Read(b); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < rtt || d > 10*rtt {
		t.Fatalf("echo through the proxy took %v, want about %v", d, rtt)
	}
}
