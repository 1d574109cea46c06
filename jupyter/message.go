package jupyter

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ProtocolVersion is the version of the Jupyter messaging protocol the
// kernel speaks.
const ProtocolVersion = "5.3"

// delimiter separates the routing identities from the message proper.
var delimiter = []byte("<IDS|MSG>")

// Header is a message's header (and, of a reply, its parent header).
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message: the routing identities of the peer it
// came from or goes to, and the four signed parts. Content is kept raw so
// that each handler decodes the fields it knows.
type Message struct {
	Identities   [][]byte
	Header       Header
	ParentHeader json.RawMessage // "{}" when there is no parent
	Metadata     map[string]any
	Content      json.RawMessage
	Buffers      [][]byte
}

// ErrBadSignature is returned for a message whose HMAC does not match its
// parts: it was not made by a holder of the connection file's key.
var ErrBadSignature = errors.New("bad message signature")

// Signer signs and verifies messages with the connection file's key
// (HMAC-SHA256). An empty key disables signing, as the protocol allows.
type Signer struct{ key []byte }

// NewSigner returns a signer for scheme ("hmac-sha256", or "" with an
// empty key) and key.
func NewSigner(scheme, key string) (*Signer, error) {
	if key != "" && scheme != "hmac-sha256" {
		return nil, fmt.Errorf("signature scheme %q: only hmac-sha256 is supported", scheme)
	}
	return &Signer{key: []byte(key)}, nil
}

// sign returns the hex HMAC of the four signed parts; "" without a key.
func (s *Signer) sign(parts [][]byte) []byte {
	if len(s.key) == 0 {
		return nil
	}
	mac := hmac.New(sha256.New, s.key)
	for _, p := range parts {
		mac.Write(p)
	}
	sum := mac.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// verify checks sig against parts in constant time.
func (s *Signer) verify(sig []byte, parts [][]byte) bool {
	if len(s.key) == 0 {
		return true
	}
	return hmac.Equal(sig, s.sign(parts))
}

// Encode frames msg for the wire: identities, the delimiter, the
// signature, header, parent header, metadata, content, then buffers.
func (s *Signer) Encode(msg *Message) ([][]byte, error) {
	header, err := json.Marshal(msg.Header)
	if err != nil {
		return nil, fmt.Errorf("encode header: %w", err)
	}
	parent := msg.ParentHeader
	if len(parent) == 0 {
		parent = json.RawMessage("{}")
	}
	meta := msg.Metadata
	if meta == nil {
		meta = map[string]any{}
	}
	metadata, err := json.Marshal(meta)
	if err != nil {
		return nil, fmt.Errorf("encode metadata: %w", err)
	}
	content := msg.Content
	if len(content) == 0 {
		content = json.RawMessage("{}")
	}
	parts := [][]byte{header, parent, metadata, content}
	frames := make([][]byte, 0, len(msg.Identities)+6+len(msg.Buffers))
	frames = append(frames, msg.Identities...)
	frames = append(frames, delimiter, s.sign(parts))
	frames = append(frames, parts...)
	return append(frames, msg.Buffers...), nil
}

// Decode parses frames received from a socket and verifies their
// signature; a message with a bad signature gives ErrBadSignature and is
// never to be acted on.
func (s *Signer) Decode(frames [][]byte) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], delimiter) {
		i++
	}
	if i == len(frames) {
		return nil, errors.New("decode message: no <IDS|MSG> delimiter")
	}
	if len(frames) < i+6 {
		return nil, fmt.Errorf("decode message: %d frames after the delimiter, want at least 5", len(frames)-i-1)
	}
	sig, parts := frames[i+1], frames[i+2:i+6]
	if !s.verify(sig, parts) {
		return nil, ErrBadSignature
	}
	msg := &Message{Identities: frames[:i], Buffers: frames[i+6:]}
	if err := json.Unmarshal(parts[0], &msg.Header); err != nil {
		return nil, fmt.Errorf("decode header: %w", err)
	}
	msg.ParentHeader = json.RawMessage(parts[1])
	if err := json.Unmarshal(parts[2], &msg.Metadata); err != nil {
		return nil, fmt.Errorf("decode metadata: %w", err)
	}
	msg.Content = json.RawMessage(parts[3])
	return msg, nil
}

// newID returns a random message or session id (32 hex digits).
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// reply makes a message of msgType answering parent, sent to the same
// peer (its identities), in session.
func reply(parent *Message, session, msgType string, content any) (*Message, error) {
	c, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", msgType, err)
	}
	ph := json.RawMessage("{}") // no parent: a message of the kernel's own
	if parent.Header.MsgID != "" {
		if ph, err = json.Marshal(parent.Header); err != nil {
			return nil, fmt.Errorf("encode parent header: %w", err)
		}
	}
	return &Message{
		Identities:   parent.Identities,
		Header:       newHeader(session, parent.Header.Username, msgType),
		ParentHeader: ph,
		Content:      c,
	}, nil
}

func newHeader(session, user, msgType string) Header {
	return Header{
		MsgID:    newID(),
		Session:  session,
		Username: user,
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}
