#!/usr/bin/env bash
# The GPU check of a CUDA build of torch (docs/sandbox.md, "GPUs and CUDA builds").
#
#   bash bench/gpu_check.sh        # from the repository root; logs go to $OUT (default /tmp/gpu-check)
#
# Runs, each under its own time limit and within about 7.5 minutes in all: the machine and torch
# (GPU, CUDA build, the zygote's threads and protections), `gradtutor validate exercises/`, the
# grading of a perfect submission (the reference solutions and the recorded answers), the
# benchmark `bench/runner.py` with small counts, and the test suite. Nothing needs the network.
# Optional: wheels in .whl/ (prompt_toolkit, wcwidth) are installed into /tmp/site first.
# Environment: PYTHON (default python3), OUT, GPU_CHECK_TESTS (default tests), GPU_CHECK_WORKERS
# (default 8), GPU_CHECK_BUDGET_S (default 450, everything included), GPU_CHECK_NO_BENCH (skip
# the benchmark).
set -u
cd "$(dirname "$0")/.." || exit 2
export PY=${PYTHON:-python3}
OUT=${OUT:-/tmp/gpu-check}
TESTS=${GPU_CHECK_TESTS:-tests}
WORKERS=${GPU_CHECK_WORKERS:-8}
BUDGET=${GPU_CHECK_BUDGET_S:-450}
START=$(date +%s)
mkdir -p "$OUT"
SUMMARY="$OUT/summary.txt"
: >"$SUMMARY"

say() { echo "$*" | tee -a "$SUMMARY"; }
left() { echo $((BUDGET - ($(date +%s) - START))); }
# step NAME LIMIT_S CMD...: run with a time limit (SIGINT first, so pytest still prints its
# summary), log to $OUT/NAME.log, and copy the tail to the summary.
step() {
    local name=$1 limit=$2 t0 rc
    shift 2
    t0=$(date +%s)
    say "== $name (limit ${limit} s): $*"
    if declare -F "$1" >/dev/null; then  # a function of this script: run it in a fresh bash
        timeout -s INT -k 15 "$limit" bash -c "$(declare -f "$1"); $1" >"$OUT/$name.log" 2>&1
    else
        timeout -s INT -k 15 "$limit" "$@" >"$OUT/$name.log" 2>&1
    fi
    rc=$?
    say "== $name: exit $rc after $(($(date +%s) - t0)) s$([ $rc = 124 ] && echo ' (TIMED OUT)')"
    tail -n "${TAIL:-12}" "$OUT/$name.log" | tee -a "$SUMMARY"
    return $rc
}

# --- 0. packages without the network ------------------------------------------------------
if compgen -G ".whl/*.whl" >/dev/null; then
    "$PY" -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl \
        && export PYTHONPATH=/tmp/site${PYTHONPATH:+:$PYTHONPATH}
fi
# An editable install gives the `gradtutor` command and the pytest plugin's entry point (the
# e2e and plugin tests use them). PEP 668 systems need --break-system-packages; without any
# install, PYTHONPATH and a `gradtutor` shim on PATH do the same.
install() {
    "$PY" -m pip install --no-deps --no-build-isolation -e . && return 0
    "$PY" -m pip install --no-deps --no-build-isolation --break-system-packages -e .
}
if ! step install 120 install; then
    say "editable install failed: using PYTHONPATH=$PWD and a gradtutor shim"
    export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}
    mkdir -p /tmp/gpu-check-bin
    printf '#!/bin/sh\nexec %s -m gradtutor "$@"\n' "$PY" >/tmp/gpu-check-bin/gradtutor
    chmod +x /tmp/gpu-check-bin/gradtutor
    export PATH=/tmp/gpu-check-bin:$PATH
fi

# --- 1. the machine, torch, and the zygote (the heart of the issue) ------------------------
machine() {
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  user: $(id -un)  cores: $(nproc)  kernel: $(uname -r)"
    nvidia-smi -L || echo "nvidia-smi: not available"
    "$PY" - <<'EOF'
import platform, sys
import torch
print(f"python {platform.python_version()}  torch {torch.__version__}  cuda build {torch.version.cuda}"
      f"  cuda available {torch.cuda.is_available()}  devices {torch.cuda.device_count()}")
from gradtutor.sandbox import RunRequest, Sandbox
with Sandbox(workers=1) as sb:
    if not sb.wait_ready(180):
        sys.exit("the sandbox did not start in 180 s")
    info = sb.slot_info()[0]
    with open(f"/proc/{info['zygote_pid']}/status") as f:
        threads = next(line.split()[1] for line in f if line.startswith("Threads:"))
    import os
    names = [open(f"/proc/{info['zygote_pid']}/task/{t}/comm").read().strip()
             for t in sorted(os.listdir(f"/proc/{info['zygote_pid']}/task"))]
    print(f"zygote: Threads {threads} (expected 1) {names}, torch {info['torch']}, "
          f"notes {info['notes']}")
    print("protections:", ", ".join(sb.protections()))
    res = sb.run(RunRequest(code="import torch\nx = torch.ones(2, requires_grad=True)\n"
                                 "(x * x).sum().backward()\n",
                            expressions=("x.grad.tolist()", "torch.cuda.is_available()")))
    print(f"a run with backward(): {res.status} {res.reason!r} "
          f"{ {k: v.get('value', v.get('items')) for k, v in res.values.items()} }")
    cuda = sb.run(RunRequest(code="import torch\nx = torch.ones(2).cuda()\n"))
    print(f"a run calling .cuda(): {cuda.status}: {cuda.reason}")
EOF
}
TAIL=20 step machine 240 machine

# --- 2. validate --------------------------------------------------------------------------
step validate 120 "$PY" -m gradtutor validate exercises/

# --- 3. a perfect submission: reference solutions and recorded answers ---------------------
perfect() {
    rm -rf /tmp/gpu-check-perfect
    "$PY" - <<'EOF'
import json
from pathlib import Path
from gradtutor.course.loader import load_course
course = load_course(Path("exercises")).course
d = Path("/tmp/gpu-check-perfect/perfect")
d.mkdir(parents=True)
answers = []
for ex in course.exercises:
    if ex.kind == "predict":
        answers.append(f"{ex.id}:\n" + "".join(f"  - {json.dumps(q.answer or '')}\n"
                                                 for q in ex.questions))
    else:
        (d / f"{ex.id}.py").write_text(ex.solution_path.read_text(encoding="utf-8"))
(d / "answers.yaml").write_text("".join(answers), encoding="utf-8")
print(f"{len(course.exercises)} exercises written to {d}")
EOF
    "$PY" -m gradtutor --course exercises grade /tmp/gpu-check-perfect/perfect
}
step grade 180 perfect

# --- 4. the benchmark, small counts (docs/benchmarks.md is not rewritten) -------------------
[ -n "${GPU_CHECK_NO_BENCH:-}" ] || TAIL=20 step runner 150 "$PY" bench/runner.py --rounds 2 --warm-per-round 10 --block 20 --no-write

# --- 5. the test suite, with what is left of the budget ------------------------------------
ARGS=(-q -p no:cacheprovider -rfEs --maxfail=10)
"$PY" -c "import xdist" 2>/dev/null && ARGS+=(-n "$WORKERS")
"$PY" -c "import pytest_timeout" 2>/dev/null && ARGS+=(--timeout=240)
if ! "$PY" -c "import prompt_toolkit, wcwidth" 2>/dev/null; then
    say "skipped: tests/shell (prompt_toolkit or wcwidth is not installed; put their wheels in .whl/)"
    ARGS+=(--ignore=tests/shell)
fi
"$PY" -c "import junitparser" 2>/dev/null \
    || say "note: junitparser is not installed: its JUnit checks skip (pytest.importorskip)"
LIMIT=$(($(left) - 10))
if [ "$LIMIT" -lt 60 ]; then
    say "== pytest: not run, only $LIMIT s of the budget left"
else
    TAIL=40 step pytest "$LIMIT" "$PY" -m pytest "${ARGS[@]}" $TESTS
fi
say "== done in $(($(date +%s) - START)) s; logs in $OUT"
