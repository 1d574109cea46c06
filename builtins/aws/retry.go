package aws

import (
	"crypto/tls"
	"crypto/x509"
	"errors"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// newRetryer is the SDK's standard retryer, except that a failed TLS
// verification (an unknown authority, a name the certificate does not
// cover, an expired certificate) is not retried: it is not transient, and
// retrying only delays the error.
func newRetryer() sdkaws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.Retryables = append([]retry.IsErrorRetryable{retry.IsErrorRetryableFunc(tlsNotRetryable)}, o.Retryables...)
	})
}

func tlsNotRetryable(err error) sdkaws.Ternary {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
	)
	if errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) || errors.As(err, &verify) {
		return sdkaws.FalseTernary
	}
	return sdkaws.UnknownTernary
}
