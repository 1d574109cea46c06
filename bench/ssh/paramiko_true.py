"""Run `true` N times over one paramiko connection; print the seconds taken.

usage: paramiko_true.py HOST PORT USER KEYFILE KNOWN_HOSTS N
The connection is made before the clock starts, as for the other tools.
"""
import sys
import time

import paramiko

host, port, user, keyfile, known_hosts, n = sys.argv[1:7]
client = paramiko.SSHClient()
client.load_host_keys(known_hosts)
client.set_missing_host_key_policy(paramiko.RejectPolicy())
client.connect(host, port=int(port), username=user, key_filename=keyfile,
               allow_agent=False, look_for_keys=False, timeout=15)
start = time.perf_counter()
for _ in range(int(n)):
    stdin, stdout, stderr = client.exec_command("true", timeout=15)
    if stdout.channel.recv_exit_status() != 0:
        sys.exit("true failed")
print(time.perf_counter() - start)
client.close()
