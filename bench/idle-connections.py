#!/usr/bin/env python3
"""bench/idle-connections.py PORT COUNT — open COUNT keep-alive connections to 127.0.0.1:PORT,
make one GET /api/whoami on each (so that each is a kept-alive HTTP connection, not a
half-open one), print "open N" and hold them, idle, until killed."""
import resource
import socket
import sys
import time

port, count = int(sys.argv[1]), int(sys.argv[2])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 64)), hard))
request = b"GET /api/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"
sockets = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    s.sendall(request)
    sockets.append(s)
opened = 0
for s in sockets:
    # one recv is the whole small answer on loopback; what is left unread stays in the buffer
    try:
        if s.recv(65536):
            opened += 1
    except OSError:
        pass
print("open %d" % opened, flush=True)
while True:
    time.sleep(3600)
