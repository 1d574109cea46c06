package aws_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsh/opsh/builtins/aws"
	"github.com/opsh/opsh/internal/awstest"
)

// awsFiles points the shared config and credentials files at temporary
// copies holding config and creds, for one test.
func awsFiles(t *testing.T, config, creds string) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"config": config, "credentials": creds} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
}

func TestSessionFromProfile(t *testing.T) {
	f := awstest.NewEC2Server(t)
	awsFiles(t, `
[default]
region = eu-west-1

[profile prod]
region = us-west-2
endpoint_url = `+f.URL+`
`, `
[prod]
aws_access_key_id = AKIDEXAMPLE
aws_secret_access_key = `+awstest.Secret+`
`)
	a, err := aws.Session(aws.Profile("prod"))
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Describe(); got.Profile != "prod" || got.Region != "us-west-2" || got.Endpoint != f.URL {
		t.Errorf("Describe = %+v", got)
	}
	id, err := a.Identity()
	if err != nil {
		t.Fatal(err)
	}
	if id.Account != "123456789012" {
		t.Errorf("Identity = %+v", id)
	}
	// Options win over the profile; AWS_PROFILE picks it like --profile.
	t.Setenv("AWS_PROFILE", "prod")
	b, err := aws.Session(aws.Region("ap-south-1"))
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Describe(); got.Profile != "prod" || got.Region != "ap-south-1" {
		t.Errorf("with AWS_PROFILE=prod and Region: %+v", got)
	}
	if _, err := aws.Session(aws.Profile("nope")); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("missing profile: %v", err)
	}
}

// A profile with role_arn and source_profile, as the AWS CLI reads it:
// the session assumes the role (against MinIO's STS) before the first call.
func TestSessionRoleARNProfile(t *testing.T) {
	m := minio(t)
	awsFiles(t, `
[profile base]
region = us-east-1
endpoint_url = `+m.Endpoint+`

[profile ops]
role_arn = arn:aws:iam::123456789012:role/ops
source_profile = base
role_session_name = alice-ticket-42
region = us-east-1
endpoint_url = `+m.Endpoint+`
`, `
[base]
aws_access_key_id = `+m.AccessKey+`
aws_secret_access_key = `+m.SecretKey+`
`)
	a, err := aws.Session(aws.Profile("ops"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.S3.Buckets(); err != nil {
		t.Fatalf("Buckets through the role profile: %v", err)
	}
	if a.Describe().Expires.IsZero() {
		t.Errorf("credentials from role_arn should be temporary: %+v", a.Describe())
	}
}

func TestNoRegion(t *testing.T) {
	a, err := aws.Session(aws.Credentials("AKIDEXAMPLE", "secret-key-example"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.EC2.Instances(); !errors.Is(err, aws.ErrNoRegion) || !strings.Contains(err.Error(), "aws.Region") {
		t.Errorf("Instances without a region: %v", err)
	}
}

func TestEndpointMustBeURL(t *testing.T) {
	if _, err := aws.Session(aws.Endpoint("127.0.0.1:9000")); err == nil {
		t.Errorf("Endpoint without a scheme accepted")
	}
}

// With nothing configured, the first call says how to configure
// credentials (and sends nothing: the instance metadata service is off in
// these tests).
func TestNoCredentials(t *testing.T) {
	awsFiles(t, "", "")
	a, err := aws.Session(aws.Region("us-east-1"), aws.Endpoint("http://127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.S3.Buckets()
	if err == nil || !strings.Contains(err.Error(), "Try: aws sso login") {
		t.Errorf("Buckets without credentials: %v", err)
	}
}
