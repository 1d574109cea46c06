package aws

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/smithy-go"
)

// Error is an error answered by AWS: the operation that failed, AWS's error
// code and message, the HTTP status and the request ID to quote to AWS
// support. Use errors.As to read it, errors.Is(err, aws.ErrNotFound) to
// test for a missing bucket, key or instance.
type Error struct {
	Op        string // what opsh was doing: "s3 get logs/app.log"
	Code      string // AWS's error code: NoSuchKey, InvalidInstanceID.NotFound
	Message   string // AWS's message
	Status    int    // the HTTP status, 0 if unknown
	RequestID string // AWS's request ID
	Err       error  // the SDK's error
}

// Error reads "OP: CODE: MESSAGE (status N, request id ID)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(": ")
	b.WriteString(e.Code)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	var meta []string
	if e.Status != 0 {
		meta = append(meta, fmt.Sprintf("status %d", e.Status))
	}
	if e.RequestID != "" {
		meta = append(meta, "request id "+e.RequestID)
	}
	if len(meta) > 0 {
		b.WriteString(" (" + strings.Join(meta, ", ") + ")")
	}
	return b.String()
}

// Unwrap returns the SDK's error.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether e means target: ErrNotFound for the not-found codes
// and 404s, ErrAccessDenied for refused credentials or permissions.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Status == 404 || strings.HasPrefix(e.Code, "NoSuch") ||
			strings.HasSuffix(e.Code, ".NotFound") || e.Code == "NotFound"
	case ErrAccessDenied:
		switch e.Code {
		case "AccessDenied", "AccessDeniedException", "AuthFailure", "InvalidClientTokenId",
			"SignatureDoesNotMatch", "InvalidAccessKeyId", "UnauthorizedOperation", "ExpiredToken":
			return true
		}
		return e.Status == 403
	}
	return false
}

var (
	// ErrNotFound matches an Error for a missing bucket, key, instance or image.
	ErrNotFound = errors.New("not found")
	// ErrAccessDenied matches an Error for refused credentials or permissions.
	ErrAccessDenied = errors.New("access denied")
)

// wrap turns an SDK error into an *Error when AWS answered, or wraps it
// with op otherwise (network errors, cancellation).
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var api smithy.APIError
	if !errors.As(err, &api) {
		var re interface{ HTTPStatusCode() int }
		if errors.As(err, &re) && re.HTTPStatusCode() != 0 {
			// A response without a parsable error body (a HEAD 404).
			e := &Error{Op: op, Status: re.HTTPStatusCode(), Err: err}
			e.Code = statusCode(e.Status)
			e.RequestID = requestID(err)
			return e
		}
		return fmt.Errorf("%s: %w", op, unwrapOperation(err))
	}
	e := &Error{Op: op, Code: api.ErrorCode(), Message: api.ErrorMessage(), Err: err, RequestID: requestID(err)}
	var re interface{ HTTPStatusCode() int }
	if errors.As(err, &re) {
		e.Status = re.HTTPStatusCode()
	}
	return e
}

func requestID(err error) string {
	var rid interface{ ServiceRequestID() string }
	if errors.As(err, &rid) {
		return rid.ServiceRequestID()
	}
	return ""
}

func statusCode(status int) string {
	switch status {
	case 404:
		return "NotFound"
	case 403:
		return "AccessDenied"
	case 301:
		return "PermanentRedirect"
	}
	return fmt.Sprintf("HTTP%d", status)
}

// unwrapOperation drops the SDK's "operation error S3: GetObject, " prefix
// when what is inside says enough (a cancelled context, a refused dial).
func unwrapOperation(err error) error {
	var oe *smithy.OperationError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err
	}
	return err
}
