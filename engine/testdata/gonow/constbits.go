package main

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strings"
)

type Perm uint8

const (
	Read Perm = 1 << iota
	Write
	Exec
	Admin
	All = Read | Write | Exec | Admin
)

func (p Perm) String() string {
	if p == 0 {
		return "none"
	}
	var parts []string
	for i, name := range []string{"read", "write", "exec", "admin"} {
		if p&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	if rest := p &^ All; rest != 0 {
		parts = append(parts, fmt.Sprintf("0x%x", uint8(rest)))
	}
	return strings.Join(parts, "|")
}

func (p Perm) Has(q Perm) bool { return p&q == q }

type ByteSize float64

const (
	_           = iota
	KB ByteSize = 1 << (10 * iota)
	MB
	GB
	TB
)

func (b ByteSize) String() string {
	switch {
	case b >= TB:
		return fmt.Sprintf("%.1fTB", b/TB)
	case b >= GB:
		return fmt.Sprintf("%.1fGB", b/GB)
	case b >= MB:
		return fmt.Sprintf("%.1fMB", b/MB)
	case b >= KB:
		return fmt.Sprintf("%.1fKB", b/KB)
	}
	return fmt.Sprintf("%.0fB", float64(b))
}

const (
	Big   = 1 << 100
	Small = Big >> 98
	Pi2   = math.Pi * 2
)

func main() {
	p := Read | Exec
	fmt.Println(p, p.Has(Read), p.Has(Write|Read), All, Perm(0), Perm(0xF0|1))
	p |= Write
	p &^= Read
	fmt.Printf("%v %d %08b %s\n", p, p, p, Admin)
	fmt.Println(ByteSize(512), ByteSize(1536), 3*GB, ByteSize(5.5*float64(TB)))
	fmt.Println(Small, Pi2 > 6, float32(Pi2), int64(Big>>70))

	var u8 uint8 = 250
	u8 += 10
	var i8 int8 = 127
	i8++
	var i32 int32 = math.MaxInt32
	i32 += 1
	u := uint32(0)
	u--
	fmt.Println(u8, i8, i32, u, -math.MinInt64 == math.MinInt64)
	x := math.MaxInt64
	x++
	fmt.Println(x == math.MinInt64, uint64(1<<63)>>62)

	fmt.Println(bits.OnesCount8(uint8(All)), bits.LeadingZeros32(1), bits.TrailingZeros64(1<<40), bits.Len(255))
	fmt.Println(bits.RotateLeft8(0b10010001, 1), bits.Reverse8(1), bits.ReverseBytes16(0x1234) == 0x3412)
	hi, lo := bits.Mul64(1<<63, 4)
	sum, carry := bits.Add64(math.MaxUint64, 1, 0)
	fmt.Println(hi, lo, sum, carry)

	f := new(big.Int)
	f.MulRange(1, 30)
	two := big.NewInt(2)
	pow := new(big.Int).Exp(two, big.NewInt(100), nil)
	fmt.Println(f, pow, pow.BitLen(), f.Cmp(pow))
	q, m := new(big.Int).DivMod(pow, big.NewInt(1e9+7), new(big.Int))
	fmt.Println(q.String()[:6], m)
	r := big.NewRat(1, 3)
	r.Add(r, big.NewRat(1, 6))
	fmt.Println(r, r.FloatString(4))
	fmt.Printf("%T %T %T\n", Read, KB, 'x')
	const huge = 1e300 * 1e300 / 1e300
	fmt.Println(huge, math.Inf(1) > huge, 7/2, 7/2.0, -7%3)
}
