// A tiny TCP line protocol on 127.0.0.1:0: an echo server with a
// goroutine per connection, clients with deadlines, and netip parsing of
// the addresses involved.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"time"
)

func serve(ln net.Listener, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			fmt.Println("accept:", err)
			return
		}
		wg.Add(1)
		go func(c net.Conn) {
			defer wg.Done()
			defer c.Close()
			sc := bufio.NewScanner(c)
			for sc.Scan() {
				line := sc.Text()
				if line == "QUIT" {
					fmt.Fprintln(c, "BYE")
					return
				}
				fmt.Fprintf(c, "%s %d\n", strings.ToUpper(line), len(line))
			}
		}(conn)
	}
}

func talk(addr string, lines []string) ([]string, error) {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(time.Second))
	r := bufio.NewReader(conn)
	var got []string
	for _, l := range lines {
		if _, err := fmt.Fprintln(conn, l); err != nil {
			return got, err
		}
		resp, err := r.ReadString('\n')
		if err != nil {
			return got, err
		}
		got = append(got, strings.TrimSpace(resp))
	}
	return got, nil
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go serve(ln, &wg)

	ap, err := netip.ParseAddrPort(ln.Addr().String())
	fmt.Println(ap.Addr(), ap.Addr().IsLoopback(), ap.Port() > 0, err)
	tcpAddr := ln.Addr().(*net.TCPAddr)
	fmt.Println(tcpAddr.IP.String(), tcpAddr.Port == int(ap.Port()), ln.Addr().Network())

	var mu sync.Mutex
	var all []string
	var cw sync.WaitGroup
	for i := range 3 {
		cw.Add(1)
		go func() {
			defer cw.Done()
			got, err := talk(ln.Addr().String(), []string{fmt.Sprintf("ping-%d", i), "status", "QUIT"})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				all = append(all, "err: "+err.Error())
				return
			}
			all = append(all, strings.Join(got, ","))
		}()
	}
	cw.Wait()
	sort.Strings(all)
	for _, a := range all {
		fmt.Println(a)
	}
	ln.Close()
	wg.Wait()

	_, err = net.DialTimeout("tcp", ln.Addr().String(), 200*time.Millisecond)
	var op *net.OpError
	fmt.Println(err != nil, errors.As(err, &op), op != nil && op.Op == "dial")

	pfx := netip.MustParsePrefix("10.20.0.0/16")
	for _, s := range []string{"10.20.3.4", "10.21.0.1", "::ffff:10.20.1.1", "bogus"} {
		a, err := netip.ParseAddr(s)
		if err != nil {
			fmt.Println(s, "invalid")
			continue
		}
		fmt.Println(s, pfx.Contains(a), pfx.Contains(a.Unmap()), a.Is4In6())
	}
	ap2 := netip.AddrPortFrom(netip.MustParseAddr("192.168.1.10"), 9100)
	fmt.Println(ap2, ap2.IsValid(), pfx.Masked(), pfx.Bits(), netip.MustParseAddr("10.20.255.255").Next())
	host, port, _ := net.SplitHostPort("[::1]:8443")
	fmt.Println(host, port, net.JoinHostPort("::1", "80"))
}
