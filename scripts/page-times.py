#!/usr/bin/env python3
"""Time the portfolio dashboard's and the package desk's pages as the demo manager: median and 95th
percentile of N sequential requests per page (after 5 unmeasured warm-ups).

    python3 scripts/page-times.py URL [N]
"""
import http.cookiejar, sys, time, urllib.parse, urllib.request

URL = sys.argv[1].rstrip("/")
N = int(sys.argv[2]) if len(sys.argv) > 2 else 200

jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
form = urllib.parse.urlencode({"email": "demo@lockerwall.example", "password": "lockerwall-demo"}).encode()
opener.open(URL + "/login", form).read()
if not any(c.name == "lw_session" for c in jar):
    sys.exit("login failed: is the demo loaded?")

# The demo's conversation still with the staff, for a ticket page.
import re
waiting = opener.open(URL + "/desk?property=demo-001&status=waiting_on_staff").read().decode()
ticket = re.search(r'href="(/desk/t/\d+)"', waiting)
pages = [("portfolio", "/"), ("property", "/p/demo-001"), ("visit planner", "/plan"),
         ("desk inbox", "/desk"), ("desk service", "/desk/service")]
if ticket:
    pages.append(("ticket", ticket.group(1)))

for name, path in pages:
    for _ in range(5):
        opener.open(URL + path).read()
    times = []
    for _ in range(N):
        t = time.perf_counter()
        body = opener.open(URL + path).read()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p50 = times[len(times) // 2]
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{name:14} {path:14} median {p50:7.1f} ms   p95 {p95:7.1f} ms   ({len(body)//1024} KiB, {N} requests)")
