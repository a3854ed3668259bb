"""The reference-observation cache (grading/reference_cache.py): hits only for the very same
trusted content and software; everything else recomputes. No sandbox: runs are faked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gradtutor.course.loader import load_course
from gradtutor.course.model import Course, Exercise
from gradtutor.grading import reference_cache as rc
from gradtutor.grading.code import plan_runs, requests_for
from gradtutor.grading.predict import snippet_request
from gradtutor.grading.reference_cache import ReferenceCache, check_runs, snippet_result
from gradtutor.sandbox import RunRequest, RunResult

MINI = Path(__file__).parents[1] / "fixtures" / "mini"
VALUE = {"kind": "bool", "value": True}


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(MINI, root)
    return root


def load(course_dir: Path) -> Course:
    loaded = load_course(course_dir / "exercises")
    assert loaded.course is not None and not loaded.errors, loaded.problems
    return loaded.course


class Runner:
    """A fake sandbox: counts what it runs, answers every expression with VALUE."""

    def __init__(self, status: str = "ok") -> None:
        self.ran: list[RunRequest] = []
        self.status = status

    def __call__(self, reqs: list[RunRequest]) -> list[RunResult]:
        self.ran += reqs
        return [RunResult(status=self.status, values={e: VALUE for e in r.expressions})
                for r in reqs]


def references(ex: Exercise) -> list[RunRequest]:
    assert ex.solution_path is not None
    runs = plan_runs(ex, __import__("random").Random(1))
    return requests_for(ex, ex.solution_path.read_text(), ex.solution_path.name, runs, True)


def test_second_run_reads_the_cache(tmp_path: Path, course_dir: Path) -> None:
    ex = load(course_dir).get("mini-code")
    cache, run = ReferenceCache(tmp_path / "c"), Runner()
    refs = references(ex)
    _, first = cache.run(ex, refs, run)
    assert len(run.ran) == len(refs) and cache.misses == len(refs)
    mine, again = cache.run(ex, refs, run, others=refs[:1])  # "others" always run
    assert len(run.ran) == len(refs) + 1 and cache.hits == len(refs)
    assert [r.values for r in again] == [r.values for r in first] and len(mine) == 1


@pytest.mark.parametrize("change", ["solution", "exercise", "torch", "corrupt"])
def test_any_change_recomputes(tmp_path: Path, course_dir: Path, change: str,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    ex = load(course_dir).get("mini-code")
    cache, run = ReferenceCache(tmp_path / "c"), Runner()
    cache.run(ex, references(ex), run)
    ran = len(run.ran)
    if change == "solution":
        assert ex.solution_path is not None
        ex.solution_path.write_text(ex.solution_path.read_text() + "\n# changed\n")
    elif change == "exercise":
        ex.path.write_text(ex.path.read_text() + "\n# a comment changes the content\n")
    elif change == "torch":
        other = {**rc.software(), "torch": "2.99.0 /elsewhere"}
        monkeypatch.setattr(rc, "software", lambda: other)
    else:
        files = sorted((tmp_path / "c").rglob("*.json"))
        assert files
        for f in files:
            f.write_text(f.read_text()[: len(f.read_text()) // 2])  # truncated
    ex = load(course_dir).get("mini-code")
    cache2 = ReferenceCache(tmp_path / "c")
    cache2.run(ex, references(ex), run)
    assert cache2.hits == 0 and len(run.ran) == 2 * ran
    cache3 = ReferenceCache(tmp_path / "c")  # and the recomputed results are kept
    cache3.run(ex, references(ex), run)
    assert cache3.hits == len(references(ex)) and len(run.ran) == 2 * ran


def test_tampered_result_or_key_is_a_miss(tmp_path: Path, course_dir: Path) -> None:
    ex = load(course_dir).get("mini-code")
    cache, run = ReferenceCache(tmp_path / "c"), Runner()
    cache.run(ex, references(ex), run)
    for f in (tmp_path / "c").rglob("*.json"):
        f.write_text(f.read_text().replace('"seed": ', '"seed": 1'))
    fresh = ReferenceCache(tmp_path / "c")
    fresh.run(ex, references(ex), run)
    assert fresh.hits == 0


def test_a_submission_is_never_looked_up_or_stored(tmp_path: Path, course_dir: Path) -> None:
    ex = load(course_dir).get("mini-code")
    cache = ReferenceCache(tmp_path / "c")
    learner = [RunRequest(code="w = 1\n", filename=ex.solution_path.name)]  # type: ignore[union-attr]
    cache.put(ex, learner[0], RunResult(status="ok"))
    assert not (tmp_path / "c").exists()
    assert cache.get(ex, learner[0]) is None


def test_failed_runs_are_not_kept(tmp_path: Path, course_dir: Path) -> None:
    ex = load(course_dir).get("mini-code")
    cache, run = ReferenceCache(tmp_path / "c"), Runner(status="timeout")
    cache.run(ex, references(ex), run)
    assert not list((tmp_path / "c").rglob("*.json"))


def test_predict_snippet_cached_starts_no_sandbox(tmp_path: Path, course_dir: Path) -> None:
    ex = load(course_dir).get("mini-predict")
    cache = ReferenceCache(tmp_path / "c")
    made: list[object] = []

    class FakeSandbox:
        def __enter__(self) -> FakeSandbox:
            made.append(self)
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def run(self, req: RunRequest) -> RunResult:
            return Runner()([req])[0]

    first = snippet_result(ex, cache, FakeSandbox)  # type: ignore[arg-type]
    second = snippet_result(ex, cache, FakeSandbox)  # type: ignore[arg-type]
    assert len(made) == 1 and second.values == first.values
    assert cache.get(ex, snippet_request(ex)) is not None


def test_check_seeds_come_from_a_small_pool(course_dir: Path) -> None:
    ex = load(course_dir).get("mini-code")
    seeds = {tuple(r.seed for r in check_runs(ex)) for _ in range(200)}
    assert 1 <= len(seeds) <= rc.CHECK_SEED_POOL


def test_grading_reads_it_only_where_learner_code_cannot_write_it() -> None:
    assert rc.trusted_for_grading(["uid", "ro-host"])
    assert rc.trusted_for_grading(["landlock-fs"])
    assert not rc.trusted_for_grading(["uid", "rlimits"])
