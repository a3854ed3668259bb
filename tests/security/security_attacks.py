"""The attack snippets of the security suite, shared by the root tests and the unprivileged
run (a unique module name: tests/ has no __init__.py files)."""

from __future__ import annotations

from security_helpers import SOLUTION

# --- reading the reference (test_verdict)
# Take the reference solution from disk and run it; fall back to a wrong answer.
STEAL = """\
import os, torch
TARGET = {target}
try:
    src = open(TARGET).read()
    assert "backward" in src
    print("STOLE", TARGET)
except Exception as e:
    src = "w = torch.randn(3, requires_grad=True)"
    print("REFUSED", type(e).__name__)
exec(src)
"""


def steal(target: str) -> str:
    return STEAL.replace("{target}", target)


TARGETS = {
    "absolute": repr(str(SOLUTION)),
    "relative": f"os.path.relpath({str(SOLUTION)!r}, os.getcwd())",
    # The zygote's cwd and root are "/": through them, the host's view of the file.
    "proc-ppid-cwd": f"f'/proc/{{os.getppid()}}/cwd{SOLUTION}'",
    "proc-ppid-root": f"f'/proc/{{os.getppid()}}/root{SOLUTION}'",
    "proc-self-root": f"'/proc/self/root{SOLUTION}'",
}


# --- other processes (test_processes)
# Every way to reach process PID: signals (plain, group, pidfd), ptrace, /proc, and
# process_vm_readv. Returns {attack: "DONE" or the error name}.
ATTACKS = """\
import ctypes, os, signal
libc = ctypes.CDLL(None, use_errno=True)
def attempt(name, f):
    try:
        f()
        out[name] = "DONE"
    except Exception as e:
        out[name] = type(e).__name__
def call(fn, *args):
    if fn(*args) == -1:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
class Iov(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
def vm_read(pid):
    buf = ctypes.create_string_buffer(64)
    local, remote = Iov(ctypes.addressof(buf), 64), Iov(0x400000, 64)
    call(libc.process_vm_readv, pid, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)
def attack(tag, pid):
    assert os.getuid() != 0  # never from root (kill(-1) would reach everything)
    for sig in ("SIGSTOP", "SIGTERM", "SIGKILL"):
        attempt(f"{tag}:kill:{sig}", lambda: os.kill(pid, getattr(signal, sig)))
    if pid > 1:  # killpg(1) is kill(-1)
        attempt(f"{tag}:killpg", lambda: os.killpg(pid, signal.SIGKILL))
    attempt(f"{tag}:pidfd", lambda: signal.pidfd_send_signal(os.pidfd_open(pid),
                                                               signal.SIGKILL))
    attempt(f"{tag}:ptrace", lambda: call(libc.ptrace, 16, pid, None, None))  # ATTACH
    attempt(f"{tag}:seize", lambda: call(libc.ptrace, 0x4206, pid, None, None))
    for f in ("mem", "environ", "maps", "cwd/etc/hostname", "root/etc/hostname"):
        attempt(f"{tag}:/proc/{f}", lambda: open(f"/proc/{pid}/{f}", "rb").read(16))
    attempt(f"{tag}:vm_readv", lambda: vm_read(pid))
out = {}
"""


def refused(results: dict[str, str]) -> list[str]:
    """Attacks that were not refused."""
    return [k for k, v in results.items() if v not in (
        "PermissionError", "ProcessLookupError", "FileNotFoundError")]


# --- secrets (test_secrets)
SNOOP = """\
import os
def attempt(f):
    try:
        return str(f())
    except Exception as e:
        return type(e).__name__
seen = {
    "file": attempt(lambda: open(FILE).read()),
    "holder:environ": attempt(lambda: open(f"/proc/{HOLDER}/environ").read()),
    "holder:cmdline": attempt(lambda: open(f"/proc/{HOLDER}/cmdline").read()),
    "zygote:environ": attempt(lambda: open(f"/proc/{os.getppid()}/environ").read()),
    "zygote:cmdline": attempt(lambda: open(f"/proc/{os.getppid()}/cmdline").read()),
    "self:environ": attempt(lambda: open("/proc/self/environ").read()),
    "os.environ": str(dict(os.environ)),
}
"""


# --- files (test_files)
OUTSIDE = ["/tmp/planted", "/var/tmp/planted", "/dev/shm/planted", "/run/lock/planted",
           "/var/lock/planted", "/planted", "/work/planted", "../planted", "../run-999999/x",
           "/proc/self/cwd/../planted"]


def outside(tag: str) -> list[str]:
    """OUTSIDE with names of this test run: a file left by an earlier run (another uid, in a
    sticky directory) would refuse the write for the wrong reason."""
    return [p.replace("planted", f"planted-{tag}") for p in OUTSIDE]

PLANT = """\
import os
def attempt(path):
    try:
        with open(path, "w") as f:
            f.write("x")
        return "WROTE"
    except OSError as e:
        return type(e).__name__
wrote = {p: attempt(p) for p in PATHS}
home = attempt(os.path.join(os.environ["HOME"], "mine"))
here = attempt("mine2")
"""


# --- network (test_network)
REACH = """\
import socket
def attempt(f):
    try:
        f()
        return "CONNECTED"
    except OSError as e:
        return type(e).__name__
def tcp():
    socket.create_connection(("127.0.0.1", TCP), timeout=2).sendall(b"leak")
def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(b"leak", ("127.0.0.1", UDP))
def unix(addr):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(2)
    s.connect(addr)
    s.sendall(b"leak")
def outside():
    socket.create_connection(("1.1.1.1", 53), timeout=2)
def listen():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen()
got = {"tcp": attempt(tcp), "udp": attempt(udp), "unix": attempt(lambda: unix(PATH)),
       "abstract": attempt(lambda: unix(ABSTRACT)), "internet": attempt(outside),
       "listen": attempt(listen)}
"""


# --- processes and caps (test_limits, test_leftovers)
FORKER = """\
import os, time
ok, err = 0, ""
for i in range(200):            # bounded: at most 200 sleepers even with no cap at all
    try:
        pid = os.fork()
    except OSError as e:
        err = type(e).__name__
        break
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    ok += 1
"""
BOMB = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"


DAEMON = """\
import os, time
forked = "no"
try:
    if os.fork() == 0:
        os.setsid()                      # leave the run's session and process group
        if os.fork() == 0:
            os.closerange(0, 1024)       # and its pipes
            time.sleep(60)
        os._exit(0)
    forked = "yes"
except OSError as e:
    forked = type(e).__name__
"""


# --- what learners import (test_grader)
PRELOADED = """\
import torch.nn.functional as F, torch.optim, torch.nn, torch.autograd
import math, collections, itertools, functools, copy, random, numpy, numpy.linalg
import statistics, fractions, decimal, dataclasses, typing, json, re, string, operator
from torch.autograd.graph import save_on_cpu
x = torch.tensor([1.0, 2.0], requires_grad=True)
opt = torch.optim.Adam([x], lr=0.1)
F.mse_loss(x, torch.zeros(2)).backward()
opt.step()
torch.set_num_threads(2)
big = float((torch.randn(600, 600) @ torch.randn(600, 600)).abs().sum() > 0)
ok = [math.pi > 3, numpy.linalg.norm(numpy.ones(4)) == 2.0, big]
"""
