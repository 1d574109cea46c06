#!/usr/bin/env bash
# Compares opsh's ssh builtin with OpenSSH (ControlMaster and fresh
# connections) and paramiko on the same sshd, and a 50-host fleet at
# concurrency 10 with a sequential loop, with and without 50 ms RTT.
# Needs root (sshd logs in a plain /bin/sh test user) and Debian's
# python3-paramiko. OPSH_BENCH_ROOT=1 adds the same figures as root, whose
# ~/.bashrc runs on every remote command.
set -euo pipefail
cd "$(dirname "$0")"
OPSH_BENCH=1 go test -count=1 -timeout 15m -v -run 'TestCompare' . "$@" | grep -v -e '^=== RUN' -e '^--- ' -e '^PASS' -e '^ok '
