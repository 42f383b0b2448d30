"""A stand-in for `systemctl` that runs the codeyard units the way systemd would, inside a
scratch root: reads <root>/etc/systemd/system/<unit> and its drop-ins (<unit>.d/*.conf),
applies Environment= and EnvironmentFile=, expands ${VAR}, runs ExecStartPre= then starts
ExecStart= in its own session and keeps its pid. Absolute paths of the deployment
(/opt/codeyard, /etc/codeyard, /var/lib/codeyard) are taken inside the root.

Verbs: daemon-reload, enable [--now], start, stop, restart, is-active, list-unit-files.
Configured by FAKE_SYSTEMD_ROOT and FAKE_SYSTEMD_STATE (pid files and service logs)."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(os.environ["FAKE_SYSTEMD_ROOT"])
STATE = Path(os.environ["FAKE_SYSTEMD_STATE"])
MAPPED = ("/opt/codeyard", "/etc/codeyard", "/var/lib/codeyard")
_VAR = re.compile(r"\$\{(\w+)\}")


def inside(value: str) -> str:
    for prefix in MAPPED:
        value = re.sub(rf"(?<![\w/]){re.escape(prefix)}(?=/|\b|$)", str(ROOT) + prefix, value)
    return value


def unit_lines(unit: str) -> list[tuple[str, str]]:
    path = ROOT / "etc/systemd/system" / unit
    texts = [path.read_text()]
    texts += [p.read_text() for p in sorted((path.parent / f"{unit}.d").glob("*.conf"))]
    pairs = []
    for text in texts:
        for line in text.replace("\\\n", " ").splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "[")) and "=" in line:
                key, value = line.split("=", 1)
                pairs.append((key.strip(), value.strip()))
    return pairs


def environment(pairs: list[tuple[str, str]]) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    for key, value in pairs:
        if key == "Environment":
            for assignment in shlex.split(value):
                name, _, val = assignment.partition("=")
                env[name] = inside(val)
        elif key == "EnvironmentFile":
            optional = value.startswith("-")
            file = Path(inside(value.lstrip("-")))
            if not file.exists():
                if optional:
                    continue
                raise SystemExit(f"{file} is missing")
            for line in file.read_text().splitlines():
                line = line.strip()
                if line and not line.startswith("#") and "=" in line:
                    name, _, val = line.partition("=")
                    env[name.strip()] = val.strip().strip('"')
    return env


def command(value: str, env: dict[str, str]) -> list[str]:
    expanded = _VAR.sub(lambda m: env.get(m.group(1), ""), value)
    return [inside(arg) for arg in shlex.split(expanded)]


def pid_of(unit: str) -> int | None:
    pid_file = STATE / f"{unit}.pid"
    if not pid_file.exists():
        return None
    pid = int(pid_file.read_text())
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    # A zombie (exited, not yet reaped by init) is not running.
    status = Path(f"/proc/{pid}/status")
    if status.exists() and "State:\tZ" in status.read_text():
        return None
    return pid


def start(unit: str) -> int:
    if unit.endswith(".timer"):
        # a timer only schedules its service: starting it runs nothing now, but both
        # units must exist, as systemd would insist
        service = unit.removesuffix(".timer") + ".service"
        units = ROOT / "etc/systemd/system"
        return 0 if (units / unit).is_file() and (units / service).is_file() else 5
    if pid_of(unit):
        return 0
    pairs = unit_lines(unit)
    env = environment(pairs)
    log = (STATE / f"{unit}.log").open("a")
    for key, value in pairs:
        if key == "ExecStartPre":
            done = subprocess.run(command(value, env), env=env, stdout=log, stderr=log, timeout=300)
            if done.returncode != 0:
                print(f"{unit}: ExecStartPre failed ({done.returncode})", file=sys.stderr)
                return 1
    exec_start = [v for k, v in pairs if k == "ExecStart"][-1]
    proc = subprocess.Popen(
        command(exec_start, env), env=env, stdout=log, stderr=log, start_new_session=True
    )
    (STATE / f"{unit}.pid").write_text(str(proc.pid))
    return 0


def stop(unit: str) -> int:
    pid = pid_of(unit)
    if pid is None:
        return 0
    os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while pid_of(unit) and time.monotonic() < deadline:
        time.sleep(0.1)
    if pid_of(unit):
        os.killpg(pid, signal.SIGKILL)
    return 0


def main(argv: list[str]) -> int:
    STATE.mkdir(parents=True, exist_ok=True)
    verb, args = argv[0], [a for a in argv[1:] if not a.startswith("--")]
    with (STATE / "calls.log").open("a") as calls:
        calls.write(" ".join(argv) + "\n")
    if verb == "daemon-reload":
        return 0
    if verb == "list-unit-files":
        return 0 if all((ROOT / "etc/systemd/system" / u).exists() for u in args) else 1
    if verb == "is-active":
        return 0 if all(pid_of(u) for u in args) else 3
    if verb == "enable":
        return max((start(u) for u in args), default=0) if "--now" in argv else 0
    if verb == "start":
        return max(start(u) for u in args)
    if verb == "stop":
        return max(stop(u) for u in args)
    if verb == "restart":
        return max(stop(u) or start(u) for u in args)
    print(f"fake systemctl: unsupported verb {verb}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
