"""Load a course from YAML, reporting every problem with file, line, column and a fix.

The loader never stops at the first problem: every file is read and every problem in every
file is reported. Exercises with errors are left out of the `Course`; everything else loads.
Nothing is executed: snippets, starters, solutions and expressions are only `compile()`d.

The work is layered: `yaml_source` parses with positions, `reader` checks values against the
field tables, `checks` does the semantic checks, `build` makes the model, `course_index` reads
course.yaml; this module loads files and puts the course together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gradtutor.course import fields as spec
from gradtutor.course import yaml_source
from gradtutor.course.build import build_exercise
from gradtutor.course.checks import (
    check_claims,
    check_code,
    check_code_fix,
    check_predict,
    check_solution,
)
from gradtutor.course.course_index import COURSE_FILE, CourseSpec, Listing, read_course_file
from gradtutor.course.model import Chapter, Course, Exercise
from gradtutor.course.problems import Problem, display_path, has_errors, sort_problems
from gradtutor.course.reader import Fields, Reader
from gradtutor.course.yaml_source import (
    SourceFile,
    closest,
    describe,
    node_problem,
    parse,
    read_text,
)

# The parser, looked up at each load so that tests can run the pure-Python one.
_YamlLoader: type = yaml_source.YAML_LOADER


@dataclass
class LoadResult:
    """What `load_course` found: the course (None if course.yaml is unusable) and problems."""

    course: Course | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not self.errors


def _source(path: Path) -> SourceFile:
    return SourceFile(path, yaml_loader=_YamlLoader)


def _default_solutions_dir(path: Path) -> Path:
    """solutions/ next to exercises/, for the layout exercises/<chapter>/<id>.yaml."""
    return path.parent.parent.parent / "solutions"


def load_exercise(
    path: Path | str,
    solutions_dir: Path | str | None = None,
    *,
    chapter: str | None = None,
) -> tuple[Exercise | None, list[Problem]]:
    """Load one exercise file. Returns (exercise, problems); exercise is None on any error.

    For code and fix exercises the reference solution `solutions_dir/<id>.py` must exist and
    compile; `solutions_dir` defaults to `solutions/` next to the `exercises/` folder the file
    is in (`<file>/../../../solutions`). `chapter` defaults to the file's folder name.
    """
    path = Path(path)
    file = _source(path)
    exercise, _ = _load_exercise_file(
        file,
        Path(solutions_dir) if solutions_dir is not None else _default_solutions_dir(path),
        chapter or path.parent.name,
    )
    return exercise, sort_problems(file.problems)


def _exercise_root(file: SourceFile) -> yaml.MappingNode | None:
    """The file's top mapping, or None with the problem recorded."""
    text = read_text(file)
    if text is None:
        return None
    root = parse(file, text)
    if root is None:
        if not file.problems:
            file.report(
                (1, 1),
                "the file is empty",
                "write the exercise: format: 1, id, kind, topic, title, hints, explanation and "
                "the fields of its kind (see docs/exercise-format.md)",
            )
        return None
    if not isinstance(root, yaml.MappingNode):
        file.report(
            root,
            f"the file must be a mapping of keys (format, id, kind, ...); found {describe(root)}",
            "write one 'key: value' per line at the left margin",
        )
        return None
    return root


def _kind(root: yaml.MappingNode) -> str | None:
    """The exercise's kind when it is written correctly: it decides which keys belong."""
    kind: str | None = None
    for key, value in root.value:
        if (
            isinstance(key, yaml.ScalarNode)
            and key.value == "kind"
            and isinstance(value, yaml.ScalarNode)
            and value.value in spec.KINDS
        ):
            kind = value.value
    return kind


def _load_exercise_file(
    file: SourceFile, solutions_dir: Path, chapter: str
) -> tuple[Exercise | None, Fields | None]:
    root = _exercise_root(file)
    if root is None:
        return None, None
    kind = _kind(root)
    fields = Reader(file).read_obj(spec.EXERCISE, root, "", kind=kind, noun="the exercise")
    lines = {name: fields.line(name) for name in fields.keys}

    exercise_id = fields.get("id")
    if isinstance(exercise_id, str) and exercise_id != file.path.stem:
        file.report(
            fields.nodes["id"],
            f"id {exercise_id!r} does not match the file name {file.path.name!r}",
            f"rename the file to {exercise_id}.yaml, or set id: {file.path.stem}",
        )
    if kind == "predict":
        snippet = check_code(file, fields, "snippet", lines)
        check_predict(file, fields, snippet)
    elif kind in spec.CODE_FIX:
        check_code(file, fields, "starter", lines)
        check_code_fix(file, fields)

    claim_positions = check_claims(file, fields, kind)

    solution_path = None
    if kind in spec.CODE_FIX:
        solution_path = check_solution(file, fields, solutions_dir)
    if file.error_count or kind is None:
        return None, fields
    exercise = build_exercise(file.path, fields, chapter, solution_path, lines, claim_positions)
    return exercise, fields


# --------------------------------------------------------------------------------------------
# The course


@dataclass
class _Loaded:
    """The exercise files of a course, loaded: what each gave, and which cannot be used."""

    exercises: dict[Path, Exercise | None] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # exercise id -> kind, when readable
    bad_paths: set[Path] = field(default_factory=set)
    by_stem: dict[str, list[Path]] = field(default_factory=dict)


def _is_hidden(rel: Path) -> bool:
    return any(part.startswith((".", "_")) for part in rel.parts)


def load_course(exercises_dir: Path | str, solutions_dir: Path | str | None = None) -> LoadResult:
    """Load `exercises_dir/course.yaml` and every exercise file below `exercises_dir`.

    Every problem in every file is reported. The course holds the exercises listed in
    course.yaml whose files loaded without errors, in course order; it is None only when
    course.yaml itself is missing or unusable (syntax, format, title or chapters).
    """
    exercises_dir = Path(exercises_dir)
    if solutions_dir is None:
        # Path(".").parent is "." again: resolve such names first.
        base = exercises_dir if exercises_dir.name not in ("", "..") else exercises_dir.resolve()
        solutions_dir = base.parent / "solutions"
    solutions_dir = Path(solutions_dir)
    if not exercises_dir.is_dir():
        return LoadResult(
            None,
            [
                Problem(
                    exercises_dir,
                    None,
                    None,
                    "the exercises folder does not exist",
                    "create it with a course.yaml, or point gradtutor at the right folder",
                )
            ],
        )

    course_file = _source(exercises_dir / COURSE_FILE)
    course_spec = read_course_file(course_file)
    problems = list(course_file.problems)
    files = _discover(exercises_dir, problems)
    loaded = _load_files(files, exercises_dir, solutions_dir, problems)
    problems += _duplicate_ids(loaded)
    if course_spec is not None:
        problems += _listed_files(course_spec, course_file.path, exercises_dir, loaded)
        problems += _unlisted_files(course_spec, exercises_dir, loaded)
    problems += _stray_solutions(solutions_dir, loaded.kinds)

    problems = sort_problems(problems)
    if course_spec is None or course_spec.title is None:
        return LoadResult(None, problems)
    return LoadResult(
        _assemble(course_spec, loaded, problems, exercises_dir, solutions_dir), problems
    )


def _discover(exercises_dir: Path, problems: list[Problem]) -> list[Path]:
    """The exercise files below `exercises_dir`, reporting misnamed and misplaced ones."""
    files: list[Path] = []
    for path in sorted(exercises_dir.rglob("*")):
        rel = path.relative_to(exercises_dir)
        if _is_hidden(rel) or not path.is_file() or rel == Path(COURSE_FILE):
            continue
        if path.suffix == ".yml":
            problems.append(
                Problem(
                    path,
                    None,
                    None,
                    "exercise files must end in .yaml, not .yml",
                    f"rename it to {path.stem}.yaml",
                )
            )
        elif path.suffix == ".yaml":
            if len(rel.parts) != 2:
                problems.append(
                    Problem(
                        path,
                        None,
                        None,
                        "exercise files must sit directly in a chapter folder "
                        "(exercises/<chapter>/<id>.yaml)",
                        "move it into the folder of its chapter",
                    )
                )
            files.append(path)
    return files


def _load_files(
    files: list[Path], exercises_dir: Path, solutions_dir: Path, problems: list[Problem]
) -> _Loaded:
    loaded = _Loaded()
    for path in files:
        file = _source(path)
        exercise, fields = _load_exercise_file(file, solutions_dir, path.parent.name)
        problems += file.problems
        loaded.exercises[path] = exercise
        if exercise is None or len(path.relative_to(exercises_dir).parts) != 2:
            loaded.bad_paths.add(path)
        if fields is not None and isinstance(fields.get("kind"), str):
            loaded.kinds[path.stem] = fields.get("kind")
        loaded.by_stem.setdefault(path.stem, []).append(path)
    return loaded


def _duplicate_ids(loaded: _Loaded) -> list[Problem]:
    problems = []
    for stem, paths in loaded.by_stem.items():
        if len(paths) < 2:
            continue
        loaded.bad_paths.update(paths)
        for path in paths:
            others = ", ".join(display_path(p) for p in paths if p != path)
            problems.append(
                Problem(
                    path,
                    None,
                    None,
                    f"exercise id {stem!r} is used by more than one file: also by {others}",
                    "exercise ids are unique across the course: rename all but one (file name "
                    "and id)",
                )
            )
    return problems


def _listed_files(
    course_spec: CourseSpec, course_path: Path, exercises_dir: Path, loaded: _Loaded
) -> list[Problem]:
    """course.yaml's listing against the files: missing files, files in another chapter."""
    problems = []
    for item in course_spec.listings:
        paths = loaded.by_stem.get(item.exercise_id, [])
        expected = exercises_dir / item.chapter / f"{item.exercise_id}.yaml"
        if not paths:
            guess = closest(item.exercise_id, loaded.by_stem)
            hint = f"did you mean {guess!r}? Otherwise " if guess else ""
            problems.append(
                node_problem(
                    course_path,
                    item.node,
                    f"chapter {item.chapter!r} lists {item.exercise_id!r}, but "
                    f"{display_path(expected)} does not exist",
                    f"{hint}create the file, or remove the id from the list",
                )
            )
        elif expected not in paths:
            actual = paths[0]
            loaded.bad_paths.add(actual)
            problems.append(
                Problem(
                    actual,
                    None,
                    None,
                    f"{item.exercise_id!r} is listed under chapter {item.chapter!r} in "
                    f"{COURSE_FILE} (line {item.node.start_mark.line + 1}) but its file is "
                    f"in folder {actual.parent.name!r}",
                    f"move it to {display_path(expected)}, or list it under chapter "
                    f"{actual.parent.name!r}",
                )
            )
    return problems


def _unlisted_files(course_spec: CourseSpec, exercises_dir: Path, loaded: _Loaded) -> list[Problem]:
    """Exercise files that course.yaml does not list: learners would never see them."""
    listed: dict[str, Listing] = {item.exercise_id: item for item in course_spec.listings}
    chapter_ids = {cid for cid, _ in course_spec.chapters}
    problems = []
    for stem, paths in loaded.by_stem.items():
        if stem in listed:
            continue
        for path in paths:
            if len(path.relative_to(exercises_dir).parts) != 2:
                continue  # already told to move into a chapter folder
            folder = path.parent.name
            fix = (
                f"add {stem} to the exercises of chapter {folder!r} in {COURSE_FILE}, or "
                "delete the file"
                if folder in chapter_ids
                else f"add a chapter {folder!r} listing it to {COURSE_FILE}, or move the "
                "file into a listed chapter's folder"
            )
            problems.append(
                Problem(
                    path,
                    None,
                    None,
                    f"{stem!r} is not listed in {COURSE_FILE}, so learners never see it",
                    fix,
                )
            )
            loaded.bad_paths.add(path)
    return problems


def _stray_solutions(solutions_dir: Path, kinds: dict[str, str]) -> list[Problem]:
    """Warnings for files in solutions/ that belong to no code or fix exercise."""
    problems: list[Problem] = []
    if not solutions_dir.is_dir():
        return problems
    for sol in sorted(solutions_dir.glob("*.py")):
        if sol.name.startswith(("_", ".")):
            continue
        kind = kinds.get(sol.stem)
        if kind in spec.CODE_FIX:
            continue
        if kind == "predict":
            message = f"{sol.name} is not used: {sol.stem!r} is a predict exercise"
            fix = "delete it; predict exercises have no reference solution"
        else:
            guess = closest(sol.stem, [s for s, k in kinds.items() if k in spec.CODE_FIX])
            message = f"{sol.name} belongs to no exercise"
            fix = (
                f"rename it to {guess}.py if it is that exercise's solution, or delete it"
                if guess
                else "delete it, or name it after its exercise id"
            )
        problems.append(Problem(sol, None, None, message, fix, "warning"))
    return problems


def _assemble(
    course_spec: CourseSpec,
    loaded: _Loaded,
    problems: list[Problem],
    exercises_dir: Path,
    solutions_dir: Path,
) -> Course:
    """The course: the listed exercises that loaded without errors, in course order."""
    assert course_spec.title is not None
    error_paths = {p.path for p in problems if p.is_error}
    good: dict[str, Exercise] = {}
    for path, exercise in loaded.exercises.items():
        if exercise is None or path in loaded.bad_paths or path in error_paths:
            continue
        if exercise.solution_path is not None and exercise.solution_path in error_paths:
            continue
        good[exercise.id] = exercise
    chapters = []
    ordered: list[Exercise] = []
    for cid, title in course_spec.chapters:
        ids = [
            item.exercise_id
            for item in course_spec.listings
            if item.chapter == cid and item.exercise_id in good
        ]
        chapters.append(Chapter(id=cid, title=title, exercise_ids=tuple(ids)))
        ordered += [good[i] for i in ids]
    return Course(
        title=course_spec.title,
        chapters=tuple(chapters),
        exercises=tuple(ordered),
        exercises_dir=exercises_dir,
        solutions_dir=solutions_dir,
    )


def read_yaml_data(path: Path | str) -> Any:
    """The plain data of a YAML file as editors (YAML 1.2) see it; raises yaml.YAMLError."""
    return yaml_source.read_yaml_data(path, _YamlLoader)


__all__ = [
    "COURSE_FILE",
    "LoadResult",
    "has_errors",
    "load_course",
    "load_exercise",
    "read_yaml_data",
]
