package aws_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/opsh/opsh/builtins/aws"
)

// The session of an operations notebook: who am I, what runs, where do
// the logs go.
func Example() {
	a, err := aws.Session(aws.Profile("prod"), aws.Region("us-west-2"))
	if err != nil {
		fmt.Println(err)
		return
	}
	id, err := a.Identity()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(id.Display())

	web, err := a.EC2.Instances(aws.Filter("tag:Name", "web-*"), aws.Filter("instance-state-name", "running"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(web.Display())

	if err := a.S3.Upload("backups.example.com", "db/2026-11-22.dump", "/var/backups/db.dump"); err != nil {
		fmt.Println(err)
		return
	}
	url, err := a.S3.PresignGet("backups.example.com", "db/2026-11-22.dump", 15*time.Minute)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(url)
}

// Signing a request to an API Gateway endpoint with the session's
// credentials.
func ExampleSigner() {
	a, err := aws.Session(aws.Region("us-east-1"), aws.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))
	if err != nil {
		fmt.Println(err)
		return
	}
	sign := aws.Signer(a, "execute-api")
	req, _ := http.NewRequest("GET", "https://abc123.execute-api.us-east-1.amazonaws.com/prod/health", nil)
	if err := sign(req); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(req.Header.Get("Authorization")[:42])
	// Output: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20
}

// Temporary credentials from a SAML assertion, as the identity provider
// posted it.
func ExampleClient_AssumeRoleWithSAML() {
	a, err := aws.Session(aws.Region("us-east-1"))
	if err != nil {
		fmt.Println(err)
		return
	}
	assertion := "PHNhbWxwOlJlc3BvbnNlIC4uLg==" // base64, from the IdP's form post
	b, err := a.AssumeRoleWithSAML("arn:aws:iam::123456789012:role/ops",
		"arn:aws:iam::123456789012:saml-provider/corp", assertion, aws.Duration(time.Hour))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b.Describe())
}
