package sshsig

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// LoadSigner returns the signer that key names, the way git's
// user.signingKey does for SSH signing:
//
//   - "agent": the first key ssh-agent holds;
//   - "SHA256:...": the agent's key of that fingerprint;
//   - a public key file (id_ed25519.pub): the agent's key that it holds;
//   - a private key file: that key. An encrypted one is used through the
//     agent when the agent holds it (ssh-add), and refused otherwise:
//     signing must never stop to ask for a passphrase.
//
// agentSock is the agent's socket ($SSH_AUTH_SOCK), "" if none. A signer
// that uses the agent connects to it each time it signs.
func LoadSigner(key, agentSock string) (ssh.Signer, error) {
	switch {
	case key == "":
		return nil, errors.New("load signing key: no key named")
	case key == "agent":
		return agentKey(agentSock, nil)
	case strings.HasPrefix(key, "SHA256:"):
		return agentKey(agentSock, func(k ssh.PublicKey) bool { return ssh.FingerprintSHA256(k) == key })
	}
	data, err := os.ReadFile(key)
	if err != nil {
		return nil, fmt.Errorf("load signing key: %w", err)
	}
	if pub, _, _, _, err := ssh.ParseAuthorizedKey(data); err == nil {
		return agentKey(agentSock, sameKey(pub))
	}
	s, err := ssh.ParsePrivateKey(data)
	var enc *ssh.PassphraseMissingError
	switch {
	case errors.As(err, &enc) && enc.PublicKey != nil && agentSock != "":
		if s, aerr := agentKey(agentSock, sameKey(enc.PublicKey)); aerr == nil {
			return s, nil
		}
		fallthrough
	case errors.As(err, &enc):
		return nil, fmt.Errorf("load signing key %s: the key is encrypted: add it to ssh-agent (ssh-add %s)", key, key)
	case err != nil:
		return nil, fmt.Errorf("load signing key %s: %w", key, err)
	}
	return s, nil
}

func sameKey(pub ssh.PublicKey) func(ssh.PublicKey) bool {
	want := pub.Marshal()
	return func(k ssh.PublicKey) bool { return bytes.Equal(k.Marshal(), want) }
}

// agentKey finds, among the agent's keys, the first that match accepts
// (any key when match is nil).
func agentKey(sock string, match func(ssh.PublicKey) bool) (ssh.Signer, error) {
	if sock == "" {
		return nil, errors.New("load signing key: no ssh-agent (SSH_AUTH_SOCK is not set)")
	}
	var found ssh.PublicKey
	err := withAgent(sock, func(a agent.ExtendedAgent) error {
		keys, err := a.List()
		if err != nil {
			return err
		}
		for _, k := range keys {
			if match == nil || match(k) {
				found = k
				return nil
			}
		}
		if match == nil {
			return errors.New("the agent holds no key")
		}
		return errors.New("the agent does not hold that key (ssh-add it)")
	})
	if err != nil {
		return nil, fmt.Errorf("load signing key: %w", err)
	}
	pub, err := ssh.ParsePublicKey(found.Marshal())
	if err != nil {
		return nil, fmt.Errorf("load signing key: %w", err)
	}
	return &agentSigner{sock: sock, pub: pub}, nil
}

func withAgent(sock string, f func(agent.ExtendedAgent) error) error {
	conn, err := net.Dial("unix", sock)
	if err != nil {
		return fmt.Errorf("connect to ssh-agent: %w", err)
	}
	defer conn.Close()
	return f(agent.NewClient(conn))
}

// agentSigner signs with a key the agent holds, connecting for each
// signature: a session may outlive an agent connection.
type agentSigner struct {
	sock string
	pub  ssh.PublicKey
}

var _ ssh.AlgorithmSigner = (*agentSigner)(nil)

func (s *agentSigner) PublicKey() ssh.PublicKey { return s.pub }

func (s *agentSigner) Sign(rand io.Reader, data []byte) (*ssh.Signature, error) {
	return s.SignWithAlgorithm(rand, data, "")
}

func (s *agentSigner) SignWithAlgorithm(_ io.Reader, data []byte, algorithm string) (*ssh.Signature, error) {
	var flags agent.SignatureFlags
	switch algorithm {
	case ssh.KeyAlgoRSASHA256:
		flags = agent.SignatureFlagRsaSha256
	case ssh.KeyAlgoRSASHA512:
		flags = agent.SignatureFlagRsaSha512
	}
	var sig *ssh.Signature
	err := withAgent(s.sock, func(a agent.ExtendedAgent) error {
		var err error
		sig, err = a.SignWithFlags(s.pub, data, flags)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("ssh-agent sign: %w", err)
	}
	return sig, nil
}
