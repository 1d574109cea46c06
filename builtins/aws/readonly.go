package aws

import "github.com/opsh/opsh/internal/readonly"

// refuse returns the read-only refusal of a call that changes something
// in the account (an S3 object or bucket written or deleted, an upload
// presigned, an instance, image or key pair made or ended), nil when the
// session may change things. STS calls change nothing and are not refused.
func refuse(call string, args ...any) error {
	return readonly.Check("writes", call, args...)
}
