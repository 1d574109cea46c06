#!/bin/sh
# Upload then download of a 1 GiB file to MinIO: opsh's interpreted
# a.S3.Upload/Download next to compiled Go calling the SDK's transfer
# manager directly, in the same run, each in its own process (peak RSS is
# the process's). Needs the minio binary (go install github.com/minio/minio@…).
set -eu
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -p 1 -o "$out/transfer" ./bench/aws/transfer
"$out/transfer" "$@" 2>/dev/null
