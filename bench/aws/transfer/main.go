// Command transfer measures the aws builtin's S3 Upload and Download of a
// large file (1 GiB by default) against MinIO, driven from opsh's
// interpreter, next to the same transfer done by compiled Go calling the
// SDK's transfer manager directly with its defaults; both in the same run,
// each in its own process so its peak RSS is its own.
//
//	go run ./bench/aws/transfer [-size 1073741824] [-rounds 3]
//
// It starts MinIO itself (the minio binary on PATH or in $GOPATH/bin).
package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/logging"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/opsh/opsh/builtins/aws"
	awssym "github.com/opsh/opsh/builtins/aws/symbols"
	"github.com/opsh/opsh/internal/awstest"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "child" {
		if err := child(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if err := drive(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

type result struct {
	up, down time.Duration
	rssKiB   int64
}

func drive() error {
	size := flag.Int64("size", 1<<30, "file size in bytes")
	rounds := flag.Int("rounds", 3, "rounds of each mode, interleaved")
	flag.Parse()

	dir, err := os.MkdirTemp("", "opsh-bench-aws-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	m, err := awstest.StartMinIO(dir)
	if err != nil {
		return err
	}
	defer m.Stop()

	src := filepath.Join(dir, "src.bin")
	if err := randomFile(src, *size); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	// The bucket, made once by the compiled side.
	if err := run(self, "sdk-mkbucket", m, src, dir); err != nil {
		return err
	}
	results := map[string][]result{}
	modes := []string{"sdk", "sdk-same", "opsh"}
	for r := 0; r < *rounds; r++ {
		for _, mode := range modes {
			res, err := measure(self, mode, m, src, dir)
			if err != nil {
				return fmt.Errorf("%s: %w", mode, err)
			}
			results[mode] = append(results[mode], res)
			fmt.Printf("round %d %-5s upload %6.2fs (%6.1f MiB/s)  download %6.2fs (%6.1f MiB/s)  peak RSS %5.1f MiB\n",
				r+1, mode, res.up.Seconds(), mibps(*size, res.up), res.down.Seconds(), mibps(*size, res.down), float64(res.rssKiB)/1024)
		}
	}
	best := func(mode string) result {
		b := results[mode][0]
		for _, r := range results[mode][1:] {
			if r.up+r.down < b.up+b.down {
				b.up, b.down = r.up, r.down
			}
			b.rssKiB = max(b.rssKiB, r.rssKiB)
		}
		return b
	}
	fmt.Printf("\n%s file, best of %d rounds each:\n", human(*size), *rounds)
	label := map[string]string{
		"sdk":      "compiled SDK, manager defaults (5 MiB × 5)",
		"sdk-same": "compiled SDK, opsh's parts (8 MiB × 4)",
		"opsh":     "opsh a.S3.Upload/Download, interpreted",
	}
	o := best("opsh")
	for _, mode := range modes {
		r := best(mode)
		fmt.Printf("  %-44s upload %6.1f MiB/s  download %6.1f MiB/s  peak RSS %5.1f MiB",
			label[mode], mibps(*size, r.up), mibps(*size, r.down), float64(r.rssKiB)/1024)
		if mode != "opsh" {
			fmt.Printf("  opsh/this time: upload %.2f×, download %.2f×, total %.2f×",
				o.up.Seconds()/r.up.Seconds(), o.down.Seconds()/r.down.Seconds(), (o.up+o.down).Seconds()/(r.up+r.down).Seconds())
		}
		fmt.Println()
	}
	return nil
}

func mibps(n int64, d time.Duration) float64 { return float64(n) / (1 << 20) / d.Seconds() }

func human(n int64) string {
	if n >= 1<<30 && n%(1<<30) == 0 {
		return fmt.Sprintf("%d GiB", n>>30)
	}
	return fmt.Sprintf("%d MiB", n>>20)
}

func randomFile(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.CopyN(f, rand.Reader, size); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func childCmd(self, mode string, m *awstest.MinIO, src, dir string) *exec.Cmd {
	cmd := exec.Command(self, "child", mode, m.Endpoint, m.AccessKey, m.SecretKey, src, filepath.Join(dir, "dst-"+mode+".bin"))
	cmd.Stderr = os.Stderr
	return cmd
}

func run(self, mode string, m *awstest.MinIO, src, dir string) error {
	cmd := childCmd(self, mode, m, src, dir)
	cmd.Stdout = os.Stdout
	return cmd.Run()
}

func measure(self, mode string, m *awstest.MinIO, src, dir string) (result, error) {
	cmd := childCmd(self, mode, m, src, dir)
	out, err := cmd.Output()
	if err != nil {
		return result{}, err
	}
	var r result
	if _, err := fmt.Sscanf(strings.TrimSpace(string(out)), "%d %d", &r.up, &r.down); err != nil {
		return result{}, fmt.Errorf("child said %q: %w", out, err)
	}
	r.rssKiB = cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	if err := compare(src, filepath.Join(dir, "dst-"+mode+".bin")); err != nil {
		return result{}, err
	}
	return r, nil
}

// compare checks the downloaded copy is the source, byte for byte.
func compare(a, b string) error {
	fa, err := os.Open(a)
	if err != nil {
		return err
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return err
	}
	defer fb.Close()
	ba, bb := make([]byte, 1<<20), make([]byte, 1<<20)
	for {
		na, ea := io.ReadFull(fa, ba)
		nb, _ := io.ReadFull(fb, bb)
		if na != nb || string(ba[:na]) != string(bb[:nb]) {
			return fmt.Errorf("%s differs from %s", b, a)
		}
		if ea != nil {
			os.Remove(b)
			return nil
		}
	}
}

// child runs one transfer and prints the upload and download durations in
// nanoseconds.
func child(args []string) error {
	mode, endpoint, id, key, src, dst := args[0], args[1], args[2], args[3], args[4], args[5]
	switch mode {
	case "opsh":
		return viaOpsh(endpoint, id, key, src, dst)
	default:
		return viaSDK(mode, endpoint, id, key, src, dst)
	}
}

const bucket = "bench"

func viaOpsh(endpoint, id, key, src, dst string) error {
	i := interp.New(interp.Options{Unrestricted: true})
	i.Use(stdlib.Symbols)
	i.Use(awssym.Symbols)
	eval := func(src string) error {
		v, err := i.Eval(src)
		if err != nil {
			return err
		}
		if e, ok := v.Interface().(error); ok && e != nil {
			return e
		}
		return nil
	}
	if err := eval(`import "github.com/opsh/opsh/builtins/aws"`); err != nil {
		return err
	}
	if err := eval(fmt.Sprintf(`a, err := aws.Session(aws.Endpoint(%q), aws.Credentials(%q, %q))`, endpoint, id, key)); err != nil {
		return err
	}
	t0 := time.Now()
	if err := eval(fmt.Sprintf(`a.S3.Upload(%q, "opsh.bin", %q)`, bucket, src)); err != nil {
		return err
	}
	t1 := time.Now()
	if err := eval(fmt.Sprintf(`a.S3.Download(%q, "opsh.bin", %q)`, bucket, dst)); err != nil {
		return err
	}
	t2 := time.Now()
	fmt.Println(int64(t1.Sub(t0)), int64(t2.Sub(t1)))
	return nil
}

func viaSDK(mode, endpoint, id, key, src, dst string) error {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"), config.WithBaseEndpoint(endpoint),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(id, key, "")), config.WithLogger(logging.Nop{}))
	if err != nil {
		return err
	}
	c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	if mode == "sdk-mkbucket" {
		_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: sdkaws.String(bucket)})
		return err
	}
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	t0 := time.Now()
	up, down := manager.NewUploader(c), manager.NewDownloader(c)
	if mode == "sdk-same" {
		up.PartSize, up.Concurrency = aws.PartSize, aws.Concurrency
		down.PartSize, down.Concurrency = aws.PartSize, aws.Concurrency
	}
	if _, err := up.Upload(ctx, &s3.PutObjectInput{Bucket: sdkaws.String(bucket), Key: sdkaws.String("sdk.bin"), Body: f}); err != nil {
		return err
	}
	t1 := time.Now()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer out.Close()
	if _, err := down.Download(ctx, out, &s3.GetObjectInput{Bucket: sdkaws.String(bucket), Key: sdkaws.String("sdk.bin")}); err != nil {
		return err
	}
	t2 := time.Now()
	fmt.Println(int64(t1.Sub(t0)), int64(t2.Sub(t1)))
	return nil
}
