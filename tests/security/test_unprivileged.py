"""The "not root" deployment (a developer laptop), for real: a Sandbox run by an unused uid
(see unprivileged.py), attacked with the same snippets as the root suite. The threat model
there is accidents, not attackers (docs/security.md), yet with user namespaces, Landlock and
seccomp available, as here, every guarantee checked below holds.

One subprocess runs everything (two zygote start-ups) and reports JSON; the assertions are
here, one test per guarantee.
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from machine_layers import without
from security_attacks import (
    ATTACKS,
    BOMB,
    DAEMON,
    FORKER,
    PLANT,
    PRELOADED,
    REACH,
    SNOOP,
    TARGETS,
    outside,
    refused,
    steal,
)
from security_helpers import MINI, RIGHT, SECRET, root_only
from security_unpriv import run_unprivileged

from gradtutor.sandbox import landlock, seccomp

pytestmark = [root_only]  # it takes root to become someone else
# What the guarantees below rest on without root (docs/security.md): user namespaces, Landlock
# and seccomp. Where the machine lacks one, they skip, naming it; the first test still checks
# that exactly what the machine has is claimed.
USERNS = ("userns", "caps-dropped", "netns", "mountns", "hidden-paths")
NEEDED = (*USERNS, "landlock-fs", "landlock-scope", "seccomp")


def needs(prot: list[str], *layers: str) -> None:
    missing = [layer for layer in layers if layer not in prot]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}, which the unprivileged sandbox does not have "
                    f"here (it has: {', '.join(prot) or 'nothing'})")

SCRIPT = r'''
import json, os, random, sys, time
from pathlib import Path
arg = json.loads(sys.argv[1])
os.environ["GRADTUTOR_SECTEST_TOKEN"] = arg["secret"]  # the grader's secret
os.environ["GRADTUTOR_TEST_WITHOUT"] = ",".join(arg["without"])
sys.path.insert(0, arg["tests"])
__import__("machine_layers").simulate()
from gradtutor.course.loader import load_course
from gradtutor.grading.code import Run, grade_code
from gradtutor.sandbox import RunRequest, Sandbox, SandboxConfig
from gradtutor.sandbox.slots import descendants

def plain(v):
    k = v["kind"]
    if k == "list":
        return [plain(i) for i in v["items"]]
    if k == "dict":
        return {plain(a): plain(b) for a, b in v["items"]}
    return None if k == "none" else v.get("value", v.get("values"))

def run(sb, code, *exprs, **kw):
    r = sb.run(RunRequest(code=code, expressions=exprs, **kw))
    return {"status": r.status, "reason": r.reason, "stderr": r.stderr[-500:],
            **{e: plain(r.values[e]) for e in exprs if e in r.values}}

ex = load_course(Path(arg["mini"]) / "exercises").course.get("mini-code")
def grade(code, sb):
    runs = [Run(dict(v.inputs), random.randrange(1, 2**31)) for v in ex.variants]
    v = grade_code(ex, code, sb, runs=runs)
    return {"status": v.status, "stdout": [o["stdout"] for o in v.observations]}

def left(sb):
    """Live processes below the zygotes, once the slot had time to sweep."""
    pids = [i["zygote_pid"] for i in sb.slot_info()]
    end = time.monotonic() + 3
    while time.monotonic() < end and any(descendants(p) for p in pids):
        time.sleep(0.05)
    return sorted(set().union(*(descendants(p) for p in pids)))

out = {"me": os.getuid()}
with Sandbox(workers=2) as sb, Sandbox(workers=1, config=SandboxConfig(seccomp=False)) as lay, \
        Sandbox(workers=1, config=SandboxConfig(userns=False)) as bare:
    assert sb.wait_ready(150) and lay.wait_ready(150) and bare.wait_ready(150)
    out["protections"] = sb.protections()
    out["layers_protections"] = lay.protections()
    out["notes"] = sb.slot_info()[0]["notes"]
    out["bare_protections"] = bare.protections()
    # Without them a run of our own uid can signal this very process: no attacks then.
    if not {"landlock-scope", "seccomp"} <= set(out["protections"]):
        print(json.dumps(out))
        sys.exit(0)
    out["right"] = grade(arg["right"], sb)
    out["steal"] = {how: grade(code, sb) for how, code in arg["steal"].items()}
    zygotes = [i["zygote_pid"] for i in sb.slot_info()]
    out["attacks"] = run(sb, arg["attacks"] + "attack('zygote', os.getppid())\n"
                         f"attack('grader', {os.getpid()})\n", "out")
    victim = sb.submit(RunRequest(code="import time\ntime.sleep(2.5)\nx = 42\n",
                                  expressions=("x",), timeout_s=30))
    end, found = time.monotonic() + 20, set()
    while not found and time.monotonic() < end:
        found = set().union(*(descendants(p) for p in zygotes))
        time.sleep(0.02)
    pid = min(found)
    out["victim_attacks"] = run(sb, arg["attacks"] + f"attack('victim', {pid})\n", "out")
    out["victim"] = [victim.result().status, plain(victim.result().values["x"])]
    out["zygotes_same"] = zygotes == [i["zygote_pid"] for i in sb.slot_info()]
    out["plant"] = run(sb, arg["plant"], "wrote", "here")
    out["net"] = run(sb, arg["reach"], "got", timeout_s=15)
    out["net_layers"] = run(lay, arg["reach"], "got", timeout_s=15)
    out["snoop"] = run(sb, arg["snoop"].replace("HOLDER", str(os.getpid())), "seen")
    out["loop"] = run(sb, "while True:\n    pass\n", timeout_s=1)
    out["memory"] = run(sb, "x = bytearray(3 * 2**30)\n")
    out["flood"] = run(sb, "while True:\n    print('x' * 4096)\n")
    out["preload"] = run(sb, "import torch\n" + arg["preloaded"], "ok", timeout_s=20)
    out["forker"] = run(sb, arg["forker"], "ok", "err", timeout_s=10)
    out["daemon"] = run(sb, arg["daemon"], "forked")
    out["left"] = left(sb)
    out["forker_layers"] = run(lay, arg["forker"], "ok", "err", timeout_s=10)
    out["left_forker_layers"] = left(lay)
    if out["forker_layers"].get("err") == "BlockingIOError":  # contained: now the bomb
        out["bomb_layers"] = run(lay, arg["bomb"], timeout_s=1.5)
        out["left_bomb_layers"] = left(lay)
    out["daemon_layers"] = run(lay, arg["daemon"], "forked")
    out["left_daemon_layers"] = left(lay)
    out["right_after"] = grade(arg["right"], sb)
    # No user namespace (as where AppArmor forbids them): Landlock, seccomp, rlimits, sweep.
    if not {"landlock-fs", "landlock-scope", "seccomp"} <= set(out["bare_protections"]):
        print(json.dumps(out))
        sys.exit(0)
    out["bare_steal"] = grade(arg["steal"]["absolute"], bare)
    out["bare_attacks"] = run(bare, arg["attacks"] + "attack('zygote', os.getppid())\n"
                              f"attack('grader', {os.getpid()})\n", "out")
    out["bare_plant"] = run(bare, arg["plant"], "wrote", "here")
    out["bare_net"] = run(bare, arg["reach"], "got", timeout_s=15)
    out["bare_snoop"] = run(bare, arg["snoop"].replace("HOLDER", str(os.getpid())), "seen")
    out["bare_right"] = grade(arg["right"], bare)
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    d = Path(tempfile.mkdtemp(prefix="gradtutor-sectest-", dir="/var/tmp"))
    d.chmod(0o755)
    (d / "token").write_text(SECRET)
    (d / "token").chmod(0o644)
    tcp = socket.create_server(("127.0.0.1", 0))
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    abstract = socket.socket(socket.AF_UNIX)
    name = f"\0gradtutor-sectest-unpriv-{os.getpid()}"
    abstract.bind(name)
    abstract.listen()
    reach = (REACH.replace("TCP", str(tcp.getsockname()[1]))
             .replace("UDP", str(udp.getsockname()[1]))
             .replace("PATH", repr(name)).replace("ABSTRACT", repr(name)))
    paths = outside(os.urandom(4).hex())
    host = [p for p in paths if p.startswith("/") and not p.startswith("/proc")]
    arg = {"mini": str(MINI), "secret": SECRET, "right": RIGHT, "without": sorted(without()),
           "tests": str(Path(__file__).resolve().parents[1]),
           "steal": {how: steal(TARGETS[how]) for how in ("absolute", "relative",
                                                          "proc-ppid-cwd")},
           "attacks": ATTACKS, "plant": PLANT.replace("PATHS", repr(paths)), "reach": reach,
           "snoop": SNOOP.replace("FILE", repr(str(d / "token"))),
           "preloaded": PRELOADED, "forker": FORKER, "bomb": BOMB, "daemon": DAEMON}
    try:
        result = run_unprivileged(SCRIPT, arg, tmp_path_factory.mktemp("stage"))
        for s in (tcp, udp, abstract):
            s.setblocking(False)
        result["arrived"] = []
        for s in (tcp, udp, abstract):
            try:
                s.recvfrom(64) if s.type == socket.SOCK_DGRAM else s.accept()
                result["arrived"].append(s.type)
            except BlockingIOError:
                pass
        result["host_changed"] = [p for p in host if os.path.lexists(p)]
        yield result
    finally:
        for s in (tcp, udp, abstract):
            s.close()
        subprocess.run(["rm", "-rf", str(d), *host], check=False)


def test_it_really_runs_unprivileged(report: dict[str, Any]) -> None:
    assert report["me"] == report["uid"] != 0
    prot = set(report["protections"])
    assert not {"uid", "cgroup-pids", "proc-hidepid"} & prot  # root-only layers
    assert "rlimits" in prot
    # All of the user-namespace layers or none (then a machine without user namespaces).
    assert set(USERNS) <= prot or not set(USERNS) & prot, (prot, report["notes"])
    if landlock.abi_version() >= 6 and "landlock" not in without():
        assert {"landlock-fs", "landlock-scope"} <= prot, (prot, report["notes"])
    if seccomp.supported() and "seccomp" not in without():
        assert "seccomp" in prot, (prot, report["notes"])
    assert "seccomp" not in report["layers_protections"]


def test_verdicts(report: dict[str, Any]) -> None:
    needs(report["protections"], *NEEDED)
    assert report["right"]["status"] == report["right_after"]["status"] == "pass"
    for how, v in report["steal"].items():
        assert v["status"] == "fail", (how, v)
        assert all(s.startswith("REFUSED") for s in v["stdout"]), (how, v)


def test_processes(report: dict[str, Any]) -> None:
    needs(report["protections"], *NEEDED)
    attacks = report["attacks"]
    assert attacks["status"] == "ok", attacks
    assert refused(attacks["out"]) == [], attacks["out"]
    assert refused(report["victim_attacks"]["out"]) == [], report["victim_attacks"]
    assert report["victim"] == ["ok", 42]
    assert report["zygotes_same"]


def test_secrets(report: dict[str, Any]) -> None:
    needs(report["protections"], *NEEDED)
    seen = report["snoop"]["seen"]
    assert not [k for k, v in seen.items() if SECRET in v], seen
    assert seen["file"] in ("PermissionError", "FileNotFoundError")


def test_files(report: dict[str, Any]) -> None:
    needs(report["protections"], *NEEDED)
    assert report["plant"]["here"] == "WROTE"
    assert [p for p, r in report["plant"]["wrote"].items() if r == "WROTE"] == []
    assert report["host_changed"] == []


def test_network(report: dict[str, Any]) -> None:
    needs(report["protections"], *NEEDED)
    assert set(report["net"]["got"].values()) == {"PermissionError"}, report["net"]
    assert "CONNECTED" not in report["net_layers"]["got"].values(), report["net_layers"]
    assert report["arrived"] == []


def test_caps(report: dict[str, Any]) -> None:
    needs(report["protections"], *NEEDED)
    assert report["loop"]["status"] == "timeout"
    assert report["memory"]["status"] == "memory"
    assert report["flood"]["status"] == "output_limit"
    assert report["preload"]["status"] == "ok" and report["preload"]["ok"] == [True, True, 1.0]
    assert (report["forker"]["ok"], report["forker"]["err"]) == (0, "PermissionError")
    # Without the filter: RLIMIT_NPROC, relative to what the uid already runs.
    assert report["forker_layers"]["err"] == "BlockingIOError", report["forker_layers"]
    assert report["forker_layers"]["ok"] < 100
    assert report["bomb_layers"]["status"] == "timeout"


def test_nothing_left(report: dict[str, Any]) -> None:
    needs(report["protections"], *NEEDED)
    assert report["daemon"]["forked"] == "PermissionError"
    assert report["daemon_layers"]["forked"] == "yes"
    for key in ("left", "left_forker_layers", "left_bomb_layers", "left_daemon_layers"):
        assert report[key] == [], key


def test_without_user_namespaces_landlock_and_seccomp_still_hold(report: dict[str, Any]) -> None:
    prot = set(report["bare_protections"])
    assert not {"userns", "netns", "mountns", "tmpfs", "hidden-paths"} & prot
    needs(report["bare_protections"], "landlock-fs", "landlock-scope", "seccomp")
    assert {"landlock-fs", "landlock-scope", "seccomp"} <= prot, prot
    assert report["bare_right"]["status"] == "pass"
    steal = report["bare_steal"]
    assert steal["status"] == "fail" and all(s == "REFUSED PermissionError\n"
                                             for s in steal["stdout"]), steal
    assert refused(report["bare_attacks"]["out"]) == [], report["bare_attacks"]
    assert [p for p, r in report["bare_plant"]["wrote"].items() if r == "WROTE"] == []
    assert set(report["bare_net"]["got"].values()) == {"PermissionError"}
    seen = report["bare_snoop"]["seen"]
    assert not [k for k, v in seen.items() if SECRET in v], seen

