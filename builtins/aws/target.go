package aws

import (
	"context"
	"errors"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/opsh/opsh/internal/cell"
)

// accountTarget is the middleware that, before a session's first call,
// asks STS whose credentials these are (GetCallerIdentity) and tells the
// session the account it reaches: a replay refuses an account it was not
// recorded against before the call goes out.
func accountTarget(sh *shared) func(*middleware.Stack) error {
	step := middleware.InitializeMiddlewareFunc("opshTarget", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		if awsmiddleware.GetOperationName(ctx) != "GetCallerIdentity" {
			if err := bind(sh, ctx).reachAccount(ctx); err != nil {
				return middleware.InitializeOutput{}, middleware.Metadata{}, err
			}
		}
		return next.HandleInitialize(ctx, in)
	})
	return func(s *middleware.Stack) error { return s.Initialize.Add(step, middleware.Before) }
}

// reachAccount learns the account once per session, inside opsh. An endpoint without
// STS (an S3-only store) leaves it unknown, and the call goes on; one that
// cannot be reached fails the call with why. A session whose S3 calls go
// to an endpoint of their own (AWS_ENDPOINT_URL_S3) is not asked.
func (a *Client) reachAccount(ctx context.Context) error {
	if !cell.Tracking() {
		return nil // a library user's session: no call of our own
	}
	sh := a.shared
	sh.identityMu.Lock() // a second first call waits for the verdict
	defer sh.identityMu.Unlock()
	sh.mu.Lock()
	asked, refused := sh.identityAsked, sh.refused
	sh.identityAsked = true
	sh.mu.Unlock()
	if asked || sh.s3Endpoint != "" {
		// S3 has an endpoint of its own, STS not: STS may be out of reach.
		return refused
	}
	out, err := a.stsClient().GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	var api smithy.APIError
	switch {
	case errors.As(err, &api):
		return nil // the endpoint answered without STS: the account stays unknown
	case err != nil:
		// Unreachable, or its certificate refused: the call would meet
		// the same, so it fails now, and the next call asks again.
		sh.mu.Lock()
		sh.identityAsked = false
		sh.mu.Unlock()
		return err
	}
	return a.reached(Identity{Account: sdkaws.ToString(out.Account), ARN: sdkaws.ToString(out.Arn)})
}

// reached tells the session the account of id, and keeps its verdict.
func (a *Client) reached(id Identity) error {
	if id.Account == "" {
		return nil
	}
	a.noteAccount(id.Account)
	detail := id.ARN
	if r := a.shared.region; r != "" {
		detail += ", region " + r
	}
	err := cell.Reach(cell.Target{Kind: cell.KindAWS, Name: a.shared.endpoint, ID: id.Account, Detail: detail})
	a.shared.mu.Lock()
	a.shared.identityAsked = true
	if err != nil {
		a.shared.refused = err
	}
	a.shared.mu.Unlock()
	return err
}
