package aws_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/builtins/aws"
)

// TestSignerTestSuite checks Signer against requests of AWS's Signature
// Version 4 test suite (aws-sig-v4-test-suite): credentials AKIDEXAMPLE,
// region us-east-1, service "service", 2015-08-30T12:36:00Z.
func TestSignerTestSuite(t *testing.T) {
	a, err := aws.Session(aws.Region("us-east-1"),
		aws.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))
	if err != nil {
		t.Fatal(err)
	}
	aws.SetClock(a, func() time.Time { return time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC) })
	sign := aws.Signer(a, "service")
	const prefix = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature="
	for _, tc := range []struct{ name, method, url, sig string }{
		{"get-vanilla", "GET", "https://example.amazonaws.com/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
		{"get-vanilla-query", "GET", "https://example.amazonaws.com/?", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
		{"get-vanilla-query-order-key-case", "GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
		{"post-vanilla", "POST", "https://example.amazonaws.com/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, tc.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := sign(req); err != nil {
				t.Fatal(err)
			}
			if got, want := req.Header.Get("Authorization"), prefix+tc.sig; got != want {
				t.Errorf("Authorization =\n%s\nwant\n%s", got, want)
			}
			if got, want := req.Header.Get("X-Amz-Date"), "20150830T123600Z"; got != want {
				t.Errorf("X-Amz-Date = %s, want %s", got, want)
			}
		})
	}

	// Signing again (a retry) replaces the signature instead of adding one.
	req, _ := http.NewRequest("POST", "https://example.amazonaws.com/", strings.NewReader("Param1=value1"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := sign(req); err != nil {
		t.Fatal(err)
	}
	first := req.Header.Get("Authorization")
	if err := sign(req); err != nil {
		t.Fatal(err)
	}
	if got := req.Header.Values("Authorization"); len(got) != 1 || got[0] != first {
		t.Errorf("re-signing gave %q, want one %q", got, first)
	}
}
