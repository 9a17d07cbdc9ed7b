#!/usr/bin/env python3
"""Signed-in pages under a login flood: the demo manager's pages timed alone,
then while FLOOD threads send wrong logins as fast as the server answers, each
from its own loopback address and for a new made-up account every time (so
neither the account nor the address limit spares the server a password check:
the worst case for it). Prints each page's median and 95th percentile in both
runs and their ratio, and what the flood got back.

    python3 scripts/login-flood.py URL [N] [FLOOD]

URL is a server on this machine (the flood binds 127.0.0.x addresses).
"""
import http.client, http.cookiejar, random, sys, threading, time, urllib.parse, urllib.request
from collections import Counter

URL = sys.argv[1].rstrip("/")
N = int(sys.argv[2]) if len(sys.argv) > 2 else 100
FLOOD = int(sys.argv[3]) if len(sys.argv) > 3 else 48
host, port = urllib.parse.urlsplit(URL).hostname, urllib.parse.urlsplit(URL).port or 80

jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
form = urllib.parse.urlencode({"email": "demo@lockerwall.example", "password": "lockerwall-demo"}).encode()
opener.open(URL + "/login", form).read()
if not any(c.name == "lw_session" for c in jar):
    sys.exit("login failed: is the demo loaded?")
PAGES = [("portfolio", "/"), ("property", "/p/demo-001"), ("desk inbox", "/desk")]


def times(path):
    for _ in range(3):
        opener.open(URL + path).read()
    t = []
    for _ in range(N):
        s = time.perf_counter()
        opener.open(URL + path).read()
        t.append((time.perf_counter() - s) * 1000)
    t.sort()
    return t[len(t) // 2], t[int(len(t) * 0.95) - 1]


stop = threading.Event()
got = Counter()


def flood(n):
    while not stop.is_set():
        c = http.client.HTTPConnection(host, port, timeout=60, source_address=(f"127.0.{n // 250}.{n % 250 + 2}", 0))
        body = urllib.parse.urlencode({"email": f"nobody{random.getrandbits(48)}@example.com", "password": "wrong"})
        try:
            c.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
            got[c.getresponse().status] += 1
        except OSError as e:
            got[type(e).__name__] += 1
        finally:
            c.close()


alone = {name: times(path) for name, path in PAGES}
threads = [threading.Thread(target=flood, args=(i,), daemon=True) for i in range(FLOOD)]
for t in threads:
    t.start()
time.sleep(2)
started, before = time.time(), sum(got.values())
flooded = {name: times(path) for name, path in PAGES}
rate = (sum(got.values()) - before) / (time.time() - started)
stop.set()
for name, path in PAGES:
    (a50, a95), (f50, f95) = alone[name], flooded[name]
    print(f"{name:11} {path:13} alone: median {a50:6.1f} ms, p95 {a95:6.1f} ms   "
          f"under the flood: median {f50:6.1f} ms, p95 {f95:6.1f} ms   (p95 x{f95 / a95:.1f})")
print(f"flood: {FLOOD} clients, {rate:.0f} wrong logins/s answered; answers: {dict(got)}")
