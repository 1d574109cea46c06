package aws_test

import (
	"strings"
	"testing"

	"github.com/opsh/opsh/builtins/aws"
	"github.com/opsh/opsh/builtins/web"
)

// TestSignerWithWebSession signs a web session's requests, as
// s.Auth(aws.Signer(a, "execute-api")) does for API Gateway, here for
// MinIO's S3 API, which checks every signature.
func TestSignerWithWebSession(t *testing.T) {
	m := minio(t)
	a := s3Session(t)
	b := bucket(t, a, "web-signed")
	if err := a.S3.Put(b, "status.json", `{"ok":true}`); err != nil {
		t.Fatal(err)
	}
	s := web.Session()
	s.Auth(aws.Signer(a, "s3"))
	r, err := s.Get(m.Endpoint + "/" + b + "/status.json")
	if err != nil {
		t.Fatal(err)
	}
	if r.StatusCode != 200 || r.Text() != `{"ok":true}` {
		t.Errorf("signed GET: %s %q", r.Status, r.Text())
	}

	wrong, _ := aws.Session(aws.Endpoint(m.Endpoint), aws.Credentials(m.AccessKey, "wrong-secret"))
	s.Auth(aws.Signer(wrong, "s3"))
	r, err = s.Get(m.Endpoint + "/" + b + "/status.json")
	if err == nil && r.StatusCode != 403 {
		t.Errorf("GET signed with a wrong secret: %s %q", r.Status, r.Text())
	}
	if err != nil && !strings.Contains(err.Error(), "403") {
		t.Errorf("GET signed with a wrong secret: %v", err)
	}
}
