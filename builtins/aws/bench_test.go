package aws_test

import (
	"crypto/rand"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsh/opsh/builtins/aws"
)

// BenchmarkSigner signs a small JSON POST, as a web session's Auth does
// for every API Gateway request.
func BenchmarkSigner(b *testing.B) {
	a, err := aws.Session(aws.Region("us-east-1"), aws.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))
	if err != nil {
		b.Fatal(err)
	}
	sign := aws.Signer(a, "execute-api")
	body := strings.Repeat(`{"k":"v"}`, 100)
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest("POST", "https://abc123.execute-api.us-east-1.amazonaws.com/prod/items?x=1", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if err := sign(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTransfer uploads and downloads a 32 MiB file (four parts) to
// MinIO; bench/aws/transfer compares 1 GiB with the SDK used directly.
func BenchmarkTransfer(b *testing.B) {
	m := minio(b)
	a, err := aws.Session(aws.Endpoint(m.Endpoint), aws.Credentials(m.AccessKey, m.SecretKey))
	if err != nil {
		b.Fatal(err)
	}
	if err := a.S3.CreateBucket("bench-transfer"); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	src := filepath.Join(dir, "src")
	data := make([]byte, 4*aws.PartSize)
	rand.Read(data)
	if err := os.WriteFile(src, data, 0o600); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		a.S3.Delete("bench-transfer", "obj")
		a.S3.DeleteBucket("bench-transfer")
	})
	b.Run("upload", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if err := a.S3.Upload("bench-transfer", "obj", src); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("download", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if err := a.S3.Download("bench-transfer", "obj", filepath.Join(dir, "dst")); err != nil {
				b.Fatal(err)
			}
		}
	})
}
