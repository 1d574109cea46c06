package aws

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/opsh/opsh/builtins/internal/progress"
	"github.com/opsh/opsh/internal/readonly"
)

// PartSize is the size of the parts Upload and Download move at a time;
// Concurrency parts move at once, so a transfer holds about
// PartSize×Concurrency in flight whatever the file's size.
const (
	PartSize    = 8 << 20
	Concurrency = 4
)

// Upload sends a local file to S3, streamed from disk in parts sent in
// parallel (a multipart upload above PartSize), with a progress bar. Memory
// stays bounded whatever the file's size; an interrupted upload is aborted
// so no parts are left behind.
func (s *S3) Upload(bucket, key, path string) error {
	if err := refuse("S3.Upload", bucket, key, path); err != nil {
		return err
	}
	op := fmt.Sprintf("aws s3 upload %s s3://%s/%s", path, bucket, key)
	ctx := s.a.context()
	if err := s.start(op); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	bar := progress.New("upload "+filepath.Base(path), fi.Size())
	defer bar.Done()
	body := &countingReaderAt{f: f, size: fi.Size(), part: PartSize, bar: bar, seen: map[int64]int64{}}
	up := manager.NewUploader(s.client(), func(u *manager.Uploader) {
		u.PartSize = PartSize
		u.Concurrency = Concurrency
	})
	_, err = up.Upload(ctx, &s3.PutObjectInput{Bucket: sdkaws.String(bucket), Key: sdkaws.String(key), Body: body})
	return wrap(op, err)
}

// Download saves an S3 object to a local file, fetched in ranged parts in
// parallel straight to disk, with a progress bar. The file appears only
// when complete (written beside it, then renamed).
func (s *S3) Download(bucket, key, path string) error {
	if err := readonly.Check("writes", "S3.Download", bucket, key, path); err != nil {
		return err
	}
	op := fmt.Sprintf("aws s3 download s3://%s/%s %s", bucket, key, path)
	ctx := s.a.context()
	if err := s.start(op); err != nil {
		return err
	}
	head, err := s.Head(bucket, key)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".part-*")
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	defer tmp.Close()
	bar := progress.New("download "+filepath.Base(path), head.Size)
	defer bar.Done()
	down := manager.NewDownloader(s.client(), func(d *manager.Downloader) {
		d.PartSize = PartSize
		d.Concurrency = Concurrency
	})
	w := &countingWriterAt{f: tmp, bar: bar}
	in := &s3.GetObjectInput{Bucket: sdkaws.String(bucket), Key: sdkaws.String(key)}
	if head.ETag != "" {
		// Every part from the same version of the object.
		in.IfMatch = sdkaws.String(`"` + head.ETag + `"`)
	}
	_, err = down.Download(ctx, w, in)
	if err != nil {
		return wrap(op, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// countingReaderAt feeds the uploader a file and the progress bar the
// bytes read. The SDK reads each part more than once (to hash it, then to
// send it), so each part counts only its highest offset reached.
type countingReaderAt struct {
	f    *os.File
	size int64
	part int64
	bar  *progress.Bar
	mu   sync.Mutex
	pos  int64
	seen map[int64]int64 // part index → bytes of it read
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.f.ReadAt(p, off)
	c.count(off, n)
	return n, err
}

func (c *countingReaderAt) count(off int64, n int) {
	if n <= 0 {
		return
	}
	idx := off / c.part
	end := off + int64(n) - idx*c.part
	c.mu.Lock()
	grow := end - c.seen[idx]
	if grow > 0 {
		c.seen[idx] = end
	}
	c.mu.Unlock()
	if grow > 0 {
		c.bar.Add(grow)
	}
}

func (c *countingReaderAt) Read(p []byte) (int, error) {
	c.mu.Lock()
	off := c.pos
	c.mu.Unlock()
	n, err := c.ReadAt(p, off)
	c.mu.Lock()
	c.pos += int64(n)
	c.mu.Unlock()
	if err == nil && n < len(p) {
		err = io.EOF
	}
	return n, err
}

func (c *countingReaderAt) Seek(offset int64, whence int) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += c.pos
	case io.SeekEnd:
		offset += c.size
	}
	if offset < 0 {
		return 0, fmt.Errorf("seek before start")
	}
	c.pos = offset
	return offset, nil
}

// countingWriterAt writes the downloader's parts to the file and counts
// them on the bar.
type countingWriterAt struct {
	f   *os.File
	bar *progress.Bar
}

func (c *countingWriterAt) WriteAt(p []byte, off int64) (int, error) {
	n, err := c.f.WriteAt(p, off)
	c.bar.Add(int64(n))
	return n, err
}
