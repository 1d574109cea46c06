package ssh

import "github.com/opsh/opsh/internal/display"

// The types the session shows through their Display method.
var (
	_ display.Displayer = (*FileInfo)(nil)
	_ display.Displayer = (*Files)(nil)
	_ display.Displayer = (*Group)(nil)
	_ display.Displayer = (*Host)(nil)
	_ display.Displayer = (*HostKeys)(nil)
	_ display.Displayer = (*Result)(nil)
	_ display.Displayer = (*Results)(nil)
	_ display.Displayer = (*SFTP)(nil)
)
