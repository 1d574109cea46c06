package crypto

import "crypto/md5"

// md5Crypt computes Poul-Henning Kamp's MD5-based crypt ($1$, and Apache's
// $apr1$ with magic "$apr1$"): the checksum part, in hash64 text.
func md5Crypt(password, salt []byte, magic string) string {
	alt := md5.New()
	alt.Write(password)
	alt.Write(salt)
	alt.Write(password)
	altSum := alt.Sum(nil)

	h := md5.New()
	h.Write(password)
	h.Write([]byte(magic))
	h.Write(salt)
	for n := len(password); n > 0; n -= 16 {
		h.Write(altSum[:min(n, 16)])
	}
	for i := len(password); i > 0; i >>= 1 {
		if i&1 == 1 {
			h.Write([]byte{0})
		} else {
			h.Write(password[:1])
		}
	}
	sum := h.Sum(nil)
	for i := 0; i < 1000; i++ {
		h.Reset()
		if i&1 == 1 {
			h.Write(password)
		} else {
			h.Write(sum)
		}
		if i%3 != 0 {
			h.Write(salt)
		}
		if i%7 != 0 {
			h.Write(password)
		}
		if i&1 == 1 {
			h.Write(sum)
		} else {
			h.Write(password)
		}
		sum = h.Sum(sum[:0])
	}
	// Bytes in crypt's transposed order, three at a time, little end first.
	order := [][3]int{{0, 6, 12}, {1, 7, 13}, {2, 8, 14}, {3, 9, 15}, {4, 10, 5}}
	out := make([]byte, 0, 22)
	for _, o := range order {
		v := uint(sum[o[0]])<<16 | uint(sum[o[1]])<<8 | uint(sum[o[2]])
		for k := 0; k < 4; k++ {
			out = append(out, hash64[v&0x3f])
			v >>= 6
		}
	}
	v := uint(sum[11])
	out = append(out, hash64[v&0x3f], hash64[v>>6&0x3f])
	return string(out)
}
