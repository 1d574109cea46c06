package aws_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/aws"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/internal/redact"
)

func TestS3Objects(t *testing.T) {
	a := s3Session(t)
	b := bucket(t, a, "objects")

	if err := a.S3.Put(b, "hello.txt", "hello, world\n"); err != nil {
		t.Fatal(err)
	}
	if err := a.S3.Put(b, "bin", []byte{0, 1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if err := a.S3.Put(b, "reader", strings.NewReader("streamed")); err != nil {
		t.Fatal(err)
	}
	// A reader that cannot seek, longer than a part: streamed in parts.
	pr, pw := io.Pipe()
	go func() {
		for range 17 {
			pw.Write(bytes.Repeat([]byte("p"), 1<<20))
		}
		pw.Close()
	}()
	if err := a.S3.Put(b, "pipe", pr); err != nil {
		t.Fatal(err)
	}
	if o, err := a.S3.Head(b, "pipe"); err != nil || o.Size != 17<<20 || !strings.HasSuffix(o.ETag, "-3") {
		t.Errorf("piped object: %+v, %v; want 17 MiB in 3 parts", o, err)
	}
	data, err := a.S3.Get(b, "hello.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(data), "hello, world\n"; got != want {
		t.Errorf("Get = %q, want %q", got, want)
	}
	o, err := a.S3.Head(b, "bin")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := o.Size, int64(4); got != want {
		t.Errorf("Head size = %d, want %d", got, want)
	}

	bs, err := a.S3.Buckets()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(bs.Display(), "objects") {
		t.Errorf("Buckets display lacks the bucket:\n%s", bs.Display())
	}

	if err := a.S3.Delete(b, "hello.txt"); err != nil {
		t.Fatal(err)
	}
	_, err = a.S3.Get(b, "hello.txt")
	var ae *aws.Error
	if !errors.As(err, &ae) {
		t.Fatalf("Get deleted key: err = %v, want an *aws.Error", err)
	}
	if ae.Code != "NoSuchKey" || ae.Status != 404 || ae.RequestID == "" || !errors.Is(err, aws.ErrNotFound) {
		t.Errorf("Get deleted key: %+v", ae)
	}
	for _, want := range []string{"aws s3 get s3://objects/hello.txt", "NoSuchKey", "request id " + ae.RequestID} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, err := a.S3.Head(b, "hello.txt"); !errors.Is(err, aws.ErrNotFound) {
		t.Errorf("Head deleted key: err = %v, want ErrNotFound", err)
	}
	if err := a.S3.Delete(b, "bin", "reader", "pipe"); err != nil {
		t.Fatal(err)
	}
	l, err := a.S3.List(b, "")
	if err != nil {
		t.Fatal(err)
	}
	if objs, _ := l.All(); len(objs) != 0 {
		t.Errorf("after deleting everything, List = %v", objs.Keys())
	}
	if err := a.S3.DeleteBucket("no-such-bucket"); !errors.Is(err, aws.ErrNotFound) {
		t.Errorf("DeleteBucket missing: err = %v, want ErrNotFound", err)
	}
}

func TestS3ListPagesLazily(t *testing.T) {
	a := s3Session(t)
	b := bucket(t, a, "listing")
	defer aws.SetListPageSize(2)()
	var keys []string
	for i := range 5 {
		k := fmt.Sprintf("logs/%02d.log", i)
		keys = append(keys, k)
		if err := a.S3.Put(b, k, strings.Repeat("x", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.S3.Put(b, "other/file", "y"); err != nil {
		t.Fatal(err)
	}
	l, err := a.S3.List(b, "logs/")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := aws.Pages(l), 1; got != want {
		t.Fatalf("List fetched %d pages before being read, want %d", got, want)
	}
	var got []string
	for l.Next() {
		o := l.Object()
		got = append(got, o.Key)
		if want := int64(len(got) - 1); o.Size != want {
			t.Errorf("%s size = %d, want %d", o.Key, o.Size, want)
		}
		if len(got) == 2 && aws.Pages(l) != 1 {
			t.Errorf("after 2 objects, %d pages fetched, want 1", aws.Pages(l))
		}
	}
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(keys) {
		t.Errorf("List keys = %v, want %v", got, keys)
	}
	if got, want := aws.Pages(l), 3; got != want {
		t.Errorf("pages = %d, want %d", got, want)
	}
	all, err := l.All()
	if err != nil || len(all) != 5 {
		t.Errorf("All = %v, %v", all.Keys(), err)
	}
	disp := l.Display()
	if !strings.HasPrefix(disp, "KEY") || !strings.Contains(disp, "logs/04.log") || strings.Contains(disp, "other/file") {
		t.Errorf("Display:\n%s", disp)
	}
	if _, err := a.S3.List("no-such-bucket", ""); !errors.Is(err, aws.ErrNotFound) {
		t.Errorf("List missing bucket: err = %v, want ErrNotFound", err)
	}
}

func TestInterruptedTransfers(t *testing.T) {
	a := s3Session(t)
	b := bucket(t, a, "interrupted")
	dir := t.TempDir()
	src := filepath.Join(dir, "big")
	if err := os.WriteFile(src, make([]byte, 3*aws.PartSize), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := a.S3.Upload(b, "big", src); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel() // as Ctrl-C does to the running cell
	c := a.WithContext(ctx)
	if err := c.S3.Upload(b, "again", src); !errors.Is(err, context.Canceled) {
		t.Errorf("Upload under a cancelled context: %v, want context.Canceled", err)
	}
	if _, err := a.S3.Head(b, "again"); !errors.Is(err, aws.ErrNotFound) {
		t.Errorf("a cancelled upload left an object: %v", err)
	}
	dst := filepath.Join(dir, "copy")
	if err := c.S3.Download(b, "big", dst); !errors.Is(err, context.Canceled) {
		t.Errorf("Download under a cancelled context: %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("a cancelled download left files: %v", entries)
	}
}

func TestS3WrongSecretRejected(t *testing.T) {
	m := minio(t)
	a, err := aws.Session(aws.Endpoint(m.Endpoint), aws.Credentials(m.AccessKey, "not-the-secret-key"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.S3.Buckets()
	var ae *aws.Error
	if !errors.As(err, &ae) || ae.Code != "SignatureDoesNotMatch" || ae.Status != 403 {
		t.Fatalf("Buckets with a wrong secret: %v", err)
	}
	if !errors.Is(err, aws.ErrAccessDenied) {
		t.Errorf("errors.Is(%v, ErrAccessDenied) = false", err)
	}
	if ae.RequestID == "" || !strings.Contains(err.Error(), ae.RequestID) {
		t.Errorf("error %q lacks the request id", err)
	}
}

func TestS3PresignGet(t *testing.T) {
	a := s3Session(t)
	b := bucket(t, a, "presign-get")
	if err := a.S3.Put(b, "report.csv", "a,b\n1,2\n"); err != nil {
		t.Fatal(err)
	}
	u, err := a.S3.PresignGet(b, "report.csv", 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(u, "X-Amz-Signature=") || !strings.Contains(u, "X-Amz-Expires=900") {
		t.Errorf("URL %s is not presigned for 15 minutes", u)
	}
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "a,b\n1,2\n" {
		t.Errorf("GET presigned: %s %q", resp.Status, body)
	}
	// Another key under the same signature is refused.
	resp, err = http.Get(strings.Replace(u, "report.csv", "other.csv", 1))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("GET with a tampered presigned URL: %s, want 403", resp.Status)
	}
}

// postForm uploads data through a presigned POST, as a browser or
// requests.post(url, fields, files=…) would.
func postForm(t *testing.T, p aws.Post, data []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range p.Fields {
		w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile("file", "upload.bin")
	fw.Write(data)
	w.Close()
	resp, err := http.Post(p.URL, w.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestS3PresignPostEnforcesMaxSize(t *testing.T) {
	a := s3Session(t)
	b := bucket(t, a, "presign-post")
	p, err := a.S3.PresignPost(b, "meeting.mp4", 15*time.Minute, aws.MaxSize(1<<10))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"key", "policy", "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Algorithm", "X-Amz-Date"} {
		if p.Fields[f] == "" {
			t.Errorf("field %q missing from %v", f, p.Display())
		}
	}
	small := bytes.Repeat([]byte("s"), 1000)
	if code, body := postForm(t, p, small); code/100 != 2 {
		t.Fatalf("POST under the limit: %d %s", code, body)
	}
	got, err := a.S3.Get(b, "meeting.mp4")
	if err != nil || !bytes.Equal(got, small) {
		t.Fatalf("object after POST: %d bytes, %v", len(got), err)
	}
	code, body := postForm(t, p, bytes.Repeat([]byte("L"), 2<<10))
	if code != 400 || !strings.Contains(body, "EntityTooLarge") {
		t.Errorf("POST over the limit: %d %s, want 400 EntityTooLarge", code, body)
	}
	if got, _ := a.S3.Get(b, "meeting.mp4"); !bytes.Equal(got, small) {
		t.Errorf("the refused POST replaced the object")
	}
}

func TestS3UploadDownloadMultipart(t *testing.T) {
	a := s3Session(t)
	b := bucket(t, a, "transfer")
	dir := t.TempDir()
	src := filepath.Join(dir, "video.mp4")
	size := 2*aws.PartSize + 12345
	data := make([]byte, size)
	rand.Read(data)
	if err := os.WriteFile(src, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	prev := cell.Set(&cell.State{Ctx: t.Context(), Stdout: io.Discard, Stderr: &progress})
	defer cell.Set(prev)

	if err := a.S3.Upload(b, "videos/video.mp4", src); err != nil {
		t.Fatal(err)
	}
	o, err := a.S3.Head(b, "videos/video.mp4")
	if err != nil {
		t.Fatal(err)
	}
	if o.Size != int64(size) {
		t.Errorf("uploaded size = %d, want %d", o.Size, size)
	}
	if !strings.HasSuffix(o.ETag, "-3") {
		t.Errorf("ETag %q: want a 3-part multipart upload's", o.ETag)
	}
	if !strings.Contains(progress.String(), "upload video.mp4") || !strings.Contains(progress.String(), "100%") {
		t.Errorf("upload progress: %q", progress.String())
	}

	dst := filepath.Join(dir, "copy.mp4")
	progress.Reset()
	if err := a.S3.Download(b, "videos/video.mp4", dst); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	if sha256.Sum256(got) != sha256.Sum256(data) {
		t.Errorf("downloaded file differs from the uploaded one (%d bytes, want %d)", len(got), size)
	}
	if !strings.Contains(progress.String(), "download copy.mp4") || !strings.Contains(progress.String(), "100%") {
		t.Errorf("download progress: %q", progress.String())
	}
	if err := a.S3.Download(b, "missing", filepath.Join(dir, "missing")); !errors.Is(err, aws.ErrNotFound) {
		t.Errorf("Download missing: %v, want ErrNotFound", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Errorf("a failed download left a file: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestAssumeRoleMinIO(t *testing.T) {
	a := s3Session(t)
	b, err := a.AssumeRole("arn:aws:iam::123456789012:role/ops", aws.SessionName("alice-ticket-42"), aws.Duration(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	info := b.Describe()
	if info.Role != "arn:aws:iam::123456789012:role/ops" || info.Account != "123456789012" {
		t.Errorf("Describe = %+v", info)
	}
	if exp := time.Until(info.Expires); exp < 50*time.Minute || exp > 61*time.Minute {
		t.Errorf("temporary credentials expire in %v, want about an hour", exp)
	}
	name := bucket(t, a, "assumed")
	if err := b.S3.Put(name, "by-role", "temporary"); err != nil {
		t.Fatalf("Put with the assumed role's credentials: %v", err)
	}
	if got, err := a.S3.Get(name, "by-role"); err != nil || string(got) != "temporary" {
		t.Errorf("Get = %q, %v", got, err)
	}
	// MinIO refuses AssumeRole for credentials that are themselves
	// temporary, as AWS refuses role chaining past its limits.
	if _, err := b.AssumeRole("arn:aws:iam::123456789012:role/other"); !errors.Is(err, aws.ErrAccessDenied) {
		t.Errorf("AssumeRole from temporary credentials: %v, want ErrAccessDenied", err)
	}
}

func TestSignerAgainstMinIO(t *testing.T) {
	m := minio(t)
	a := s3Session(t)
	b := bucket(t, a, "signed")
	sign := aws.Signer(a, "s3")

	req, _ := http.NewRequest("PUT", m.Endpoint+"/"+b+"/note.txt", strings.NewReader("signed by hand"))
	if err := sign(req); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("signed PUT: %s %s", resp.Status, body)
	}
	if got, _ := a.S3.Get(b, "note.txt"); string(got) != "signed by hand" {
		t.Errorf("object = %q", got)
	}

	wrong, _ := aws.Session(aws.Endpoint(m.Endpoint), aws.Credentials(m.AccessKey, "wrong-secret"))
	req, _ = http.NewRequest("GET", m.Endpoint+"/"+b+"/note.txt", nil)
	if err := aws.Signer(wrong, "s3")(req); err != nil {
		t.Fatal(err)
	}
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 403 || !strings.Contains(string(body), "SignatureDoesNotMatch") {
		t.Errorf("GET signed with a wrong secret: %s %s", resp.Status, body)
	}
}

func TestCredentialsNeverShown(t *testing.T) {
	m := minio(t)
	a := s3Session(t)
	if _, err := a.S3.Buckets(); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{a.Display(), fmt.Sprint(a), fmt.Sprintf("%+v", a), fmt.Sprintf("%#v", a), a.Describe().String()} {
		if strings.Contains(s, m.SecretKey) {
			t.Errorf("%q shows the secret key", s)
		}
	}
	if got := redact.String("key=" + m.SecretKey); strings.Contains(got, m.SecretKey) {
		t.Errorf("Redact does not mask the secret key once used: %q", got)
	}
	info := a.Describe()
	if info.Endpoint != m.Endpoint || info.Region != "us-east-1" {
		t.Errorf("Describe = %+v", info)
	}
	found := false
	for _, u := range aws.Used() {
		found = found || u.Endpoint == m.Endpoint
	}
	if !found {
		t.Errorf("Used() = %v lacks the session", aws.Used())
	}
}
