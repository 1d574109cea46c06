package jupyter

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"testing"
)

// jupyterClientFrames reads testdata/jupyter_client_msg.json: an
// execute_request framed and signed by jupyter_client's Session.serialize
// (made with Debian's python3-jupyter-client 7.4.9:
// Session(key=..., username="alice").serialize(msg, ident=[b"client-7"])).
func jupyterClientFrames(t *testing.T) (key string, frames [][]byte) {
	t.Helper()
	b, err := os.ReadFile("testdata/jupyter_client_msg.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Key    string   `json:"key"`
		Frames []string `json:"frames"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	for _, s := range f.Frames {
		fr, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		frames = append(frames, fr)
	}
	return f.Key, frames
}

func TestDecodeJupyterClientMessage(t *testing.T) {
	key, frames := jupyterClientFrames(t)
	s, err := NewSigner("hmac-sha256", key)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := s.Decode(frames)
	if err != nil {
		t.Fatalf("decode a message jupyter_client signed: %v", err)
	}
	if got, want := string(msg.Identities[0]), "client-7"; got != want || len(msg.Identities) != 1 {
		t.Errorf("identities = %q, want [%q]", msg.Identities, want)
	}
	if got, want := msg.Header.MsgType, "execute_request"; got != want {
		t.Errorf("msg_type = %q, want %q", got, want)
	}
	if got, want := msg.Header.Username, "alice"; got != want {
		t.Errorf("username = %q, want %q", got, want)
	}
	var content executeRequest
	if err := json.Unmarshal(msg.Content, &content); err != nil || content.Code != "1+1" {
		t.Errorf("content = %s (%v), want code 1+1", msg.Content, err)
	}
}

func TestSignatureIsHMACSHA256OfTheFourParts(t *testing.T) {
	// The signature jupyter_client computed, checked against ours over the
	// same parts.
	key, frames := jupyterClientFrames(t)
	s, _ := NewSigner("hmac-sha256", key)
	if got, want := s.sign(frames[3:7]), frames[2]; !bytes.Equal(got, want) {
		t.Errorf("sign = %s, want jupyter_client's %s", got, want)
	}
}

func TestBadSignatureIsRefused(t *testing.T) {
	key, frames := jupyterClientFrames(t)
	tests := []struct {
		desc   string
		key    string
		mangle func(f [][]byte)
	}{
		{"wrong key", "not-" + key, func([][]byte) {}},
		{"content changed", key, func(f [][]byte) { f[6] = []byte(`{"code": "os.RemoveAll(\"/\")", "silent": false}`) }},
		{"header changed", key, func(f [][]byte) { f[3] = bytes.Replace(f[3], []byte("alice"), []byte("mallory"), 1) }},
		{"signature flipped", key, func(f [][]byte) { f[2] = append([]byte{'0'}, f[2][1:]...) }},
		{"no signature", key, func(f [][]byte) { f[2] = nil }},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			f := make([][]byte, len(frames))
			for i := range frames {
				f[i] = append([]byte(nil), frames[i]...)
			}
			tc.mangle(f)
			s, _ := NewSigner("hmac-sha256", tc.key)
			if _, err := s.Decode(f); !errors.Is(err, ErrBadSignature) {
				t.Errorf("Decode = %v, want ErrBadSignature", err)
			}
		})
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", "k3y")
	parent := &Message{Identities: [][]byte{[]byte("a"), []byte("b")}, Header: newHeader("sess", "bob", "execute_request")}
	m, err := reply(parent, "kernel-session", "execute_reply", map[string]any{"status": "ok", "execution_count": 3})
	if err != nil {
		t.Fatal(err)
	}
	m.Metadata = map[string]any{"started": "now"}
	m.Buffers = [][]byte{[]byte("\x00binary")}
	frames, err := s.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(frames), 2+1+1+4+1; got != want {
		t.Fatalf("%d frames, want %d (2 identities, delimiter, signature, 4 parts, 1 buffer)", got, want)
	}
	if !bytes.Equal(frames[2], delimiter) {
		t.Errorf("frame 2 = %q, want the delimiter", frames[2])
	}
	got, err := s.Decode(frames)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Identities, m.Identities) || got.Header != m.Header ||
		!reflect.DeepEqual(got.Metadata, m.Metadata) || !reflect.DeepEqual(got.Buffers, m.Buffers) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, m)
	}
	var ph Header
	if err := json.Unmarshal(got.ParentHeader, &ph); err != nil || ph != parent.Header {
		t.Errorf("parent header = %s, want %+v", got.ParentHeader, parent.Header)
	}
	if string(got.Content) != `{"execution_count":3,"status":"ok"}` {
		t.Errorf("content = %s", got.Content)
	}
}

func TestDecodeRefusesMalformedFrames(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", "k")
	for _, frames := range [][][]byte{
		{[]byte("id"), []byte("{}")},
		{delimiter, []byte("sig"), []byte("{}")},
	} {
		if _, err := s.Decode(frames); err == nil {
			t.Errorf("Decode(%q) succeeded", frames)
		}
	}
}

func TestUnsupportedSchemeIsRefused(t *testing.T) {
	if _, err := NewSigner("hmac-md5", "k"); err == nil {
		t.Error("NewSigner(hmac-md5) succeeded")
	}
}
