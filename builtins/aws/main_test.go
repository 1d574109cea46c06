package aws_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/opsh/opsh/builtins/aws"
	"github.com/opsh/opsh/internal/awstest"
	"github.com/opsh/opsh/internal/testenv"
)

// One MinIO serves every test of the package (it takes a second or two to
// start); each test uses its own buckets.
var (
	minioOnce sync.Once
	minioSrv  *awstest.MinIO
	minioErr  error
	minioDir  string
)

func TestMain(m *testing.M) {
	// Keep the machine's AWS configuration and the instance metadata
	// service out of the tests.
	home, err := os.MkdirTemp("", "opsh-aws-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for k, v := range map[string]string{
		"AWS_CONFIG_FILE":             filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
	} {
		os.Setenv(k, v)
	}
	for _, k := range []string{"AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID",
		"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"} {
		os.Unsetenv(k)
	}
	code := m.Run()
	if minioSrv != nil {
		minioSrv.Stop()
	}
	os.RemoveAll(minioDir)
	os.RemoveAll(home)
	os.Exit(code)
}

// minio returns the package's MinIO server, started on first use.
func minio(t testing.TB) *awstest.MinIO {
	t.Helper()
	if _, err := awstest.MinIOBinary(); err != nil {
		testenv.Missing(t, "%v", err)
	}
	minioOnce.Do(func() {
		minioDir, minioErr = os.MkdirTemp("", "opsh-minio-")
		if minioErr == nil {
			minioSrv, minioErr = awstest.StartMinIO(minioDir)
		}
	})
	if minioErr != nil {
		t.Fatal(minioErr)
	}
	return minioSrv
}

// s3Session is a session on the package's MinIO as its root user.
func s3Session(t *testing.T) *aws.Client {
	t.Helper()
	m := minio(t)
	a, err := aws.Session(aws.Endpoint(m.Endpoint), aws.Region("us-east-1"), aws.Credentials(m.AccessKey, m.SecretKey))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// ec2Session is a session on a new fake EC2/STS server.
func ec2Session(t *testing.T) (*aws.Client, *awstest.EC2Server) {
	t.Helper()
	f := awstest.NewEC2Server(t)
	a, err := aws.Session(aws.Endpoint(f.URL), aws.Region("us-east-1"), aws.Credentials("AKIDEXAMPLE", awstest.Secret))
	if err != nil {
		t.Fatal(err)
	}
	return a, f
}

// bucket makes a bucket for one test, emptied and removed when it ends.
func bucket(t *testing.T, a *aws.Client, name string) string {
	t.Helper()
	if err := a.S3.CreateBucket(name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if l, err := a.S3.List(name, ""); err == nil {
			objs, _ := l.All()
			if len(objs) > 0 {
				a.S3.Delete(name, objs.Keys()...)
			}
		}
		if err := a.S3.DeleteBucket(name); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return name
}
