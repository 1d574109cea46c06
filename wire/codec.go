package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// errTruncated is what a decoder reports when a message ends inside a field.
var errTruncated = errors.New("message truncated")

// A coder encodes or decodes the fields of one message. Each message
// type has one method, code, that names its fields in order; the same
// method serves both directions, so the encoder and the decoder cannot
// drift apart. When dec is false the coder appends each field to buf;
// when it is true it reads each field from buf and stores it, and the
// first failure is kept in err (later fields then decode as zero).
type coder struct {
	dec bool
	buf []byte
	err error
}

func (c *coder) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// uvarint codes a length or an unsigned number.
func (c *coder) uvarint(v *uint64) {
	if !c.dec {
		c.buf = binary.AppendUvarint(c.buf, *v)
		return
	}
	if c.err != nil || len(c.buf) == 0 {
		// An absent trailing field decodes as zero (see "Compatibility").
		*v = 0
		return
	}
	x, n := binary.Uvarint(c.buf)
	if n <= 0 {
		c.fail(errTruncated)
		*v = 0
		return
	}
	*v, c.buf = x, c.buf[n:]
}

// int codes a signed number as a zig-zag varint.
func (c *coder) int(v *int) {
	if !c.dec {
		c.buf = binary.AppendVarint(c.buf, int64(*v))
		return
	}
	u := uint64(0)
	c.uvarint(&u)
	x := int64(u>>1) ^ -int64(u&1)
	if x < math.MinInt || x > math.MaxInt {
		c.fail(fmt.Errorf("integer %d out of range", x))
		x = 0
	}
	*v = int(x)
}

// int64 codes a signed 64-bit number as a zig-zag varint.
func (c *coder) int64(v *int64) {
	if !c.dec {
		c.buf = binary.AppendVarint(c.buf, *v)
		return
	}
	u := uint64(0)
	c.uvarint(&u)
	*v = int64(u>>1) ^ -int64(u&1)
}

// bool codes a flag as one byte, 0 or 1.
func (c *coder) bool(v *bool) {
	u := uint64(0)
	if *v {
		u = 1
	}
	c.uvarint(&u)
	*v = u != 0
}

// bytes codes a byte string as its length then its bytes. A decoded
// slice is a copy: frames are read into a reused buffer.
func (c *coder) bytes(v *[]byte) {
	if !c.dec {
		c.buf = binary.AppendUvarint(c.buf, uint64(len(*v)))
		c.buf = append(c.buf, *v...)
		return
	}
	b := c.take()
	if b == nil {
		*v = nil
		return
	}
	*v = append([]byte{}, b...)
}

// string codes a string as its length then its bytes.
func (c *coder) string(v *string) {
	if !c.dec {
		c.buf = binary.AppendUvarint(c.buf, uint64(len(*v)))
		c.buf = append(c.buf, *v...)
		return
	}
	*v = string(c.take())
}

// take reads a length and returns that many bytes from buf.
func (c *coder) take() []byte {
	n := uint64(0)
	c.uvarint(&n)
	if c.err != nil || n == 0 {
		return nil
	}
	if n > uint64(len(c.buf)) {
		c.fail(errTruncated)
		return nil
	}
	b := c.buf[:n]
	c.buf = c.buf[n:]
	return b
}

// strings codes a list of strings as a count then each string.
func (c *coder) strings(v *[]string) {
	n := uint64(len(*v))
	c.uvarint(&n)
	if !c.dec {
		for i := range *v {
			c.string(&(*v)[i])
		}
		return
	}
	if !c.countFits(n) {
		*v = nil
		return
	}
	*v = nil
	if n > 0 {
		*v = make([]string, n)
	}
	for i := range *v {
		c.string(&(*v)[i])
	}
}

// strmap codes a map of strings as a count then key, value pairs in no
// particular order.
func (c *coder) strmap(v *map[string]string) {
	n := uint64(len(*v))
	c.uvarint(&n)
	if !c.dec {
		for k, val := range *v {
			c.string(&k)
			c.string(&val)
		}
		return
	}
	if !c.countFits(n) {
		*v = nil
		return
	}
	*v = nil
	if n > 0 {
		*v = make(map[string]string, n)
	}
	for ; n > 0 && c.err == nil; n-- {
		var k, val string
		c.string(&k)
		c.string(&val)
		(*v)[k] = val
	}
}

// countFits reports whether n elements of at least one byte each can be
// left in buf, so a corrupt count cannot make the decoder allocate more
// than the frame holds.
func (c *coder) countFits(n uint64) bool {
	if c.err != nil {
		return false
	}
	if n > uint64(len(c.buf)) {
		c.fail(errTruncated)
		return false
	}
	return true
}
