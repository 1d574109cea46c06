package awstest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"golang.org/x/crypto/ssh"
)

// Instance is an instance the fake EC2 server knows.
type Instance struct {
	ID, Name, AMI, Type, State, KeyName string
	PrivateIP, PublicIP, PublicDNS      string
	Zone, Subnet, VPC                   string
	Groups                              []string
	Tags                                map[string]string
	Launch                              time.Time
	UserData                            string // decoded
}

// Image is an image the fake EC2 server knows.
type Image struct {
	ID, Name, State, Owner, Architecture, Description string
	ProductCodes                                      []string
	Created                                           time.Time
}

// User is a set of credentials the fake accepts, and who they belong to.
type User struct {
	AccessKey, SecretKey, SessionToken string
	Account, ARN, UserID               string
}

// EC2Server is a FAKE AWS endpoint for tests: an in-process HTTP server
// speaking the EC2 Query API (DescribeInstances, DescribeImages,
// RunInstances, GetConsoleOutput, ImportKeyPair, CreateImage,
// TerminateInstances) and the STS Query API (GetCallerIdentity,
// AssumeRoleWithSAML), with responses shaped like the examples in AWS's EC2
// and STS API references. Nothing real can emulate EC2 here, so it stands
// in for it. It checks every signed request's SigV4 signature against the
// users it knows (AuthFailure / InvalidClientTokenId / SignatureDoesNotMatch
// otherwise), pages DescribeInstances and DescribeImages every PageSize
// items with NextToken (even without MaxResults, to exercise the clients'
// loops), and answers errors in each API's documented error format.
type EC2Server struct {
	URL      string
	Region   string
	PageSize int

	mu        sync.Mutex
	users     map[string]User
	instances []*Instance
	images    []*Image
	keyPairs  map[string]string // name → fingerprint
	console   map[string]string
	saml      map[string]string // assertion → role ARN
	calls     map[string]int
	seq       int
}

// NewEC2Server starts the fake on 127.0.0.1, stopped when the test ends.
// It knows one user: Account 123456789012, ARN
// arn:aws:iam::123456789012:user/Alice, keys "AKIDEXAMPLE" / Secret.
func NewEC2Server(t testing.TB) *EC2Server {
	s := &EC2Server{Region: "us-east-1", PageSize: 2,
		users: map[string]User{}, keyPairs: map[string]string{}, console: map[string]string{},
		saml: map[string]string{}, calls: map[string]int{}}
	s.AddUser(User{AccessKey: "AKIDEXAMPLE", SecretKey: Secret, Account: "123456789012",
		ARN: "arn:aws:iam::123456789012:user/Alice", UserID: "AIDACKCEVSQ6C2EXAMPLE"})
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	s.URL = hs.URL
	return s
}

// Secret is the secret key of the fake's default user AKIDEXAMPLE.
const Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

// AddUser makes the fake accept u's credentials.
func (s *EC2Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.AccessKey] = u
}

// AddInstance adds an instance (ID, state and launch time filled in when
// empty) and returns its ID.
func (s *EC2Server) AddInstance(i Instance) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addLocked(&i)
	return i.ID
}

func (s *EC2Server) addLocked(i *Instance) {
	s.seq++
	if i.ID == "" {
		i.ID = fmt.Sprintf("i-%017x", 0xabc0000+s.seq)
	}
	if i.State == "" {
		i.State = "running"
	}
	if i.Launch.IsZero() {
		i.Launch = time.Date(2026, 11, 22, 0, 0, s.seq, 0, time.UTC)
	}
	if i.Zone == "" {
		i.Zone = s.Region + "a"
	}
	if i.Tags == nil {
		i.Tags = map[string]string{}
	}
	if i.Name != "" {
		i.Tags["Name"] = i.Name
	}
	s.instances = append(s.instances, i)
}

// AddImage adds an image.
func (s *EC2Server) AddImage(im Image) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if im.State == "" {
		im.State = "available"
	}
	s.images = append(s.images, &im)
}

// SetConsoleOutput sets what GetConsoleOutput returns for an instance.
func (s *EC2Server) SetConsoleOutput(id, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.console[id] = text
}

// AcceptSAML makes AssumeRoleWithSAML trade assertion for credentials of
// roleARN.
func (s *EC2Server) AcceptSAML(assertion, roleARN string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saml[assertion] = roleARN
}

// Calls is how many requests for action the fake has answered.
func (s *EC2Server) Calls(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[action]
}

// Instances returns a copy of the fake's instances.
func (s *EC2Server) Instances() []Instance {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Instance, len(s.instances))
	for i, in := range s.instances {
		out[i] = *in
	}
	return out
}

// KeyPairs returns the imported key pairs' fingerprints by name.
func (s *EC2Server) KeyPairs() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for k, v := range s.keyPairs {
		out[k] = v
	}
	return out
}

type apiError struct {
	status        int
	code, message string
}

func (s *EC2Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	for k, v := range r.URL.Query() {
		form[k] = v
	}
	action := form.Get("Action")
	rid := fmt.Sprintf("%08x-1111-2222-3333-example%05d", time.Now().UnixNano()&0xffffffff, len(body))
	w.Header().Set("x-amzn-RequestId", rid)
	sts := form.Get("Version") == "2011-06-15"

	s.mu.Lock()
	s.calls[action]++
	s.mu.Unlock()

	var user User
	var aerr *apiError
	if action != "AssumeRoleWithSAML" {
		user, aerr = s.authenticate(r, body, sts)
	}
	var out string
	if aerr == nil {
		s.mu.Lock()
		out, aerr = s.handle(action, form, user)
		s.mu.Unlock()
	}
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	if aerr != nil {
		w.WriteHeader(aerr.status)
		if sts {
			fmt.Fprintf(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>`,
				esc(aerr.code), esc(aerr.message), rid)
		} else {
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>%s</RequestID></Response>`,
				esc(aerr.code), esc(aerr.message), rid)
		}
		return
	}
	if sts {
		fmt.Fprintf(w, `<%sResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <%sResult>%s</%sResult>
  <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>
</%sResponse>`, action, action, out, action, rid, action)
		return
	}
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>%s</requestId>%s
</%sResponse>`, action, rid, out, action)
}

// authenticate checks the request's SigV4 signature by signing it again
// with the secret of the access key it names.
func (s *EC2Server) authenticate(r *http.Request, body []byte, sts bool) (User, *apiError) {
	denied := func(code, msg string) (User, *apiError) {
		if sts && code == "AuthFailure" {
			code = "InvalidClientTokenId"
		}
		return User{}, &apiError{403, code, msg}
	}
	auth := r.Header.Get("Authorization")
	const alg = "AWS4-HMAC-SHA256 "
	if !strings.HasPrefix(auth, alg) {
		return denied("AuthFailure", "AWS was not able to validate the provided access credentials")
	}
	parts := map[string]string{}
	for _, p := range strings.Split(auth[len(alg):], ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		parts[k] = v
	}
	scope := strings.Split(parts["Credential"], "/")
	if len(scope) != 5 {
		return denied("AuthFailure", "malformed credential scope")
	}
	s.mu.Lock()
	u, ok := s.users[scope[0]]
	s.mu.Unlock()
	if !ok {
		return denied("AuthFailure", "The security token included in the request is invalid.")
	}
	if u.SessionToken != "" && r.Header.Get("X-Amz-Security-Token") != u.SessionToken {
		return denied("AuthFailure", "The security token included in the request is invalid.")
	}
	at, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return denied("AuthFailure", "missing X-Amz-Date")
	}
	re, _ := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), bytes.NewReader(body))
	re.Host = r.Host
	signed := strings.Split(parts["SignedHeaders"], ";")
	re.ContentLength = 0
	for _, h := range signed {
		switch h {
		case "host":
		case "content-length":
			re.ContentLength = int64(len(body))
		default:
			re.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	sum := sha256.Sum256(body)
	creds := sdkaws.Credentials{AccessKeyID: u.AccessKey, SecretAccessKey: u.SecretKey, SessionToken: u.SessionToken}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, re, hex.EncodeToString(sum[:]), scope[3], scope[2], at); err != nil {
		return denied("AuthFailure", err.Error())
	}
	if !strings.HasSuffix(re.Header.Get("Authorization"), "Signature="+parts["Signature"]) {
		return User{}, &apiError{403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."}
	}
	return u, nil
}

func (s *EC2Server) handle(action string, f url.Values, u User) (string, *apiError) {
	switch action {
	case "GetCallerIdentity":
		return fmt.Sprintf("<Arn>%s</Arn><UserId>%s</UserId><Account>%s</Account>", esc(u.ARN), esc(u.UserID), u.Account), nil
	case "AssumeRoleWithSAML":
		return s.assumeSAML(f)
	case "DescribeInstances":
		return s.describeInstances(f)
	case "DescribeImages":
		return s.describeImages(f)
	case "RunInstances":
		return s.runInstances(f, u)
	case "GetConsoleOutput":
		id := f.Get("InstanceId")
		if s.find(id) == nil {
			return "", notFound(id)
		}
		return fmt.Sprintf("<instanceId>%s</instanceId><timestamp>2026-11-22T00:10:00.000Z</timestamp><output>%s</output>",
			id, base64.StdEncoding.EncodeToString([]byte(s.console[id]))), nil
	case "ImportKeyPair":
		name := f.Get("KeyName")
		material, err := base64.StdEncoding.DecodeString(f.Get("PublicKeyMaterial"))
		if err != nil {
			return "", &apiError{400, "InvalidParameterValue", "PublicKeyMaterial is not base64"}
		}
		pk, _, _, _, err := ssh.ParseAuthorizedKey(material)
		if err != nil {
			return "", &apiError{400, "InvalidKey.Format", "Key is not in valid OpenSSH public key format"}
		}
		if _, dup := s.keyPairs[name]; dup {
			return "", &apiError{400, "InvalidKeyPair.Duplicate", fmt.Sprintf("The keypair '%s' already exists.", name)}
		}
		fp := ssh.FingerprintLegacyMD5(pk)
		s.keyPairs[name] = fp
		return fmt.Sprintf("<keyName>%s</keyName><keyFingerprint>%s</keyFingerprint><keyPairId>key-%016x</keyPairId>", esc(name), fp, len(s.keyPairs)), nil
	case "CreateImage":
		i := s.find(f.Get("InstanceId"))
		if i == nil {
			return "", notFound(f.Get("InstanceId"))
		}
		id := fmt.Sprintf("ami-%017x", 0xfeed000+len(s.images))
		s.images = append(s.images, &Image{ID: id, Name: f.Get("Name"), State: "pending", Owner: u.Account, Architecture: "x86_64", Created: time.Now().UTC()})
		return "<imageId>" + id + "</imageId>", nil
	case "TerminateInstances":
		var b strings.Builder
		b.WriteString("<instancesSet>")
		for _, id := range list(f, "InstanceId") {
			i := s.find(id)
			if i == nil {
				return "", notFound(id)
			}
			prev := i.State
			i.State = "shutting-down"
			fmt.Fprintf(&b, "<item><instanceId>%s</instanceId><currentState><code>32</code><name>shutting-down</name></currentState><previousState><code>%d</code><name>%s</name></previousState></item>",
				id, stateCode(prev), prev)
		}
		b.WriteString("</instancesSet>")
		return b.String(), nil
	}
	return "", &apiError{400, "InvalidAction", fmt.Sprintf("The action %s is not valid for this web service.", action)}
}

func notFound(id string) *apiError {
	return &apiError{400, "InvalidInstanceID.NotFound", fmt.Sprintf("The instance ID '%s' does not exist", id)}
}

func (s *EC2Server) find(id string) *Instance {
	for _, i := range s.instances {
		if i.ID == id {
			return i
		}
	}
	return nil
}

// list reads the Query API's numbered list: Name.1, Name.2, …
func list(f url.Values, name string) []string {
	var out []string
	for n := 1; ; n++ {
		v, ok := f[name+"."+strconv.Itoa(n)]
		if !ok {
			return out
		}
		out = append(out, v[0])
	}
}

type filter struct {
	name   string
	values []string
}

func filtersOf(f url.Values) []filter {
	var out []filter
	for n := 1; ; n++ {
		p := "Filter." + strconv.Itoa(n)
		name := f.Get(p + ".Name")
		if name == "" {
			return out
		}
		out = append(out, filter{name, list(f, p+".Value")})
	}
}

func matchAny(patterns []string, v string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, v); ok {
			return true
		}
	}
	return false
}

func (s *EC2Server) page(f url.Values, n int) (start, end int, next string, aerr *apiError) {
	size := s.PageSize
	if m, err := strconv.Atoi(f.Get("MaxResults")); err == nil && m > 0 {
		size = m
	}
	if tok := f.Get("NextToken"); tok != "" {
		b, err := base64.StdEncoding.DecodeString(tok)
		if err != nil {
			return 0, 0, "", &apiError{400, "InvalidParameterValue", "Invalid value '" + tok + "' for nextToken"}
		}
		start, _ = strconv.Atoi(string(b))
	}
	end = min(start+size, n)
	if size <= 0 {
		end = n
	}
	if end < n {
		next = base64.StdEncoding.EncodeToString([]byte(strconv.Itoa(end)))
	}
	return start, end, next, nil
}

func (s *EC2Server) describeInstances(f url.Values) (string, *apiError) {
	ids := list(f, "InstanceId")
	var match []*Instance
	for _, id := range ids {
		if s.find(id) == nil {
			return "", notFound(id)
		}
	}
	for _, i := range s.instances {
		if len(ids) > 0 && !matchAny(ids, i.ID) {
			continue
		}
		ok := true
		for _, fl := range filtersOf(f) {
			var v string
			switch {
			case strings.HasPrefix(fl.name, "tag:"):
				v = i.Tags[strings.TrimPrefix(fl.name, "tag:")]
			case fl.name == "instance-state-name":
				v = i.State
			case fl.name == "instance-id":
				v = i.ID
			case fl.name == "instance-type":
				v = i.Type
			case fl.name == "image-id":
				v = i.AMI
			case fl.name == "key-name":
				v = i.KeyName
			default:
				return "", &apiError{400, "InvalidParameterValue", fmt.Sprintf("The filter '%s' is invalid", fl.name)}
			}
			if !matchAny(fl.values, v) {
				ok = false
			}
		}
		if ok {
			match = append(match, i)
		}
	}
	start, end, next, aerr := s.page(f, len(match))
	if aerr != nil {
		return "", aerr
	}
	var b strings.Builder
	b.WriteString("<reservationSet>")
	for _, i := range match[start:end] {
		fmt.Fprintf(&b, "<item><reservationId>r-%s</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>%s</instancesSet></item>",
			strings.TrimPrefix(i.ID, "i-"), instanceXML(i))
		if i.State == "pending" {
			i.State = "running" // it booted while the client looked
		}
	}
	b.WriteString("</reservationSet>")
	if next != "" {
		b.WriteString("<nextToken>" + next + "</nextToken>")
	}
	return b.String(), nil
}

func stateCode(state string) int {
	return map[string]int{"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}[state]
}

func instanceXML(i *Instance) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<item><instanceId>%s</instanceId><imageId>%s</imageId><instanceState><code>%d</code><name>%s</name></instanceState>",
		i.ID, esc(i.AMI), stateCode(i.State), i.State)
	fmt.Fprintf(&b, "<privateDnsName>ip-%s.ec2.internal</privateDnsName><dnsName>%s</dnsName>", strings.ReplaceAll(i.PrivateIP, ".", "-"), esc(i.PublicDNS))
	if i.KeyName != "" {
		fmt.Fprintf(&b, "<keyName>%s</keyName>", esc(i.KeyName))
	}
	fmt.Fprintf(&b, "<amiLaunchIndex>0</amiLaunchIndex><instanceType>%s</instanceType><launchTime>%s</launchTime>",
		esc(i.Type), i.Launch.UTC().Format("2006-01-02T15:04:05.000Z"))
	fmt.Fprintf(&b, "<placement><availabilityZone>%s</availabilityZone><groupName/><tenancy>default</tenancy></placement>", esc(i.Zone))
	if i.Subnet != "" {
		fmt.Fprintf(&b, "<subnetId>%s</subnetId>", esc(i.Subnet))
	}
	if i.VPC != "" {
		fmt.Fprintf(&b, "<vpcId>%s</vpcId>", esc(i.VPC))
	}
	if i.PrivateIP != "" {
		fmt.Fprintf(&b, "<privateIpAddress>%s</privateIpAddress>", i.PrivateIP)
	}
	if i.PublicIP != "" {
		fmt.Fprintf(&b, "<ipAddress>%s</ipAddress>", i.PublicIP)
	}
	b.WriteString("<groupSet>")
	for _, g := range i.Groups {
		fmt.Fprintf(&b, "<item><groupId>%s</groupId><groupName>%s</groupName></item>", esc(g), esc(g))
	}
	b.WriteString("</groupSet>")
	if len(i.Tags) > 0 {
		keys := make([]string, 0, len(i.Tags))
		for k := range i.Tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("<tagSet>")
		for _, k := range keys {
			fmt.Fprintf(&b, "<item><key>%s</key><value>%s</value></item>", esc(k), esc(i.Tags[k]))
		}
		b.WriteString("</tagSet>")
	}
	b.WriteString("</item>")
	return b.String()
}

func (s *EC2Server) describeImages(f url.Values) (string, *apiError) {
	var match []*Image
	for _, im := range s.images {
		ok := true
		for _, fl := range filtersOf(f) {
			var vs []string
			switch fl.name {
			case "product-code":
				vs = im.ProductCodes
			case "name":
				vs = []string{im.Name}
			case "image-id":
				vs = []string{im.ID}
			case "owner-id":
				vs = []string{im.Owner}
			case "state":
				vs = []string{im.State}
			case "architecture":
				vs = []string{im.Architecture}
			default:
				return "", &apiError{400, "InvalidParameterValue", fmt.Sprintf("The filter '%s' is invalid", fl.name)}
			}
			any := false
			for _, v := range vs {
				any = any || matchAny(fl.values, v)
			}
			ok = ok && any
		}
		if ok {
			match = append(match, im)
		}
	}
	start, end, next, aerr := s.page(f, len(match))
	if aerr != nil {
		return "", aerr
	}
	var b strings.Builder
	b.WriteString("<imagesSet>")
	for _, im := range match[start:end] {
		fmt.Fprintf(&b, "<item><imageId>%s</imageId><imageLocation>%s/%s</imageLocation><imageState>%s</imageState><imageOwnerId>%s</imageOwnerId><creationDate>%s</creationDate><isPublic>false</isPublic>",
			im.ID, im.Owner, esc(im.Name), im.State, im.Owner, im.Created.UTC().Format("2006-01-02T15:04:05.000Z"))
		if len(im.ProductCodes) > 0 {
			b.WriteString("<productCodes>")
			for _, pc := range im.ProductCodes {
				fmt.Fprintf(&b, "<item><productCode>%s</productCode><type>marketplace</type></item>", esc(pc))
			}
			b.WriteString("</productCodes>")
		}
		fmt.Fprintf(&b, "<architecture>%s</architecture><imageType>machine</imageType><name>%s</name><description>%s</description><rootDeviceType>ebs</rootDeviceType></item>",
			esc(im.Architecture), esc(im.Name), esc(im.Description))
	}
	b.WriteString("</imagesSet>")
	if next != "" {
		b.WriteString("<nextToken>" + next + "</nextToken>")
	}
	return b.String(), nil
}

func (s *EC2Server) runInstances(f url.Values, u User) (string, *apiError) {
	if f.Get("MinCount") != "1" || f.Get("MaxCount") != "1" {
		return "", &apiError{400, "InvalidParameterValue", "this fake starts one instance at a time"}
	}
	ami := f.Get("ImageId")
	found := false
	for _, im := range s.images {
		found = found || im.ID == ami
	}
	if !found {
		return "", &apiError{400, "InvalidAMIID.NotFound", fmt.Sprintf("The image id '[%s]' does not exist", ami)}
	}
	n := len(s.instances) + 10
	i := &Instance{AMI: ami, Type: f.Get("InstanceType"), KeyName: f.Get("KeyName"), State: "pending",
		Groups: list(f, "SecurityGroupId"), Subnet: f.Get("SubnetId"), VPC: "vpc-1a2b3c4d",
		PrivateIP: fmt.Sprintf("10.0.0.%d", n), PublicIP: fmt.Sprintf("54.0.0.%d", n),
		PublicDNS: fmt.Sprintf("ec2-54-0-0-%d.compute-1.amazonaws.com", n), Tags: map[string]string{},
		Launch: time.Now().UTC().Truncate(time.Second)}
	if i.Type == "" {
		i.Type = "m1.small"
	}
	if ud := f.Get("UserData"); ud != "" {
		b, _ := base64.StdEncoding.DecodeString(ud)
		i.UserData = string(b)
	}
	for n := 1; ; n++ {
		p := "TagSpecification.1.Tag." + strconv.Itoa(n)
		k := f.Get(p + ".Key")
		if k == "" {
			break
		}
		i.Tags[k] = f.Get(p + ".Value")
	}
	i.Name = i.Tags["Name"]
	s.addLocked(i)
	return fmt.Sprintf("<reservationId>r-%s</reservationId><ownerId>%s</ownerId><groupSet/><instancesSet>%s</instancesSet>",
		strings.TrimPrefix(i.ID, "i-"), u.Account, instanceXML(i)), nil
}

func (s *EC2Server) assumeSAML(f url.Values) (string, *apiError) {
	role, ok := s.saml[f.Get("SAMLAssertion")]
	if !ok || role != f.Get("RoleArn") {
		return "", &apiError{400, "InvalidIdentityToken", "Specified provider doesn't exist or the SAML assertion is invalid."}
	}
	s.seq++
	account := strings.Split(role, ":")[4]
	roleName := role[strings.LastIndex(role, "/")+1:]
	u := User{
		AccessKey:    fmt.Sprintf("ASIAV3ZUEFP6EXAMPL%02d", s.seq%100),
		SecretKey:    fmt.Sprintf("8P+SQvWIuLnKhh8d++jpw0nNmQRBZvNEXAMPL%03d", s.seq%1000),
		SessionToken: fmt.Sprintf("IQoJb3JpZ2luX2VjEOz////////////////////wEXAMPLE%d", s.seq),
		Account:      account,
		ARN:          fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/SamlExample", account, roleName),
		UserID:       "ARO456EXAMPLE789:SamlExample",
	}
	s.users[u.AccessKey] = u
	dur := 3600
	if d, err := strconv.Atoi(f.Get("DurationSeconds")); err == nil {
		dur = d
	}
	exp := time.Now().Add(time.Duration(dur) * time.Second).UTC().Format(time.RFC3339)
	return fmt.Sprintf(`<Issuer>https://integ.example.com/idp/shibboleth</Issuer>
<AssumedRoleUser><Arn>%s</Arn><AssumedRoleId>%s</AssumedRoleId></AssumedRoleUser>
<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey><SessionToken>%s</SessionToken><Expiration>%s</Expiration></Credentials>
<Audience>https://signin.aws.amazon.com/saml</Audience><SubjectType>transient</SubjectType><PackedPolicySize>6</PackedPolicySize>
<NameQualifier>SbdGOnUkh1i4+EXAMPLExL/jEvs=</NameQualifier><Subject>SamlExample</Subject>`,
		esc(u.ARN), esc(u.UserID), u.AccessKey, esc(u.SecretKey), esc(u.SessionToken), exp), nil
}

func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
