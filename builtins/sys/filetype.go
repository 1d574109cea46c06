package sys

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"unicode/utf8"
)

// Kinds of file FileType tells apart, the Kind field of a FileKind.
const (
	KindELF       = "elf"
	KindGzip      = "gzip"
	KindBzip2     = "bzip2"
	KindXz        = "xz"
	KindZstd      = "zstd"
	KindZip       = "zip"
	Kind7z        = "7z"
	KindTar       = "tar"
	KindAr        = "ar"
	KindPNG       = "png"
	KindJPEG      = "jpeg"
	KindGIF       = "gif"
	KindPDF       = "pdf"
	KindSQLite    = "sqlite"
	KindPEM       = "pem"
	KindScript    = "script"
	KindText      = "text"
	KindEmpty     = "empty"
	KindData      = "data"
	KindDirectory = "directory"
	KindSpecial   = "special"
)

// FileKind is what a file holds, found from its first bytes (its magic
// number) as file(1) does. It displays as file(1)'s one-line description.
type FileKind struct {
	// Kind is one of the Kind constants: "elf", "gzip", "script", "text", ...
	Kind string
	// Description is a one-line description in file(1)'s words:
	// "ELF 64-bit LSB pie executable, x86-64, dynamically linked, ...".
	Description string
	// MIME is the media type ("application/gzip", "text/x-shellscript").
	MIME string
	// Interpreter is, for a script, the program its #! line runs: the
	// command after /usr/bin/env (its -S and variables skipped), else the
	// path as written ("python3", "/bin/sh").
	Interpreter string
	// Args are the arguments the #! line gives the interpreter.
	Args []string
	// Bits (32 or 64), ByteOrder ("LSB", "MSB") and Arch ("x86-64") describe
	// an ELF file.
	Bits      int
	ByteOrder string
	Arch      string
}

// String returns the description.
func (k FileKind) String() string { return k.Description }

// Display returns the description, as the REPL shows it.
func (k FileKind) Display() string { return k.Description }

// sniffLen is how much of a file FileType reads.
const sniffLen = 8192

// FileType tells what the file at path holds by its magic number, like
// file(1): ELF (with class, architecture and linking), gzip, bzip2, xz,
// zstd, zip, 7z, tar, ar/Debian package, PNG, JPEG, GIF, PDF, SQLite, PEM,
// a script with its #! interpreter, UTF-8 or ASCII text, else data.
// Symbolic links are followed.
//
//	sys.FileType("/usr/bin/ls")   // ELF 64-bit LSB pie executable, x86-64, ...
//	sys.FileType("deploy.sh").Interpreter
func FileType(path string) (FileKind, error) {
	path, err := ExpandUser(path)
	if err != nil {
		return FileKind{}, fmt.Errorf("file type: %w", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return FileKind{}, fmt.Errorf("file type %s: %w", path, unwrapPath(err))
	}
	if fi.IsDir() {
		return FileKind{Kind: KindDirectory, Description: "directory", MIME: "inode/directory"}, nil
	}
	if !fi.Mode().IsRegular() {
		return special(fi.Mode()), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return FileKind{}, fmt.Errorf("file type %s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	buf := make([]byte, sniffLen)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return FileKind{}, fmt.Errorf("file type %s: %w", path, unwrapPath(err))
	}
	return sniff(buf[:n], f, n == sniffLen), nil
}

// Sniff tells what data holds, as FileType does for a file: for a body
// fetched over HTTP or read from a remote host.
func Sniff(data []byte) FileKind {
	head := data
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	return sniff(head, bytes.NewReader(data), len(data) > sniffLen)
}

func special(m os.FileMode) FileKind {
	k := FileKind{Kind: KindSpecial, MIME: "inode/x-special"}
	switch {
	case m&os.ModeCharDevice != 0:
		k.Description, k.MIME = "character special", "inode/chardevice"
	case m&os.ModeDevice != 0:
		k.Description, k.MIME = "block special", "inode/blockdevice"
	case m&os.ModeNamedPipe != 0:
		k.Description, k.MIME = "fifo (named pipe)", "inode/fifo"
	case m&os.ModeSocket != 0:
		k.Description, k.MIME = "socket", "inode/socket"
	default:
		k.Description = "special file"
	}
	return k
}

// sniff classifies head, the first bytes of a file; all reads the whole
// file for the formats that need more (ELF); truncated says head is not
// the whole file.
func sniff(head []byte, all io.ReaderAt, truncated bool) FileKind {
	has := func(prefix string) bool { return bytes.HasPrefix(head, []byte(prefix)) }
	k := func(kind, mime, desc string) FileKind { return FileKind{Kind: kind, MIME: mime, Description: desc} }
	switch {
	case len(head) == 0:
		return k(KindEmpty, "inode/x-empty", "empty")
	case has("\x7fELF"):
		return sniffELF(head, all)
	case has("\x1f\x8b"):
		return k(KindGzip, "application/gzip", "gzip compressed data"+gzipName(head))
	case has("BZh") && len(head) > 3 && head[3] >= '1' && head[3] <= '9':
		return k(KindBzip2, "application/x-bzip2", "bzip2 compressed data, block size = "+string(head[3])+"00k")
	case has("\xfd7zXZ\x00"):
		return k(KindXz, "application/x-xz", "XZ compressed data")
	case has("\x28\xb5\x2f\xfd"):
		return k(KindZstd, "application/zstd", "Zstandard compressed data")
	case has("PK\x03\x04"), has("PK\x05\x06"), has("PK\x07\x08"):
		return k(KindZip, "application/zip", "Zip archive data")
	case has("7z\xbc\xaf\x27\x1c"):
		return k(Kind7z, "application/x-7z-compressed", "7-zip archive data")
	case len(head) >= 263 && string(head[257:263]) == "ustar\x00":
		return k(KindTar, "application/x-tar", "POSIX tar archive")
	case len(head) >= 263 && string(head[257:263]) == "ustar ":
		return k(KindTar, "application/x-tar", "POSIX tar archive (GNU)")
	case has("!<arch>\n"):
		if bytes.HasPrefix(head[8:], []byte("debian-binary")) {
			return k(KindAr, "application/vnd.debian.binary-package", "Debian binary package")
		}
		return k(KindAr, "application/x-archive", "current ar archive")
	case has("\x89PNG\r\n\x1a\n"):
		d := "PNG image data"
		if len(head) >= 24 && string(head[12:16]) == "IHDR" {
			d += fmt.Sprintf(", %d x %d", binary.BigEndian.Uint32(head[16:20]), binary.BigEndian.Uint32(head[20:24]))
		}
		return k(KindPNG, "image/png", d)
	case has("\xff\xd8\xff"):
		return k(KindJPEG, "image/jpeg", "JPEG image data")
	case has("GIF87a"), has("GIF89a"):
		d := "GIF image data, version " + string(head[3:6])
		if len(head) >= 10 {
			d += fmt.Sprintf(", %d x %d", binary.LittleEndian.Uint16(head[6:8]), binary.LittleEndian.Uint16(head[8:10]))
		}
		return k(KindGIF, "image/gif", d)
	case has("%PDF-"):
		d := "PDF document"
		if v := head[5:min(len(head), 8)]; len(v) == 3 && v[1] == '.' {
			d += ", version " + string(v)
		}
		return k(KindPDF, "application/pdf", d)
	case has("SQLite format 3\x00"):
		return k(KindSQLite, "application/vnd.sqlite3", "SQLite 3.x database")
	case has("#!"):
		return sniffScript(head, truncated)
	case has("-----BEGIN "):
		if d := pemDescription(head); d != "" {
			return k(KindPEM, "application/x-pem-file", d)
		}
	}
	if d, ok := textDescription(head, truncated); ok {
		return k(KindText, "text/plain", d)
	}
	return k(KindData, "application/octet-stream", "data")
}

func gzipName(h []byte) string {
	// RFC 1952: flags at 3; FEXTRA (4) puts a length-prefixed field at 10,
	// then FNAME (8) a NUL-terminated original name.
	if len(h) < 10 || h[3]&0x08 == 0 {
		return ""
	}
	i := 10
	if h[3]&0x04 != 0 {
		if len(h) < 12 {
			return ""
		}
		i += 2 + int(binary.LittleEndian.Uint16(h[10:12]))
	}
	if i >= len(h) {
		return ""
	}
	end := bytes.IndexByte(h[i:], 0)
	if end < 0 {
		return ""
	}
	return fmt.Sprintf(", was %q", h[i:i+end])
}

var elfArch = map[elf.Machine]string{
	elf.EM_X86_64:    "x86-64",
	elf.EM_386:       "Intel 80386",
	elf.EM_AARCH64:   "ARM aarch64",
	elf.EM_ARM:       "ARM",
	elf.EM_RISCV:     "RISC-V",
	elf.EM_PPC64:     "64-bit PowerPC or cisco 7500",
	elf.EM_PPC:       "PowerPC or cisco 4500",
	elf.EM_S390:      "IBM S/390",
	elf.EM_MIPS:      "MIPS",
	elf.EM_LOONGARCH: "LoongArch",
}

func sniffELF(head []byte, all io.ReaderAt) FileKind {
	k := FileKind{Kind: KindELF, MIME: "application/x-executable"}
	if len(head) < 20 {
		k.Description = "ELF, truncated"
		return k
	}
	switch elf.Class(head[4]) {
	case elf.ELFCLASS32:
		k.Bits = 32
	case elf.ELFCLASS64:
		k.Bits = 64
	}
	var order binary.ByteOrder = binary.LittleEndian
	switch elf.Data(head[5]) {
	case elf.ELFDATA2LSB:
		k.ByteOrder = "LSB"
	case elf.ELFDATA2MSB:
		k.ByteOrder, order = "MSB", binary.BigEndian
	}
	typ := elf.Type(order.Uint16(head[16:18]))
	mach := elf.Machine(order.Uint16(head[18:20]))
	k.Arch = elfArch[mach]
	if k.Arch == "" {
		k.Arch = strings.TrimPrefix(mach.String(), "EM_")
	}
	linking, interp, pie := "", "", false
	if f, err := elf.NewFile(all); err == nil {
		if v, err := f.DynValue(elf.DT_FLAGS_1); err == nil && len(v) > 0 {
			pie = v[0]&uint64(elf.DF_1_PIE) != 0
		}
		linking = "statically linked"
		for _, p := range f.Progs {
			switch p.Type {
			case elf.PT_DYNAMIC:
				linking = "dynamically linked"
			case elf.PT_INTERP:
				if b, err := io.ReadAll(p.Open()); err == nil {
					interp = strings.TrimRight(string(b), "\x00")
				}
			}
		}
	}
	what := "ELF"
	switch typ {
	case elf.ET_EXEC:
		what = "executable"
	case elf.ET_DYN:
		if pie {
			what, k.MIME = "pie executable", "application/x-pie-executable"
		} else {
			what, k.MIME = "shared object", "application/x-sharedlib"
		}
	case elf.ET_REL:
		what, k.MIME = "relocatable", "application/x-object"
	case elf.ET_CORE:
		what, k.MIME = "core file", "application/x-coredump"
	}
	d := fmt.Sprintf("ELF %d-bit %s %s, %s", k.Bits, k.ByteOrder, what, k.Arch)
	if typ == elf.ET_EXEC || typ == elf.ET_DYN {
		if linking != "" {
			d += ", " + linking
		}
		if interp != "" {
			d += ", interpreter " + interp
		}
	}
	k.Description = d
	return k
}

var shells = map[string]bool{"sh": true, "bash": true, "dash": true, "zsh": true, "ksh": true, "ash": true, "mksh": true}

func sniffScript(head []byte, truncated bool) FileKind {
	line, _, _ := bytes.Cut(head[2:], []byte("\n"))
	fields := strings.Fields(strings.TrimSuffix(string(line), "\r"))
	k := FileKind{Kind: KindScript}
	if len(fields) == 0 {
		k.Description, k.MIME = "script", "text/plain"
		return k
	}
	k.Interpreter, k.Args = fields[0], fields[1:]
	if path.Base(fields[0]) == "env" {
		k.Interpreter, k.Args = envCommand(fields[1:])
	}
	name := path.Base(k.Interpreter)
	switch {
	case shells[name]:
		k.MIME = "text/x-shellscript"
	case name == "" || name == ".":
		k.MIME = "text/plain"
	default:
		k.MIME = "text/x-script." + strings.TrimRight(name, "0123456789.")
	}
	text, ok := textDescription(head, truncated)
	if !ok {
		text = "data"
	}
	if k.Interpreter == "" {
		k.Description = "script, " + text
	} else {
		k.Description = name + " script, " + text + " executable"
	}
	return k
}

// envCommand finds the command in the arguments of /usr/bin/env: options
// (-S and --split-string, -i, -u NAME, -C DIR) and NAME=value assignments
// come before it.
func envCommand(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-S" || a == "--split-string" || a == "-" || a == "-i" || a == "--ignore-environment" || a == "-0" || a == "--":
		case a == "-u" || a == "--unset" || a == "-C" || a == "--chdir":
			i++
		case strings.HasPrefix(a, "-S"):
			return a[2:], args[i+1:]
		case strings.HasPrefix(a, "--split-string="):
			return strings.TrimPrefix(a, "--split-string="), args[i+1:]
		case strings.HasPrefix(a, "-"):
		case strings.Contains(a, "="):
		default:
			return a, args[i+1:]
		}
	}
	return "", nil
}

func pemDescription(head []byte) string {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	label := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(string(line), "-----BEGIN "), "\r"), "-----")
	switch label {
	case "CERTIFICATE":
		return "PEM certificate"
	case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST":
		return "PEM certificate request"
	case "OPENSSH PRIVATE KEY":
		return "OpenSSH private key"
	case "PRIVATE KEY":
		return "PEM private key"
	case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY":
		return "PEM " + strings.TrimSuffix(label, " PRIVATE KEY") + " private key"
	case "PUBLIC KEY", "RSA PUBLIC KEY":
		return "PEM " + strings.ToLower(label)
	case "PGP PUBLIC KEY BLOCK":
		return "PGP public key block"
	}
	return ""
}

// textDescription says whether b is text, as file(1) words it: "ASCII
// text", "Unicode text, UTF-8 text", "ISO-8859 text", with CRLF line
// terminators.
func textDescription(b []byte, truncated bool) (string, bool) {
	d, ok := utf8Text(b, truncated)
	if !ok {
		if !latin1Text(b) {
			return "", false
		}
		d = "ISO-8859 text"
	}
	if bytes.Contains(b, []byte("\r\n")) {
		d += ", with CRLF line terminators"
	}
	return d, true
}

// textControls are the control characters text may hold.
const textControls = "\a\b\t\n\v\f\r\x1b"

func latin1Text(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && !strings.ContainsRune(textControls, rune(c)) || c >= 0x7f && c < 0xa0 {
			return false
		}
	}
	return true
}

func utf8Text(b []byte, truncated bool) (string, bool) {
	ascii := true
	bom := bytes.HasPrefix(b, []byte("\xef\xbb\xbf"))
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && !strings.ContainsRune(textControls, rune(c)) || c == 0x7f {
				return "", false
			}
			i++
			continue
		}
		ascii = false
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			if truncated && len(b)-i < utf8.UTFMax && !utf8.FullRune(b[i:]) {
				break // a character cut by the end of what was read
			}
			return "", false
		}
		i += size
	}
	d := "ASCII text"
	if !ascii {
		d = "Unicode text, UTF-8 text"
		if bom {
			d = "Unicode text, UTF-8 (with BOM) text"
		}
	}
	return d, true
}
