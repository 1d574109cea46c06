package aws_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/builtins/aws"
	"github.com/opsh/opsh/internal/awstest"
)

// These tests run against awstest.EC2Server, a fake speaking the EC2 and
// STS Query APIs: nothing real emulates EC2 here.

func TestInstancesAllPagesFiltered(t *testing.T) {
	a, f := ec2Session(t)
	for _, n := range []string{"web-1", "db-1", "web-2", "web-3", "cache-1", "web-4", "web-5"} {
		f.AddInstance(awstest.Instance{Name: n, Type: "t3.small", PrivateIP: "10.0.0.1", PublicIP: "54.0.0.1"})
	}
	is, err := a.EC2.Instances(aws.Filter("tag:Name", "web-*"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, i := range is {
		names = append(names, i.Name)
	}
	if got, want := strings.Join(names, " "), "web-1 web-2 web-3 web-4 web-5"; got != want {
		t.Errorf("names = %s, want %s", got, want)
	}
	// Five matches, two a page: three calls following NextToken.
	if got, want := f.Calls("DescribeInstances"), 3; got != want {
		t.Errorf("DescribeInstances calls = %d, want %d", got, want)
	}
	i := is[0]
	if i.State != "running" || i.Type != "t3.small" || i.PrivateIP != "10.0.0.1" || i.PublicIP != "54.0.0.1" || i.LaunchTime.IsZero() {
		t.Errorf("instance = %+v", i)
	}
	lines := strings.Split(is.Display(), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "ID") || !strings.Contains(lines[0], "PUBLIC IP") || !strings.Contains(lines[1], "web-1") {
		t.Errorf("Display:\n%s", is.Display())
	}

	all, err := a.EC2.Instances()
	if err != nil || len(all) != 7 {
		t.Errorf("Instances() = %d, %v; want 7", len(all), err)
	}
	_, err = a.EC2.Instances(aws.Filter("no-such-filter", "x"))
	var ae *aws.Error
	if !errors.As(err, &ae) || ae.Code != "InvalidParameterValue" || ae.Status != 400 || ae.RequestID == "" {
		t.Errorf("bad filter: %v", err)
	}
}

func TestImages(t *testing.T) {
	a, f := ec2Session(t)
	f.AddImage(awstest.Image{ID: "ami-0old", Name: "CentOS 7 old", ProductCodes: []string{"aw0evgkw8e5c1q413zgy5pjce"}, Created: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Architecture: "x86_64", Owner: "679593333241"})
	f.AddImage(awstest.Image{ID: "ami-0new", Name: "CentOS 7 new", ProductCodes: []string{"aw0evgkw8e5c1q413zgy5pjce"}, Created: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Architecture: "x86_64", Owner: "679593333241"})
	f.AddImage(awstest.Image{ID: "ami-0deb", Name: "Debian", ProductCodes: []string{"other"}})
	f.AddImage(awstest.Image{ID: "ami-0mid", Name: "CentOS 7 mid", ProductCodes: []string{"aw0evgkw8e5c1q413zgy5pjce"}, Created: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)})
	ims, err := a.EC2.Images(aws.Filter("product-code", "aw0evgkw8e5c1q413zgy5pjce"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, im := range ims {
		ids = append(ids, im.ID)
	}
	if got, want := strings.Join(ids, " "), "ami-0new ami-0mid ami-0old"; got != want {
		t.Errorf("images = %s, want %s (newest first)", got, want)
	}
	if got := f.Calls("DescribeImages"); got != 2 {
		t.Errorf("DescribeImages calls = %d, want 2 (pages of 2)", got)
	}
	if !strings.Contains(ims.Display(), "CentOS 7 new") {
		t.Errorf("Display:\n%s", ims.Display())
	}
}

// consoleWith is a Debian cloud image's first-boot console, printing the
// host keys given as authorized_keys lines.
func consoleWith(ecdsaKey, ed25519Key string) string {
	return fmt.Sprintf(consoleFormat, ecdsaKey, ed25519Key)
}

func hostKey(t *testing.T, priv crypto.Signer) string {
	t.Helper()
	pub, err := ssh.NewPublicKey(priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub)))
}

const consoleFormat = `[    0.000000] Linux version 6.1.0-13-cloud-amd64
ci-info: no authorized SSH keys fingerprints found for user debian.
ec2:
ec2: #############################################################
ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----
ec2: 256 SHA256:Fzv6ba1Yc2Kg/8Ldy3Jk+9qfWqLG3lWMf3E9yZCqU5M root@ip-10-0-0-10 (ECDSA)
ec2: -----END SSH HOST KEY FINGERPRINTS-----
ec2: #############################################################
-----BEGIN SSH HOST KEY KEYS-----
[   10.123456] ec2: %s root@ip-10-0-0-10
%s root@ip-10-0-0-10
-----END SSH HOST KEY KEYS-----
[   12.345678] cloud-init[512]: Cloud-init v. 22.4.2 finished
`

func TestRunConsoleHostKeysImageTerminate(t *testing.T) {
	a, f := ec2Session(t)
	f.AddImage(awstest.Image{ID: "ami-0abcdef1234567890", Name: "base"})

	pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHvp+Ln9nVpkNeLBUwn0R2QNb1+UgYLNTYfD9GOFEGkY alice@laptop"))
	if err != nil {
		t.Fatal(err)
	}
	kp, err := a.EC2.ImportKeyPair("ops", pub)
	if err != nil {
		t.Fatal(err)
	}
	if kp.Name != "ops" || kp.Fingerprint != ssh.FingerprintLegacyMD5(pub) || !strings.HasPrefix(kp.ID, "key-") {
		t.Errorf("key pair = %+v", kp)
	}
	if _, err := a.EC2.ImportKeyPair("ops", string(ssh.MarshalAuthorizedKey(pub))); err == nil || !strings.Contains(err.Error(), "InvalidKeyPair.Duplicate") {
		t.Errorf("second import: %v, want InvalidKeyPair.Duplicate", err)
	}
	if _, err := a.EC2.ImportKeyPair("bad", "not a key"); err == nil {
		t.Errorf("importing garbage succeeded")
	}

	i, err := a.EC2.Run(aws.Instance{AMI: "ami-0abcdef1234567890", Type: "t2.micro", KeyName: "ops",
		SecurityGroups: []string{"sg-03eb2567"}, Name: "web-9", UserData: "#cloud-config\n"})
	if err != nil {
		t.Fatal(err)
	}
	if i.State != "pending" || i.Type != "t2.micro" || i.KeyName != "ops" || i.Name != "web-9" || len(i.SecurityGroups) != 1 || i.SecurityGroups[0] != "sg-03eb2567" {
		t.Errorf("Run = %+v", i)
	}
	if got := f.Instances()[0].UserData; got != "#cloud-config\n" {
		t.Errorf("user data on the server = %q", got)
	}
	running, err := a.EC2.Wait(i.ID, "running")
	if err != nil || running.State != "running" {
		t.Fatalf("Wait = %+v, %v", running, err)
	}
	if _, err := a.EC2.Run(aws.Instance{AMI: "ami-missing", Type: "t2.micro"}); err == nil || !strings.Contains(err.Error(), "InvalidAMIID.NotFound") {
		t.Errorf("Run with a missing AMI: %v", err)
	}

	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	ecLine, edLine := hostKey(t, ecKey), hostKey(t, edKey)
	console := consoleWith(ecLine, edLine)
	f.SetConsoleOutput(i.ID, console)
	out, err := a.EC2.ConsoleOutput(i.ID)
	if err != nil || out != console {
		t.Fatalf("ConsoleOutput = %q, %v", out, err)
	}
	keys, err := a.EC2.HostKeys(i.ID)
	if err != nil {
		t.Fatal(err)
	}
	hosts := running.PublicDNS + "," + running.PublicIP + "," + running.PrivateIP
	want := []string{hosts + " " + ecLine, hosts + " " + edLine}
	if strings.Join(keys, "\n") != strings.Join(want, "\n") {
		t.Errorf("HostKeys =\n%s\nwant\n%s", strings.Join(keys, "\n"), strings.Join(want, "\n"))
	}
	for _, k := range keys {
		if _, _, _, _, _, err := ssh.ParseKnownHosts([]byte(k)); err != nil {
			t.Errorf("%q is not a known_hosts line: %v", k, err)
		}
	}
	f.SetConsoleOutput(i.ID, "booting…\n")
	if _, err := a.EC2.HostKeys(i.ID); !errors.Is(err, aws.ErrNoHostKeys) {
		t.Errorf("HostKeys before cloud-init printed them: %v, want ErrNoHostKeys", err)
	}

	im, err := a.EC2.CreateImage(i.ID, "web-2026-11-22")
	if err != nil || !strings.HasPrefix(im.ID, "ami-") || im.Name != "web-2026-11-22" {
		t.Errorf("CreateImage = %+v, %v", im, err)
	}
	if err := a.EC2.Terminate(i.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.EC2.Instance(i.ID); got.State != "shutting-down" {
		t.Errorf("after Terminate, state = %q", got.State)
	}

	err = a.EC2.Terminate("i-0000000000000dead")
	var ae *aws.Error
	if !errors.As(err, &ae) || ae.Code != "InvalidInstanceID.NotFound" || ae.RequestID == "" || !errors.Is(err, aws.ErrNotFound) {
		t.Fatalf("Terminate unknown: %v", err)
	}
	for _, want := range []string{"aws ec2 terminate-instances i-0000000000000dead", "InvalidInstanceID.NotFound", "The instance ID 'i-0000000000000dead' does not exist", "request id " + ae.RequestID} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestIdentity(t *testing.T) {
	a, _ := ec2Session(t)
	if got := a.Describe().Account; got != "" {
		t.Errorf("account known before any call: %q", got)
	}
	id, err := a.Identity()
	if err != nil {
		t.Fatal(err)
	}
	if id.Account != "123456789012" || id.ARN != "arn:aws:iam::123456789012:user/Alice" || id.UserID != "AIDACKCEVSQ6C2EXAMPLE" {
		t.Errorf("Identity = %+v", id)
	}
	if got := a.Describe().Account; got != "123456789012" {
		t.Errorf("Describe().Account after Identity = %q", got)
	}
}

func TestWrongSecretRejectedByEC2AndSTS(t *testing.T) {
	_, f := ec2Session(t)
	a, err := aws.Session(aws.Endpoint(f.URL), aws.Credentials("AKIDEXAMPLE", "not-the-secret"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Identity(); !errors.Is(err, aws.ErrAccessDenied) || !strings.Contains(err.Error(), "SignatureDoesNotMatch") {
		t.Errorf("Identity with a wrong secret: %v", err)
	}
	b, _ := aws.Session(aws.Endpoint(f.URL), aws.Credentials("AKIDUNKNOWN", "x"))
	if _, err := b.EC2.Instances(); !errors.Is(err, aws.ErrAccessDenied) || !strings.Contains(err.Error(), "AuthFailure") {
		t.Errorf("Instances with an unknown key: %v", err)
	}
}

func TestAssumeRoleWithSAML(t *testing.T) {
	a, f := ec2Session(t)
	const role = "arn:aws:iam::210987654321:role/TestSaml"
	const principal = "arn:aws:iam::210987654321:saml-provider/SAML-test"
	assertion := "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiPi4uLjwvc2FtbHA6UmVzcG9uc2U+"
	f.AcceptSAML(assertion, role)
	b, err := a.AssumeRoleWithSAML(role, principal, assertion, aws.Duration(15*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	info := b.Describe()
	if info.Account != "210987654321" || info.Role != role || time.Until(info.Expires) > 16*time.Minute {
		t.Errorf("Describe = %+v", info)
	}
	id, err := b.Identity()
	if err != nil {
		t.Fatal(err)
	}
	if id.ARN != "arn:aws:sts::210987654321:assumed-role/TestSaml/SamlExample" {
		t.Errorf("Identity = %+v", id)
	}
	if _, err := a.AssumeRoleWithSAML(role, principal, "forged"); err == nil || !strings.Contains(err.Error(), "InvalidIdentityToken") {
		t.Errorf("forged assertion: %v", err)
	}
}
