package aws

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"strings"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/opsh/opsh/builtins/secret"
)

func (a *Client) stsClient() *sts.Client {
	c := a.shared.sdk()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sts == nil {
		c.sts = sts.NewFromConfig(c.cfg)
	}
	return c.sts
}

// Identity is who a session's credentials belong to.
type Identity struct {
	Account string // the account ID: 123456789012
	ARN     string // arn:aws:iam::123456789012:user/alice
	UserID  string // the unique ID: AIDA… for a user, AROA…:name for a role
}

// Display shows the identity on one line.
func (i Identity) Display() string {
	return fmt.Sprintf("%s (account %s, user id %s)", i.ARN, i.Account, i.UserID)
}

// Identity asks STS who the session's credentials belong to
// (GetCallerIdentity), which also tells Describe the account.
func (a *Client) Identity() (Identity, error) {
	const op = "aws sts get-caller-identity"
	ctx := a.context()
	if err := a.checkRegion(op); err != nil {
		return Identity{}, err
	}
	out, err := a.stsClient().GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return Identity{}, wrap(op, err)
	}
	id := Identity{Account: sdkaws.ToString(out.Account), ARN: sdkaws.ToString(out.Arn), UserID: sdkaws.ToString(out.UserId)}
	if err := a.reached(id); err != nil {
		return Identity{}, fmt.Errorf("%s: %w", op, err)
	}
	return id, nil
}

// RoleOption configures AssumeRole and AssumeRoleWithSAML.
type RoleOption func(*roleSettings)

type roleSettings struct {
	name       string
	duration   time.Duration
	externalID string
	policy     string
}

// SessionName names the role session (it shows in CloudTrail); the
// default is "opsh-" and the local user name.
func SessionName(name string) RoleOption { return func(r *roleSettings) { r.name = name } }

// Duration is how long the temporary credentials last (15 minutes to the
// role's maximum; AWS's default is one hour).
func Duration(d time.Duration) RoleOption { return func(r *roleSettings) { r.duration = d } }

// ExternalID passes the external ID a third-party role requires.
func ExternalID(id string) RoleOption { return func(r *roleSettings) { r.externalID = id } }

// Policy is a JSON session policy that narrows what the temporary
// credentials may do, below what the role allows.
func Policy(json string) RoleOption { return func(r *roleSettings) { r.policy = json } }

func roleOptions(opts []RoleOption) roleSettings {
	var r roleSettings
	for _, o := range opts {
		o(&r)
	}
	if r.name == "" {
		name := "opsh"
		if u, err := user.Current(); err == nil && u.Username != "" {
			name += "-" + u.Username
		} else if h, err := os.Hostname(); err == nil {
			name += "-" + h
		}
		r.name = sanitizeSessionName(name)
	}
	return r
}

// sanitizeSessionName keeps the characters STS accepts in a session name.
func sanitizeSessionName(s string) string {
	b := []byte(s)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("=,.@-_", c) >= 0
		if !ok {
			b[i] = '_'
		}
	}
	if len(b) > 64 {
		b = b[:64]
	}
	return string(b)
}

// AssumeRole returns a new Session with temporary credentials for roleARN,
// renewed automatically before they expire:
//
//	b, err := a.AssumeRole("arn:aws:iam::123456789012:role/ops",
//		aws.SessionName("alice-ticket-42"), aws.Duration(time.Hour))
//
// The first credentials are fetched now, so a refused role fails here.
func (a *Client) AssumeRole(roleARN string, opts ...RoleOption) (*Client, error) {
	op := "aws sts assume-role " + roleARN
	ctx := a.context()
	if err := a.checkRegion(op); err != nil {
		return nil, err
	}
	r := roleOptions(opts)
	prov := stscreds.NewAssumeRoleProvider(a.stsClient(), roleARN, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = r.name
		if r.duration > 0 {
			o.Duration = r.duration
		}
		if r.externalID != "" {
			o.ExternalID = sdkaws.String(r.externalID)
		}
		if r.policy != "" {
			o.Policy = sdkaws.String(r.policy)
		}
	})
	return a.derive(ctx, op, roleARN, sdkaws.NewCredentialsCache(prov))
}

// AssumeRoleWithSAML trades a SAML assertion from an identity provider
// (base64, as the IdP posts it) for a Session with temporary credentials
// for roleARN; principalARN is the IAM SAML provider. The call itself needs
// no AWS credentials. The assertion may be a string, []byte or
// secret.Value and is treated as a secret.
func (a *Client) AssumeRoleWithSAML(roleARN, principalARN string, assertion any, opts ...RoleOption) (*Client, error) {
	op := "aws sts assume-role-with-saml " + roleARN
	ctx := a.context()
	if err := a.checkRegion(op); err != nil {
		return nil, err
	}
	sv, err := secret.From("saml assertion", assertion)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	r := roleOptions(opts)
	in := &sts.AssumeRoleWithSAMLInput{
		RoleArn:       sdkaws.String(roleARN),
		PrincipalArn:  sdkaws.String(principalARN),
		SAMLAssertion: sdkaws.String(strings.TrimSpace(string(sv.Reveal()))),
	}
	if r.duration > 0 {
		in.DurationSeconds = sdkaws.Int32(int32(r.duration / time.Second))
	}
	if r.policy != "" {
		in.Policy = sdkaws.String(r.policy)
	}
	out, err := a.stsClient().AssumeRoleWithSAML(ctx, in, func(o *sts.Options) {
		o.Credentials = sdkaws.AnonymousCredentials{}
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	c := out.Credentials
	if c == nil {
		return nil, fmt.Errorf("%s: no credentials in the response", op)
	}
	prov := credentials.NewStaticCredentialsProvider(sdkaws.ToString(c.AccessKeyId), sdkaws.ToString(c.SecretAccessKey), sdkaws.ToString(c.SessionToken))
	b, err := a.derive(ctx, op, roleARN, expiring{prov, sdkaws.ToTime(c.Expiration)})
	if err == nil && out.AssumedRoleUser != nil {
		b.noteAccount(accountOf(sdkaws.ToString(out.AssumedRoleUser.Arn)))
	}
	return b, err
}

// expiring is a static provider whose credentials carry their expiry.
type expiring struct {
	p       credentials.StaticCredentialsProvider
	expires time.Time
}

func (e expiring) Retrieve(ctx context.Context) (sdkaws.Credentials, error) {
	c, err := e.p.Retrieve(ctx)
	if err == nil && !e.expires.IsZero() {
		c.CanExpire, c.Expires = true, e.expires
	}
	return c, err
}

// derive makes a Session like a with other credentials, and fetches them
// once so a refusal shows now.
func (a *Client) derive(ctx context.Context, op, roleARN string, creds sdkaws.CredentialsProvider) (*Client, error) {
	cfg := a.shared.sdk().cfg.Copy()
	cfg.Credentials = creds
	b := newSession(cfg, a.shared.profile, a.shared.endpoint, roleARN)
	b.shared.account = accountOf(roleARN)
	b.shared.s3Endpoint = a.shared.s3Endpoint
	b.shared.credSource = strings.TrimPrefix(strings.TrimSuffix(op, " "+roleARN), "aws ") // "sts assume-role"
	b.ctx = a.ctx
	if _, err := b.shared.sdk().cfg.Credentials.Retrieve(ctx); err != nil {
		return nil, wrap(op, err)
	}
	return b, nil
}

// accountOf returns the account field of an ARN
// (arn:aws:iam::123456789012:role/ops).
func accountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) == 6 {
		return parts[4]
	}
	return ""
}
