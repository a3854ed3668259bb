"""The course a class is graded against, from the grader and never from a submission, and
what the sandbox must hide from learner code while grading it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gradtutor.classroom.submissions import LayoutError
from gradtutor.course.loader import load_course
from gradtutor.course.model import Exercise


@dataclass
class TrustedCourse:
    exercises: list[Exercise]  # those to grade, in course order
    title: str
    exercises_dir: Path
    solutions_dir: Path
    # Every exercise of the course, graded or not (`--only`): what notes about a submission's
    # files compare with, so an answer to an exercise left out of this run is not "unknown".
    all_exercises: list[Exercise] = field(default_factory=list)

    def note_ids(self) -> tuple[list[str], list[str]]:
        """(course ids, predict ids) for `Submission.notes`."""
        every = self.all_exercises or self.exercises
        return [e.id for e in every], [e.id for e in every if e.kind == "predict"]

    @property
    def hide_paths(self) -> list[str]:
        """What learner code must not read: the course and its reference solutions."""
        return [str(self.exercises_dir), str(self.solutions_dir)]

    def sandbox_hide_paths(self, submissions_path: Path) -> list[str]:
        """Everything the sandbox hides from learner code while grading `submissions_path`:
        the course, the solutions, every submission, and the git repositories holding any of
        them, whose objects hold the same files (and, after actions/checkout, a token)."""
        trusted = [*self.hide_paths, str(submissions_path)]
        return [*trusted, *git_dirs(Path(p) for p in trusted)]


def git_dirs(paths: Iterable[Path]) -> list[str]:
    """The `.git` of the repository enclosing each path (and the repository a `.git` file of a
    worktree or submodule points to): a checkout's history holds every file it ever had."""
    out: list[str] = []
    for path in paths:
        try:
            path = path.resolve()
        except OSError:
            continue
        for folder in (path, *path.parents):
            git = folder / ".git"
            if git.is_dir():
                out.append(str(git))
                break
            if git.is_file():
                out.append(str(git))
                try:
                    line = git.read_text(encoding="utf-8").strip()
                except (OSError, UnicodeDecodeError):
                    break
                if line.startswith("gitdir:"):
                    target = _git_target(folder, line[len("gitdir:"):].strip())
                    if target is not None:
                        out.append(str(target))
                break
    return list(dict.fromkeys(out))


def _git_target(folder: Path, gitdir: str) -> Path | None:
    """Where a `.git` file's "gitdir:" points, when that is a git directory; None otherwise.

    The file may come from a submission: a target that is not a repository ("gitdir: /")
    is not hidden from learner code, since hiding "/" or /usr would break every run."""
    try:
        target = (folder / gitdir).resolve()
        parts = target.parts
        # .../main/.git/worktrees/x -> .../main/.git (objects live there)
        top = Path(*parts[: parts.index(".git") + 1]) if ".git" in parts else target
        if (top / "HEAD").is_file() and (top / "objects").is_dir() and len(top.parts) > 2:
            return top
    except (OSError, ValueError, RuntimeError):
        pass
    return None


def _within(inner: Path, outer: Path) -> bool:
    inner, outer = inner.resolve(), outer.resolve()
    return inner == outer or outer in inner.parents


def load_trusted_course(
    exercises_dir: Path,
    solutions_dir: Path | None,
    submissions_path: Path,
    only: Sequence[str] = (),
    lang: str = "en",
) -> TrustedCourse:
    """Load the course to grade against; `LayoutError` (one line) when it cannot be trusted.

    The course must not come from the submissions, and it must load without errors: an
    exercise skipped for a problem would silently change every learner's maximum score."""
    if not (exercises_dir / "course.yaml").is_file():
        raise LayoutError(f"{exercises_dir} has no course.yaml; pass the exercises folder")
    for trusted in (exercises_dir, solutions_dir):
        if trusted is not None and _within(trusted, submissions_path):
            raise LayoutError(f"{trusted} lies inside {submissions_path}: exercises and "
                              "solutions must come from the grader, never from a submission")
    loaded = load_course(exercises_dir, solutions_dir)
    errors = [p for p in loaded.problems if p.is_error]
    if loaded.course is None or errors:
        first = f" (first: {errors[0]})" if errors else ""
        raise LayoutError(f"the course in {exercises_dir} has {len(errors)} problem(s){first}; "
                          f"grading would be unfair. Run `gradtutor validate {exercises_dir}`")
    course = loaded.course
    if _within(course.solutions_dir, submissions_path):  # the default, DIR/../solutions
        raise LayoutError(f"{course.solutions_dir} lies inside {submissions_path}: solutions "
                          "must come from the grader, never from a submission")
    exercises = list(course.exercises)
    if only:
        unknown = [i for i in only if i not in course]
        if unknown:
            raise LayoutError(f"no exercise {unknown[0]!r} in {exercises_dir}; run "
                              f"`gradtutor list --course {exercises_dir}` to see the ids")
        exercises = [e for e in exercises if e.id in only]
    return TrustedCourse(exercises, course.title.get(lang), exercises_dir, course.solutions_dir,
                         list(course.exercises))
