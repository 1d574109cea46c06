# The benchmark loop in Python's requests.Session: GET argv[1] argv[2]
# times on one keep-alive session, then print the loop's own time in
# nanoseconds (interpreter start-up and imports are not counted).
import sys
import time

import requests

url, n = sys.argv[1], int(sys.argv[2])
s = requests.Session()
s.get(url).raise_for_status()
t0 = time.perf_counter_ns()
for i in range(n):
    r = s.get(url)
    if r.status_code != 200:
        raise SystemExit(r.status_code)
    r.content
print(time.perf_counter_ns() - t0)
