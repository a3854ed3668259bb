"""Time to first prompt of `gradtutor start`, in a pseudo-terminal.

Measures from just before the process is spawned to the moment the bottom toolbar (drawn with
the first prompt, after the first screen) reaches the terminal: what the learner waits for.
Cases: first run (welcome) and resume, on the 3-exercise fixture course and the real course.
The torch sandbox starts in the background and is not part of this time (the budget is 0.5 s).

    python bench/startup.py              # prints a table, rewrites the "Shell start-up" section
    python bench/startup.py --runs 5 --no-write
"""

from __future__ import annotations

import argparse
import fcntl
import os
import platform
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from benchdoc import replace_section  # bench/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Shell start-up"
MARKER = b"F1/help"  # the toolbar's last key: the whole first prompt has been drawn
CPR = b"\x1b[6n"
BUDGET_S = 0.5
COURSES = {"fixture (3 exercises)": ROOT / "tests" / "fixtures" / "mini" / "exercises",
           "real course": ROOT / "exercises"}


def command() -> list[str]:
    """`gradtutor start`, or the module form while `start` is not in the dispatch table."""
    sys.path.insert(0, str(ROOT))
    from gradtutor.cli import COMMANDS

    exe = shutil.which("gradtutor", path=str(Path(sys.executable).parent))
    if "start" in COMMANDS and exe:
        return [exe, "start"]
    return [sys.executable, "-m", "gradtutor.cli.cmd_start"]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process: what the start-up costs whatever the load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_to_prompt(cmd: list[str], home: Path, timeout: float = 30.0) -> tuple[float, float]:
    """(wall seconds, CPU seconds) until the first prompt is drawn."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "GRADTUTOR_HOME": str(home), "TERM": "xterm-256color"}
    env.pop("GRADTUTOR_COURSE", None)
    # An installed gradtutor has its bytecode cached; a dev shell with this set would
    # measure compiling every module from source instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    seen = b""
    elapsed = cpu = float("nan")
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            seen += chunk
            if CPR in chunk:  # answer cursor-position requests as a terminal does at once
                os.write(master, b"\x1b[20;1R")
            if MARKER in seen:
                elapsed = time.perf_counter() - start
                cpu = cpu_seconds(proc.pid)
                break
        os.write(master, b"\x04")  # Ctrl-D: leave
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    finally:
        os.close(master)
    if elapsed != elapsed:
        raise RuntimeError(f"no prompt within {timeout} s; output: {seen[-500:]!r}")
    return elapsed, cpu


Row = tuple[str, str, list[float], list[float]]  # course, case, wall times, CPU times


def measure(runs: int) -> list[Row]:
    cmd = command()
    rows = []
    for label, course in COURSES.items():
        if not (course / "course.yaml").is_file():
            continue
        full = [*cmd, "--course", str(course)]
        with tempfile.TemporaryDirectory() as tmp:  # warm-up: bytecode and file caches
            time_to_prompt([*full, "--workspace", f"{tmp}/ws"], Path(tmp) / "home")
        first: list[tuple[float, float]] = []
        resume: list[tuple[float, float]] = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                home = Path(tmp) / "home"
                first.append(time_to_prompt([*full, "--workspace", f"{tmp}/ws"], home))
                resume.append(time_to_prompt([*full, "--workspace", f"{tmp}/ws"], home))
        for case, pairs in (("first run (welcome)", first), ("resume", resume)):
            rows.append((label, case, [w for w, _ in pairs], [c for _, c in pairs]))
    return rows


def table(rows: list[Row], runs: int) -> str:
    lines = [SECTION, "",
             "Time from spawning `gradtutor start` in a pseudo-terminal to the first prompt "
             "(toolbar drawn), measured by `python bench/startup.py`. The torch sandbox warms up "
             f"in the background and is not included. Budget: {BUDGET_S * 1000:.0f} ms.", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
             f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the "
             f"start; {runs} runs per case after one warm-up run (bytecode cached, as installed).",
             "",
             "| course | case | median | max | CPU time (median) | within budget |",
             "|---|---|---|---|---|---|"]
    for course, case, values, cpu in rows:
        med, worst = statistics.median(values), max(values)
        ok = "yes" if med <= BUDGET_S else "no"
        lines.append(f"| {course} | {case} | {med * 1000:.0f} ms | {worst * 1000:.0f} ms | "
                     f"{statistics.median(cpu) * 1000:.0f} ms | {ok} |")
    lines += ["", "CPU time is the process's own user + system time up to the prompt: on a busy "
              "machine the wall time grows with the load average, the CPU time does not."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    rows = measure(args.runs)
    text = table(rows, args.runs)
    print(text)
    if not args.no_write:
        replace_section(DOC, SECTION, text)
        print(f"wrote the {SECTION!r} section of {DOC}")
    return 0 if all(statistics.median(v) <= BUDGET_S for _c, _k, v, _cpu in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
