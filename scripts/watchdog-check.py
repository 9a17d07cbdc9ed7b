#!/usr/bin/env python3
"""The kiosk under a service manager's watchdog, as systemd runs it.

This script plays systemd's part of the sd_notify protocol: it binds a
NOTIFY_SOCKET, starts the kiosk with WATCHDOG_USEC set (Type=notify,
WatchdogSec=), and checks that
  1. the kiosk says READY=1 once its first frame is up;
  2. it pings WATCHDOG=1 while its UI loop turns;
  3. frozen (SIGSTOP: nothing turns), it stops pinging; like systemd, the
     script then kills it (SIGABRT + SIGCONT) and starts it again, and the
     new kiosk says READY=1 on the same data folder;
  4. SIGTERM ends it cleanly: STOPPING=1, exit status 0, in a few seconds.

Usage: scripts/watchdog-check.py BINARY   (needs DISPLAY: run under Xvfb)
"""
import os
import signal
import socket
import sys
import tempfile
import time

WATCHDOG_S = 2.0


def start(binary, work, sock_path):
    """Fork and exec the kiosk with systemd's variables (WATCHDOG_PID is its own pid)."""
    log = open(os.path.join(work, "log"), "ab")
    pid = os.fork()
    if pid == 0:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        env = dict(os.environ)
        env.update({
            "NOTIFY_SOCKET": sock_path,
            "WATCHDOG_USEC": str(int(WATCHDOG_S * 1_000_000)),
            "WATCHDOG_PID": str(os.getpid()),
            "SLINT_BACKEND": "winit-software",
            "RUST_LOG": "info",
        })
        os.execve(binary, [binary, "--data-dir", os.path.join(work, "data")], env)
    return pid


def messages(sock, until):
    """Every datagram until `until` (time.monotonic()), as (time, text)."""
    got = []
    while (left := until - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            got.append((time.monotonic(), sock.recv(4096).decode().strip()))
        except socket.timeout:
            break
    return got


def wait_for(sock, word, seconds):
    """Seconds until a datagram holds `word`, or None."""
    t0 = time.monotonic()
    while (left := t0 + seconds - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            if word in sock.recv(4096).decode().split("\n"):
                return time.monotonic() - t0
        except socket.timeout:
            return None
    return None


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}")
    return ok


def main():
    binary = sys.argv[1]
    work = tempfile.mkdtemp(prefix="lockerwall-watchdog-")
    sock_path = os.path.join(work, "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sock_path)
    results = []
    pid = start(binary, work, sock_path)
    try:
        took = wait_for(sock, "READY=1", 60)
        results.append(check("READY=1 after the first frame", took is not None,
                             f"{took:.1f} s" if took else "never"))
        pings = [m for m in messages(sock, time.monotonic() + 3 * WATCHDOG_S) if m[1] == "WATCHDOG=1"]
        gaps = [b[0] - a[0] for a, b in zip(pings, pings[1:])]
        results.append(check("WATCHDOG=1 while the UI loop turns",
                             len(pings) >= 4 and max(gaps, default=9) < WATCHDOG_S,
                             f"{len(pings)} pings in {3 * WATCHDOG_S:.0f} s, longest gap {max(gaps, default=0):.2f} s"))
        os.kill(pid, signal.SIGSTOP)
        frozen = [m for m in messages(sock, time.monotonic() + 1.5 * WATCHDOG_S) if m[1] == "WATCHDOG=1"]
        results.append(check("no WATCHDOG=1 once frozen", not frozen, f"{len(frozen)} pings"))
        # What systemd does when the watchdog runs out: SIGABRT (WatchdogSignal), then restart.
        os.kill(pid, signal.SIGABRT)
        os.kill(pid, signal.SIGCONT)
        _, status = os.waitpid(pid, 0)
        results.append(check("the frozen kiosk is killed", os.WIFSIGNALED(status),
                             f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"status {status}"))
        pid = start(binary, work, sock_path)
        took = wait_for(sock, "READY=1", 60)
        results.append(check("started again, READY=1 on the same data", took is not None,
                             f"{took:.1f} s" if took else "never"))
        os.kill(pid, signal.SIGTERM)
        stopping = wait_for(sock, "STOPPING=1", 10) is not None
        t0 = time.monotonic()
        while time.monotonic() - t0 < 10:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.1)
        else:
            done, status = 0, None
        results.append(check("SIGTERM: STOPPING=1 and exit status 0", stopping and done and os.WIFEXITED(status)
                             and os.WEXITSTATUS(status) == 0,
                             f"stopping={stopping}, status={status}, {time.monotonic() - t0:.1f} s"))
        if done:
            pid = None
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    passed = sum(results)
    print(f"watchdog: {passed} passed, {len(results) - passed} failed")
    if passed < len(results):
        print(open(os.path.join(work, "log")).read()[-4000:])
    sys.exit(0 if passed == len(results) else 1)


if __name__ == "__main__":
    main()
