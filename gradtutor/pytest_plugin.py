"""pytest plugin: `pytest --gradtutor PATH` grades submissions as pytest items.

One item per (learner, exercise, question/check), with node ids like
`gradtutor::alice::mini-code::check1`, so pytest's `--junitxml`, `-k alice`, `-x` and
pytest-xdist's `-n` work as usual. Grading itself is `gradtutor grade`'s: the same batch API,
the same statuses. Status mapping: pass → PASSED; fail, missing, error (the learner's work
could not run) → FAILED; internal (gradtutor itself failed) → ERROR.

Grading mode is exclusive and safe for untrusted submissions: with --gradtutor, pytest
collects nothing from the file system and imports no conftest.py (a submission could plant
one that rewrites every report to "passed").

Registered as a `pytest11` entry point; before that, `-p gradtutor.pytest_plugin` loads it.
Imports stay lazy: the plugin is loaded into every pytest run of the environment.
"""

from __future__ import annotations

import os
import shlex
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from gradtutor.env import Environment

if TYPE_CHECKING:
    from gradtutor.classroom.batch import Shared
    from gradtutor.classroom.submissions import Roster, Submission
    from gradtutor.course.model import Exercise
    from gradtutor.reports.model import ExerciseResult, ItemResult
    from gradtutor.sandbox import Sandbox

ROOT_NAME = "gradtutor"


class GradtutorNote(pytest.PytestWarning):
    """Something about a submission the grader ignored (a planted conftest.py, stray files)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("gradtutor", "grading submissions with gradtutor")
    group.addoption("--gradtutor", metavar="PATH", default=None,
                    help="grade a submission directory or a roster of them (one test per "
                         "learner, exercise and question/check); collects nothing else")
    group.addoption("--gradtutor-exercises", metavar="DIR", default=None,
                    help="the trusted exercises folder (default: ./exercises or the "
                         "installed course)")
    group.addoption("--gradtutor-solutions", metavar="DIR", default=None,
                    help="the trusted reference solutions (default: DIR/../solutions)")
    group.addoption("--gradtutor-learner-budget", metavar="SECONDS", type=float, default=None,
                    help="run time each learner's programs may use in all; then the remaining "
                         "exercises are graded error (default: 60)")
    group.addoption("--gradtutor-jobs", metavar="N", type=int, default=None,
                    help="sandbox workers per pytest process (default: cores, divided "
                         "among xdist workers)")


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config, parser: pytest.Parser,
                                  args: list[str]) -> None:
    # Before any conftest.py is imported: in grading mode none is (as --noconftest), since
    # the paths pytest would look in may lie inside a submission.
    path = getattr(early_config.known_args_namespace, "gradtutor", None)
    if path:
        early_config.known_args_namespace.noconftest = True
        if not hasattr(early_config, "workerinput"):  # xdist workers: checked by the controller
            _check_configuration(early_config, Path(path))


def _within(inner: Path, outer: Path) -> bool:
    inner, outer = inner.resolve(), outer.resolve()
    return inner == outer or outer in inner.parents


def _check_configuration(config: pytest.Config, path: Path) -> None:
    """Refuse to grade when pytest's configuration may come from a submission.

    pytest reads its configuration (pytest.ini, pyproject.toml, tox.ini, setup.cfg) before it
    loads any plugin, and that file can load code into this process or disable gradtutor.
    With `--gradtutor PATH` as two arguments pytest looks for it in PATH and PATH's parent
    folders, which a learner's repository may own; with `--gradtutor=PATH` it looks where
    pytest was started (the grader's folder), and `-c FILE` names it outright."""
    # What the grader typed (and PYTEST_ADDOPTS, also the grader's), never the addopts of a
    # configuration file, which could claim a -c of its own.
    args = [*shlex.split(Environment().pytest_addopts), *config.invocation_params.args]
    pinned = any(a in ("-c", "--config-file") or a.startswith(("-c", "--config-file="))
                 for a in args)
    ini = config.inipath
    if ini is not None and _within(ini, path):
        raise pytest.UsageError(
            f"gradtutor: pytest read its configuration from {_shown(ini)}, a file of the "
            f"submission {_shown(path)}; a submission must never configure the grader (it can "
            "load code into this process). Start pytest from the grader's folder with "
            "--gradtutor=PATH, or pin the configuration with -c FILE (docs/grading.md)")
    if "--gradtutor" in args and not pinned:
        raise pytest.UsageError(
            f"gradtutor: write --gradtutor={_shown(path)} (one argument) or pin the "
            "configuration with -c FILE: as two arguments, pytest looks for its configuration "
            "in the submission and its parent folders, and a pytest.ini or tox.ini planted "
            "there could load code into the grader (docs/grading.md)")


def _shown(path: Path | str) -> str:
    from gradtutor.views.escape import path_text, terminal

    return terminal(path_text(path), lines=False)


def _safe_path(path: Path) -> Path:
    """A node's path as pytest shows it (terminal, `--junitxml`'s file=): whatever bytes a
    learner's folder name holds, only printable text."""
    from gradtutor.views.escape import path_text

    return Path(path_text(path))


class _State:
    """Per pytest process: the trusted course, the roster, one lazy warm sandbox, results."""

    def __init__(self, config: pytest.Config) -> None:
        from gradtutor.classroom.submissions import LayoutError, find_submissions
        from gradtutor.classroom.trusted import load_trusted_course
        from gradtutor.cli.course_paths import find_exercises_dir

        self.config = config
        self.path = Path(config.getoption("gradtutor"))
        env = Environment()
        self.lang = env.lang
        option = config.getoption("gradtutor_exercises")
        exercises_dir = Path(option) if option else find_exercises_dir(env)
        if exercises_dir is None:
            raise pytest.UsageError("gradtutor: no course found; pass --gradtutor-exercises DIR "
                                    "(the folder holding course.yaml)")
        solutions = config.getoption("gradtutor_solutions")
        try:
            self.roster: Roster = find_submissions(self.path)
            self.course = load_trusted_course(exercises_dir, Path(solutions) if solutions
                                              else None, self.path, lang=self.lang)
        except LayoutError as exc:
            raise pytest.UsageError(f"gradtutor: {exc}") from None
        self.exercises: list[Exercise] = self.course.exercises
        self.sandbox: Sandbox | None = None
        self.results: dict[tuple[str, str], ExerciseResult] = {}
        self.shared: dict[str, Shared] = {}
        from gradtutor.classroom.budget import DEFAULT_BUDGET_S, TimeBudget

        seconds = config.getoption("gradtutor_learner_budget") or DEFAULT_BUDGET_S
        self.budget = TimeBudget(seconds)  # per learner, in this pytest process
        # Under xdist a learner's items may go to several workers: grade only what is asked,
        # unless --dist loadgroup keeps each learner on one worker (the xdist_group mark).
        self.per_exercise = (hasattr(config, "workerinput")
                             and getattr(config.option, "dist", "no") != "loadgroup")
        self.selected: set[tuple[str, str]] = set()  # (learner, exercise) left after -k etc.

    def jobs(self) -> int:
        given = self.config.getoption("gradtutor_jobs")
        if given:
            return max(1, given)
        share = Environment().xdist_workers
        return max(1, (os.cpu_count() or 1) // max(1, share))

    def result(self, sub: Submission, exercise: Exercise) -> ExerciseResult:
        key = (sub.learner, exercise.id)
        if key not in self.results:
            from gradtutor.classroom.batch import run_shared
            from gradtutor.classroom.grader import grade_chunk
            from gradtutor.sandbox import Sandbox

            if self.sandbox is None:
                hide = self.course.sandbox_hide_paths(self.path)
                self.sandbox = Sandbox(workers=self.jobs(), hide_paths=hide)
            # A learner's selected exercises in one batch; under xdist only the one asked.
            todo = [exercise] if self.per_exercise else [
                e for e in self.exercises if (sub.learner, e.id) not in self.results
                and (e.id == exercise.id or (sub.learner, e.id) in self.selected)]
            # Snippet and reference runs once per exercise for every learner of this process.
            new = [e for e in todo if e.id not in self.shared]
            if new:
                self.shared.update(run_shared(new, self.sandbox))
            (learner,) = grade_chunk([sub], todo, self.sandbox, lang=self.lang,
                                     shared=self.shared, budget=self.budget)
            for ex_result in learner.exercises:
                self.results[sub.learner, ex_result.exercise_id] = ex_result
        return self.results[key]

    def close(self) -> None:
        if self.sandbox is not None:
            self.sandbox.close()
            self.sandbox = None


_STATE = pytest.StashKey["_State"]()


def _state(config: pytest.Config) -> _State | None:
    return config.stash.get(_STATE, None)


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("gradtutor", None):
        return
    config.addinivalue_line("markers", "xdist_group(name): run under one pytest-xdist worker")
    config.stash[_STATE] = _State(config)
    config.pluginmanager.register(_Scores(), "gradtutor-scores")


def pytest_collection_finish(session: pytest.Session) -> None:
    state = _state(session.config)
    if state is None:
        return
    for item in session.items:
        if isinstance(item, GradeItem):
            parent = item.exercise_collector
            state.selected.add((parent.submission.learner, parent.exercise.id))


def pytest_unconfigure(config: pytest.Config) -> None:
    state = _state(config)
    if state is not None:
        state.close()


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # Grading mode collects only grading items: nothing (and no conftest.py) from the disk.
    return True if _state(config) is not None else None


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    report = yield
    state = _state(collector.config)
    if state is not None and isinstance(collector, pytest.Session) and report.passed:
        # An explicit id: pytest would derive "::gradtutor" (no file path) for a plain
        # Collector under the session; "gradtutor::alice::mini-code::check1" reads better.
        report.result.append(RosterCollector.from_parent(
            collector, name=ROOT_NAME, path=state.path.resolve(), nodeid=ROOT_NAME))
    return report


class RosterCollector(pytest.Collector):
    def collect(self) -> Iterator[pytest.Collector]:
        from gradtutor.reports.model import cap_notes
        from gradtutor.views.escape import terminal

        state = _state(self.config)
        assert state is not None
        course_ids, predict_ids = state.course.note_ids()
        # Under xdist every worker collects the whole roster: one of them says the notes.
        worker = getattr(self.config, "workerinput", {}).get("workerid", "gw0")
        for sub in sorted(state.roster.submissions, key=lambda s: s.learner):
            notes = cap_notes(sub.notes(course_ids, predict_ids)) if worker == "gw0" else []
            for note in notes:
                # Located at the submission, not at this line of the plugin; learner text
                # (a folder or file name) is made inert for the CI log.
                warnings.warn_explicit(GradtutorNote(terminal(f"{sub.learner}: {note}")),
                                       GradtutorNote, _shown(sub.path), 0)
            yield LearnerCollector.from_parent(self, name=_shown(sub.learner),
                                               path=_safe_path(sub.path.resolve()),
                                               submission=sub)


class LearnerCollector(pytest.Collector):
    def __init__(self, *, submission: Submission, **kw: Any) -> None:
        super().__init__(**kw)
        self.submission = submission
        # Keeps a learner's items together under `-n N --dist loadgroup`.
        self.add_marker(pytest.mark.xdist_group(name=submission.learner))

    def collect(self) -> Iterator[pytest.Collector]:
        state = _state(self.config)
        assert state is not None
        for ex in state.exercises:
            yield ExerciseCollector.from_parent(self, name=ex.id, exercise=ex,
                                                submission=self.submission)


class ExerciseCollector(pytest.Collector):
    def __init__(self, *, exercise: Exercise, submission: Submission, **kw: Any) -> None:
        super().__init__(**kw)
        self.exercise = exercise
        self.submission = submission

    def collect(self) -> Iterator[pytest.Item]:
        from gradtutor.reports.model import item_name

        ex = self.exercise
        parts = ex.questions if ex.kind == "predict" else ex.checks
        file = "answers.yaml" if ex.kind == "predict" else f"{ex.id}.py"
        for index in range(len(parts)):
            yield GradeItem.from_parent(self, name=item_name(ex, index), index=index,
                                        path=_safe_path((self.submission.path / file).resolve()))


class GradeFailed(Exception):
    """The learner's work did not earn this item (fail, missing or error)."""


class GradeItem(pytest.Item):
    def __init__(self, *, index: int, **kw: Any) -> None:
        super().__init__(**kw)
        self.index = index
        self.result: ItemResult | None = None

    @property
    def exercise_collector(self) -> ExerciseCollector:
        assert isinstance(self.parent, ExerciseCollector)
        return self.parent

    def setup(self) -> None:
        state = _state(self.config)
        assert state is not None
        parent = self.exercise_collector
        ex_result = state.result(parent.submission, parent.exercise)
        item = next((i for i in ex_result.items if i.index == self.index), None)
        if item is None:  # never a silent pass
            pytest.fail(f"internal: {ex_result.exercise_id} has no result for {self.name}",
                        pytrace=False)
        self.result = item
        self.user_properties += [
            ("learner", parent.submission.learner), ("exercise", ex_result.exercise_id),
            ("status", item.status), ("points", f"{item.points:g}"),
            ("score", f"{item.score:g}"),
        ]
        if item.status == "internal":
            from gradtutor.views.escape import terminal

            # Failing in setup makes it an ERROR; pytrace=False shows the message alone
            # (setup failures do not go through repr_failure).
            pytest.fail(terminal(f"internal: gradtutor failed: {item.message}"), pytrace=False)

    def runtest(self) -> None:
        item = self.result
        assert item is not None
        if item.status != "pass":
            from gradtutor.views.escape import terminal

            # pytest's output is the CI log: no control characters, no workflow commands.
            raise GradeFailed(terminal(f"{item.status}: {item.label}\n{item.message}"))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, GradeFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        parent = self.exercise_collector
        return self.path, None, f"{parent.submission.learner}::{parent.exercise.id}::{self.name}"


class _Scores:
    """Totals per learner, from test reports: works in the xdist controller too, since
    reports (with their user_properties) travel from the workers."""

    def __init__(self) -> None:
        self.scores: dict[str, list[float]] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        props = dict(report.user_properties)
        counted = report.when == "call" or (report.when == "setup" and report.failed)
        if "learner" not in props or not counted:
            return
        totals = self.scores.setdefault(str(props["learner"]), [0.0, 0.0])
        totals[0] += float(props.get("score", 0))
        totals[1] += float(props.get("points", 0))

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.scores:
            return
        from gradtutor.views.escape import terminal

        terminalreporter.section("gradtutor scores")
        for learner in sorted(self.scores):
            score, points = self.scores[learner]
            terminalreporter.write_line(f"{terminal(learner, lines=False)}: {score:g}/"
                                        f"{points:g} points")
