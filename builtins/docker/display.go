package docker

import "github.com/opsh/opsh/internal/display"

// The types the session shows through their Display method.
var (
	_ display.Displayer = (*Changes)(nil)
	_ display.Displayer = (*Client)(nil)
	_ display.Displayer = (*Container)(nil)
	_ display.Displayer = (*ContainerList)(nil)
	_ display.Displayer = (*Copied)(nil)
	_ display.Displayer = (*ExecResult)(nil)
	_ display.Displayer = (*Image)(nil)
	_ display.Displayer = (*ImageList)(nil)
	_ display.Displayer = (*Info)(nil)
	_ display.Displayer = (*Logs)(nil)
	_ display.Displayer = (*NetworkInfo)(nil)
	_ display.Displayer = (*NetworkList)(nil)
	_ display.Displayer = (*Pong)(nil)
	_ display.Displayer = (*Processes)(nil)
	_ display.Displayer = (*Stats)(nil)
	_ display.Displayer = (*StatsList)(nil)
	_ display.Displayer = (*Version)(nil)
	_ display.Displayer = (*VolumeInfo)(nil)
	_ display.Displayer = (*VolumeList)(nil)
)
