package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// timePrompt starts opsh on a new pseudo-terminal, as a user at a
// terminal does, and measures the time until its first prompt ("[1]›")
// is written; then it hangs up.
func timePrompt(env []string, bin string) time.Duration {
	master, slave := openPTY()
	defer master.Close()
	cmd := exec.Command(bin, "--no-record")
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	start := time.Now()
	check(cmd.Start())
	slave.Close()
	var seen []byte
	buf := make([]byte, 4096)
	for !bytes.Contains(seen, []byte("[1]›")) {
		_ = master.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, err := master.Read(buf)
		check(err)
		seen = append(seen, buf[:n]...)
	}
	took := time.Since(start)
	// End it as a closed terminal would; it stops its worker on the way.
	check(cmd.Process.Signal(syscall.SIGHUP))
	go io.Copy(io.Discard, master) // until the session ends
	_ = cmd.Wait()                 // exit status 129: hung up
	return took
}

// openPTY opens a pseudo-terminal pair: its master and its slave.
func openPTY() (master, slave *os.File) {
	fd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	check(err)
	check(unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0)) // unlock
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	check(err)
	check(unix.SetNonblock(fd, true)) // polled, for read deadlines
	master = os.NewFile(uintptr(fd), "ptmx")
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	check(err)
	return master, slave
}
