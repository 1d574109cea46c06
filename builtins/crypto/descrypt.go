package crypto

// Traditional DES-based crypt(3), as Unix V7 defined it and glibc, passlib's
// des_crypt and Python's crypt module still compute it: the first 8
// characters of the password (7 bits each) key DES, a 12-bit salt perturbs
// the expansion table, and a zero block is encrypted 25 times. Written here
// because no maintained Go library has it; it is for verifying old hashes,
// never for new ones.

// hash64 is the alphabet of crypt(3)'s base64.
const hash64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func hash64Value(c byte) int {
	switch {
	case c == '.' || c == '/':
		return int(c - '.')
	case c >= '0' && c <= '9':
		return int(c-'0') + 2
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 12
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 38
	}
	return -1
}

// DES tables, bit positions counted from 1 at the most significant bit, as
// FIPS 46-3 prints them.
var (
	desFP = [64]byte{
		40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31,
		38, 6, 46, 14, 54, 22, 62, 30, 37, 5, 45, 13, 53, 21, 61, 29,
		36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27,
		34, 2, 42, 10, 50, 18, 58, 26, 33, 1, 41, 9, 49, 17, 57, 25,
	}
	desP = [32]byte{
		16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
		2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25,
	}
	desPC1 = [56]byte{
		57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18,
		10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
		63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22,
		14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
	}
	desPC2 = [48]byte{
		14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10,
		23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
		41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48,
		44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
	}
	desShifts = [16]byte{1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1}
	desS      = [8][64]byte{
		{14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7,
			0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
			4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0,
			15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13},
		{15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10,
			3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
			0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15,
			13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9},
		{10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8,
			13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
			13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7,
			1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12},
		{7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15,
			13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
			10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4,
			3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14},
		{2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9,
			14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
			4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14,
			11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3},
		{12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11,
			10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
			9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6,
			4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13},
		{4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1,
			13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
			1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2,
			6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12},
		{13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7,
			1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
			7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8,
			2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11},
	}
)

// permute picks bits of in (inBits wide) in the order table gives.
func permute(in uint64, inBits int, table []byte) uint64 {
	var out uint64
	for _, pos := range table {
		out = out<<1 | (in>>(inBits-int(pos)))&1
	}
	return out
}

// desSP combines each S-box with the P permutation: desSP[k][six] is P
// applied to S-box k's output for the six input bits, in place.
var desSP = func() (sp [8][64]uint32) {
	for k := 0; k < 8; k++ {
		for six := 0; six < 64; six++ {
			row := six>>4&2 | six&1
			col := six >> 1 & 0xf
			out := uint64(desS[k][row*16+col]) << (28 - 4*k)
			sp[k][six] = uint32(permute(out, 32, desP[:]))
		}
	}
	return sp
}()

// desCrypt computes the 13-character traditional crypt(3) hash of password
// with a 2-character salt from the hash64 alphabet. ok is false for a salt
// outside that alphabet.
func desCrypt(password []byte, salt string) (string, bool) {
	if len(salt) < 2 {
		return "", false
	}
	s0, s1 := hash64Value(salt[0]), hash64Value(salt[1])
	if s0 < 0 || s1 < 0 {
		return "", false
	}
	// Salt bit i swaps expansion outputs i and i+24 (counted from the top
	// of the 48 bits): bit 23-i of each 24-bit half.
	var saltMask uint32
	for i, bits := 0, s0|s1<<6; i < 12; i++ {
		if bits>>i&1 == 1 {
			saltMask |= 1 << (23 - i)
		}
	}
	// Key: the low 7 bits of the first 8 bytes, each shifted past the
	// parity bit.
	var key uint64
	for i := 0; i < 8; i++ {
		var c byte
		if i < len(password) {
			c = password[i]
		}
		key = key<<8 | uint64(c<<1)
	}
	cd := permute(key, 64, desPC1[:])
	c, d := uint32(cd>>28), uint32(cd&0x0fffffff)
	var sub [16]uint64
	for r := 0; r < 16; r++ {
		for n := 0; n < int(desShifts[r]); n++ {
			c = (c<<1 | c>>27) & 0x0fffffff
			d = (d<<1 | d>>27) & 0x0fffffff
		}
		sub[r] = permute(uint64(c)<<28|uint64(d), 56, desPC2[:])
	}
	// Encrypt a zero block 25 times. IP of zero is zero, and the final
	// permutation of one pass is undone by the initial one of the next, so
	// only the halves' swap remains between passes.
	var l, r uint32
	for n := 0; n < 25; n++ {
		for round := 0; round < 16; round++ {
			// E: eight overlapping groups of six bits, taken from R with
			// its end bits wrapped around.
			y := uint64(r&1)<<33 | uint64(r)<<1 | uint64(r>>31)
			var e uint64
			for k := 0; k < 8; k++ {
				e = e<<6 | y>>(28-4*k)&0x3f
			}
			hi, lo := uint32(e>>24), uint32(e&0xffffff)
			t := (hi ^ lo) & saltMask
			e = uint64(hi^t)<<24 | uint64(lo^t)
			x := e ^ sub[round]
			var f uint32
			for k := 0; k < 8; k++ {
				f |= desSP[k][x>>(42-6*k)&0x3f]
			}
			l, r = r, l^f
		}
		l, r = r, l
	}
	block := permute(uint64(l)<<32|uint64(r), 64, desFP[:])
	out := make([]byte, 13)
	out[0], out[1] = salt[0], salt[1]
	// 64 bits and two zero bits, six at a time from the top.
	for i := 0; i < 11; i++ {
		shift := 58 - 6*i
		var v uint64
		if shift >= 0 {
			v = block >> shift & 0x3f
		} else {
			v = block << -shift & 0x3f
		}
		out[2+i] = hash64[v]
	}
	return string(out), true
}
