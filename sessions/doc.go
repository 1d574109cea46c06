// Package sessions records opsh sessions to Markdown transcripts and reads
// them back: the transcript format, the recorder, the reader (transcripts,
// Go scripts and Jupyter notebooks), output checks and updates for replays,
// hash chains and signatures, and the session index. Package
// sessions/export renders a transcript as Markdown, a Jupyter notebook or
// a Go program; it builds on this package, never the other way round.
//
// The REPL records; `opsh run` replays; `opsh sessions` lists, shows and
// exports. This package is what all of them stand on, and knows nothing of
// the interpreter.
//
// # Recording
//
//	r, err := sessions.Create(dir, sessions.Meta{Start: now, User: "alice", Host: "laptop", Version: version.Version})
//	r.Input(1, time.Now(), `r := web.Get("https://api.example.com/health")`) // before the cell runs
//	r.Output(1, sessions.Output{Text: out, Dur: d, Value: &sessions.ValueInfo{Type: "*web.Response", Bound: true, Pair: true}})
//	r.Note("The health endpoint answers.")                                       // :note
//	r.Context("aws.account", "123456789012")                                     // a fact learnt on the way
//	r.Close(time.Now())                                                          // the footer
//
// Create makes dir (0700) and dir/ID.md (0600), and writes and syncs the
// header. Input writes and syncs the cell's source before the cell runs;
// Output appends the result at once (a killed process does not lose it; the
// next synced write takes it to the disk). A recorder holds an advisory lock
// on its file while it lives, so the index tells a running session from an
// interrupted one. Everything written passes through the secret registry
// (internal/redact) first: registered secrets and known token shapes become
// «redacted:NAME», and the footer counts them. The text of a block is
// redacted before the block is built around it, so whatever a mask
// swallows, the closing fence starts a line of its own. Outputs are kept as
// a terminal would have left them: escape codes removed, a line redrawn
// with carriage returns (a progress bar) reduced to its last drawing.
//
// # Transcript format (v1)
//
// A transcript is Markdown: it renders in any ticket system, diffs in git,
// and is appended one block at a time.
//
//	<!-- opsh transcript v1 -->
//	# opsh session 2026-11-22 00:15 UTC
//	started 2026-11-22T00:15:03Z · alice@laptop · opsh v0.1.0 · id 20261122-001503-a1b2
//
//	```go {cell=1 at=2026-11-22T00:15:07Z chain=d163e158a2067d07042fbb042657cb19c08e25b55c96c2bb56d6568036dadf90}
//	r := web.Get("https://api.example.com/health")
//	```
//
//	```go {cell=2 at=2026-11-22T00:15:09Z chain=ea6c7889141ee8874705dd2bc2a9bf654d6c6230d56398c36f3b417cb92c58d0}
//	r.Status
//	```
//	```output {cell=2 dur=1.2ms type=string bound chain=516726adf73a69711577cbadcd1a17dc650450d6149eaf7400ab00663d9359c2}
//	"200 OK"
//	```
//
//	- aws.account: 123456789012 <!-- opsh fact -->
//
//	Checked the health endpoint; it answers.
//
//	ended 2026-11-22T00:42:10Z · 27m7s · 2 cells · 0 errors <!-- opsh end chain=c5282822e5275c852b09196742b9363668ce876c85edae14060750fd60c902c0 title="Checked the health endpoint; it answers." -->
//
// The rules, which Parse and Format follow:
//
//   - Line 1 is the magic comment (line 2 when line 1 is a #! line, such as
//     "#!/usr/bin/env -S opsh run", which makes a transcript executable). Then
//     a title "# opsh session ..." and the header line: fields joined by
//     " · ": "started" and an RFC 3339 time, user@host, "opsh" and the
//     version, "id" and the session id.
//   - A cell is a fenced block whose info string is "go" (or "golang"),
//     followed by attributes in braces: cell=N, at=TIME. Its result, if any,
//     follows directly: an "output" block, or an "error" block for a cell
//     that failed (with status=interrupted for one cancelled or killed),
//     with the same cell=N and dur=DURATION (Go syntax). What the REPL made
//     of the value is recorded for the Go export: type=T (Go-quoted when it
//     holds spaces, quotes, braces or '='), bound (bound to _ and _N), pair
//     (a (T, error) pair the REPL unwrapped). Unknown attributes are ignored.
//   - A cell that ended well with nothing to show has no output block. A
//     fence is backticks, longer than any backtick run in the block (at least
//     three). Trailing newlines of sources and outputs are not kept.
//   - A fact is a list item "- KEY: VALUE <!-- opsh fact -->". A key holds
//     no ": " and no newline; the first ": " ends it. Two kinds of fact
//     have a meaning of their own (older readers see plain facts):
//   - A target is a fact whose key is "target KIND NAME" (or "target KIND"
//     when the target has no name apart from its ID) and whose value is
//     "ID" or "ID (DETAIL)": a system the session reached, written once,
//     where it was first reached (cell.Target.Fact; Transcript.Targets
//     reads them). KIND is ssh (NAME the address host:port, ID the host
//     key's SHA-256 fingerprint), docker (NAME the endpoint, ID the
//     engine ID and its data folder, ID@FOLDER: engines before Docker 23
//     share the ID of their machine), aws (NAME the endpoint, "" for
//     AWS's own; ID the account, from STS GetCallerIdentity; DETAIL the
//     ARN and region) or http (ID the origin scheme://host:port, no
//     NAME). See the example after this list.
//   - A command is a fact with the key "command" and, as its value, a
//     meta-command that changes what later cells see, as typed: ":reset",
//     ":load FILE" (Transcript.Commands). It stands where the command was
//     given. A replay redoes a :reset there; the cells a :load ran follow
//     it as cells of their own, and replay in their turn.
//   - Any other text is a note (a :note, Markdown). Prose between two cells
//     is one note. In a note, a line that would open a fence has each of its
//     leading backticks, tildes and backslashes escaped with a backslash, and
//     "<!-- opsh" is written "\<!-- opsh": a note always reads back as a
//     note, and renders as typed. Other fenced blocks (```sh) in hand-written
//     Markdown are notes too.
//   - The footer is a line "ended TIME · DURATION · N cells · E errors · R
//     values redacted" (the last part only when R > 0) ending in the comment
//     <!-- opsh end chain=HASH title="..." -->, whose title is the first
//     note's first line, for the index. A transcript without a footer was
//     interrupted.
//   - Hash chain. Every cell block (go, output, error) carries, as its last
//     attribute, chain= and 64 hex digits, and so does the footer's comment,
//     first: a SHA-256 chained to the previous one. The hash of a block is
//     SHA-256 over the previous hash (32 bytes; 32 zero bytes for the first
//     block) followed by the block's segment: the exact bytes from the end
//     of the previous chained block (or from the start of the file, after a
//     #! line) to the end of this block's closing fence line, its newline
//     included, without the text " chain=HASH" itself. So a block's hash
//     covers the block and the header, notes and facts before it, and the
//     footer's covers the whole file. The recorder writes each hash with
//     its block: a file cut by a crash verifies up to its last whole cell.
//     Transcripts written before the chain (v1 without hashes) read and
//     replay as before; VerifyChain finds nothing to verify in them.
//
// Targets and commands, as a transcript lists them after a cell:
//
//	```
//
//	- target ssh 127.0.0.1:2222: SHA256:qJ1i…x0 (ED25519 key, user deploy) <!-- opsh fact -->
//	- target docker unix:///var/run/docker.sock: 7TRN:IPZB:QYBB:…@/var/lib/docker (web-1, Docker 27.5.1) <!-- opsh fact -->
//	- target aws: 123456789012 (arn:aws:iam::123456789012:user/alice, region eu-west-1) <!-- opsh fact -->
//	- target http: https://api.example.com:443 <!-- opsh fact -->
//	- command: :reset <!-- opsh fact -->
//
// A signed transcript ends, right after its footer, with a signature
// block:
//
//	<!-- opsh signature
//	-----BEGIN SSH SIGNATURE-----
//	U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAg...
//	-----END SSH SIGNATURE-----
//	-->
//
// It holds an SSHSIG signature (package sshsig; the format of ssh-keygen -Y
// sign) in the namespace "opsh-transcript", over every byte of the file
// before the line "<!-- opsh signature". DetachSignature splits the two, and
// they verify with stock OpenSSH:
//
//	ssh-keygen -Y verify -n opsh-transcript -f allowed_signers -I alice@example.com -s FILE.sig < FILE
//
// The recorder signs once, at Close (Recorder.SignWith), with a key from
// ssh-agent or an unencrypted key file: no prompt per cell. A session that
// dies before its end is not signed; its chain still verifies up to its
// last whole cell, and SignFile (opsh sessions sign) signs it afterwards,
// as it is.
//
// A recorder writes whole lines with one write each and ends every write with
// a newline, so a file cut at any byte (kill -9, a full disk) parses: a
// block without its closing fence is dropped, a last line without its
// newline is dropped unless it closes a block, and Truncated says so.
// Every cell finished before the cut is kept.
//
// Markdown that does not start with the magic line (a runbook.md) is read
// by the same rules: its go blocks are cells, numbered in order.
//
// A lock line asks replays to hold a named lock while they run (opsh run
// takes it as it takes --lock NAME, and a second replay exits at once):
// in a transcript, the comment "<!-- opsh lock NAME -->" on a line of its
// own before the first fenced block; in a Go script, "//opsh:lock NAME"
// among the comment lines the script starts with. It renders as nothing and
// is otherwise prose (the hash chain covers it with the first block). A
// recorder never writes one, and a typed note cannot make one: notes escape
// "<!-- opsh". LockLine reads it.
//
// # Scripts and notebooks
//
// Parse also reads a plain Go script, each top-level statement or
// declaration (with the comments above it) a cell, the way the REPL would
// take them one by one; a Go file with a package clause gives its
// declarations and then a call of main. And a Jupyter notebook (nbformat 4):
// its code cells, with their outputs, and its Markdown cells as notes; a
// notebook in another language than Go is an error. Errors name the file and
// line.
//
// # Replay
//
// Runnable refuses a file with nothing to replay (an empty file, random
// bytes, a file whose only cell has no closing fence), and Updatable one
// that opsh run --update could not rewrite without guessing (a cell number
// used twice, a block with no closing fence); both name the line.
//
// A replay checks the targets it reaches against those a transcript
// records (opsh run): the same ID passes, whatever address reached it; a
// target allowed by --allow-target KIND:ID passes, and so does one whose
// name a parameter given with -p changed (the parameter's default is part
// of the recorded name and its value in its place gives the new one, or
// the default holds the recorded name and the value the new one); these
// two are reported, and --check lists them. Any other target stops the
// replay before the call that needed it, both identities named. A file
// that records no target (a script, a transcript written before targets
// were recorded) is not checked.
//
// Params lists the parameters cells declare with param("name", default) or
// param("name", default, "description"), read from the source without
// running it: their type is the default's (string, int, float64, bool,
// time.Duration; a default that is not a constant takes any text).
// ParamValues checks the values a runner was given (opsh run -p name=value,
// --name value) and returns them canonical for the interpreter; a name no
// cell declares, or a value not of its type, is an error. RedactedNames lists the
// secrets a replay must be given (a literal token was recorded masked) and
// Fill puts their values back in the cell's string literals.
//
// Check compares a recorded output with a replay's and renders a unified
// diff (package internal/linediff), as cram and doctest do; a recorded line ending in " (re)" or
// " (glob)" matches by pattern. Durations match any duration: a token such
// as "32 ms", "41ms", "1.5s", "724µs" or "2m3s" in a recorded line matches
// any other duration in the same place of the replayed line, as long as the
// rest of the line is equal (so "200 OK · 71 B · 32 ms" matches
// "200 OK · 71 B · 21 ms", and neither "404 Not Found · 71 B · 21 ms" nor
// "200 OK · 72 B · 21 ms"), but for the number of spaces next to a
// duration, which pad a table's column. A line with a count that varies
// still wants a (re) or a (glob). UpdateOutputsCount rewrites the recorded outputs
// in place (in a transcript or a notebook), atomically, keeping pattern
// lines that still match, and reports how many cells it changed; a cell
// whose replay Check finds equal is left byte for byte, its dur= too.
//
// # Verifying
//
// Verify checks a transcript's chain and signature: the first block whose
// hash does not match is named with its line and cell (a changed byte, an
// edited note before it, a cell removed or added by hand); the signature is
// checked over the bytes it covers, and, given an allowed signers file
// (sshsig.AllowedSigners), its key is named by the principals the file
// lists for it. SignedBy says whose signature a transcript carries, for a
// runner to print before a replay.
//
// # Index
//
// List summarises the transcripts of a folder, reading only the head and
// the tail of each that has a footer; Find resolves an id, a unique prefix
// or suffix of one (the random part "a1b2" will do), or "last"; Show prints
// one. Format writes a transcript back (for :save FILE 3-7, with Slice),
// and WriteFile writes it atomically and private to the user.
//
// # For the exporters
//
// What package sessions/export needs to write a transcript in other forms
// is exported here, so that each rule stays in one place: Redact (every
// text through the secret registry), Meta.Heading, Meta.HeaderLine and
// Transcript.FooterLine (the header's and footer's words), Fence,
// RoundDuration, and SplitGo, which cuts Go source into the top-level
// statements and declarations a Go script's cells are.
package sessions
