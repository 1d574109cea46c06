package aws

import "github.com/opsh/opsh/internal/display"

// The types the session shows through their Display method.
var (
	_ display.Displayer = (*Buckets)(nil)
	_ display.Displayer = (*Client)(nil)
	_ display.Displayer = (*Identity)(nil)
	_ display.Displayer = (*Image)(nil)
	_ display.Displayer = (*Images)(nil)
	_ display.Displayer = (*Info)(nil)
	_ display.Displayer = (*Instance)(nil)
	_ display.Displayer = (*Instances)(nil)
	_ display.Displayer = (*KeyPair)(nil)
	_ display.Displayer = (*Listing)(nil)
	_ display.Displayer = (*Object)(nil)
	_ display.Displayer = (*Objects)(nil)
	_ display.Displayer = (*Post)(nil)
)
