#!/usr/bin/env bash
# Compares the opsh kernel with ipykernel (Debian python3-ipykernel) through
# jupyter_client in one run: start to kernel_info_reply, `1+1` to idle
# (median of 1,000), 1,000 printed lines. Arguments go to bench.py.
set -euo pipefail
cd "$(dirname "$0")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/opsh" ../../cmd/opsh
"$tmp/opsh" kernel install --prefix "$tmp/prefix" >/dev/null
export JUPYTER_PATH="$tmp/prefix/share/jupyter:/usr/share/jupyter"
export JUPYTER_RUNTIME_DIR="$tmp/runtime" JUPYTER_DATA_DIR="$tmp/data" JUPYTER_CONFIG_DIR="$tmp/config"
export OPSH_HOME="$tmp/state" IPYTHONDIR="$tmp/ipython" PYDEVD_DISABLE_FILE_VALIDATION=1
# Debian's Python, which has the Debian jupyter_client and ipykernel.
/usr/bin/python3 bench.py "$@"
