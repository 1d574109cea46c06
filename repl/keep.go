package repl

import (
	"bytes"
	"fmt"
	"os"
)

// keptOutput is what a cell printed, as the transcript keeps it: all of it
// while it is small; past head+tail bytes, its first head bytes and its
// last tail bytes with a line saying how much was left out, the whole
// output being saved in a file beside the transcript (0600). A cell
// printing a gigabyte fills neither the front-end's memory nor the ticket
// the transcript is attached to.
type keptOutput struct {
	head, tail int
	buf        bytes.Buffer // everything while small, then the head
	ring       []byte       // the last tail bytes, once past the limit
	total      int64
	path       string   // where the whole output goes once large; "" keeps no copy
	file       *os.File // the whole output, once large
	saved      bool     // the whole output is in path
	err        error    // why the whole output could not be saved
}

// defaultKeep is how many bytes of a large output's head, and of its tail,
// the transcript keeps.
const defaultKeep = 64 << 10

// reset starts a cell's output; path is where to save it whole if large.
func (k *keptOutput) reset(path string) {
	if k.file != nil {
		k.file.Close()
	}
	*k = keptOutput{head: k.head, tail: k.tail, path: path}
	if k.head <= 0 {
		k.head, k.tail = defaultKeep, defaultKeep
	}
}

func (k *keptOutput) Write(p []byte) {
	k.total += int64(len(p))
	if k.ring == nil && k.buf.Len()+len(p) <= k.head+k.tail {
		k.buf.Write(p)
		return
	}
	if k.ring == nil {
		k.spill(k.buf.Bytes())
		all := append(append([]byte(nil), k.buf.Bytes()...), p...)
		// (one write may bring more than the head and tail together)
		k.buf.Reset()
		k.buf.Write(all[:k.head])
		k.ring = append([]byte(nil), all[max(len(all)-k.tail, k.head):]...)
	} else {
		k.ring = append(k.ring, p...)
		if len(k.ring) > k.tail {
			k.ring = append(k.ring[:0], k.ring[len(k.ring)-k.tail:]...)
		}
	}
	if k.file != nil {
		if _, err := k.file.Write(p); err != nil && k.err == nil {
			k.err = err
		}
	}
}

// spill opens the file that keeps the whole output, with what came so far.
func (k *keptOutput) spill(sofar []byte) {
	if k.path == "" {
		return
	}
	f, err := os.OpenFile(k.path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		k.err = err
		return
	}
	k.file, k.saved = f, true
	if _, err := f.Write(sofar); err != nil {
		k.err = err
	}
}

// String is the output as the transcript keeps it. The line that says
// what was left out is the same whether the whole was saved or not, so
// that a replay compares equal (--check); the whole output is in the file
// ID.cell-N.out beside the transcript.
func (k *keptOutput) String() string {
	if k.ring == nil {
		return k.buf.String()
	}
	left := k.total - int64(k.buf.Len()) - int64(len(k.ring))
	return fmt.Sprintf("%s\n… %d bytes left out …\n%s", k.buf.String(), left, k.ring)
}

// Saved says where the whole of a large output was saved, or why it was
// not; "" for an output the transcript keeps whole.
func (k *keptOutput) Saved() string {
	switch {
	case k.ring == nil:
		return ""
	case k.err != nil:
		return "could not be saved whole: " + k.err.Error()
	case k.saved:
		return k.path
	}
	return "not saved whole: this session is not recorded"
}

// close ends the cell's output: the file of a large one is complete.
func (k *keptOutput) close() {
	if k.file != nil {
		if err := k.file.Close(); err != nil && k.err == nil {
			k.err = err
		}
		k.file = nil
	}
}
