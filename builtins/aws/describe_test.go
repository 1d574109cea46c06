package aws_test

import (
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/opsh/opsh/builtins/aws"
)

// TestDescribeSaysWhereSettingsCameFrom: keys from the environment are
// described as such (not as profile default, though the config file has
// one), and AWS_ENDPOINT_URL_S3 is shown and used: S3 calls reach MinIO
// there, path-style, while the base endpoint is AWS's own.
func TestDescribeSaysWhereSettingsCameFrom(t *testing.T) {
	m := minio(t)
	awsFiles(t, "[default]\nregion = eu-west-1\n", "")
	t.Setenv("AWS_ACCESS_KEY_ID", m.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", m.SecretKey)
	t.Setenv("AWS_ENDPOINT_URL_S3", m.Endpoint)
	a, err := aws.Session()
	if err != nil {
		t.Fatal(err)
	}
	d := a.Describe()
	if d.Profile != "" || d.Credentials != "environment (AWS_ACCESS_KEY_ID)" {
		t.Errorf("Describe = %+v: want the environment's keys, no profile", d)
	}
	if d.S3Endpoint != m.Endpoint || d.Region != "eu-west-1" {
		t.Errorf("Describe = %+v: want S3 endpoint %s, region from the config file", d, m.Endpoint)
	}
	if s := d.String(); !strings.Contains(s, "s3 endpoint "+m.Endpoint) || !strings.Contains(s, "credentials environment") {
		t.Errorf("String = %q", s)
	}
	if _, err := a.S3.Buckets(); err != nil {
		t.Fatalf("S3 through AWS_ENDPOINT_URL_S3: %v", err)
	}

	// A profile named by AWS_PROFILE wins over the environment's keys, as
	// in the SDK's chain.
	awsFiles(t, "[profile ops]\nregion = us-west-2\n", "[ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = x\n")
	t.Setenv("AWS_PROFILE", "ops")
	b, err := aws.Session()
	if err != nil {
		t.Fatal(err)
	}
	if d := b.Describe(); d.Profile != "ops" || d.Credentials != "profile ops" {
		t.Errorf("with AWS_PROFILE: %+v", d)
	}
}

// TestTLSVerificationFailureNotRetried: an endpoint whose certificate is
// not trusted fails at the first attempt (one TLS handshake), with the
// verification error, instead of being retried as if it were transient.
func TestTLSVerificationFailureNotRetried(t *testing.T) {
	var handshakes atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.Config.ErrorLog = quietLog()
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		if s == http.StateNew {
			handshakes.Add(1)
		}
	}
	srv.TLS = &tls.Config{}
	srv.StartTLS()
	defer srv.Close()

	a, err := aws.Session(aws.Endpoint(srv.URL), aws.Region("us-east-1"), aws.Credentials("AKIDEXAMPLE", "secret"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.S3.Buckets()
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("S3 against an untrusted certificate: %v", err)
	}
	if n := handshakes.Load(); n != 1 {
		t.Errorf("%d connections, want 1 (no retry of a failed verification)", n)
	}
}

// quietLog drops the server's "TLS handshake error" lines.
func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }
