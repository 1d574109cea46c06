#!/bin/sh
# Size of a yaegi interpreter with the standard library, with and without
# the aws builtin's symbol table: what the aws builtin adds to opsh.
set -eu
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -p 1 -o "$out/without" ./bench/aws/size/without
go build -p 1 -o "$out/with" ./bench/aws/size/with
without=$(stat -c %s "$out/without")
with=$(stat -c %s "$out/with")
echo "yaegi + stdlib:              $((without / 1000000)) MB ($without bytes)"
echo "yaegi + stdlib + aws:        $((with / 1000000)) MB ($with bytes)"
echo "aws builtin adds:            $(((with - without) / 1000000)) MB"
