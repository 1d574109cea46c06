#!/bin/sh
# Cost of storing one REPL cell durably enough to survive a crash of the
# session, in one run on this machine:
#   history.Store.Add   (flock, read the last record, one O_APPEND write)
#   IPython's way       (sqlite3 INSERT + commit per cell, Python's sqlite3)
#   Python's readline   (add_history + append_history_file(1, path) per cell)
# and loading 10,000 entries at start. Prints medians of 5 rounds and ratios.
# Usage: bench/history/compare.sh [N per round]
set -eu
cd "$(dirname "$0")/../.."
n=${1:-2000}
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go test -run '^$' -bench '^Benchmark(Add|Load)$' -benchtime "${n}x" -count 5 -timeout 600s ./history >"$tmp/go.txt"

"$py" - "$n" "$tmp" >"$tmp/py.txt" <<'PY'
import os, readline, sqlite3, statistics, sys, time
n, tmp = int(sys.argv[1]), sys.argv[2]
def bench(setup, f):
    rounds = []
    for r in range(5):
        state = setup(r)
        t = time.perf_counter_ns()
        for i in range(n):
            f(state, i)
        rounds.append((time.perf_counter_ns() - t) / n)
    return statistics.median(rounds)
def sql_setup(r):
    db = sqlite3.connect(os.path.join(tmp, "h%d.sqlite" % r))
    db.execute("CREATE TABLE history (session integer, line integer, source text, PRIMARY KEY (session, line))")
    return db
def sql_add(db, i):
    with db:
        db.execute("INSERT INTO history VALUES (1, ?, ?)", (i, 'x%d := strings.Repeat("a", %d)' % (i, i)))
def rl_setup(r):
    p = os.path.join(tmp, "rl%d" % r)
    open(p, "w").close()
    return p
def rl_add(p, i):
    readline.add_history('x%d := strings.Repeat("a", %d)' % (i, i))
    readline.append_history_file(1, p)
print("SQLite", bench(sql_setup, sql_add))
print("Readline", bench(rl_setup, rl_add))
PY

median() { awk -v b="$1" '$1 ~ "^Benchmark"b"(-[0-9]+)?$" {print $3}' "$tmp/go.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
py() { awk -v k="$1" '$1 == k {printf "%.0f", $2}' "$tmp/py.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3g", a/b}'; }
add=$(median Add); load=$(median Load); sql=$(py SQLite); rl=$(py Readline)
printf '%-36s %12s ns/op\n' "history.Add" "$add" "sqlite3 insert+commit (IPython)" "$sql" \
	"readline append_history_file" "$rl" "history.Load, 10,000 entries" "$load"
echo "Add / sqlite3:  $(ratio "$add" "$sql")"
echo "Add / readline: $(ratio "$add" "$rl")"
