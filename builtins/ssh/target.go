package ssh

import (
	xssh "golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/internal/cell"
)

// reached tells the session the host a connection reached, once its host
// key is verified and before any authentication: a replay refuses a host
// that is not the recorded one here, before a command goes out.
func reached(e *endpoint, key xssh.PublicKey) error {
	detail := keyTypeName(key.Type()) + " key"
	if e.user != "" {
		detail += ", user " + e.user
	}
	return cell.Reach(cell.Target{Kind: cell.KindSSH, Name: e.addr(), ID: xssh.FingerprintSHA256(key), Detail: detail})
}
