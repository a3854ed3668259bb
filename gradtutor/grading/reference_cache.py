"""Observations of trusted code (reference solutions, predict snippets), cached on disk.

A reference run's observations depend only on trusted content: the exercise (its YAML file),
the code that runs (the reference solution's file, or the exercise's snippet), the run's
variant inputs, seed, expressions and time limit, and the software that runs it (torch,
Python, gradtutor's harness). The key is a hash of all of them, so any change to any of them
is a different key: nothing is invalidated by hand, and nothing stale can be read.

    cache = ReferenceCache.in_data_dir(env.data_dir)
    hit = cache.get(exercise, request)          # RunResult, or None
    cache.put(exercise, request, result)        # only "ok"/"exception" runs are kept

What is never cached or read from here: anything of a submission. `get`/`put` take the
exercise and the request of its *trusted* code; the code itself is read from the exercise
(its snippet) or its solution file, never passed in, and a request whose code is not that
trusted code is refused (KeyError): a learner's program can neither be looked up nor stored.

A file that is unreadable, truncated, of another format, or whose stored key differs from the
one asked for is a miss (and is removed): the caller runs the code again.

Learner code must not be able to write here: the sandbox's read-only host mounts or Landlock
stop it (docs/security.md). Where neither protection holds, `grade` does not read the cache
(`trusted_for_grading`).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import random
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from gradtutor import __version__
from gradtutor.course.model import Exercise
from gradtutor.grading.code import Run, plan_runs
from gradtutor.grading.predict import snippet_request
from gradtutor.sandbox import RunRequest, RunResult, Sandbox
from gradtutor.sandbox.protocol import ProtocolError, validate_value

FORMAT = 1
DIR_NAME = "reference-cache"
CACHED_STATUSES = ("ok", "exception")  # a timeout or a crash may not happen again
# Sandbox protections under which learner code cannot write the user's data dir.
WRITE_PROTECTIONS = ("ro-host", "landlock-fs")
_HARNESS_FILES = ("harness.py", "protocol.py", "encode.py", "worker.py")


def trusted_for_grading(protections: Sequence[str]) -> bool:
    """May `grade` read the cache? Only where learner code run in the sandbox cannot have
    written to it."""
    return any(p in protections for p in WRITE_PROTECTIONS)


@lru_cache(maxsize=1)
def software() -> dict[str, str]:
    """What runs the code, besides the code: a new torch, Python or harness is a new key."""
    try:
        dist = importlib.metadata.distribution("torch")
        torch = f"{dist.version} {getattr(dist, '_path', '')}"
    except importlib.metadata.PackageNotFoundError:
        torch = "?"
    harness = hashlib.sha256()
    here = Path(__file__).resolve().parent.parent / "sandbox"
    for name in _HARNESS_FILES:
        with contextlib.suppress(OSError):
            harness.update((here / name).read_bytes())
    return {"torch": torch, "python": sys.version, "gradtutor": __version__,
            "harness": harness.hexdigest()}


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def trusted_code(exercise: Exercise) -> tuple[str, str]:
    """(file name, code) of the exercise's trusted program: its snippet or reference solution.
    OSError/UnicodeDecodeError when the solution cannot be read."""
    if exercise.kind == "predict":
        if exercise.snippet is None:
            raise KeyError(f"{exercise.id} has no snippet")
        return f"{exercise.id}.py", exercise.snippet
    if exercise.solution_path is None:
        raise KeyError(f"{exercise.id} has no reference solution")
    return exercise.solution_path.name, exercise.solution_path.read_text(encoding="utf-8")


def key_fields(exercise: Exercise, request: RunRequest) -> dict[str, Any]:
    """Everything the observations depend on. KeyError when `request` does not run the
    exercise's trusted code (a submission is never looked up)."""
    filename, code = trusted_code(exercise)
    if request.code != code or request.filename != filename:
        raise KeyError(f"{exercise.id}: not the exercise's trusted code")
    return {
        "format": FORMAT,
        "exercise": exercise.id,
        "exercise_yaml": _sha(exercise.path.read_bytes()),
        "code": _sha(code),
        "filename": filename,
        "expressions": list(request.expressions),
        "inputs": json.loads(json.dumps(request.inputs, sort_keys=True, default=repr)),
        "seed": request.seed,
        "timeout_s": request.timeout_s,
        **software(),
    }


def _digest(fields: dict[str, Any]) -> str:
    return _sha(json.dumps(fields, sort_keys=True))


def _valid(result: RunResult) -> bool:
    try:
        for v in result.values.values():
            validate_value(v)
    except (ProtocolError, RecursionError, TypeError, KeyError, AttributeError):
        return False
    return result.status in CACHED_STATUSES and isinstance(result.values, dict)


class ReferenceCache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.hits = 0
        self.misses = 0

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> ReferenceCache:
        return cls(data_dir / DIR_NAME)

    def hide_paths(self) -> list[str]:
        """For the sandbox's hide_paths while grading: reference observations hold the
        reference's values, hidden checks' included, which learner code must not read. The
        folder is made now (only an existing folder can be covered)."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError:
            return []
        return [str(self.root)]

    def _path(self, digest: str) -> Path:
        return self.root / digest[:2] / f"{digest}.json"

    def get(self, exercise: Exercise, request: RunRequest) -> RunResult | None:
        try:
            fields = key_fields(exercise, request)
        except (KeyError, OSError, UnicodeDecodeError):
            self.misses += 1
            return None
        path = self._path(_digest(fields))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("key") != fields:
                raise ValueError("another key")
            result = RunResult.from_json(data["result"])
            if not _valid(result):
                raise ValueError("not a result to reuse")
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:  # corrupt, truncated, of another format: recompute, drop it
            with contextlib.suppress(OSError):
                path.unlink()
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, exercise: Exercise, request: RunRequest, result: RunResult) -> None:
        """Keep `result` (best effort: a read-only disk only means no caching)."""
        if result.status not in CACHED_STATUSES:
            return
        try:
            fields = key_fields(exercise, request)
            path = self._path(_digest(fields))
            path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"key": fields, "result": result.to_json()})
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(text)
                os.replace(tmp, path)  # readers see the whole file or none
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except (KeyError, OSError, UnicodeDecodeError, TypeError, ValueError):
            return

    def run(
        self,
        exercise: Exercise,
        references: Sequence[RunRequest],
        run_many: Callable[[list[RunRequest]], list[RunResult]],
        others: Sequence[RunRequest] = (),
    ) -> tuple[list[RunResult], list[RunResult]]:
        """Results of `others` (e.g. the learner's runs, never cached) and of `references`
        (from the cache where held): one `run_many` for everything that must run."""
        cached = [self.get(exercise, r) for r in references]
        todo = [r for r, c in zip(references, cached, strict=True) if c is None]
        ran = run_many([*others, *todo]) if others or todo else []
        mine, fresh = list(ran[: len(others)]), iter(ran[len(others):])
        refs: list[RunResult] = []
        for request, hit in zip(references, cached, strict=True):
            if hit is None:
                hit = next(fresh)
                self.put(exercise, request, hit)
            refs.append(hit)
        return mine, refs


# `check` (a learner's own feedback, never a grade) draws each variant's seed from a small
# pool per exercise, so its reference runs are cached after a few checks. `grade` keeps
# drawing fresh seeds (grading/code.py, plan_runs): a submission cannot know them in advance.
CHECK_SEED_POOL = 8


def check_runs(exercise: Exercise) -> list[Run]:
    pick = random.SystemRandom().randrange(CHECK_SEED_POOL)
    return plan_runs(exercise, random.Random(f"gradtutor-check:{exercise.id}:{pick}"))


def snippet_result(
    exercise: Exercise, cache: ReferenceCache, sandbox: Callable[[], Sandbox]
) -> RunResult:
    """The predict snippet's observations: from the cache, or run in a sandbox made by
    `sandbox()` only on a miss (a cached check starts no torch process)."""
    request = snippet_request(exercise)
    hit = cache.get(exercise, request)
    if hit is not None:
        return hit
    with sandbox() as sb:
        result = sb.run(request)
    cache.put(exercise, request, result)
    return result
