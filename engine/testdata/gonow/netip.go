package main

import (
	"fmt"
	"net/netip"
)

func main() {
	a := netip.MustParseAddr("10.1.2.3")
	p := netip.MustParsePrefix("10.0.0.0/8")
	fmt.Println(p.Contains(a), a.Is4(), a.Next())
	ap, err := netip.ParseAddrPort("[::1]:8080")
	fmt.Println(ap.Port(), ap.Addr().IsLoopback(), err)
}
