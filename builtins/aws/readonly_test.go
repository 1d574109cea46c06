package aws

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/opsh/opsh/internal/readonly"
)

// TestReadOnlyRefusals checks the refusal of each call that changes
// something in an account in a read-only session. Refused calls fail
// before they reach an endpoint, so the values here have none; the
// acceptance test (cmd/opsh) replays S3 calls against a real MinIO.
func TestReadOnlyRefusals(t *testing.T) {
	readonly.SetFor(t, readonly.Policy{On: true})
	s, e := &S3{}, &EC2{}
	for _, c := range []struct {
		err  error
		want string
	}{
		{s.Put("logs", "a.txt", "x"), `S3.Put("logs", "a.txt") writes`},
		{s.Delete("logs", "a.txt", "b.txt"), `S3.Delete("logs", "a.txt", "b.txt") writes`},
		{s.CreateBucket("logs"), `S3.CreateBucket("logs") writes`},
		{s.DeleteBucket("logs"), `S3.DeleteBucket("logs") writes`},
		{second(s.PresignPut("logs", "a.txt", time.Minute)), `S3.PresignPut("logs", "a.txt") writes`},
		{second(s.PresignPost("logs", "a.txt", time.Minute)), `S3.PresignPost("logs", "a.txt") writes`},
		{s.Upload("logs", "a.txt", "a.txt"), `S3.Upload("logs", "a.txt", "a.txt") writes`},
		{s.Download("logs", "a.txt", "a.txt"), `S3.Download("logs", "a.txt", "a.txt") writes`},
		{second(e.Run(Instance{AMI: "ami-1", Type: "t3.micro"})), `EC2.Run("ami-1", "t3.micro") writes`},
		{e.Terminate("i-1", "i-2"), `EC2.Terminate("i-1", "i-2") writes`},
		{second(e.CreateImage("i-1", "img")), `EC2.CreateImage("i-1", "img") writes`},
		{second(e.ImportKeyPair("k", "ssh-ed25519 AAAA")), `EC2.ImportKeyPair("k") writes`},
	} {
		if got, want := fmt.Sprint(c.err), "refused by --read-only: "+c.want; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if !errors.Is(c.err, readonly.ErrRefused) {
			t.Errorf("%v: not ErrRefused", c.err)
		}
	}
}

func second[T any](_ T, err error) error { return err }
