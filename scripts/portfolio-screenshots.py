#!/usr/bin/env python3
"""Screenshots of the portfolio dashboard and the package desk for the README, in headless Chromium.

Start the server on the demo first:
    lockerwall-portfolio demo && lockerwall-portfolio serve --plain-http-cookies
then: python3 scripts/portfolio-screenshots.py [URL] [OUTDIR] [RESIDENT-LINK]
(the demo prints a resident's link; with it, their own page is shot on a
phone and on a laptop too).
Needs Debian's chromium and chromium-driver; talks WebDriver over plain HTTP,
so nothing to pip install.
"""
import base64, json, os, socket, subprocess, sys, time, urllib.request

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
OUT = sys.argv[2] if len(sys.argv) > 2 else "docs/portfolio"
RESIDENT = sys.argv[3] if len(sys.argv) > 3 else None


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())["value"]


def main():
    os.makedirs(OUT, exist_ok=True)
    port = free_port()
    driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(50):
            try:
                call(base, "GET", "/status"); break
            except Exception:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1280,1000", "--hide-scrollbars"]}}}}
        sid = call(base, "POST", "/session", caps)["sessionId"]
        s = f"/session/{sid}"

        def find(css):
            return list(call(base, "POST", s + "/element", {"using": "css selector", "value": css}).values())[0]

        def shot(name, width, height):
            call(base, "POST", s + "/window/rect", {"width": width, "height": height})
            png = base64.b64decode(call(base, "GET", s + "/screenshot"))
            with open(os.path.join(OUT, name), "wb") as f:
                f.write(png)
            print(os.path.join(OUT, name))

        call(base, "POST", s + "/url", {"url": URL + "/login"})
        call(base, "POST", s + f"/element/{find('#email')}/value", {"text": "demo@lockerwall.example"})
        call(base, "POST", s + f"/element/{find('#password')}/value", {"text": "lockerwall-demo"})
        call(base, "POST", s + f"/element/{find('#login')}/click", {})
        call(base, "POST", s + "/url", {"url": URL + "/?sort=attention&dir=desc"})
        shot("portfolio.png", 1280, 1000)
        call(base, "POST", s + "/url", {"url": URL + "/p/demo-001"})
        shot("property.png", 1280, 1500)
        call(base, "POST", s + "/url", {"url": URL + "/plan"})
        shot("planner.png", 1280, 1000)
        call(base, "POST", s + "/url", {"url": URL + "/p/demo-001"})
        shot("property-phone.png", 400, 1400)
        call(base, "POST", s + "/url", {"url": URL + "/desk"})
        shot("desk.png", 1280, 1000)
        call(base, "POST", s + "/url", {"url": URL + "/desk?property=demo-001&status=waiting_on_staff"})
        call(base, "POST", s + f"/element/{find('#inbox tbody tr:first-child td.text a')}/click", {})
        find("#reply")
        call(base, "POST", s + "/url", {"url": call(base, "GET", s + "/url") + "?answer=no-notice"})
        shot("ticket.png", 1280, 1250)
        call(base, "POST", s + "/url", {"url": URL + "/desk/service"})
        shot("desk-service.png", 1280, 1000)
        if RESIDENT:
            call(base, "POST", s + "/url", {"url": RESIDENT})
            shot("resident-phone.png", 360, 1500)
            shot("resident-laptop.png", 1280, 1150)
        call(base, "DELETE", s)
    finally:
        driver.terminate()


main()
