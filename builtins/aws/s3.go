package aws

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/opsh/opsh/builtins/internal/progress"
	"github.com/opsh/opsh/builtins/internal/table"
	"github.com/opsh/opsh/internal/readonly"
)

// S3 holds a session's Simple Storage Service calls.
type S3 struct{ a *Client }

func (s *S3) client() *s3.Client {
	c := s.a.shared.sdk()
	endpoint := s.a.shared.endpoint
	if s.a.shared.s3Endpoint != "" {
		endpoint = s.a.shared.s3Endpoint
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s3 == nil {
		c.s3 = s3.NewFromConfig(c.cfg, func(o *s3.Options) {
			// S3-compatible servers (MinIO) and local endpoints want
			// path-style addressing: http://host/bucket/key.
			o.UsePathStyle = endpoint != "" && !strings.Contains(endpoint, "amazonaws.com")
		})
		c.presign = s3.NewPresignClient(c.s3)
	}
	return c.s3
}

func (s *S3) presigner() *s3.PresignClient {
	s.client()
	c := s.a.shared.sdk()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.presign
}

// start checks what every S3 call needs before it goes out.
func (s *S3) start(op string) error { return s.a.checkRegion(op) }

// Bucket is an S3 bucket.
type Bucket struct {
	Name    string
	Created time.Time
}

// Buckets is a list of buckets; it displays as a table.
type Buckets []Bucket

// Display shows a table: name, created.
func (bs Buckets) Display() string {
	t := table.New("NAME", "CREATED")
	for _, b := range bs {
		t.Add(b.Name, b.Created.UTC().Format("2006-01-02 15:04"))
	}
	return t.String()
}

// Buckets lists the account's buckets.
func (s *S3) Buckets() (Buckets, error) {
	const op = "aws s3 list-buckets"
	ctx := s.a.context()
	if err := s.start(op); err != nil {
		return nil, err
	}
	in := &s3.ListBucketsInput{}
	out := Buckets{}
	for {
		page, err := s.client().ListBuckets(ctx, in)
		if err != nil {
			return nil, wrap(op, err)
		}
		for _, b := range page.Buckets {
			out = append(out, Bucket{Name: sdkaws.ToString(b.Name), Created: sdkaws.ToTime(b.CreationDate)})
		}
		if sdkaws.ToString(page.ContinuationToken) == "" {
			return out, nil
		}
		in.ContinuationToken = page.ContinuationToken
	}
}

// CreateBucket creates a bucket in the session's region.
func (s *S3) CreateBucket(name string) error {
	if err := refuse("S3.CreateBucket", name); err != nil {
		return err
	}
	op := "aws s3 create-bucket " + name
	ctx := s.a.context()
	if err := s.start(op); err != nil {
		return err
	}
	in := &s3.CreateBucketInput{Bucket: sdkaws.String(name)}
	if r := s.a.shared.region; r != "us-east-1" {
		in.CreateBucketConfiguration = &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraint(r)}
	}
	_, err := s.client().CreateBucket(ctx, in)
	return wrap(op, err)
}

// DeleteBucket deletes an empty bucket.
func (s *S3) DeleteBucket(name string) error {
	if err := refuse("S3.DeleteBucket", name); err != nil {
		return err
	}
	op := "aws s3 delete-bucket " + name
	ctx := s.a.context()
	if err := s.start(op); err != nil {
		return err
	}
	_, err := s.client().DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: sdkaws.String(name)})
	return wrap(op, err)
}

// Object is an S3 object's listing entry.
type Object struct {
	Bucket   string
	Key      string
	Size     int64
	Modified time.Time
	ETag     string
}

// Display shows the object on one line.
func (o Object) Display() string {
	return fmt.Sprintf("s3://%s/%s %s %s", o.Bucket, o.Key, progress.Bytes(o.Size), o.Modified.UTC().Format(time.RFC3339))
}

// Objects is a list of objects; it displays as a table.
type Objects []Object

// Display shows a table: key, size, modified.
func (os Objects) Display() string {
	t := table.New("KEY", "SIZE", "MODIFIED")
	for _, o := range os {
		t.Add(o.Key, progress.Bytes(o.Size), o.Modified.UTC().Format("2006-01-02 15:04:05"))
	}
	return t.String()
}

// Keys returns the objects' keys.
func (os Objects) Keys() []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Key
	}
	return out
}

// Listing is the objects under a prefix, fetched a page (up to 1000 keys)
// at a time as they are read: Next and Object walk it, All reads the rest,
// Display shows a table of the first DisplayLimit objects.
//
//	l, err := a.S3.List("logs", "2026/11/")
//	for l.Next() { o := l.Object(); … }
//	if err := l.Err(); err != nil { … }
type Listing struct {
	s      *S3
	bucket string
	prefix string
	mu     sync.Mutex
	objs   []Object // fetched so far
	pos    int      // Next's position in objs
	token  *string
	done   bool
	err    error
	pages  int
}

// listPageSize, when set (by tests), asks for smaller pages than S3's 1000.
var listPageSize int32

// DisplayLimit is how many objects a Listing shows before saying how to
// see the rest.
const DisplayLimit = 1000

// List lists the objects whose keys start with prefix. The first page is
// fetched now, so a missing bucket fails here; later pages are fetched as
// the listing is read.
func (s *S3) List(bucket, prefix string) (*Listing, error) {
	l := &Listing{s: s, bucket: bucket, prefix: prefix}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.fetchLocked(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *Listing) fetchLocked() error {
	if l.done || l.err != nil {
		return l.err
	}
	op := fmt.Sprintf("aws s3 list s3://%s/%s", l.bucket, l.prefix)
	ctx := l.s.a.context()
	if err := l.s.start(op); err != nil {
		l.err = err
		return err
	}
	in := &s3.ListObjectsV2Input{Bucket: sdkaws.String(l.bucket), ContinuationToken: l.token}
	if listPageSize > 0 {
		in.MaxKeys = sdkaws.Int32(listPageSize)
	}
	if l.prefix != "" {
		in.Prefix = sdkaws.String(l.prefix)
	}
	page, err := l.s.client().ListObjectsV2(ctx, in)
	if err != nil {
		l.err = wrap(op, err)
		return l.err
	}
	l.pages++
	for _, o := range page.Contents {
		l.objs = append(l.objs, Object{Bucket: l.bucket, Key: sdkaws.ToString(o.Key), Size: sdkaws.ToInt64(o.Size),
			Modified: sdkaws.ToTime(o.LastModified), ETag: strings.Trim(sdkaws.ToString(o.ETag), `"`)})
	}
	if !sdkaws.ToBool(page.IsTruncated) || sdkaws.ToString(page.NextContinuationToken) == "" {
		l.done = true
	}
	l.token = page.NextContinuationToken
	return nil
}

// Next advances to the next object, fetching the next page when needed; it
// returns false at the end or on an error (see Err).
func (l *Listing) Next() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.pos >= len(l.objs) {
		if l.done || l.err != nil {
			return false
		}
		if l.fetchLocked() != nil {
			return false
		}
	}
	l.pos++
	return true
}

// Object is the object Next moved to.
func (l *Listing) Object() Object {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pos == 0 || l.pos > len(l.objs) {
		return Object{}
	}
	return l.objs[l.pos-1]
}

// Err is the error that ended the listing, if any.
func (l *Listing) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// All fetches every remaining page and returns every object, from the
// first (whatever Next has read).
func (l *Listing) All() (Objects, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for !l.done {
		if err := l.fetchLocked(); err != nil {
			return nil, err
		}
	}
	return append(Objects(nil), l.objs...), nil
}

// Display shows a table of the first DisplayLimit objects, fetching pages
// as needed, and says how to see the rest.
func (l *Listing) Display() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	for !l.done && len(l.objs) < DisplayLimit {
		if l.fetchLocked() != nil {
			break
		}
	}
	n := min(len(l.objs), DisplayLimit)
	out := Objects(l.objs[:n]).Display()
	switch {
	case l.err != nil:
		out += "\n(listing stopped: " + l.err.Error() + ")"
	case n < len(l.objs) || !l.done:
		out += fmt.Sprintf("\n(first %d objects; .All() returns every one, .Next()/.Object() walk them)", n)
	}
	return out
}

func (s *S3) objectOp(verb, bucket, key string) string {
	return fmt.Sprintf("aws s3 %s s3://%s/%s", verb, bucket, key)
}

// Get reads a whole object into memory (use Download for large ones).
func (s *S3) Get(bucket, key string) ([]byte, error) {
	op := s.objectOp("get", bucket, key)
	ctx := s.a.context()
	if err := s.start(op); err != nil {
		return nil, err
	}
	out, err := s.client().GetObject(ctx, &s3.GetObjectInput{Bucket: sdkaws.String(bucket), Key: sdkaws.String(key)})
	if err != nil {
		return nil, wrap(op, err)
	}
	defer out.Body.Close()
	var buf bytes.Buffer
	if n := sdkaws.ToInt64(out.ContentLength); n > 0 {
		buf.Grow(int(n))
	}
	if _, err := io.Copy(&buf, out.Body); err != nil {
		return nil, fmt.Errorf("%s: read body: %w", op, err)
	}
	return buf.Bytes(), nil
}

// Head returns an object's size, modification time and ETag without its
// body; errors.Is(err, aws.ErrNotFound) tells a missing object.
func (s *S3) Head(bucket, key string) (Object, error) {
	op := s.objectOp("head", bucket, key)
	ctx := s.a.context()
	if err := s.start(op); err != nil {
		return Object{}, err
	}
	out, err := s.client().HeadObject(ctx, &s3.HeadObjectInput{Bucket: sdkaws.String(bucket), Key: sdkaws.String(key)})
	if err != nil {
		return Object{}, wrap(op, err)
	}
	return Object{Bucket: bucket, Key: key, Size: sdkaws.ToInt64(out.ContentLength),
		Modified: sdkaws.ToTime(out.LastModified), ETag: strings.Trim(sdkaws.ToString(out.ETag), `"`)}, nil
}

// Put writes an object from data: a []byte, a string or an io.Reader. A
// reader that cannot seek (a pipe, an HTTP body) is streamed in parts, so
// memory stays bounded whatever its length.
func (s *S3) Put(bucket, key string, data any) error {
	if err := refuse("S3.Put", bucket, key); err != nil {
		return err
	}
	op := s.objectOp("put", bucket, key)
	ctx := s.a.context()
	if err := s.start(op); err != nil {
		return err
	}
	var body io.ReadSeeker
	switch d := data.(type) {
	case []byte:
		body = bytes.NewReader(d)
	case string:
		body = strings.NewReader(d)
	case io.ReadSeeker:
		body = d
	case io.Reader:
		up := manager.NewUploader(s.client(), func(u *manager.Uploader) {
			u.PartSize = PartSize
			u.Concurrency = Concurrency
		})
		_, err := up.Upload(ctx, &s3.PutObjectInput{Bucket: sdkaws.String(bucket), Key: sdkaws.String(key), Body: d})
		return wrap(op, err)
	default:
		return fmt.Errorf("%s: want []byte, string or io.Reader, got %T", op, data)
	}
	_, err := s.client().PutObject(ctx, &s3.PutObjectInput{Bucket: sdkaws.String(bucket), Key: sdkaws.String(key), Body: body})
	return wrap(op, err)
}

// Delete deletes objects; deleting a key that does not exist succeeds, as
// in S3.
func (s *S3) Delete(bucket string, keys ...string) error {
	if err := refuse("S3.Delete", append([]any{bucket}, readonly.Strings(keys)...)...); err != nil {
		return err
	}
	op := s.objectOp("delete", bucket, strings.Join(keys, " "))
	ctx := s.a.context()
	if err := s.start(op); err != nil {
		return err
	}
	switch len(keys) {
	case 0:
		return fmt.Errorf("%s: no keys given", op)
	case 1:
		_, err := s.client().DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: sdkaws.String(bucket), Key: sdkaws.String(keys[0])})
		return wrap(op, err)
	}
	var errs []error
	for len(keys) > 0 {
		n := min(len(keys), 1000)
		del := &types.Delete{Quiet: sdkaws.Bool(true)}
		for _, k := range keys[:n] {
			del.Objects = append(del.Objects, types.ObjectIdentifier{Key: sdkaws.String(k)})
		}
		out, err := s.client().DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: sdkaws.String(bucket), Delete: del})
		if err != nil {
			return wrap(op, err)
		}
		for _, e := range out.Errors {
			errs = append(errs, &Error{Op: s.objectOp("delete", bucket, sdkaws.ToString(e.Key)),
				Code: sdkaws.ToString(e.Code), Message: sdkaws.ToString(e.Message)})
		}
		keys = keys[n:]
	}
	return errors.Join(errs...)
}

// PresignGet returns a URL that lets anyone holding it GET the object with
// plain HTTP until ttl has passed (at most 7 days).
func (s *S3) PresignGet(bucket, key string, ttl time.Duration) (string, error) {
	op := s.objectOp("presign-get", bucket, key)
	ctx := s.a.context()
	if err := s.start(op); err != nil {
		return "", err
	}
	req, err := s.presigner().PresignGetObject(ctx, &s3.GetObjectInput{Bucket: sdkaws.String(bucket), Key: sdkaws.String(key)},
		s3.WithPresignExpires(ttl))
	if err != nil {
		return "", wrap(op, err)
	}
	return req.URL, nil
}

// PresignPut returns a URL that lets anyone holding it PUT the object's
// body with plain HTTP until ttl has passed.
func (s *S3) PresignPut(bucket, key string, ttl time.Duration) (string, error) {
	if err := refuse("S3.PresignPut", bucket, key); err != nil {
		return "", err
	}
	op := s.objectOp("presign-put", bucket, key)
	ctx := s.a.context()
	if err := s.start(op); err != nil {
		return "", err
	}
	req, err := s.presigner().PresignPutObject(ctx, &s3.PutObjectInput{Bucket: sdkaws.String(bucket), Key: sdkaws.String(key)},
		s3.WithPresignExpires(ttl))
	if err != nil {
		return "", wrap(op, err)
	}
	return req.URL, nil
}

// PostOption adds a condition to PresignPost's policy.
type PostOption func(*postSettings)

type postSettings struct {
	minSize, maxSize int64
	contentType      string
}

// MaxSize limits the size of the uploaded file; S3 refuses a larger one
// (EntityTooLarge).
func MaxSize(n int64) PostOption { return func(p *postSettings) { p.maxSize = n } }

// MinSize refuses files smaller than n bytes (EntityTooSmall).
func MinSize(n int64) PostOption { return func(p *postSettings) { p.minSize = n } }

// ContentType requires the form to carry this Content-Type field, which
// PresignPost adds to Fields.
func ContentType(ct string) PostOption { return func(p *postSettings) { p.contentType = ct } }

// Post is a presigned browser-style upload: POST a multipart form to URL
// with Fields, then the file in a field named "file", last.
type Post struct {
	URL     string
	Fields  map[string]string
	Expires time.Time
}

// Display shows the URL and the field names (the values are long).
func (p Post) Display() string {
	names := make([]string, 0, len(p.Fields))
	for k := range p.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	return fmt.Sprintf("POST %s\nfields: %s\nexpires %s", p.URL, strings.Join(names, ", "), p.Expires.UTC().Format(time.RFC3339))
}

// PresignPost returns a URL and form fields that let anyone holding them
// upload the object with a plain HTML-form POST until ttl has passed,
// within the size limits given (MaxSize), which S3 enforces:
//
//	p, err := a.S3.PresignPost("uploads", "meeting.mp4", 15*time.Minute, aws.MaxSize(10<<20))
func (s *S3) PresignPost(bucket, key string, ttl time.Duration, opts ...PostOption) (Post, error) {
	if err := refuse("S3.PresignPost", bucket, key); err != nil {
		return Post{}, err
	}
	op := s.objectOp("presign-post", bucket, key)
	ctx := s.a.context()
	if err := s.start(op); err != nil {
		return Post{}, err
	}
	var ps postSettings
	for _, o := range opts {
		o(&ps)
	}
	var conds []any
	if ps.maxSize > 0 || ps.minSize > 0 {
		max := ps.maxSize
		if max <= 0 {
			max = 5 << 40
		}
		conds = append(conds, []any{"content-length-range", ps.minSize, max})
	}
	if ps.contentType != "" {
		conds = append(conds, map[string]string{"Content-Type": ps.contentType})
	}
	expires := time.Now().Add(ttl)
	req, err := s.presigner().PresignPostObject(ctx, &s3.PutObjectInput{Bucket: sdkaws.String(bucket), Key: sdkaws.String(key)},
		func(o *s3.PresignPostOptions) {
			o.Expires = ttl
			o.Conditions = conds
		})
	if err != nil {
		return Post{}, wrap(op, err)
	}
	fields := map[string]string{}
	for k, v := range req.Values {
		fields[k] = v
	}
	if ps.contentType != "" {
		fields["Content-Type"] = ps.contentType
	}
	return Post{URL: req.URL, Fields: fields, Expires: expires}, nil
}
