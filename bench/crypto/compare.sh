#!/bin/sh
# Time builtins/crypto against the Python libraries its users come from
# (cryptography, PyNaCl, passlib with its C backends), on this machine, and
# print the ratio python/opsh (above 1: opsh is faster).
#
#   bench/crypto/compare.sh [seconds per benchmark, default 1] [rounds, default 3]
#
# Each benchmark runs in Go and then in Python, back to back, ROUNDS times;
# the best time of each side is kept, so load from other processes skews
# both alike. Needs Debian's /usr/bin/python3 with python3-cryptography,
# python3-nacl, python3-passlib and python3-argon2.
set -eu
cd "$(dirname "$0")/../.."
budget=${1:-1}
rounds=${2:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go test -c -o "$tmp/crypto.test" ./builtins/crypto/
names=$(cd builtins/crypto && "$tmp/crypto.test" -test.list '^Benchmark' | sed 's/^Benchmark//')
for r in $(seq "$rounds"); do
	for n in $names; do
		(cd builtins/crypto && "$tmp/crypto.test" -test.run '^$' -test.bench "^Benchmark$n\$" -test.benchtime "${budget}s") |
			awk -v n="$n" '/^Benchmark/ { print n, $3 }' >>"$tmp/go"
		/usr/bin/python3 bench/crypto/bench.py "$budget" "$n" >>"$tmp/py"
	done
done

printf '%-20s %12s %12s %8s\n' benchmark opsh python ratio
awk 'FILENAME ~ /py$/ { if (!($1 in py) || $2 < py[$1]) py[$1] = $2; next }
	{ if (!($1 in go) || $2 < go[$1]) go[$1] = $2; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
	function human(ns) {
		if (ns >= 1e9) return sprintf("%.2f s", ns / 1e9)
		if (ns >= 1e6) return sprintf("%.2f ms", ns / 1e6)
		return sprintf("%.1f µs", ns / 1e3)
	}
	END { for (i = 1; i <= k; i++) { n = order[i]; if (n in py) printf "%-20s %12s %12s %7.2fx\n", n, human(go[n]), human(py[n]), py[n] / go[n] } }' "$tmp/py" "$tmp/go"
