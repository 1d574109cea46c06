package aws

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/logging"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/redact"
)

// Client is an AWS session, as Session returns it: credentials, region and
// endpoint for one account, resolved the way the AWS CLI resolves them. Its
// EC2 and S3 fields hold the calls of those services. A Client never shows
// its credentials; Display and Describe show the account, region and
// endpoint.
type Client struct {
	// EC2 is the Elastic Compute Cloud API: instances, images, key pairs.
	EC2 *EC2
	// S3 is the Simple Storage Service API: buckets and objects.
	S3 *S3

	ctx    context.Context // nil: the running cell's context
	shared *shared
}

// shared is what a Client and its WithContext copies have in common.
type shared struct {
	id       uint64 // key of the SDK clients in sdkClients
	region   string
	profile  string
	endpoint string // as given or configured; "" for AWS's own
	role     string // the assumed role's ARN, for sessions from AssumeRole
	now      func() time.Time

	credSource string // where the keys come from, as known at Session
	s3Endpoint string // the S3 endpoint when S3's own setting names one

	mu      sync.Mutex
	account string
	// identityAsked, refused: the account was asked of STS and told to
	// the session, which may have refused it (target.go); identityMu
	// holds a session's first calls until then.
	identityAsked bool
	refused       error
	identityMu    sync.Mutex
	expires       time.Time
	used          bool
	credFrom      string
}

// sdk holds a session's SDK configuration and clients. It lives in the
// sdkClients table, not in Client: yaegi's symbol table makes every type
// reachable from Client's fields visible to reflection, and the linker
// then keeps every method of those types (all 800 of the EC2 client's,
// ~40 MB). Kept out of reach, only the operations called are linked in.
type sdk struct {
	mu      sync.Mutex
	cfg     sdkaws.Config
	ec2     *ec2.Client
	s3      *s3.Client
	presign *s3.PresignClient
	sts     *sts.Client
}

var (
	sdkMu      sync.Mutex
	sdkNextID  uint64
	sdkClients = map[uint64]*sdk{}
)

// sdk returns the session's SDK configuration and clients.
func (sh *shared) sdk() *sdk {
	sdkMu.Lock()
	defer sdkMu.Unlock()
	return sdkClients[sh.id]
}

// Option configures Session.
type Option func(*settings)

type settings struct {
	profile, region, endpoint string
	creds                     sdkaws.CredentialsProvider
	ctx                       context.Context
	err                       error
}

// Profile selects a named profile from ~/.aws/config and
// ~/.aws/credentials, as AWS_PROFILE or --profile do.
func Profile(name string) Option { return func(s *settings) { s.profile = name } }

// Region sets the region (us-west-2), over AWS_REGION and the profile's.
func Region(name string) Option { return func(s *settings) { s.region = name } }

// Endpoint sends every call to url instead of AWS's endpoints: MinIO, a
// VPC endpoint, LocalStack. S3 then uses path-style addressing
// (http://host/bucket/key). AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_S3 are
// honoured without it.
func Endpoint(url string) Option { return func(s *settings) { s.endpoint = url } }

// Credentials uses a fixed access key instead of the credential chain.
// secretKey and the optional session token may be a string, a []byte or a
// secret.Value; they are registered as secrets, so they never display.
func Credentials(accessKeyID string, secretKey any, sessionToken ...any) Option {
	return func(s *settings) {
		key, err := secret.From("aws secret access key", secretKey)
		if err != nil {
			s.err = err
			return
		}
		token := ""
		if len(sessionToken) > 0 {
			t, err := secret.From("aws session token", sessionToken[0])
			if err != nil {
				s.err = err
				return
			}
			token = string(t.Reveal())
		}
		s.creds = credentials.NewStaticCredentialsProvider(accessKeyID, string(key.Reveal()), token)
	}
}

// WithContext is an Option that makes Session load its configuration under
// ctx (for library use; in opsh the running cell's context is used).
func WithContext(ctx context.Context) Option { return func(s *settings) { s.ctx = ctx } }

// Session connects to AWS with the standard credential chain: environment
// (AWS_ACCESS_KEY_ID, AWS_PROFILE, AWS_REGION), the shared config and
// credentials files, profiles with role_arn or sso_session, the SSO cache,
// web identity and the instance role. Options override the chain:
//
//	a, err := aws.Session()
//	a, err := aws.Session(aws.Profile("prod"), aws.Region("us-west-2"))
//	a, err := aws.Session(aws.Endpoint("http://127.0.0.1:9000"))
//
// No call is made to AWS until the session is first used.
func Session(opts ...Option) (*Client, error) {
	var st settings
	for _, o := range opts {
		o(&st)
	}
	if st.err != nil {
		return nil, fmt.Errorf("aws session: %w", st.err)
	}
	ctx := st.ctx
	if ctx == nil {
		ctx = cell.Context()
	}
	var load []func(*config.LoadOptions) error
	if st.profile != "" {
		load = append(load, config.WithSharedConfigProfile(st.profile))
	}
	if st.region != "" {
		load = append(load, config.WithRegion(st.region))
	}
	if st.endpoint != "" {
		if u, err := url.Parse(st.endpoint); err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("aws session: endpoint %q is not a URL like http://127.0.0.1:9000", st.endpoint)
		}
		load = append(load, config.WithBaseEndpoint(st.endpoint))
	}
	if st.creds != nil {
		load = append(load, config.WithCredentialsProvider(st.creds))
	}
	// The SDK logs debug notes (unchecked response checksums) to stderr;
	// errors reach the user as errors.
	load = append(load, config.WithLogger(logging.Nop{}), config.WithRetryer(newRetryer))
	cfg, err := config.LoadDefaultConfig(ctx, load...)
	if err == nil && cfg.BaseEndpoint != nil {
		// The SDK resolves a profile's role_arn before its endpoint_url,
		// so the role would be assumed at AWS's STS: load again, sending
		// AssumeRole to the same endpoint as every other call.
		endpoint := *cfg.BaseEndpoint
		cfg, err = config.LoadDefaultConfig(ctx, append(load, config.WithAssumeRoleCredentialOptions(func(o *stscreds.AssumeRoleOptions) {
			if c, ok := o.Client.(*sts.Client); ok {
				o.Client = sts.New(c.Options(), func(so *sts.Options) { so.BaseEndpoint = &endpoint })
			}
		}))...)
	}
	if err != nil {
		msg := fmt.Errorf("aws session: %w", err)
		if st.profile != "" {
			return nil, fmt.Errorf("%w (Try: check [profile %s] in ~/.aws/config)", msg, st.profile)
		}
		return nil, msg
	}
	endpoint := st.endpoint
	if endpoint == "" && cfg.BaseEndpoint != nil {
		endpoint = *cfg.BaseEndpoint
	}
	if cfg.Region == "" && endpoint != "" {
		// MinIO and other S3-compatible servers take any region; AWS's own
		// default is us-east-1.
		cfg.Region = "us-east-1"
	}
	o := originsOf(ctx, cfg, st)
	a := newSession(cfg, o.profile, endpoint, "")
	a.shared.credSource, a.shared.s3Endpoint = o.creds, o.s3Endpoint
	return a, nil
}

// origins say where a session's settings came from, for Describe.
type origins struct {
	profile    string // the profile in use, "" when none gave anything
	creds      string // where the keys come from, when known before the first call
	s3Endpoint string // AWS_ENDPOINT_URL_S3 or the profile's services s3 endpoint_url
}

// originsOf reads the configuration sources the way the SDK's credential
// chain ranks them: keys given to Session, then a profile named by
// aws.Profile or AWS_PROFILE, then the environment's keys, then the
// shared files' profile.
func originsOf(ctx context.Context, cfg sdkaws.Config, st settings) origins {
	var env config.EnvConfig
	var shared config.SharedConfig
	for _, src := range cfg.ConfigSources {
		switch c := src.(type) {
		case config.EnvConfig:
			env = c
		case config.SharedConfig:
			shared = c
		}
	}
	var o origins
	named := firstOf(st.profile, env.SharedConfigProfile)
	switch {
	case st.creds != nil:
		o.creds, o.profile = "aws.Credentials", named
	case named != "":
		o.creds, o.profile = "profile "+named, named
	case env.Credentials.HasKeys():
		o.creds = "environment (AWS_ACCESS_KEY_ID)"
	default:
		o.profile = shared.Profile
		if shared.Credentials.HasKeys() {
			o.creds = "profile " + shared.Profile
		}
	}
	if e, ok, _ := env.GetServiceBaseEndpoint(ctx, "S3"); ok {
		o.s3Endpoint = e
	} else if e, ok, _ := shared.GetServiceBaseEndpoint(ctx, "S3"); ok {
		o.s3Endpoint = e
	}
	return o
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func newSession(cfg sdkaws.Config, profile, endpoint, role string) *Client {
	sh := &shared{profile: profile, endpoint: endpoint, role: role, region: cfg.Region, now: time.Now}
	if cfg.Credentials != nil {
		cfg.Credentials = &secretCredentials{p: cfg.Credentials, sh: sh}
	}
	cfg.APIOptions = append(cfg.APIOptions[:len(cfg.APIOptions):len(cfg.APIOptions)], accountTarget(sh))
	sdkMu.Lock()
	sdkNextID++
	sh.id = sdkNextID
	sdkClients[sh.id] = &sdk{cfg: cfg}
	sdkMu.Unlock()
	runtime.AddCleanup(sh, func(id uint64) {
		sdkMu.Lock()
		delete(sdkClients, id)
		sdkMu.Unlock()
	}, sh.id)
	return bind(sh, nil)
}

func bind(sh *shared, ctx context.Context) *Client {
	a := &Client{ctx: ctx, shared: sh}
	a.EC2 = &EC2{a: a}
	a.S3 = &S3{a: a}
	return a
}

// WithContext returns a copy of the session whose calls run under ctx
// instead of the running cell's context (for library use, or a deadline).
func (a *Client) WithContext(ctx context.Context) *Client { return bind(a.shared, ctx) }

// context returns the context a call runs under, and marks the session used.
func (a *Client) context() context.Context {
	sh := a.shared
	sh.mu.Lock()
	first := !sh.used
	sh.used = true
	sh.mu.Unlock()
	if first {
		registry.add(a.shared)
		cell.Fact("aws", a.Describe().String())
	}
	if a.ctx != nil {
		return a.ctx
	}
	return cell.Context()
}

// secretCredentials registers every credential it hands out as a secret,
// whatever the source (environment, files, SSO, assumed roles), so that a
// key printed by accident is masked in transcripts and history.
type secretCredentials struct {
	p  sdkaws.CredentialsProvider
	sh *shared
}

func (c *secretCredentials) Retrieve(ctx context.Context) (sdkaws.Credentials, error) {
	cr, err := c.p.Retrieve(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return cr, err
		}
		return cr, fmt.Errorf("%w (Try: aws sso login, AWS_PROFILE, or aws.Session(aws.Credentials(...)))", err)
	}
	redact.Register("aws secret access key", []byte(cr.SecretAccessKey))
	redact.Register("aws session token", []byte(cr.SessionToken))
	c.sh.mu.Lock()
	if c.sh.account == "" && cr.AccountID != "" {
		c.sh.account = cr.AccountID
	}
	if cr.CanExpire {
		c.sh.expires = cr.Expires
	}
	c.sh.credFrom = cr.Source
	if c.sh.credSource == "" && cr.Source != "" {
		c.sh.credSource = cr.Source
	}
	c.sh.mu.Unlock()
	return cr, nil
}

// Info describes a session without its credentials: what opsh shows in
// :session and writes to the transcript header.
type Info struct {
	Account  string    // the account ID, once known (Identity, AssumeRole, SSO)
	Region   string    // the region calls go to
	Endpoint string    // the endpoint URL when not AWS's own
	Profile  string    // the shared-config profile, if one is in use
	Role     string    // the assumed role's ARN, for sessions from AssumeRole
	Expires  time.Time // when temporary credentials expire (zero if they do not)

	// Credentials says where the keys come from: "environment
	// (AWS_ACCESS_KEY_ID)", "profile prod", "aws.Credentials", or, once
	// fetched, the SDK's provider (SSO, web identity, instance role).
	Credentials string
	// S3Endpoint is where S3 calls go when S3's own setting
	// (AWS_ENDPOINT_URL_S3, a profile's services section) names an
	// endpoint.
	S3Endpoint string
}

// String is a one-line summary: "account 123456789012 · region us-west-2".
func (i Info) String() string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+" "+v)
		}
	}
	add("account", i.Account)
	add("region", i.Region)
	add("endpoint", i.Endpoint)
	add("s3 endpoint", i.S3Endpoint)
	add("profile", i.Profile)
	add("credentials", i.Credentials)
	add("role", i.Role)
	if !i.Expires.IsZero() {
		add("expires", i.Expires.UTC().Format(time.RFC3339))
	}
	if len(parts) == 0 {
		return "aws session"
	}
	return strings.Join(parts, " · ")
}

// Display is how the REPL shows Info.
func (i Info) Display() string { return "aws: " + i.String() }

// Describe returns the session's account (if known), region, endpoint and
// profile without calling AWS.
func (a *Client) Describe() Info {
	sh := a.shared
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return Info{Account: sh.account, Region: sh.region, Endpoint: sh.endpoint,
		Profile: sh.profile, Role: sh.role, Expires: sh.expires,
		Credentials: sh.credSource, S3Endpoint: sh.s3Endpoint}
}

// Display is how the REPL shows a session: its description, never its
// credentials.
func (a *Client) Display() string { return "aws session: " + a.Describe().String() }

// String is Display, so printing a session reveals nothing either.
func (a *Client) String() string { return a.Display() }

// GoString is Display, so %#v reveals nothing either.
func (a *Client) GoString() string { return a.Display() }

// registry lists the sessions that have made a call, in order of first use.
var registry sessions

type sessions struct {
	mu   sync.Mutex
	list []*shared
}

func (r *sessions) add(sh *shared) {
	r.mu.Lock()
	r.list = append(r.list, sh)
	r.mu.Unlock()
}

// Used describes every session that has made at least one call, in order
// of first use: what the REPL's :session shows and the transcript header
// records. It makes no call to AWS.
func Used() []Info {
	registry.mu.Lock()
	list := append([]*shared(nil), registry.list...)
	registry.mu.Unlock()
	out := make([]Info, len(list))
	for i, sh := range list {
		out[i] = bind(sh, nil).Describe()
	}
	return out
}

func (a *Client) noteAccount(account string) {
	if account == "" {
		return
	}
	a.shared.mu.Lock()
	known := a.shared.account == account
	a.shared.account = account
	a.shared.mu.Unlock()
	if !known {
		cell.Fact("aws", a.Describe().String())
	}
}

// checkRegion gives a clear error before the SDK's when no region is set.
func (a *Client) checkRegion(op string) error {
	if a.shared.region == "" {
		return fmt.Errorf("%s: %w", op, ErrNoRegion)
	}
	return nil
}

// ErrNoRegion is returned when no region is configured.
var ErrNoRegion = errors.New("no region set (Try: aws.Session(aws.Region(\"us-east-1\")), AWS_REGION, or region in ~/.aws/config)")
