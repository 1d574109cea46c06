package aws

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// emptySHA256 is the hash of an empty payload.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// Signer returns a function that signs an HTTP request with AWS Signature
// Version 4 for service (execute-api for API Gateway, es for OpenSearch,
// s3, …) with the session's credentials and region. It has the type a web
// session's Auth takes:
//
//	s.Auth(aws.Signer(a, "execute-api"))
//
// The body is hashed into the signature (read through GetBody when the
// request has one, else read and replaced), and temporary credentials add
// X-Amz-Security-Token. Sign just before sending: signatures are valid for
// 15 minutes.
func Signer(a *Client, service string) func(req *http.Request) error {
	signer := v4.NewSigner(func(o *v4.SignerOptions) {
		// S3 signs the path as sent; other services escape it once more.
		o.DisableURIPathEscaping = service == "s3"
	})
	return func(req *http.Request) error {
		op := fmt.Sprintf("aws sign %s %s", service, req.URL.Host)
		a.context()
		if err := a.checkRegion(op); err != nil {
			return err
		}
		hash, err := payloadHash(req)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		ctx := req.Context()
		creds, err := a.shared.sdk().cfg.Credentials.Retrieve(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		for _, h := range []string{"Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256"} {
			req.Header.Del(h)
		}
		if service == "s3" {
			req.Header.Set("X-Amz-Content-Sha256", hash)
		}
		return signer.SignHTTP(ctx, creds, req, hash, service, a.shared.region, a.shared.now().UTC())
	}
}

// payloadHash is the hex SHA-256 of the request body, leaving the body
// readable for sending.
func payloadHash(req *http.Request) (string, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return emptySHA256, nil
	}
	h := sha256.New()
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return "", fmt.Errorf("read body: %w", err)
		}
		defer body.Close()
		if _, err := io.Copy(h, body); err != nil {
			return "", fmt.Errorf("read body: %w", err)
		}
		return hex.EncodeToString(h.Sum(nil)), nil
	}
	b, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return "", fmt.Errorf("read body: %w", err)
	}
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	req.ContentLength = int64(len(b))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil)), nil
}
