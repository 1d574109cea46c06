package aws

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/builtins/internal/table"
	"github.com/opsh/opsh/internal/readonly"
)

// EC2 holds a session's Elastic Compute Cloud calls. Lists come back whole
// (every page, following NextToken) as compiled values that display as
// tables.
type EC2 struct{ a *Client }

func (e *EC2) client() *ec2.Client {
	c := e.a.shared.sdk()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ec2 == nil {
		c.ec2 = ec2.NewFromConfig(c.cfg)
	}
	return c.ec2
}

// Match is one EC2 filter: a name (tag:Name, instance-state-name,
// product-code) and the values it accepts, where * and ? are wildcards.
type Match struct {
	Name   string
	Values []string
}

// Filter makes a Match: aws.Filter("tag:Name", "web-*"),
// aws.Filter("instance-state-name", "running", "stopped").
func Filter(name string, values ...string) Match { return Match{Name: name, Values: values} }

func filters(ms []Match) []types.Filter {
	var out []types.Filter
	for _, m := range ms {
		out = append(out, types.Filter{Name: sdkaws.String(m.Name), Values: m.Values})
	}
	return out
}

// Instance is an EC2 instance. Instances and Run fill it in; Run reads the
// fields that say what to start (AMI, Type, KeyName, SecurityGroups,
// Subnet, Name, Tags, UserData).
type Instance struct {
	ID             string            // i-0123456789abcdef0
	Name           string            // the Name tag
	AMI            string            // the image it runs: ami-…
	Type           string            // t2.micro
	State          string            // pending, running, stopping, stopped, terminated
	KeyName        string            // the key pair for SSH
	SecurityGroups []string          // security group IDs: sg-…
	Subnet         string            // subnet-…
	VPC            string            // vpc-…
	Zone           string            // availability zone: us-west-2a
	PrivateIP      string            // 10.0.1.5
	PublicIP       string            // 54.1.2.3, empty without one
	PublicDNS      string            // ec2-54-1-2-3.us-west-2.compute.amazonaws.com
	LaunchTime     time.Time         // when it started
	Tags           map[string]string // every tag, Name included
	UserData       string            // for Run: the cloud-init user data (plain text)
}

// Display shows the instance's main fields, one per line.
func (i Instance) Display() string {
	var b strings.Builder
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%-10s %s\n", k, v)
		}
	}
	row("id", i.ID)
	row("name", i.Name)
	row("state", i.State)
	row("type", i.Type)
	row("ami", i.AMI)
	row("key", i.KeyName)
	row("groups", strings.Join(i.SecurityGroups, ", "))
	row("zone", i.Zone)
	row("private", i.PrivateIP)
	row("public", i.PublicIP)
	row("dns", i.PublicDNS)
	if !i.LaunchTime.IsZero() {
		row("launched", i.LaunchTime.UTC().Format(time.RFC3339))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Instances is a list of instances; it displays as a table.
type Instances []Instance

// Display shows a table: id, name, type, state, private and public IP,
// launch time.
func (is Instances) Display() string {
	t := table.New("ID", "NAME", "TYPE", "STATE", "PRIVATE IP", "PUBLIC IP", "LAUNCHED")
	for _, i := range is {
		launched := ""
		if !i.LaunchTime.IsZero() {
			launched = i.LaunchTime.UTC().Format("2006-01-02 15:04")
		}
		t.Add(i.ID, i.Name, i.Type, i.State, i.PrivateIP, i.PublicIP, launched)
	}
	return t.String()
}

// IDs returns the instances' IDs.
func (is Instances) IDs() []string {
	out := make([]string, len(is))
	for n, i := range is {
		out[n] = i.ID
	}
	return out
}

func instanceOf(in types.Instance) Instance {
	i := Instance{
		ID:         sdkaws.ToString(in.InstanceId),
		AMI:        sdkaws.ToString(in.ImageId),
		Type:       string(in.InstanceType),
		KeyName:    sdkaws.ToString(in.KeyName),
		Subnet:     sdkaws.ToString(in.SubnetId),
		VPC:        sdkaws.ToString(in.VpcId),
		PrivateIP:  sdkaws.ToString(in.PrivateIpAddress),
		PublicIP:   sdkaws.ToString(in.PublicIpAddress),
		PublicDNS:  sdkaws.ToString(in.PublicDnsName),
		LaunchTime: sdkaws.ToTime(in.LaunchTime),
	}
	if in.State != nil {
		i.State = string(in.State.Name)
	}
	if in.Placement != nil {
		i.Zone = sdkaws.ToString(in.Placement.AvailabilityZone)
	}
	for _, g := range in.SecurityGroups {
		i.SecurityGroups = append(i.SecurityGroups, sdkaws.ToString(g.GroupId))
	}
	if len(in.Tags) > 0 {
		i.Tags = map[string]string{}
		for _, t := range in.Tags {
			i.Tags[sdkaws.ToString(t.Key)] = sdkaws.ToString(t.Value)
		}
		i.Name = i.Tags["Name"]
	}
	return i
}

// Instances lists the instances that match every filter, across all
// pages: a.EC2.Instances(aws.Filter("tag:Name", "web-*")).
func (e *EC2) Instances(filter ...Match) (Instances, error) {
	return e.describe("aws ec2 describe-instances", &ec2.DescribeInstancesInput{Filters: filters(filter)})
}

// Instance returns one instance by ID.
func (e *EC2) Instance(id string) (Instance, error) {
	is, err := e.describe("aws ec2 describe-instances "+id, &ec2.DescribeInstancesInput{InstanceIds: []string{id}})
	if err != nil {
		return Instance{}, err
	}
	if len(is) == 0 {
		return Instance{}, &Error{Op: "aws ec2 describe-instances " + id, Code: "InvalidInstanceID.NotFound",
			Message: fmt.Sprintf("the instance ID '%s' does not exist", id)}
	}
	return is[0], nil
}

func (e *EC2) describe(op string, in *ec2.DescribeInstancesInput) (Instances, error) {
	ctx := e.a.context()
	if err := e.a.checkRegion(op); err != nil {
		return nil, err
	}
	c := e.client()
	out := Instances{}
	for {
		page, err := c.DescribeInstances(ctx, in)
		if err != nil {
			return nil, wrap(op, err)
		}
		for _, r := range page.Reservations {
			for _, i := range r.Instances {
				out = append(out, instanceOf(i))
			}
		}
		if sdkaws.ToString(page.NextToken) == "" {
			return out, nil
		}
		in.NextToken = page.NextToken
	}
}

// Image is an Amazon Machine Image.
type Image struct {
	ID           string    // ami-…
	Name         string    // the image's name
	State        string    // pending, available, failed
	Owner        string    // the owner's account ID
	Architecture string    // x86_64, arm64
	Created      time.Time // creation date
	Description  string    // the owner's description
	Public       bool      // whether every account may launch it
}

// Images is a list of images; it displays as a table.
type Images []Image

// Display shows a table: id, name, state, architecture, created, owner.
func (is Images) Display() string {
	t := table.New("ID", "NAME", "STATE", "ARCH", "CREATED", "OWNER")
	for _, i := range is {
		created := ""
		if !i.Created.IsZero() {
			created = i.Created.UTC().Format("2006-01-02 15:04")
		}
		t.Add(i.ID, i.Name, i.State, i.Architecture, created, i.Owner)
	}
	return t.String()
}

// Display shows the image on one line.
func (i Image) Display() string {
	return fmt.Sprintf("%s %s (%s)", i.ID, i.Name, i.State)
}

// Images lists the images that match every filter, across all pages,
// newest first: a.EC2.Images(aws.Filter("product-code", "aw0evgkw8e5c1q413zgy5pjce")).
// Without an owner filter it searches every public image too.
func (e *EC2) Images(filter ...Match) (Images, error) {
	const op = "aws ec2 describe-images"
	ctx := e.a.context()
	if err := e.a.checkRegion(op); err != nil {
		return nil, err
	}
	c := e.client()
	in := &ec2.DescribeImagesInput{Filters: filters(filter)}
	out := Images{}
	for {
		page, err := c.DescribeImages(ctx, in)
		if err != nil {
			return nil, wrap(op, err)
		}
		for _, im := range page.Images {
			created, _ := time.Parse(time.RFC3339, sdkaws.ToString(im.CreationDate))
			out = append(out, Image{
				ID: sdkaws.ToString(im.ImageId), Name: sdkaws.ToString(im.Name), State: string(im.State),
				Owner: sdkaws.ToString(im.OwnerId), Architecture: string(im.Architecture), Created: created,
				Description: sdkaws.ToString(im.Description), Public: sdkaws.ToBool(im.Public),
			})
		}
		if sdkaws.ToString(page.NextToken) == "" {
			break
		}
		in.NextToken = page.NextToken
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.After(out[j].Created) })
	return out, nil
}

// Run starts one instance as spec says and returns it as EC2 reports it
// (usually still pending; Wait for it to run):
//
//	i, err := a.EC2.Run(aws.Instance{AMI: "ami-…", Type: "t2.micro", KeyName: "ops", SecurityGroups: []string{"sg-…"}})
func (e *EC2) Run(spec Instance) (Instance, error) {
	if err := refuse("EC2.Run", spec.AMI, spec.Type); err != nil {
		return Instance{}, err
	}
	const op = "aws ec2 run-instances"
	ctx := e.a.context()
	if err := e.a.checkRegion(op); err != nil {
		return Instance{}, err
	}
	if spec.AMI == "" {
		return Instance{}, fmt.Errorf("%s: no AMI given (Try: aws.Instance{AMI: \"ami-…\", Type: \"t2.micro\"})", op)
	}
	in := &ec2.RunInstancesInput{
		ImageId:  sdkaws.String(spec.AMI),
		MinCount: sdkaws.Int32(1),
		MaxCount: sdkaws.Int32(1),
	}
	if spec.Type != "" {
		in.InstanceType = types.InstanceType(spec.Type)
	}
	if spec.KeyName != "" {
		in.KeyName = sdkaws.String(spec.KeyName)
	}
	in.SecurityGroupIds = spec.SecurityGroups
	if spec.Subnet != "" {
		in.SubnetId = sdkaws.String(spec.Subnet)
	}
	if spec.Zone != "" {
		in.Placement = &types.Placement{AvailabilityZone: sdkaws.String(spec.Zone)}
	}
	if spec.UserData != "" {
		in.UserData = sdkaws.String(base64.StdEncoding.EncodeToString([]byte(spec.UserData)))
	}
	tags := map[string]string{}
	for k, v := range spec.Tags {
		tags[k] = v
	}
	if spec.Name != "" {
		tags["Name"] = spec.Name
	}
	if len(tags) > 0 {
		keys := make([]string, 0, len(tags))
		for k := range tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		ts := types.TagSpecification{ResourceType: types.ResourceTypeInstance}
		for _, k := range keys {
			ts.Tags = append(ts.Tags, types.Tag{Key: sdkaws.String(k), Value: sdkaws.String(tags[k])})
		}
		in.TagSpecifications = []types.TagSpecification{ts}
	}
	out, err := e.client().RunInstances(ctx, in)
	if err != nil {
		return Instance{}, wrap(op, err)
	}
	if len(out.Instances) == 0 {
		return Instance{}, fmt.Errorf("%s: EC2 started no instance", op)
	}
	return instanceOf(out.Instances[0]), nil
}

// Wait polls the instance every few seconds until it reaches state
// (running, stopped, terminated) and returns it; Ctrl-C stops waiting.
func (e *EC2) Wait(id, state string) (Instance, error) {
	ctx := e.a.context()
	delay := 500 * time.Millisecond
	for {
		i, err := e.Instance(id)
		if err != nil {
			return Instance{}, err
		}
		if i.State == state {
			return i, nil
		}
		if i.State == "terminated" {
			return i, fmt.Errorf("aws ec2 wait %s %s: the instance is terminated", id, state)
		}
		select {
		case <-ctx.Done():
			return i, fmt.Errorf("aws ec2 wait %s %s: %w", id, state, ctx.Err())
		case <-time.After(delay):
		}
		if delay < 5*time.Second {
			delay *= 2
		}
	}
}

// ConsoleOutput returns the instance's console output (what it printed
// while booting), decoded.
func (e *EC2) ConsoleOutput(id string) (string, error) {
	op := "aws ec2 get-console-output " + id
	ctx := e.a.context()
	if err := e.a.checkRegion(op); err != nil {
		return "", err
	}
	out, err := e.client().GetConsoleOutput(ctx, &ec2.GetConsoleOutputInput{InstanceId: sdkaws.String(id)})
	if err != nil {
		return "", wrap(op, err)
	}
	b, err := base64.StdEncoding.DecodeString(sdkaws.ToString(out.Output))
	if err != nil {
		return "", fmt.Errorf("%s: decode output: %w", op, err)
	}
	return string(b), nil
}

const (
	hostKeysBegin = "-----BEGIN SSH HOST KEY KEYS-----"
	hostKeysEnd   = "-----END SSH HOST KEY KEYS-----"
)

// HostKeys reads the SSH host keys cloud-init prints to the console at
// first boot and returns them as known_hosts lines for the instance's
// public DNS name, public and private IPs, so the first SSH connection is
// checked instead of trusted. It fails with ErrNoHostKeys when the console
// does not show them (yet: the console output lags the boot by minutes).
func (e *EC2) HostKeys(id string) ([]string, error) {
	op := "aws ec2 host-keys " + id
	i, err := e.Instance(id)
	if err != nil {
		return nil, err
	}
	console, err := e.ConsoleOutput(id)
	if err != nil {
		return nil, err
	}
	keys := ParseHostKeys(console)
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: %w", op, ErrNoHostKeys)
	}
	var hosts []string
	for _, h := range []string{i.PublicDNS, i.PublicIP, i.PrivateIP} {
		if h != "" {
			hosts = append(hosts, h)
		}
	}
	if len(hosts) == 0 {
		hosts = []string{id}
	}
	out := make([]string, len(keys))
	for n, k := range keys {
		out[n] = strings.Join(hosts, ",") + " " + k
	}
	return out, nil
}

// ErrNoHostKeys is returned by HostKeys when the console output holds no
// host keys block.
var ErrNoHostKeys = fmt.Errorf("no SSH host keys in the console output (Try again in a minute: EC2 updates it a few minutes after boot)")

// ParseHostKeys returns the "type base64" host keys between cloud-init's
// BEGIN/END SSH HOST KEY KEYS markers, checked to parse as SSH public keys;
// comments are dropped.
func ParseHostKeys(console string) []string {
	var out []string
	in := false
	for _, line := range strings.Split(strings.ReplaceAll(console, "\r", ""), "\n") {
		line = strings.TrimSpace(line)
		// cloud-init may prefix lines ("ec2: "); look for the markers anywhere.
		switch {
		case strings.Contains(line, hostKeysBegin):
			in = true
			continue
		case strings.Contains(line, hostKeysEnd):
			in = false
			continue
		}
		if !in {
			continue
		}
		// A line may carry a prefix ("ec2: ", a timestamp): start at the
		// first field that parses as a key.
		fields := strings.Fields(line)
		for i := range fields {
			pk, _, _, _, err := ssh.ParseAuthorizedKey([]byte(strings.Join(fields[i:], " ")))
			if err == nil {
				out = append(out, strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))))
				break
			}
		}
	}
	return out
}

// KeyPair is an EC2 key pair.
type KeyPair struct {
	Name        string
	ID          string // key-…
	Fingerprint string // as EC2 computes it
}

// Display shows the key pair on one line.
func (k KeyPair) Display() string { return fmt.Sprintf("%s %s %s", k.Name, k.ID, k.Fingerprint) }

// ImportKeyPair uploads an SSH public key under name, for Run's KeyName.
// publicKey is an authorized_keys line (string or []byte) or an
// ssh.PublicKey.
func (e *EC2) ImportKeyPair(name string, publicKey any) (KeyPair, error) {
	if err := refuse("EC2.ImportKeyPair", name); err != nil {
		return KeyPair{}, err
	}
	op := "aws ec2 import-key-pair " + name
	ctx := e.a.context()
	if err := e.a.checkRegion(op); err != nil {
		return KeyPair{}, err
	}
	var material []byte
	switch k := publicKey.(type) {
	case string:
		material = []byte(k)
	case []byte:
		material = k
	case ssh.PublicKey:
		material = ssh.MarshalAuthorizedKey(k)
	case fmt.Stringer:
		material = []byte(k.String())
	default:
		return KeyPair{}, fmt.Errorf("%s: want an authorized_keys line or an ssh.PublicKey, got %T", op, publicKey)
	}
	if _, _, _, _, err := ssh.ParseAuthorizedKey(material); err != nil {
		return KeyPair{}, fmt.Errorf("%s: not an SSH public key: %w", op, err)
	}
	out, err := e.client().ImportKeyPair(ctx, &ec2.ImportKeyPairInput{KeyName: sdkaws.String(name), PublicKeyMaterial: material})
	if err != nil {
		return KeyPair{}, wrap(op, err)
	}
	return KeyPair{Name: sdkaws.ToString(out.KeyName), ID: sdkaws.ToString(out.KeyPairId), Fingerprint: sdkaws.ToString(out.KeyFingerprint)}, nil
}

// CreateImage saves the instance's disks as a new AMI named name and
// returns it (pending until EC2 finishes the snapshot). The instance is
// rebooted for a consistent image, as EC2 does by default.
func (e *EC2) CreateImage(id, name string) (Image, error) {
	if err := refuse("EC2.CreateImage", id, name); err != nil {
		return Image{}, err
	}
	op := "aws ec2 create-image " + id
	ctx := e.a.context()
	if err := e.a.checkRegion(op); err != nil {
		return Image{}, err
	}
	out, err := e.client().CreateImage(ctx, &ec2.CreateImageInput{InstanceId: sdkaws.String(id), Name: sdkaws.String(name)})
	if err != nil {
		return Image{}, wrap(op, err)
	}
	return Image{ID: sdkaws.ToString(out.ImageId), Name: name, State: "pending"}, nil
}

// Terminate terminates the instances. It returns once EC2 accepted the
// request; Wait(id, "terminated") waits for the end.
func (e *EC2) Terminate(ids ...string) error {
	if err := refuse("EC2.Terminate", readonly.Strings(ids)...); err != nil {
		return err
	}
	op := "aws ec2 terminate-instances " + strings.Join(ids, " ")
	ctx := e.a.context()
	if err := e.a.checkRegion(op); err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("%s: no instance IDs given", op)
	}
	_, err := e.client().TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: ids})
	return wrap(op, err)
}
