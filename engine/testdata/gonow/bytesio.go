// Bytes and streams: buffers, tee and multi writers, binary encoding,
// checksums, hex dumps, big numbers and time arithmetic.
package main

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io"
	"math/big"
	"os"
	"strconv"
	"strings"
	"time"
)

type header struct {
	Magic   uint32
	Version uint16
	Flags   uint16
	Length  uint64
}

func main() {
	var buf bytes.Buffer
	h := header{0xCAFEBABE, 2, 0x1, 4096}
	if err := binary.Write(&buf, binary.BigEndian, h); err != nil {
		fmt.Println(err)
	}
	fmt.Println(buf.Len(), hex.EncodeToString(buf.Bytes()[:8]))
	var back header
	binary.Read(bytes.NewReader(buf.Bytes()), binary.BigEndian, &back)
	fmt.Printf("%#x %d %d %d\n", back.Magic, back.Version, back.Flags, back.Length)
	b := make([]byte, 0, 16)
	b = binary.LittleEndian.AppendUint32(b, 7)
	b = binary.AppendUvarint(b, 300)
	v, n := binary.Uvarint(b[4:])
	fmt.Println(b, v, n, binary.LittleEndian.Uint32(b))

	var log1, log2 bytes.Buffer
	w := io.MultiWriter(&log1, &log2)
	fmt.Fprintf(w, "event=%s n=%d\n", "deploy", 3)
	tee := io.TeeReader(strings.NewReader("payload"), &log1)
	got, _ := io.ReadAll(tee)
	fmt.Println(string(got), log1.String() == "event=deploy n=3\npayload", log2.Len())

	sum := md5.Sum([]byte("hello"))
	fmt.Println(hex.EncodeToString(sum[:]), crc32.ChecksumIEEE([]byte("hello")))
	fmt.Print(hex.Dump([]byte("opsh\x00\x01")))

	bw := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(bw, "buffered %d\n", bw.Available() > 0)
	bw.Flush()
	br := bufio.NewReader(strings.NewReader("k1=v1\nk2=v2\nrest"))
	for {
		line, err := br.ReadString('\n')
		k, val, _ := strings.Cut(strings.TrimSpace(line), "=")
		fmt.Printf("[%s:%s]", k, val)
		if err == io.EOF {
			break
		}
	}
	fmt.Println()

	f := new(big.Int)
	f.MulRange(1, 25)
	fmt.Println(f, f.BitLen())
	r := new(big.Rat).SetFrac64(1, 3)
	r.Add(r, big.NewRat(1, 6))
	fmt.Println(r, r.FloatString(4))
	x, _ := new(big.Float).SetPrec(100).SetString("1.5")
	fmt.Println(x.Text('f', 3))

	fmt.Println(strconv.Quote("tab\there \"q\""), strconv.FormatInt(-255, 16), strconv.AppendBool(nil, true))
	u, err := strconv.ParseUint("300", 10, 8)
	fmt.Println(u, err)
	fb, _ := strconv.ParseBool("TRUE")
	fmt.Println(fb, strconv.QuoteRune('☺'))

	t0 := time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)
	fmt.Println(t0.Add(90*time.Minute).Format(time.RFC3339), t0.Weekday(), t0.YearDay())
	fmt.Println(t0.Truncate(time.Hour).Format("15:04"), t0.AddDate(0, 1, 3).Format("2006-01-02"))
	d, _ := time.ParseDuration("1h15m30.5s")
	fmt.Println(d, d.Minutes(), d.Round(time.Minute), d.Truncate(time.Hour))
	later := t0.Add(36 * time.Hour)
	fmt.Println(later.Sub(t0), later.After(t0), t0.Equal(t0.UTC()))
	est := time.FixedZone("EST", -5*3600)
	fmt.Println(t0.In(est).Format("2006-01-02 15:04 MST"))
	ts, err := time.Parse("2006-01-02 15:04:05", "2026-12-06 08:00:00")
	fmt.Println(ts.Unix(), err, ts.Format(time.Kitchen))
}
