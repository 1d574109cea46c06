package docs

import "io/fs"

// DataFS is the embedded data directory, for tests that read it through
// their own Set.
func DataFS() fs.FS { return data }
