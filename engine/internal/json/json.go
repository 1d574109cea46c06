// Package json holds the session's json.Encoder and json.Decoder:
// encoding/json's own, with the values of the session's types turned, on
// the way out and on the way in, into what encoding/json makes of
// compiled ones (see the engine's jsonfix.go). They take the place of
// encoding/json's types in the session's symbol tables, under the same
// names.
package json

import (
	"encoding/json"
	"io"
)

// An Encoder is encoding/json's, with each value turned by out before it
// is encoded, and each error by errs.
type Encoder struct {
	enc  *json.Encoder
	out  func(any) any
	errs func(error) error
}

// NewEncoder returns an Encoder writing to w; out turns a value into what
// encoding/json is to encode, errs encoding/json's error into the one to
// return.
func NewEncoder(w io.Writer, out func(any) any, errs func(error) error) *Encoder {
	return &Encoder{enc: json.NewEncoder(w), out: out, errs: errs}
}

// Encode writes v's JSON, then a newline.
func (e *Encoder) Encode(v any) error { return e.errs(e.enc.Encode(e.out(v))) }

// SetIndent is encoding/json's Encoder.SetIndent.
func (e *Encoder) SetIndent(prefix, indent string) { e.enc.SetIndent(prefix, indent) }

// SetEscapeHTML is encoding/json's Encoder.SetEscapeHTML.
func (e *Encoder) SetEscapeHTML(on bool) { e.enc.SetEscapeHTML(on) }

// DecodeOptions are a Decoder's settings, which a decoding of the
// session's own has to follow.
type DecodeOptions struct {
	DisallowUnknownFields bool
	UseNumber             bool
}

// A Decoder is encoding/json's; a value the session decodes itself (Needs)
// is decoded by Decode from the next JSON value's text.
type Decoder struct {
	dec    *json.Decoder
	needs  func(v any) bool
	decode func(data []byte, v any, opts DecodeOptions) error
	opts   DecodeOptions
}

// NewDecoder returns a Decoder reading from r: into a v for which needs
// is true, the next value is decoded by decode.
func NewDecoder(r io.Reader, needs func(v any) bool, decode func(data []byte, v any, opts DecodeOptions) error) *Decoder {
	return &Decoder{dec: json.NewDecoder(r), needs: needs, decode: decode}
}

// Decode reads the next JSON value into v.
func (d *Decoder) Decode(v any) error {
	if !d.needs(v) {
		return d.dec.Decode(v)
	}
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		return err
	}
	return d.decode(raw, v, d.opts)
}

// Buffered is encoding/json's Decoder.Buffered.
func (d *Decoder) Buffered() io.Reader { return d.dec.Buffered() }

// DisallowUnknownFields is encoding/json's Decoder.DisallowUnknownFields.
func (d *Decoder) DisallowUnknownFields() {
	d.opts.DisallowUnknownFields = true
	d.dec.DisallowUnknownFields()
}

// InputOffset is encoding/json's Decoder.InputOffset.
func (d *Decoder) InputOffset() int64 { return d.dec.InputOffset() }

// More is encoding/json's Decoder.More.
func (d *Decoder) More() bool { return d.dec.More() }

// Token is encoding/json's Decoder.Token.
func (d *Decoder) Token() (json.Token, error) { return d.dec.Token() }

// UseNumber is encoding/json's Decoder.UseNumber.
func (d *Decoder) UseNumber() {
	d.opts.UseNumber = true
	d.dec.UseNumber()
}
