// Text utilities for ops output: word wrapping, column alignment by runes,
// title-casing, key=value parsing with Cut/CutPrefix/EqualFold, strconv
// round trips, utf8 and bytes.Buffer.
package main

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func title(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + strings.ToLower(w[size:])
	}
	return strings.Join(words, " ")
}

func wrap(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, w := range strings.Fields(s) {
		if cur.Len() > 0 && cur.Len()+1+len(w) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

func padRunes(s string, n int) string {
	if c := utf8.RuneCountInString(s); c < n {
		return s + strings.Repeat(" ", n-c)
	}
	return s
}

type KV map[string]string

func parseKV(line string) (KV, []string) {
	kv := KV{}
	var bad []string
	for _, f := range strings.FieldsFunc(line, func(r rune) bool { return r == ';' || unicode.IsSpace(r) }) {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			bad = append(bad, f)
			continue
		}
		kv[strings.ToLower(k)] = strings.Trim(v, `"'`)
	}
	return kv, bad
}

func main() {
	fmt.Println(title("the QUICK  brown fox élan"))
	for i, l := range wrap("disk usage on /var/lib/docker exceeded ninety percent on three nodes in the eu cluster", 24) {
		fmt.Printf("%2d|%-24s|\n", i, l)
	}
	for _, s := range []string{"naïve", "ok", "日本語"} {
		fmt.Printf("[%s] len=%d runes=%d valid=%t\n", padRunes(s, 7), len(s), utf8.RuneCountInString(s), utf8.ValidString(s))
	}
	kv, bad := parseKV(`Host=web-1; PORT="8080" mode='ro' junk  Retries=3`)
	fmt.Println(kv, bad)
	if n, err := strconv.Atoi(kv["retries"]); err == nil {
		fmt.Println("retries+1 =", n+1)
	}
	_, err := strconv.Atoi("12a")
	fmt.Println(err)
	_, err = strconv.ParseInt("99999999999999999999", 10, 64)
	fmt.Println(err, err.(*strconv.NumError).Err == strconv.ErrRange)
	f, _ := strconv.ParseFloat("3.25e2", 64)
	bv, _ := strconv.ParseBool("TRUE")
	u, _ := strconv.ParseUint("ff", 16, 8)
	fmt.Println(f, bv, u, strconv.FormatInt(-255, 16), strconv.FormatFloat(1.0/3, 'f', 4, 64), strconv.Quote("tab\there"), strconv.Itoa(-0))
	q, err := strconv.Unquote(`"a\tb\u00e9"`)
	fmt.Printf("%q %v %s\n", q, err, strconv.QuoteToASCII("é☃"))
	for _, p := range []string{"/api/v1/users", "/health", "api/v2"} {
		if rest, ok := strings.CutPrefix(p, "/api/"); ok {
			ver, path, _ := strings.Cut(rest, "/")
			fmt.Println("api", ver, path)
		} else if rest, ok := strings.CutSuffix(p, "th"); ok {
			fmt.Println("suffix cut:", rest)
		} else {
			fmt.Println("other", p)
		}
	}
	fmt.Println(strings.EqualFold("Prod", "PROD"), strings.EqualFold("ß", "SS"), strings.Count("cheese", "e"), strings.LastIndex("go gopher", "go"))
	fmt.Println(strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return -1
		}
		return unicode.ToUpper(r)
	}, "web01-db22"))
	var buf bytes.Buffer
	buf.WriteString("hdr:")
	fmt.Fprintf(&buf, "%03d|", 7)
	buf.WriteRune('✓')
	buf.Write([]byte{'!', '\n'})
	fmt.Print(buf.String())
	line, err := buf.ReadString(':')
	fmt.Printf("%q %v rest=%q len=%d\n", line, err, buf.String(), buf.Len())
	fields := bytes.Fields([]byte("  a b\tc "))
	fmt.Printf("%q %s %v\n", fields, bytes.ToUpper(fields[0]), bytes.HasPrefix([]byte("xyz"), []byte("xy")))
	r := strings.NewReplacer("<", "&lt;", ">", "&gt;")
	fmt.Println(r.Replace("<b>bold</b>"), strings.TrimFunc("123abc456", unicode.IsDigit), strings.TrimLeft("xxhixx", "x"))
	b := []byte("héllo")
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		fmt.Printf("%c:%d ", r, size)
		b = b[size:]
	}
	fmt.Println()
	for i, r := range "aé日" {
		fmt.Print(i, ":", string(r), " ")
	}
	fmt.Println(utf8.RuneLen('日'), string(rune(65)), []rune("hé"), []byte("hé"))
}
