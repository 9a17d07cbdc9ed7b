#!/usr/bin/env python3
"""What an installer gets, checked on this machine (as root; CI runs it).

Builds both .deb packages with cargo-deb from the debug build, installs them
with apt, and checks: the units pass `systemd-analyze verify` with nothing
to say; the system users, groups and file modes; a command run as the
kiosk's user reads /etc/lockerwall and says /var/lib/lockerwall; the kiosk
started with its unit's own command line (cage, on wlroots' headless
backend and pixman renderer) says READY=1 and its first frame is captured
with grim; the server started as its unit starts it (its user, its
environment file) says READY=1, answers /readyz from the database the
package set up, and stops cleanly on SIGTERM. Then every command of the
book's installer part, as written (scripts/installer-book.py).

Usage: scripts/install-check.py [SCREENSHOT.png]
"""
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

UNITS = "/lib/systemd/system"
results = []


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)
    results.append(bool(ok))


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def build_and_install(work):
    for pkg in ([], ["-p", "lockerwall-portfolio"]):
        r = run(["cargo", "deb", *pkg, "--profile", "dev", "--no-build", "-o", work + "/"])
        if r.returncode:
            sys.exit(f"cargo deb failed:\n{r.stderr}")
    debs = sorted(os.path.join(work, f) for f in os.listdir(work) if f.endswith(".deb"))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    r = run(["apt-get", "install", "-y", "-qq", "--reinstall", *debs], env=env)
    check("both packages install with apt", r.returncode == 0, " ".join(map(os.path.basename, debs)) + r.stderr[-2000:])


def run_live(cmd):
    """Run with its output shown as it comes (a long step shows where it is)."""
    return subprocess.run(cmd).returncode


def notify_socket(work):
    path = os.path.join(work, "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    os.chmod(path, 0o777)
    return sock, path


def wait_for(sock, word, seconds):
    t0 = time.monotonic()
    while (left := t0 + seconds - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            if word in sock.recv(4096).decode().split("\n"):
                return time.monotonic() - t0
        except socket.timeout:
            break
    return None


def exec_start(unit):
    text = open(os.path.join(UNITS, unit)).read()
    return shlex.split(re.search(r"^ExecStart=(.*)$", text, re.M).group(1))


def as_user(user, env, argv):
    """argv run as `user` with only `env`, exec'd in place (setpriv, not
    runuser: a signal must reach the program, as systemd sends it)."""
    return ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "--",
            "env", "-i", *[f"{k}={v}" for k, v in env.items()], *argv]


def stop(proc, seconds=15):
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        return None


def check_units_and_users():
    units = ["lockerwall.service", "lockerwall-backup.service", "lockerwall-backup.timer",
             "lockerwall-portfolio.service"]
    r = run(["systemd-analyze", "verify", *units], cwd="/")
    said = (r.stdout + r.stderr).strip()
    check("systemd-analyze verify: every unit, nothing to say", r.returncode == 0 and not said, said)
    groups = run(["id", "-nG", "lockerwall"]).stdout.split()
    check("the kiosk's user is in dialout (serial ports), video, input, render",
          {"dialout", "video", "input", "render"} <= set(groups), " ".join(groups))
    st = run(["stat", "-c", "%a %U", "/var/lib/lockerwall"]).stdout.strip()
    check("/var/lib/lockerwall is private to it", st == "700 lockerwall", st)
    st = run(["stat", "-c", "%a %U %G", "/etc/lockerwall/lockerwall.toml",
              "/etc/lockerwall/portfolio.env"]).stdout.split("\n")
    check("configuration files readable by their service only",
          st[:2] == ["640 root lockerwall", "640 root lockerwall-portfolio"], " / ".join(st))
    r = run(["runuser", "-u", "lockerwall", "--", "lockerwall", "residents", "list"], cwd="/")
    check("a command reads /etc/lockerwall and says its data folder",
          "settings from /etc/lockerwall/lockerwall.toml; data folder /var/lib/lockerwall" in r.stderr
          and r.returncode == 0, r.stderr.strip()[-400:])


def check_backup():
    """The backup unit's command, as the timer runs it: a dated copy and site.key."""
    place = "/var/backups/lockerwall"
    before = set(os.listdir(place)) if os.path.isdir(place) else set()
    env = {"PATH": "/usr/bin:/bin"}
    r = run(as_user("lockerwall", env, exec_start("lockerwall-backup.service")), cwd="/")
    new = sorted(set(os.listdir(place)) - before) if os.path.isdir(place) else []
    st = run(["stat", "-c", "%a %U", place, os.path.join(place, "site.key")]).stdout.split("\n")
    check("the backup unit's command writes a checked copy and the key, private",
          r.returncode == 0 and any(n.endswith(".db") for n in new)
          and st[:2] == ["700 lockerwall", "600 lockerwall"],
          f"{r.stdout.strip()} {r.stderr.strip()[-300:]} {new} {st}")


def check_kiosk_in_cage(work, shot):
    runtime = os.path.join(work, "run")
    os.makedirs(runtime, mode=0o700)
    subprocess.run(["chown", "lockerwall:lockerwall", runtime], check=True)
    sock, path = notify_socket(work)
    env = {"PATH": "/usr/bin:/bin", "XDG_RUNTIME_DIR": runtime, "NOTIFY_SOCKET": path,
           "WATCHDOG_USEC": "30000000", "WLR_BACKENDS": "headless", "WLR_RENDERER": "pixman",
           "WLR_LIBINPUT_NO_DEVICES": "1", "RUST_LOG": "info"}
    log = open(os.path.join(work, "kiosk.log"), "w")
    cmd = as_user("lockerwall", env, exec_start("lockerwall.service"))
    kiosk = subprocess.Popen(cmd, cwd="/var/lib/lockerwall", stdout=log, stderr=log,
                             start_new_session=True)
    took = wait_for(sock, "READY=1", 90)
    check("the kiosk in cage (headless, pixman), as its unit starts it, says READY=1",
          took is not None, f"{took:.1f} s" if took else open(log.name).read()[-3000:])
    if took is not None:
        time.sleep(1)
        out = shot or os.path.join(work, "kiosk.png")
        tmp = os.path.join(runtime, "shot.png")
        r = run(["runuser", "-u", "lockerwall", "--", "env", f"XDG_RUNTIME_DIR={runtime}",
                 "WAYLAND_DISPLAY=wayland-0", "grim", tmp])
        size = os.path.getsize(tmp) if os.path.exists(tmp) else 0
        if size:
            subprocess.run(["cp", tmp, out], check=True)
        # A blank 1280x720 frame compresses to a few kB; the home screen does not.
        check("its first frame, captured with grim", r.returncode == 0 and size > 20_000,
              f"{out}, {size} bytes {r.stderr.strip()}")
    # `systemctl stop`: SIGTERM to every process of the unit at once (KillMode=control-group).
    os.killpg(kiosk.pid, signal.SIGTERM)
    stopping = wait_for(sock, "STOPPING=1", 15) is not None
    try:
        status = kiosk.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(kiosk.pid, signal.SIGKILL)
        status = None
    # cage 0.1.4 may abort in wl_display_terminate on SIGTERM (its own
    # assertion); what matters is that the kiosk stopped on its own terms.
    check("SIGTERM to the unit: the kiosk says STOPPING=1 and the session ends",
          stopping and status is not None, f"stopping={stopping}, cage status {status}")
    sock.close()
    os.unlink(path)


def env_file(path):
    env = {}
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            env[k] = v
    return env


def check_server(work):
    sock, path = notify_socket(work)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"PATH": "/usr/bin:/bin", **env_file("/etc/lockerwall/portfolio.env"),
           "LOCKERWALL_LISTEN": f"127.0.0.1:{port}", "LOCKERWALL_MAIL_EVERY": "0",
           "NOTIFY_SOCKET": path}
    log = open(os.path.join(work, "server.log"), "w")
    cmd = as_user("lockerwall-portfolio", env, exec_start("lockerwall-portfolio.service"))
    server = subprocess.Popen(cmd, cwd="/", stdout=log, stderr=log)
    took = wait_for(sock, "READY=1", 60)
    check("the server, as its unit starts it, says READY=1", took is not None,
          f"{took:.1f} s" if took else open(log.name).read()[-3000:])
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10).read().decode()
    except Exception as e:  # noqa: BLE001 - any failure is the finding
        body = str(e)
    check("/readyz: the database the package set up answers", body == "ready", body)
    status = stop(server)
    check("SIGTERM stops the server with status 0", status == 0, f"status {status}")
    sock.close()
    os.unlink(path)


def main():
    shot = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else None
    work = tempfile.mkdtemp(prefix="lockerwall-install-")
    os.chmod(work, 0o755)
    build_and_install(work)
    check_units_and_users()
    check_kiosk_in_cage(work, shot)
    check_backup()
    check_server(work)
    # Last: the installer's part of the book, every command as written.
    book = os.path.join(os.path.dirname(os.path.abspath(__file__)), "installer-book.py")
    check("the installer's part of the book: every command runs", run_live([sys.executable, book]) == 0)
    passed = sum(results)
    print(f"install: {passed} passed, {len(results) - passed} failed")
    sys.exit(0 if passed == len(results) else 1)


if __name__ == "__main__":
    main()
