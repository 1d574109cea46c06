#!/bin/sh
# Compare sys with what its users do today, in one run on this machine:
#   sys.Run("true")          vs os/exec Output and Python's subprocess.check_output(["true"])
#   sys.WriteFileAtomic 4 KiB vs Python's write/fsync/rename (the seeds' important.tmp pattern)
#   sys.FileType(ELF)        vs one run of file(1)
# Prints medians of 5 rounds (ns/op) and the ratios. Usage: bench/sys/compare.sh [N per round]
set -eu
cd "$(dirname "$0")/../.."
n=${1:-300}
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go test -run '^$' -bench '^Benchmark(Run|ExecOutput|WriteFileAtomic|FileType)$' \
	-benchtime "${n}x" -count 5 -timeout 600s ./builtins/sys >"$tmp/go.txt"

"$py" - "$n" "$tmp" >"$tmp/py.txt" <<'PY'
import os, subprocess, sys, time, statistics
n, tmp = int(sys.argv[1]), sys.argv[2]
def bench(f):
    rounds = []
    for _ in range(5):
        t = time.perf_counter_ns()
        for _ in range(n):
            f()
        rounds.append((time.perf_counter_ns() - t) / n)
    return statistics.median(rounds)
def atomic():
    p = os.path.join(tmp, "f")
    with open(p + ".tmp", "wb") as fp:
        fp.write(b"\0" * 4096)
        fp.flush()
        os.fsync(fp.fileno())
    os.rename(p + ".tmp", p)
    d = os.open(tmp, os.O_RDONLY)
    os.fsync(d)
    os.close(d)
print("PyCheckOutput", bench(lambda: subprocess.check_output(["true"])))
print("PyAtomicWrite", bench(atomic))
print("FileCommand", bench(lambda: subprocess.check_output(["file", "-b", sys.executable])))
PY

median() { awk -v b="$1" '$1 ~ "^Benchmark"b"(-[0-9]+)?$" {print $3}' "$tmp/go.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
py() { awk -v k="$1" '$1 == k {printf "%.0f", $2}' "$tmp/py.txt"; }
run=$(median Run); exec=$(median ExecOutput); wfa=$(median WriteFileAtomic); ft=$(median FileType)
pyco=$(py PyCheckOutput); pyaw=$(py PyAtomicWrite); file=$(py FileCommand)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3g", a/b}'; }
printf '%-34s %12s ns/op\n' "sys.Run(\"true\")" "$run" "os/exec Output" "$exec" \
	"python subprocess.check_output" "$pyco" "sys.WriteFileAtomic 4 KiB" "$wfa" \
	"python write+fsync+rename 4 KiB" "$pyaw" "sys.FileType(ELF)" "$ft" "file -b (one process)" "$file"
echo "sys.Run / os/exec:               $(ratio "$run" "$exec")"
echo "sys.Run / check_output:          $(ratio "$run" "$pyco")"
echo "WriteFileAtomic / python atomic: $(ratio "$wfa" "$pyaw")"
echo "FileType / file(1):              $(ratio "$ft" "$file")"
