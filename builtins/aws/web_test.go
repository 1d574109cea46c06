package aws_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// TestPresignedPostInOneCall uploads a file to MinIO through a presigned
// POST with one web call, as the book's requests.post(url, data=fields,
// files=...) does, and a file over the policy's size is refused.
func TestPresignedPostInOneCall(t *testing.T) {
	a := s3Session(t)
	b := bucket(t, a, "presigned-one-call")
	p, err := a.S3.PresignPost(b, "report.csv", 15*time.Minute, aws.MaxSize(1<<10))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	small, big := filepath.Join(dir, "report.csv"), filepath.Join(dir, "big.csv")
	os.WriteFile(small, []byte("host,load\nweb-1,0.3\n"), 0o644)
	os.WriteFile(big, []byte(strings.Repeat("x", 2<<10)), 0o644)

	r, err := web.Post(p.URL, web.Multipart(web.Fields(p.Fields), web.File("file", small)))
	if err != nil || r.Check() != nil {
		t.Fatalf("presigned POST: %v %v", r, err)
	}
	got, err := a.S3.Get(b, "report.csv")
	if err != nil || string(got) != "host,load\nweb-1,0.3\n" {
		t.Fatalf("object after the POST: %q %v", got, err)
	}
	r, err = web.Post(p.URL, web.Multipart(web.Fields(p.Fields), web.File("file", big)))
	if err != nil || r.StatusCode != 400 || !strings.Contains(r.Text(), "EntityTooLarge") {
		t.Errorf("POST over the limit: %v %v", r, err)
	}
}
