"""Measures the opsh kernel against ipykernel with jupyter_client, in one run:
kernel start to kernel_info_reply, the round trip of a trivial execute_request
to its idle status, and 1,000 printed lines reaching the client.

Usage: bench.py [--starts N] [--round-trips N] [--prints N]
(the kernelspecs "opsh" and "python3" must be on JUPYTER_PATH)."""

import argparse
import statistics
import time

import zmq
from jupyter_client.manager import KernelManager

KERNELS = {
    "opsh": {"trivial": "1+1", "lines": 'for i := 0; i < 1000; i++ { fmt.Println("line", i) }'},
    "python3": {"trivial": "1+1", "lines": 'for i in range(1000): print("line", i)'},
}
TIMEOUT = 60


def start_to_info(name, reconnect_ms=None):
    """Seconds from starting the kernel process to its kernel_info_reply.
    reconnect_ms sets how soon the client's sockets retry a connection the
    kernel refused because it is not listening yet (ZeroMQ's default: 100 ms)."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    if reconnect_ms is not None:
        kc.context.setsockopt(zmq.RECONNECT_IVL, reconnect_ms)
    kc.start_channels()
    try:
        msg_id = kc.kernel_info()
        while True:  # the request waits in ZeroMQ until the kernel listens
            reply = kc.get_shell_msg(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                return time.perf_counter() - t0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def run(kc, code):
    """Runs code; returns the seconds to its idle status and the stdout text."""
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    text = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            text.append(msg["content"]["text"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            elapsed = time.perf_counter() - t0
            kc.get_shell_msg(timeout=TIMEOUT)
            return elapsed, "".join(text)


def measure(name, args):
    codes = KERNELS[name]
    starts = [start_to_info(name) for _ in range(args.starts)]
    fast_starts = [start_to_info(name, reconnect_ms=5) for _ in range(args.starts)]
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    try:
        for _ in range(20):  # warm up
            run(kc, codes["trivial"])
        trips = [run(kc, codes["trivial"])[0] for _ in range(args.round_trips)]
        prints = []
        for _ in range(args.prints):
            elapsed, text = run(kc, codes["lines"])
            lines = text.splitlines()
            assert len(lines) == 1000 and lines[-1] == "line 999", (name, len(lines), lines[-1:])
            prints.append(elapsed)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return {
        "start": statistics.median(starts),
        "fast_start": statistics.median(fast_starts),
        "trip": statistics.median(trips),
        "lines": statistics.median(prints),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--starts", type=int, default=10)
    p.add_argument("--round-trips", type=int, default=1000)
    p.add_argument("--prints", type=int, default=10)
    args = p.parse_args()
    res = {name: measure(name, args) for name in ("opsh", "python3")}
    o, i = res["opsh"], res["python3"]
    rows = [
        ("kernel start to kernel_info_reply (median of %d)" % args.starts, "start", "ms", 1e3),
        ("  the same, client reconnecting every 5 ms", "fast_start", "ms", 1e3),
        ("execute 1+1 to idle (median of %d)" % args.round_trips, "trip", "ms", 1e3),
        ("1,000 printed lines to idle (median of %d)" % args.prints, "lines", "ms", 1e3),
    ]
    print("%-52s %10s %10s %8s" % ("", "opsh", "ipykernel", "ratio"))
    for label, key, unit, scale in rows:
        print("%-52s %8.2f%s %8.2f%s %8.3f" % (label, o[key] * scale, unit, i[key] * scale, unit, o[key] / i[key]))


if __name__ == "__main__":
    main()
