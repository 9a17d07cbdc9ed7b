#!/usr/bin/env python3
"""The installer's part of the book, run command by command (as root; CI).

Reads the chapters listed under "Installers" in docs/SUMMARY.md, in order,
and runs every line of every ```sh block as written, with bash, after the
packages are installed (scripts/install-check.py calls it last). Each must
succeed; a command that runs until Ctrl-C (its comment says so) must still
be running after a few seconds and stop on SIGINT.

A CI machine lacks a few things a kiosk has; this script stands in for them
under the same names, first on PATH, and says so here rather than hiding it:
- systemd as PID 1: `systemctl start|stop|restart|status|list-timers` and
  `journalctl -u` act on the units' own files (the ExecStart, as the unit's
  User, in the unit's working folder; the kiosk's cage on wlroots' headless
  backend), waiting for READY=1 as systemd does;
- apt's question: `apt install` answers yes, and starts the units a package
  installs, as its maintainer scripts do under systemd;
- `sudo`: CI is root already; `sudo -u USER` becomes `runuser -u USER`;
- a release build: `cargo deb` packages the debug build CI has already made
  (the same files, in the same place, target/debian/);
- a USB serial adapter: a simulated KR-CU16 bus (`lockerwall hal
  simulate-board --pty`, the boards' real bytes) appears under the
  /dev/serial/by-id/ name the book uses;
- a serial scanner: a pseudo-terminal at /dev/ttyACM0 that reads a
  tracking number every half second.

Usage: scripts/installer-book.py            (the shims dispatch on argv[0])
"""
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
STATE = "/run/lockerwall-book"
UNITS = "/lib/systemd/system"
ADAPTER = "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10KQ3Z1-if00-port0"
SCANNER = "/dev/ttyACM0"
SCANNED = "1Z999AA10123456784"
REAL = {}  # the real programs behind the shims, found before the shims are on PATH


# ---- the installer's commands, from the book ------------------------------

def installer_chapters():
    summary = open(os.path.join(ROOT, "docs", "SUMMARY.md")).read()
    part = summary.split("\n# Installers\n", 1)[1].split("\n# ", 1)[0]
    return re.findall(r"\]\((install/[^)]+\.md)\)", part)


def commands(chapter):
    """Every line of every ```sh block, in order (a block may be indented in a list)."""
    fence = None
    for line in open(os.path.join(ROOT, "docs", chapter)):
        s = line.strip()
        if s.startswith("```"):
            fence = s[3:].strip() if fence is None else None
            continue
        if fence == "sh" and s and not s.startswith("#"):
            yield s


# ---- units, as systemd would run them --------------------------------------

def unit_file(name):
    name = name if "." in name else name + ".service"
    return os.path.join(UNITS, name), name


def unit_settings(path):
    settings = {}
    for line in open(path):
        if "=" in line and not line.startswith(("#", "[")):
            k, v = line.rstrip("\n").split("=", 1)
            settings.setdefault(k, []).append(v)
    return settings


def unit_env(name, settings):
    env = {"PATH": "/usr/bin:/bin", "RUST_LOG": "info"}
    for line in settings.get("Environment", []):
        for pair in shlex.split(line):
            k, v = pair.split("=", 1)
            env[k] = v
    for f in settings.get("EnvironmentFile", []):
        for line in open(f.lstrip("-")):
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                env[k] = v
    if "cage" in settings["ExecStart"][0]:
        runtime = os.path.join(STATE, name + ".runtime")
        os.makedirs(runtime, mode=0o700, exist_ok=True)
        user = settings.get("User", ["root"])[0]
        subprocess.run(["chown", f"{user}:{user}", runtime], check=True)
        env.update(XDG_RUNTIME_DIR=runtime, WLR_BACKENDS="headless", WLR_RENDERER="pixman",
                   WLR_LIBINPUT_NO_DEVICES="1")
    return env


def pid_of(name):
    try:
        pid = int(open(os.path.join(STATE, name + ".pid")).read())
        # A unit whose starter has gone is nobody's child: gone when a zombie.
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
        return None if state == "Z" else pid
    except (OSError, ValueError):
        return None


def start(unit):
    path, name = unit_file(unit)
    if pid_of(name):
        return 0
    settings = unit_settings(path)
    env = unit_env(name, settings)
    sock_path = os.path.join(STATE, name + ".notify")
    if os.path.exists(sock_path):
        os.unlink(sock_path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sock_path)
    os.chmod(sock_path, 0o777)
    env["NOTIFY_SOCKET"] = sock_path
    user = settings.get("User", ["root"])[0]
    argv = ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "--",
            "env", "-i", *[f"{k}={v}" for k, v in env.items()],
            *shlex.split(settings["ExecStart"][0])]
    log = open(os.path.join(STATE, name + ".log"), "a")
    proc = subprocess.Popen(argv, cwd=settings.get("WorkingDirectory", ["/"])[0],
                            stdout=log, stderr=log, start_new_session=True)
    open(os.path.join(STATE, name + ".pid"), "w").write(str(proc.pid))
    if settings.get("Type", [""])[0] != "notify":
        return 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        sock.settimeout(1)
        try:
            if "READY=1" in sock.recv(4096).decode().split("\n"):
                print(f"{name}: started (READY=1)")
                return 0
        except socket.timeout:
            pass
    print(f"{name}: failed to start; its log:\n" + open(log.name).read()[-2000:], file=sys.stderr)
    return 1


def stop(unit):
    _, name = unit_file(unit)
    pid = pid_of(name)
    if not pid:
        return 0
    os.killpg(pid, signal.SIGTERM)  # KillMode=control-group: the whole session
    for _ in range(200):
        if not pid_of(name):
            break
        time.sleep(0.1)
    else:
        os.killpg(pid, signal.SIGKILL)
        print(f"{name}: did not stop within 20 s: killed", file=sys.stderr)
        return 1
    os.unlink(os.path.join(STATE, name + ".pid"))
    return 0


def systemctl(args):
    verb, units = args[0], [a for a in args[1:] if not a.startswith("-")]
    if verb == "start":
        return max(start(u) for u in units)
    if verb == "stop":
        return max(stop(u) for u in units)
    if verb == "restart":
        return max(stop(u) or start(u) for u in units)
    if verb == "status":
        _, name = unit_file(units[0])
        pid = pid_of(name)
        print(f"{name} - {'active (running) since start, main PID ' + str(pid) if pid else 'inactive (dead)'}")
        return 0 if pid else 3
    if verb == "list-timers":
        for u in units:
            path, name = unit_file(u)
            when = unit_settings(path).get("OnCalendar", ["?"])[0]
            print(f"{name}: OnCalendar={when} (activates {name.replace('.timer', '.service')})")
        return 0
    print(f"systemctl {verb}: not stood in for", file=sys.stderr)
    return 1


def journalctl(args):
    _, name = unit_file(args[args.index("-u") + 1])
    log = os.path.join(STATE, name + ".log")
    print(open(log).read() if os.path.exists(log) else f"-- No entries for {name} --")
    return 0


# ---- the other stand-ins ---------------------------------------------------

def sudo(args):
    if args[:1] == ["-u"]:
        return subprocess.call(["runuser", "-u", args[1], "--", *args[2:]])
    return subprocess.call(args)


def apt(args):
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    status = subprocess.call([REAL["apt"], "-y", "-q", *args], env=env)
    if status == 0 and args[:1] == ["install"]:
        for deb in (a for a in args if a.endswith(".deb")):
            listing = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True).stdout
            for unit in re.findall(r"/lib/systemd/system/([\w.-]+\.service)\b", listing):
                # An enabled unit ([Install]) is started by its package under systemd.
                if "[Install]" in open(os.path.join(UNITS, unit)).read():
                    status = status or start(unit)
    return status


def cargo(args):
    if args[:1] == ["deb"] and "--no-build" not in args:
        args = [*args, "--profile", "dev", "--no-build", "-o", os.path.join(ROOT, "target", "debian") + "/"]
    return subprocess.call([REAL["cargo"], *args])


SHIMS = {"systemctl": systemctl, "journalctl": journalctl, "sudo": sudo, "apt": apt, "cargo": cargo}


# ---- the run -----------------------------------------------------------------

def plug_in_adapter():
    """A simulated KR-CU16 bus under a USB adapter's stable name."""
    sim = subprocess.Popen(["runuser", "-u", "lockerwall", "--", "lockerwall", "hal",
                            "simulate-board", "--pty", "--no-window"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd="/")
    pty = sim.stdout.readline().strip()
    os.makedirs(os.path.dirname(ADAPTER), exist_ok=True)
    if os.path.lexists(ADAPTER):
        os.unlink(ADAPTER)
    os.symlink(pty, ADAPTER)

    def unplug():
        sim.terminate()
        os.unlink(ADAPTER)
    return unplug


def plug_in_scanner():
    """A serial scanner on /dev/ttyACM0 that reads a tracking number every half second."""
    master, slave = os.openpty()
    name = os.ttyname(slave)
    subprocess.run(["chown", "lockerwall", name], check=True)
    if os.path.lexists(SCANNER):
        os.unlink(SCANNER)
    os.symlink(name, SCANNER)

    def reads():
        try:
            while os.path.lexists(SCANNER):
                os.write(master, SCANNED.encode() + b"\r\n")
                time.sleep(0.5)
        except OSError:
            pass  # unplugged
    threading.Thread(target=reads, daemon=True).start()

    def unplug():
        os.unlink(SCANNER)
        os.close(slave)
    return unplug


def run_book(shims, plugged):
    env = dict(os.environ, PATH=f"{shims}:{os.environ['PATH']}",
               REAL_PATHS=json.dumps(REAL))
    failed = 0
    for chapter in installer_chapters():
        for cmd in commands(chapter):
            # Plugged in when first named, once the package has made the kiosk's user.
            for path, plug in ((os.path.dirname(ADAPTER), plug_in_adapter), (SCANNER, plug_in_scanner)):
                if path in cmd and path not in plugged:
                    plugged[path] = plug()
            until_ctrl_c = "Ctrl-C stops" in cmd
            started = time.monotonic()
            proc = subprocess.Popen(["bash", "-c", cmd], cwd=ROOT, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                    start_new_session=until_ctrl_c)
            if until_ctrl_c:
                time.sleep(4)
                alive = proc.poll() is None
                os.killpg(proc.pid, signal.SIGINT)
                try:
                    out, _ = proc.communicate(timeout=15)
                except subprocess.TimeoutExpired:
                    # Ctrl-C did not stop it: a failure of the command, said as one.
                    os.killpg(proc.pid, signal.SIGKILL)
                    out, _ = proc.communicate()
                    out += "\n(still running 15 s after Ctrl-C)"
                    alive = False
                # A scanner's command must have printed what the scanner read.
                ok = alive and ("scan" not in cmd or SCANNED in out)
            else:
                out, _ = proc.communicate(timeout=1800)  # the ARM cross-build from cold: ~9 min
                ok = proc.returncode == 0
            took = time.monotonic() - started
            print(f"{'ok  ' if ok else 'FAIL'} {chapter}: {cmd}  [{took:.0f} s]", flush=True)
            if not ok or os.environ.get("BOOK_VERBOSE"):
                print("     " + out.strip()[-3000:].replace("\n", "\n     "), flush=True)
            failed += not ok
    return failed


def main():
    name = os.path.basename(sys.argv[0])
    if name in SHIMS:
        REAL.update(json.loads(os.environ["REAL_PATHS"]))
        sys.exit(SHIMS[name](sys.argv[1:]))
    for prog in ("apt", "cargo"):
        REAL[prog] = shutil.which(prog)
    os.makedirs(STATE, exist_ok=True)
    shims = tempfile.mkdtemp(prefix="lockerwall-shims-")
    for shim in SHIMS:
        os.symlink(os.path.abspath(__file__), os.path.join(shims, shim))
    # The book installs the packages itself: none may be there before it.
    subprocess.run(["apt-get", "purge", "-y", "-qq", "lockerwall", "lockerwall-portfolio"],
                   env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), check=True,
                   stdout=subprocess.DEVNULL)
    plugged = {}
    try:
        failed = run_book(shims, plugged)
    finally:
        for unit in os.listdir(STATE):
            if unit.endswith(".pid"):
                stop(unit[: -len(".pid")])
        for path, device in plugged.items():
            device()
    print(f"the installer's part of the book: {'every command ran' if not failed else f'{failed} failed'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
