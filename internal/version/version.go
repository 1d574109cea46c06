// Package version holds opsh's version, shown by --version, in transcript
// headers and in the User-Agent of the web builtin.
package version

// Version is opsh's version. Release builds set it with
// -ldflags "-X github.com/opsh/opsh/internal/version.Version=v1.2.3".
var Version = "v0.1.0"
