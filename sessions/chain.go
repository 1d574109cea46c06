package sessions

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"

	"github.com/opsh/opsh/internal/lazyre"
)

// chainAttr is how a chained block names its hash: " chain=" and 64 hex
// digits, the last attribute of a cell block's opening line, the first of
// the footer's comment.
const chainAttr = " chain="

// hashLen is the length of a hash in hex digits.
const hashLen = 2 * sha256.Size

// chainer computes the hash chain as a transcript is written: each sealed
// block's hash is SHA-256 over the previous hash and every byte written
// since it (the segment), the block's own bytes last, without its chain
// attribute.
type chainer struct {
	h hash.Hash // fed the previous hash, then the segment so far
}

func newChainer() *chainer {
	c := &chainer{h: sha256.New()}
	c.h.Write(make([]byte, sha256.Size))
	return c
}

// plain takes bytes that carry no hash of their own: the header, notes,
// facts. The next sealed block's hash covers them.
func (c *chainer) plain(b []byte) []byte {
	c.h.Write(b)
	return b
}

// seal hashes the segment ending with b, then returns b with its chain
// attribute inserted at offset at.
func (c *chainer) seal(b []byte, at int) []byte {
	c.h.Write(b)
	sum := c.h.Sum(nil)
	c.h.Reset()
	c.h.Write(sum)
	out := make([]byte, 0, len(b)+len(chainAttr)+hashLen)
	out = append(out, b[:at]...)
	out = append(out, chainAttr...)
	out = hex.AppendEncode(out, sum)
	return append(out, b[at:]...)
}

// block seals a cell block built by block(): its attribute list ends its
// opening line, the first line that ends in "}".
func (c *chainer) block(b []byte) []byte {
	return c.seal(b, bytes.Index(b, []byte("}\n")))
}

// footer seals the footer line: the chain attribute follows the end marker.
func (c *chainer) footer(b []byte) []byte {
	return c.seal(b, bytes.Index(b, []byte(endMarker))+len(endMarker))
}

// link is a block of a parsed transcript that the chain covers (or should):
// a cell's input or output block, or the footer.
type link struct {
	cell     int    // cell number; 0 for the footer
	output   bool   // an output or error block
	line     int    // line of its opening fence (or of the footer)
	end      int    // byte offset past the block's last newline
	attr     int    // byte offset of its chain attribute; -1 if it has none
	hash     string // the attribute's value
	complete bool   // the block's last line ends in a newline
}

// chainLink reads the chain attribute of a block's first line, which
// starts at byte offset start.
func chainLink(text string, start, end, lineN, cell int, output, complete bool) link {
	l := link{cell: cell, output: output, line: lineN, end: end, attr: -1, complete: complete}
	i := strings.LastIndex(text, chainAttr)
	if i < 0 {
		return l
	}
	v := text[i+len(chainAttr):]
	if len(v) < hashLen {
		return l
	}
	l.attr, l.hash = start+i, v[:hashLen]
	return l
}

// rechain recomputes, in place, the hashes of a chained transcript whose
// blocks were rewritten (each hash keeps its length, so nothing moves).
func rechain(name string, data []byte) ([]byte, error) {
	t, err := Parse(name, data)
	if err != nil {
		return nil, err
	}
	_, from := skipShebang(data)
	c := newChainer()
	for _, l := range t.links {
		if l.attr < 0 || !l.complete {
			continue
		}
		c.h.Write(data[from:l.attr])
		c.h.Write(data[l.attr+len(chainAttr)+hashLen : l.end])
		sum := c.h.Sum(nil)
		hex.Encode(data[l.attr+len(chainAttr):], sum)
		c.h.Reset()
		c.h.Write(sum)
		from = l.end
	}
	return data, nil
}

// ChainReport is what VerifyChain found.
type ChainReport struct {
	// Chained is false for a transcript without hashes (written before
	// they were added, or by hand): there is nothing to verify.
	Chained bool
	// Cells is how many cells verified to their last written block; Blocks
	// how many blocks.
	Cells, Blocks int
	// LastCell is the number of the last cell whose source verified.
	LastCell int
	// Footer is set when the footer verified too: the transcript is whole.
	Footer bool
	// Cut is set when the file ends before its footer (a session that was
	// killed, or is still running): it verifies up to its last whole block.
	Cut bool
	// Unsealed is set when text follows the last verified block of a cut
	// transcript (a note written after the last cell): no hash covers it.
	Unsealed bool
	// Failure names the first block whose hash does not match, nil if none.
	Failure *ChainFailure
}

// ChainFailure is the first block of a transcript that does not verify.
type ChainFailure struct {
	Line   int    // line of the block's opening fence, or of the footer
	Cell   int    // its cell, 0 for the footer
	Output bool   // the cell's output block rather than its source
	Footer bool   // the footer
	Reason string // what is wrong
}

// Error names the line and the block: "line 12: cell 2's output: hash
// does not match: ...".
func (f *ChainFailure) Error() string {
	what := "the footer"
	switch {
	case f.Cell == 0 && !f.Footer:
		return fmt.Sprintf("line %d: %s", f.Line, f.Reason)
	case f.Cell > 0 && f.Output:
		what = fmt.Sprintf("cell %d's output", f.Cell)
	case f.Cell > 0:
		what = fmt.Sprintf("cell %d", f.Cell)
	}
	return fmt.Sprintf("line %d: %s: %s", f.Line, what, f.Reason)
}

// VerifyChain checks the hash chain of a parsed transcript against data,
// the bytes it was parsed from. A block whose hash does not match was
// changed after it was written, or something before it was (an edited
// note, a removed or inserted cell); a block without a hash in a chained
// transcript was added by hand. A file cut while it was written verifies up
// to its last whole block.
func VerifyChain(t *Transcript, data []byte) ChainReport {
	var r ChainReport
	for _, l := range t.links {
		if l.attr >= 0 {
			r.Chained = true
		}
	}
	if !r.Chained || t.Kind != KindTranscript {
		r.Chained = false
		return r
	}
	_, from := skipShebang(data)
	c := newChainer()
	for _, l := range t.links {
		fail := func(reason string) ChainReport {
			r.Failure = &ChainFailure{Line: l.line, Cell: l.cell, Output: l.output, Footer: l.cell == 0, Reason: reason}
			return r
		}
		if !l.complete {
			r.Cut = true
			return r
		}
		if l.attr < 0 {
			return fail("no hash: the block was not written by the recorder (added or edited by hand)")
		}
		if l.attr+len(chainAttr)+hashLen > l.end || l.attr < from {
			return fail("malformed hash attribute")
		}
		c.h.Write(data[from:l.attr])
		c.h.Write(data[l.attr+len(chainAttr)+hashLen : l.end])
		sum := c.h.Sum(nil)
		if hex.EncodeToString(sum) != l.hash {
			return fail("hash does not match: this block, or something before it, changed after it was written")
		}
		c.h.Reset()
		c.h.Write(sum)
		from = l.end
		r.Blocks++
		if l.cell == 0 {
			r.Footer = true
		} else if !l.output {
			r.Cells++
			r.LastCell = l.cell
		}
	}
	r.Cut = !r.Footer
	if r.Cut {
		tail := data[from:min(len(data), t.sigAt)]
		if f := unreadTail(tail, bytes.Count(data[:from], []byte("\n"))+1); f != nil {
			r.Failure = f
			return r
		}
		r.Unsealed = len(bytes.TrimSpace(tail)) > 0
	}
	return r
}

// unreadTail checks what follows the last block that verified in a file
// without a footer. A file cut while it was written ends in at most one
// unfinished block; chained blocks that did not read as blocks (two, or a
// footer) mean a fence or marker was changed. first is tail's first line.
func unreadTail(tail []byte, first int) *ChainFailure {
	lines := strings.Split(string(tail), "\n")
	var found []int
	footer := false
	for i, l := range lines {
		if !chainedLine.MatchString(l) {
			continue
		}
		found = append(found, i)
		// The last, unfinished line of a cut file may hold the start of a
		// block or of the footer; a whole line with a hash that did not
		// read as a block is a changed one.
		_, _, _, isFence := fenceOpen(l)
		_, after, closed := strings.Cut(l[strings.Index(l, chainAttr):], "-->")
		whole := i < len(lines)-1 || closed && after != ""
		footer = footer || !isFence && whole
	}
	if len(found) < 2 && !footer {
		return nil
	}
	f := &ChainFailure{Line: first + found[0], Reason: "this block and those after it no longer read as blocks: a fence or marker was changed"}
	if _, _, info, ok := fenceOpen(lines[found[0]]); ok {
		kind, a, _ := parseInfo(info)
		f.Cell, _ = strconv.Atoi(a.words["cell"])
		f.Output = kind == "output" || kind == "error"
	} else {
		f.Footer = true
	}
	return f
}

// chainedLine matches a line holding a hash: a block's opening line, or
// the footer.
var chainedLine = lazyre.New(chainAttr + `[0-9a-f]{64}`)

// sigOpen and sigCloseLn frame the signature block that follows the
// footer of a signed transcript.
const (
	sigOpen    = "<!-- opsh signature"
	sigCloseLn = "-->"
)

// sigClose finds the line that closes the signature block opened at
// lines[i], -1 if the file ends first.
func sigClose(lines []line, i int) int {
	for j := i + 1; j < len(lines); j++ {
		if lines[j].text == sigCloseLn && !lines[j].partial {
			return j
		}
	}
	return -1
}

// readSignature keeps the signature block made of lines (its opening and
// closing lines included): the armored signature between them, and where
// the block is (everything before it is what was signed).
func (t *Transcript) readSignature(data []byte, lines []line) {
	first, last := lines[0], lines[len(lines)-1]
	t.sigAt, t.sigEnd, t.sigLn = first.start, last.end, first.n
	t.sig = append([]byte(nil), data[lines[1].start:last.start]...)
}
