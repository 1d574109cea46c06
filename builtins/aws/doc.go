// Package aws is opsh's AWS console: STS, EC2 and S3 through small calls
// that read well at the prompt, on aws-sdk-go-v2, connected the way the AWS
// CLI connects.
//
// # Sessions
//
// Session resolves credentials and region with the standard chain:
// AWS_ACCESS_KEY_ID and friends, AWS_PROFILE, ~/.aws/config and
// ~/.aws/credentials, profiles with role_arn or sso_session (run `aws sso
// login` first), web identity, the instance role. Options override it:
//
//	a, err := aws.Session()
//	a, err := aws.Session(aws.Profile("prod"), aws.Region("us-west-2"))
//	a, err := aws.Session(aws.Endpoint("http://127.0.0.1:9000"))   // MinIO
//	a.Identity()                     // account, ARN, user id
//	a.Describe()                     // account (once known), region, endpoint; no call
//
// Temporary credentials for a role, or from a SAML assertion, come as a new
// session; AssumeRole's renew themselves before they expire:
//
//	b, err := a.AssumeRole("arn:aws:iam::123456789012:role/ops",
//		aws.SessionName("alice-ticket-42"), aws.Duration(time.Hour))
//	b, err := a.AssumeRoleWithSAML(roleARN, principalARN, assertion)
//
// # EC2
//
// Lists come back whole (every page) as values that display as tables:
//
//	a.EC2.Instances(aws.Filter("tag:Name", "web-*"))
//	a.EC2.Images(aws.Filter("product-code", "aw0evgkw8e5c1q413zgy5pjce"))
//	i, err := a.EC2.Run(aws.Instance{AMI: "ami-…", Type: "t2.micro", KeyName: "ops", SecurityGroups: []string{"sg-…"}})
//	i, err = a.EC2.Wait(i.ID, "running")
//	a.EC2.ConsoleOutput(i.ID)
//	a.EC2.HostKeys(i.ID)             // known_hosts lines from the boot console
//	a.EC2.ImportKeyPair("ops", pubKey)
//	a.EC2.CreateImage(i.ID, "web-2026-11-22")
//	a.EC2.Terminate(i.ID)
//
// HostKeys answers the "trust on first use" problem of fresh machines: the
// host keys cloud-init prints at first boot, read through the EC2 API, feed
// the SSH client's known_hosts, so the first connection is checked.
//
// # S3
//
//	a.S3.Buckets()
//	err = a.S3.CreateBucket("bucket")
//	a.S3.List("bucket", "prefix/")   // pages fetched as read; a table
//	data, err := a.S3.Get("bucket", "key")
//	err = a.S3.Put("bucket", "key", data)
//	a.S3.Upload("bucket", "key", "video.mp4")    // multipart, parallel, bounded memory, progress
//	a.S3.Download("bucket", "key", "video.mp4")
//	a.S3.PresignGet("bucket", "key", 15*time.Minute)
//	a.S3.PresignPost("bucket", "key", 15*time.Minute, aws.MaxSize(10<<20))
//	a.S3.Delete("bucket", "key")
//
// # Signing other AWS APIs
//
// Signer signs any HTTP request with Signature Version 4, for the AWS APIs
// opsh has no wrapper for (API Gateway, OpenSearch):
//
//	s.Auth(aws.Signer(a, "execute-api"))
//
// # Secrets and errors
//
// Credentials never display: a session shows its account, region and
// endpoint, and every key it uses is registered as a secret, so
// transcripts and history mask it even when printed on purpose. Errors
// answered by AWS are *Error values showing the operation, AWS's code and
// message and the request ID; errors.Is(err, aws.ErrNotFound) and
// aws.ErrAccessDenied test the common cases.
//
// Every call runs under the running cell's context (Ctrl-C stops it);
// a.WithContext(ctx) gives library users their own. The sessions that made
// a call are listed by Used, for the REPL's :session and the transcript
// header.
package aws
