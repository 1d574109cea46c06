package main

import "golang.org/x/sys/unix"

// setEcho turns the terminal's echo of typed characters on or off,
// leaving everything else (Ctrl-C's signal included) as it is. While a
// cell runs echo is off: what the user types ahead waits, unseen, for
// the next prompt, which shows it, instead of landing in the cell's
// output. It does nothing when fd is no terminal.
func setEcho(fd int, on bool) {
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return
	}
	if on {
		t.Lflag |= unix.ECHO
	} else {
		t.Lflag &^= unix.ECHO
	}
	_ = unix.IoctlSetTermios(fd, unix.TCSETS, t)
}
