//go:build !linux

package main

// setEcho is a no-op where the terminal's modes are not reached: typed
// ahead text may then show inside a cell's output.
func setEcho(int, bool) {}
