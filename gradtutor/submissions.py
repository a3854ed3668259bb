"""Submissions and rosters on disk: the layout contract of `gradtutor grade` (docs/grading.md).

A submission is a directory holding `answers.yaml` (predict answers, by exercise id, in
question order) and one `<exercise-id>.py` per code/fix exercise. A roster is a directory of
submission directories; each directory's name is the learner id.

Everything here runs in the trusted parent and only *reads* learner files as data: nothing of
a submission is imported or executed here, and `exercises/`, `solutions/` or `conftest.py`
inside a submission are ignored (and reported), never used.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from gradtutor.course.model import Exercise
from gradtutor.course.yaml_hints import yaml_hint

ANSWERS_FILE = "answers.yaml"
# Names that would let a submission bring its own course, reference or pytest hooks.
TRUSTED_NAMES = ("exercises", "solutions", "conftest.py")
MAX_FILE_BYTES = 1 << 20  # a learner file larger than this is an error, not a read

_YamlLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}

WorkStatus = Literal["ready", "missing", "error"]


class LayoutError(ValueError):
    """PATH is not a submission or a roster (the run cannot start)."""


@dataclass(frozen=True)
class Work:
    """What a submission holds for one exercise: work ready to grade, or why there is none."""

    exercise_id: str
    status: WorkStatus
    file: str  # the learner file it comes from, relative to the submission ("answers.yaml")
    work: str | tuple[str, ...] | None = None  # source (code/fix) or answers (predict)
    reason: str = ""  # for missing/error: one line naming the file (and line)


@dataclass
class Submission:
    """One learner's directory, with answers.yaml already read (its problems kept as data)."""

    learner: str
    path: Path
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    answer_errors: dict[str, str] = field(default_factory=dict)  # exercise id -> message
    answers_error: str | None = None  # answers.yaml as a whole is unusable
    answers_present: bool = False
    answer_lines: dict[str, int] = field(default_factory=dict)  # exercise id -> line
    ignored: list[str] = field(default_factory=list)  # planted trusted names, e.g. "solutions/"
    single_values: set[str] = field(default_factory=set)  # ids answered by one value, no list

    def work_for(self, exercise: Exercise) -> Work:
        if exercise.kind == "predict":
            return self._answers_for(exercise)
        name = f"{exercise.id}.py"
        text, problem = read_learner_file(self.path / name)
        if problem == "missing":
            return Work(exercise.id, "missing", name, reason=f"{name} not submitted")
        if problem:
            return Work(exercise.id, "error", name, reason=f"{name}: {problem}")
        return Work(exercise.id, "ready", name, work=text)

    def _answers_for(self, exercise: Exercise) -> Work:
        f = ANSWERS_FILE
        if self.answers_error:
            return Work(exercise.id, "error", f, reason=self.answers_error)
        if exercise.id in self.answer_errors:
            return Work(exercise.id, "error", f, reason=self.answer_errors[exercise.id])
        if not self.answers_present:
            return Work(exercise.id, "missing", f, reason=f"{f} not submitted")
        answers = self.answers.get(exercise.id)
        if not answers:
            return Work(exercise.id, "missing", f, reason=f"no answers to {exercise.id} in {f}")
        asked = len(exercise.questions)
        if exercise.id in self.single_values and asked > 1:
            # One value for several questions is a layout mistake (often every answer on one
            # line, which YAML reads as one text), not an answer to question 1 alone.
            line = self.answer_lines.get(exercise.id)
            return Work(exercise.id, "error", f, reason=(
                f"{f}{f':{line}' if line else ''}: {exercise.id} asks {asked} questions but "
                "has one value; write a list in question order, one '- answer' line per "
                "question"))
        return Work(exercise.id, "ready", f, work=answers)

    def notes(self, course_ids: Iterable[str], predict_ids: Iterable[str]) -> list[str]:
        """What the report should say about this submission beyond the grades."""
        out = [f"ignored {name}: " + ("the grader never runs a submission's code outside "
                                      "the sandbox" if name == "conftest.py" else
                                      "exercises and solutions come from the grader, never "
                                      "from a submission")
               for name in self.ignored]
        ids, predict = set(course_ids), set(predict_ids)
        for key, line in self.answer_lines.items():
            if key not in ids:
                out.append(f"{ANSWERS_FILE}:{line}: no exercise {key!r} in the course; ignored")
            elif key not in predict:
                out.append(f"{ANSWERS_FILE}:{line}: {key} is not a predict exercise (submit "
                           f"{key}.py); ignored")
        try:
            names = sorted(p.name for p in self.path.iterdir())
        except OSError:
            names = []
        for name in names:
            if name.endswith(".py") and name != "conftest.py":
                stem = name[:-3]
                if stem not in ids:
                    guess = _closest_id(stem, ids - predict)
                    hint = f"; did you mean {guess}.py?" if guess else ""
                    out.append(f"ignored {name}: no exercise {stem!r} in the course{hint}")
                elif stem in predict:
                    out.append(f"ignored {name}: {stem} is a predict exercise (answer it in "
                               f"{ANSWERS_FILE})")
            elif (not self.answers_present and name != ANSWERS_FILE
                  and name.lower().startswith("answer")):
                # answers.yml, Answers.yaml, answer.yaml...: the predictions are in there.
                out.append(f"ignored {name}: predictions are read from {ANSWERS_FILE} only; "
                           f"rename it to {ANSWERS_FILE}")
        return out


def _closest_id(stem: str, ids: Iterable[str]) -> str | None:
    """The exercise id a misnamed file most likely meant (backward_twice_fix -> ...-fix)."""
    norm = stem.strip().lower().replace("_", "-").replace(" ", "-")
    ids = sorted(ids)
    if norm in ids:
        return norm
    close = difflib.get_close_matches(norm, ids, n=1, cutoff=0.8)
    return close[0] if close else None


@dataclass
class Roster:
    path: Path
    submissions: list[Submission]
    single: bool  # PATH was one submission, not a directory of them


def read_learner_file(path: Path) -> tuple[str | None, str | None]:
    """(text, None), or (None, problem) with problem "missing" or a one-line reason.

    Only regular files inside the submission are read: a symlink could point at the
    reference solution or at files the learner may not read."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return None, "missing"
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISLNK(st.st_mode):
        return None, "is a symbolic link; submit the file itself"
    if not stat.S_ISREG(st.st_mode):
        return None, "is not a regular file"
    if st.st_size > MAX_FILE_BYTES:
        return None, f"is larger than {MAX_FILE_BYTES // 1024} KiB"
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})"
    try:
        return data.decode("utf-8-sig"), None  # a BOM from some editors is not an error
    except UnicodeDecodeError as exc:
        return None, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8"


def _node_line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _answer_text(node: yaml.ScalarNode) -> str:
    # The text as written: YAML would turn `yes` into True or `1.50` into 1.5.
    if not node.style and node.value in _NULLS:  # plain (libyaml says "", PyYAML None)
        return ""
    return node.value.rstrip("\n") if node.style in ("|", ">") else node.value


_CONTEXTS = {"block mapping": "mapping", "block collection": "list",
             "block sequence": "list", "flow sequence": "[ ... ] list",
             "flow mapping": "{ ... } mapping"}


def _syntax_error(name: str, exc: yaml.MarkedYAMLError, text: str) -> str:
    """One line: the file and the line to look at, what is wrong, and what usually fixes it."""
    problem = exc.problem or "not valid YAML"
    at = exc.problem_mark.line + 1 if exc.problem_mark else None
    start = exc.context_mark.line + 1 if exc.context_mark else None
    context = exc.context or ""
    if "quoted scalar" in context and start is not None:
        # The end of the file is not where to look: the quote that was never closed is.
        return f"{name}:{start}: not valid YAML: a quote opened on line {start} is never closed"
    what_started = next((v for k, v in _CONTEXTS.items() if k in context), None)
    where = at or start
    if what_started and start is not None and start != at:
        if "flow" in context:
            where = start  # an unclosed [ is found far below it
        what = f"{problem} (in the {what_started} that starts on line {start})"
    elif context and not context.startswith("while"):
        what = f"{context}, {problem}"
    else:
        what = problem
    lines = text.splitlines()
    line_text = lines[at - 1] if at and at <= len(lines) else ""
    tab = "\t" in line_text[: len(line_text) - len(line_text.lstrip())]
    return (f"{name}{f':{where}' if where else ''}: not valid YAML: {what}. "
            f"{_syntax_hint(exc, tab)}")


def _syntax_hint(exc: yaml.MarkedYAMLError, tab: bool) -> str:
    # The one table of YAML fixes lives with the exercise reader; these are the learners' rows.
    return yaml_hint(f"{exc.problem or ''} {exc.context or ''}", "answers", tab=tab,
                     file=ANSWERS_FILE)


def parse_answers(text: str, name: str = ANSWERS_FILE) -> tuple[
    dict[str, tuple[str, ...]], dict[str, str], dict[str, int], str | None
]:
    """Read answers.yaml: (answers, per-exercise errors, key lines, whole-file error).

    Values keep the text the learner wrote. A problem with one entry only affects that
    exercise; every message names the file and the line."""
    answers, errors, lines, whole, _ = _parse_answers(text, name)
    return answers, errors, lines, whole


def _parse_answers(text: str, name: str) -> tuple[
    dict[str, tuple[str, ...]], dict[str, str], dict[str, int], str | None, set[str]
]:
    """`parse_answers`, plus the ids answered by one value rather than a list."""
    single: set[str] = set()
    try:
        root = yaml.compose(text, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as exc:
        return {}, {}, {}, _syntax_error(name, exc, text), single
    except yaml.YAMLError as exc:
        return {}, {}, {}, f"{name}: not valid YAML ({exc})", single
    if root is None or (isinstance(root, yaml.ScalarNode) and root.value in _NULLS):
        return {}, {}, {}, None, single
    if not isinstance(root, yaml.MappingNode):
        return {}, {}, {}, (f"{name}:{_node_line(root)}: expected a mapping of exercise ids to "
                            "answers, like `my-exercise: [answer 1, answer 2]`"), single
    answers: dict[str, tuple[str, ...]] = {}
    errors: dict[str, str] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in root.value:
        line = _node_line(key_node)
        if not isinstance(key_node, yaml.ScalarNode) or not key_node.value:
            return {}, {}, {}, f"{name}:{line}: each key must be an exercise id", single
        key = key_node.value
        if key in lines:
            errors[key] = f"{name}:{line}: {key} is given twice (also on line {lines[key]})"
            answers.pop(key, None)
            single.discard(key)
            continue
        lines[key] = line
        if isinstance(value_node, yaml.ScalarNode):
            text_value = _answer_text(value_node)
            answers[key] = (text_value,) if text_value else ()
            if text_value:
                single.add(key)
        elif isinstance(value_node, yaml.SequenceNode):
            bad = next((n for n in value_node.value if not isinstance(n, yaml.ScalarNode)), None)
            if bad is not None:
                errors[key] = (f"{name}:{_node_line(bad)}: each answer to {key} must be a single "
                               "value; quote answers that contain ': ' or start with [ or {")
                continue
            answers[key] = tuple(_answer_text(n) for n in value_node.value)
        else:
            errors[key] = (f"{name}:{_node_line(value_node)}: answers to {key} must be a list "
                           "in question order, or one value")
    return answers, errors, lines, None, single


def load_submission(path: Path, learner: str | None = None) -> Submission:
    path = Path(path)
    sub = Submission(learner=learner or path.resolve().name, path=path)
    sub.ignored = [f"{name}/" if (path / name).is_dir() else name
                   for name in TRUSTED_NAMES if os.path.lexists(path / name)]
    text, problem = read_learner_file(path / ANSWERS_FILE)
    if problem == "missing":
        return sub
    sub.answers_present = True
    if problem:
        sub.answers_error = f"{ANSWERS_FILE}: {problem}"
        return sub
    assert text is not None
    (sub.answers, sub.answer_errors, sub.answer_lines, sub.answers_error,
     sub.single_values) = _parse_answers(text, ANSWERS_FILE)
    return sub


def _is_submission(path: Path) -> bool:
    try:
        return any(e.name == ANSWERS_FILE
                   or (e.name.endswith(".py") and e.name not in TRUSTED_NAMES and e.is_file())
                   for e in os.scandir(path))
    except OSError:
        return False


def _learner_dirs(path: Path) -> list[Path]:
    dirs = []
    for e in os.scandir(path):
        if e.name.startswith((".", "_")) or e.name in TRUSTED_NAMES:
            continue
        if e.is_dir(follow_symlinks=False):
            dirs.append(Path(e.path))
    return sorted(dirs, key=lambda p: p.name)


def find_submissions(path: Path) -> Roster:
    """PATH is one submission when it holds answers.yaml or a .py file (or no learner
    directories at all); otherwise every subdirectory (not hidden, not `_*`) is one learner."""
    path = Path(path)
    if not path.exists():
        raise LayoutError(f"{path}: no such directory")
    if not path.is_dir():
        raise LayoutError(f"{path} is a file; pass the submission directory that holds "
                          f"{ANSWERS_FILE} and the .py files")
    try:
        single = _is_submission(path) or not _learner_dirs(path)
        if single:
            return Roster(path, [load_submission(path)], single=True)
        return Roster(path, [load_submission(d) for d in _learner_dirs(path)], single=False)
    except OSError as exc:
        raise LayoutError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def parse_shard(text: str) -> tuple[int, int]:
    """'K/N' (1 <= K <= N) -> (K, N)."""
    try:
        k_text, n_text = text.split("/")
        k, n = int(k_text), int(n_text)
    except ValueError:
        raise ValueError(f"--shard takes K/N, like 2/4, not {text!r}") from None
    if not 1 <= k <= n:
        raise ValueError(f"--shard {text}: K must be between 1 and N")
    return k, n


def select_shard(submissions: Sequence[Submission], k: int, n: int) -> list[Submission]:
    """Shard K of N: every N-th learner by sorted learner id, so shards differ by at most one
    learner and the split is the same on every runner."""
    ordered = sorted(submissions, key=lambda s: s.learner)
    return [s for i, s in enumerate(ordered) if i % n == k - 1]
