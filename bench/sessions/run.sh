#!/bin/sh
# Figures of package sessions, each next to a floor or a reference measured in
# the same run:
#   - recording a trivial cell (input synced) against a bare write+fsync of
#     the same bytes, and the recorder's own work without the sync;
#   - the session index over 1,000 sessions (head and tail reads) against
#     reading and parsing every file whole;
#   - replaying 1,000 trivial cells (parse and yaegi Eval, no REPL rewrites);
#   - parsing a 1,000-cell session, as a transcript and as a notebook,
#     against Jupyter's nbformat.read of the same notebook.
# Usage: bench/sessions/run.sh   (from anywhere; needs Debian's python3-nbformat)
set -eu
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$(go test -run '^$' -bench 'RecordCell|FsyncFloor|Parse1000|List1000|ListReadAll1000|Check1000|Replay1000|RedactBlock' \
	-benchtime 2s -count 1 -timeout 900s ./sessions/)
echo "$out" | grep '^Benchmark'
ns() { echo "$out" | awk -v n="Benchmark$1-" 'index($1, n) == 1 { print $3 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ms() { awk -v a="$1" 'BEGIN { printf "%.3f ms", a / 1e6 }'; }

echo
echo "record a cell, synced:        $(ms "$(ns RecordCell)")  = $(ratio "$(ns RecordCell)" "$(ns FsyncFloor)") x a bare write+fsync ($(ms "$(ns FsyncFloor)"))"
echo "record a cell, without sync:  $(ms "$(ns RecordCellNoSync)")  (formatting, redaction, writes), of which redact.String $(ms "$(ns RedactBlock)") per block x 2"
echo "list 1,000 sessions:          $(ms "$(ns List1000)")  = $(ratio "$(ns List1000)" "$(ns ListReadAll1000)") x reading and parsing them whole"
echo "parse a 1,000-cell transcript: $(ms "$(ns Parse1000)")"
echo "check 1,000 outputs:          $(ms "$(ns Check1000)")"
echo "replay 1,000 trivial cells:   $(ms "$(ns Replay1000)")  (parse, then one yaegi Eval per cell)"

go run ./bench/sessions/gen "$tmp" > "$tmp/go.txt"
md=$(awk '$1 == "go_parse_md_ns" { print $2 }' "$tmp/go.txt")
ipynb=$(awk '$1 == "go_parse_ipynb_ns" { print $2 }' "$tmp/go.txt")
py=$(/usr/bin/python3 - "$tmp/bench.ipynb" <<'PY'
import sys, time, nbformat
ts = []
for _ in range(50):
    t = time.perf_counter_ns()
    nbformat.read(sys.argv[1], as_version=4)
    ts.append(time.perf_counter_ns() - t)
ts.sort()
print(ts[len(ts) // 2])
PY
)
echo
echo "1,000-cell session, median of 50:"
echo "  sessions.Parse transcript:  $(ms "$md")"
echo "  sessions.Parse notebook:    $(ms "$ipynb")"
echo "  nbformat.read notebook:     $(ms "$py")  = $(ratio "$py" "$ipynb") x sessions.Parse of the same notebook"
