// Named slice and map types through slices and maps: Clone, Compact,
// Insert, Concat, Delete and maps.Clone give back the named type with its
// methods (Hosts, Tags, net.IP, http.Header).
package main

import (
	"fmt"
	"maps"
	"net"
	"net/http"
	"slices"
)

type Hosts []string

func (h Hosts) String() string { return fmt.Sprintf("%d hosts", len(h)) }

type Tags map[string]string

func (t Tags) N() int { return len(t) }

func grow[S ~[]E, E any](s S) S { return slices.Clone(s) }

func f(h Hosts) Hosts {
	h2 := slices.Insert(h, 0, "first")
	return slices.Concat(h2, Hosts{"z"})
}

func main() {
	h := Hosts{"b", "a", "b"}
	c := slices.Compact(slices.Clone(h))
	fmt.Println(c, f(h), slices.Delete(h, 0, 1).String())
	var ip net.IP = net.ParseIP("10.0.0.1").To4()
	ip2 := slices.Clone(ip)
	fmt.Println(ip2.String(), ip2.IsPrivate())
	hd := http.Header{"A": {"1"}}
	fmt.Println(maps.Clone(hd).Get("A"))
	fmt.Println(maps.Clone(Tags{"a": "b"}).N())
	fmt.Printf("%T %T\n", slices.Clone(h), grow[Hosts, string](h))
	var plain = []int{3, 1}
	fmt.Printf("%T\n", slices.Clone(plain))
}
