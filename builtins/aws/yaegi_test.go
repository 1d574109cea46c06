package aws_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/builtins/aws/symbols"
	"github.com/opsh/opsh/internal/awstest"
	"github.com/opsh/opsh/internal/yaegitest"
)

// TestInterpreted runs the calls users type, as written, through yaegi
// with the generated symbol table: S3 and AssumeRole against MinIO, EC2
// and STS against the fake Query API server.
func TestInterpreted(t *testing.T) {
	m := minio(t)
	f := awstest.NewEC2Server(t)
	f.AddImage(awstest.Image{ID: "ami-0abcdef1234567890", Name: "CentOS", ProductCodes: []string{"aw0evgkw8e5c1q413zgy5pjce"}})
	for _, n := range []string{"web-1", "db-1", "web-2", "web-3"} {
		f.AddInstance(awstest.Instance{Name: n, Type: "t2.micro"})
	}
	f.AcceptSAML("PHNhbWw+", "arn:aws:iam::123456789012:role/saml")
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	sshPub, _ := ssh.NewPublicKey(edKey.Public())
	hostKey := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sshPub)))

	dir := t.TempDir()
	video := filepath.Join(dir, "video.mp4")
	if err := os.WriteFile(video, make([]byte, 9<<20), 0o600); err != nil {
		t.Fatal(err)
	}

	i := yaegitest.New(t, []interp.Exports{symbols.Symbols}, "errors", "net/http", "strings", "time", "github.com/opsh/opsh/builtins/aws")
	eval := func(src string) reflect.Value {
		t.Helper()
		return yaegitest.Eval(t, i, src)
	}
	// check evaluates a boolean expression and fails with its source.
	check := func(expr string) {
		t.Helper()
		if v := eval(expr); !v.Bool() {
			t.Errorf("false: %s", expr)
		}
	}

	// S3 and STS AssumeRole on MinIO.
	eval(fmt.Sprintf(`a, err := aws.Session(aws.Endpoint(%q), aws.Region("us-east-1"), aws.Credentials(%q, %q))`, m.Endpoint, m.AccessKey, m.SecretKey))
	check(`err == nil`)
	check(`a.Describe().Credentials == "aws.Credentials" && a.Describe().Profile == ""`)
	eval(`err = a.S3.CreateBucket("interp")`)
	check(`err == nil`)
	eval(`err = a.S3.Put("interp", "prefix/key", []byte("data"))`)
	check(`err == nil`)
	eval(`data, err := a.S3.Get("interp", "prefix/key")`)
	check(`err == nil && string(data) == "data"`)
	eval(`err = a.S3.Put("interp", "prefix/copy", data)`)
	check(`err == nil`)
	eval(`l, err := a.S3.List("interp", "prefix/")`)
	check(`err == nil && strings.Contains(l.Display(), "prefix/copy")`)
	eval(`var keys []string`)
	eval(`for l.Next() {
	keys = append(keys, l.Object().Key)
}`)
	check(`l.Err() == nil && len(keys) == 2 && keys[1] == "prefix/key"`)
	eval(`_, err = a.S3.Get("interp", "missing")`)
	check(`errors.Is(err, aws.ErrNotFound)`)
	eval(`var ae *aws.Error`)
	check(`errors.As(err, &ae) && ae.Code == "NoSuchKey" && ae.RequestID != ""`)
	eval(`bs, err := a.S3.Buckets()`)
	check(`err == nil && strings.Contains(bs.Display(), "interp")`)
	eval(fmt.Sprintf(`err = a.S3.Upload("interp", "key", %q)`, video))
	check(`err == nil`)
	eval(fmt.Sprintf(`err = a.S3.Download("interp", "key", %q)`, filepath.Join(dir, "copy.mp4")))
	check(`err == nil`)
	eval(`u, err := a.S3.PresignGet("interp", "prefix/key", 15*time.Minute)`)
	check(`err == nil && strings.Contains(u, "X-Amz-Signature")`)
	eval(`resp, err := http.Get(u)`)
	check(`err == nil && resp.StatusCode == 200`)
	eval(`p, err := a.S3.PresignPost("interp", "upload", 15*time.Minute, aws.MaxSize(10<<20))`)
	check(`err == nil && p.Fields["policy"] != ""`)
	eval(`var auth func(req *http.Request) error = aws.Signer(a, "s3")`)
	eval(`req, _ := http.NewRequest("GET", a.Describe().Endpoint+"/interp/prefix/key", nil)`)
	check(`auth(req) == nil`)
	eval(`resp, err = http.DefaultClient.Do(req)`)
	check(`err == nil && resp.StatusCode == 200`)
	eval(`b, err := a.AssumeRole("arn:aws:iam::123456789012:role/ops", aws.SessionName("alice-ticket-42"), aws.Duration(time.Hour))`)
	check(`err == nil && b.Describe().Account == "123456789012"`)
	eval(`_, err = b.S3.Get("interp", "prefix/key")`)
	check(`err == nil`)
	eval(`err = a.S3.Delete("interp", "prefix/key")`)
	check(`err == nil`)
	eval(`err = a.S3.Delete("interp", "prefix/copy", "key")`)
	check(`err == nil`)
	eval(`err = a.S3.DeleteBucket("interp")`)
	check(`err == nil`)
	check(`strings.Contains(a.Display(), "region us-east-1") && !strings.Contains(a.Display(), ` + fmt.Sprintf("%q", m.SecretKey) + `)`)

	// EC2 and STS on the fake.
	eval(fmt.Sprintf(`e, err := aws.Session(aws.Endpoint(%q), aws.Region("us-east-1"), aws.Credentials("AKIDEXAMPLE", %q))`, f.URL, awstest.Secret))
	eval(`id, err := e.Identity()`)
	check(`err == nil && id.Account == "123456789012"`)
	eval(`web, err := e.EC2.Instances(aws.Filter("tag:Name", "web-*"))`)
	check(`err == nil && len(web) == 3 && strings.Contains(web.Display(), "web-3")`)
	eval(`ims, err := e.EC2.Images(aws.Filter("product-code", "aw0evgkw8e5c1q413zgy5pjce"))`)
	check(`err == nil && len(ims) == 1`)
	eval(fmt.Sprintf(`kp, err := e.EC2.ImportKeyPair("ops", %q)`, hostKey))
	check(`err == nil && kp.Name == "ops"`)
	eval(`i, err := e.EC2.Run(aws.Instance{AMI: "ami-0abcdef1234567890", Type: "t2.micro", KeyName: "ops", SecurityGroups: []string{"sg-03eb2567"}})`)
	check(`err == nil && i.State == "pending"`)
	f.SetConsoleOutput(f.Instances()[4].ID, "-----BEGIN SSH HOST KEY KEYS-----\n"+hostKey+" root@host\n-----END SSH HOST KEY KEYS-----\n")
	eval(`out, err := e.EC2.ConsoleOutput(i.ID)`)
	check(`err == nil && strings.Contains(out, "BEGIN SSH HOST KEY KEYS")`)
	eval(`keys, err := e.EC2.HostKeys(i.ID)`)
	check(`err == nil && len(keys) == 1 && strings.HasSuffix(keys[0], ` + fmt.Sprintf("%q", hostKey) + `)`)
	eval(`im, err := e.EC2.CreateImage(i.ID, "web-2026-11-22")`)
	check(`err == nil && strings.HasPrefix(im.ID, "ami-")`)
	eval(`err = e.EC2.Terminate(i.ID)`)
	check(`err == nil`)
	eval(`err = e.EC2.Terminate("i-0000000000000dead")`)
	check(`err != nil && strings.Contains(err.Error(), "InvalidInstanceID.NotFound")`)
	eval(`s, err := e.AssumeRoleWithSAML("arn:aws:iam::123456789012:role/saml", "arn:aws:iam::123456789012:saml-provider/idp", "PHNhbWw+")`)
	check(`err == nil && s.Describe().Role == "arn:aws:iam::123456789012:role/saml"`)
}
