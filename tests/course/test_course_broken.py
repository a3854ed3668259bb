"""Every broken fixture yields the right problems, at the right place, each with a fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gradtutor.course import load_course, load_exercise
from gradtutor.course import loader as loader_module
from gradtutor.course.problems import Problem

BROKEN = Path(__file__).parent / "fixtures" / "broken"
EXERCISES = BROKEN / "exercises"
SOLUTIONS = BROKEN / "solutions"

E, W = "error", "warning"
COURSE_ONLY = True  # found by load_course only (needs course.yaml or other files)

# (path relative to exercises/, line, column, severity, text in the message[, course only])
# fmt: off
EXPECTED: list[tuple] = [
    # YAML syntax
    ("syntax/tab-indent.yaml", 7, 1, E, "YAML syntax error"),
    ("syntax/colon-in-text.yaml", 5, 12, E, "YAML syntax error"),
    ("syntax/empty.yaml", 1, 1, E, "the file is empty"),
    ("syntax/two-documents.yaml", 3, 1, E, "YAML syntax error"),
    ("syntax/top-level-list.yaml", 1, 1, E, "must be a mapping of keys"),
    ("syntax/unclosed-quote.yaml", 3, 8, E, "YAML syntax error"),
    # fields
    ("fields/unknown-keys.yaml", 11, 5, E,
     "unknown key 'anwser' in 'questions[0]'; did you mean 'answer'?"),
    ("fields/unknown-keys.yaml", 12, 1, E,
     "unknown key 'hint' in the exercise; did you mean 'hints'?"),
    ("fields/unknown-keys.yaml", 14, 1, E, "unknown key 'colour' in the exercise"),
    ("fields/missing-keys.yaml", 1, 1, E, "the exercise needs the key 'explanation'"),
    ("fields/missing-keys.yaml", 1, 1, E, "the exercise needs the key 'hints'"),
    ("fields/missing-keys.yaml", 1, 1, E, "the exercise needs the key 'title'"),
    ("fields/missing-keys.yaml", 1, 1, E, "the exercise needs the key 'topic'"),
    ("fields/missing-keys.yaml", 7, 5, E, "'questions[0]' needs the key 'ask'"),
    ("fields/bad-format.yaml", 1, 9, E, "unsupported 'format' '2'"),
    ("fields/no-format.yaml", 1, 1, E, "the exercise needs the key 'format'"),
    ("fields/wrong-types.yaml", 4, 8, E, "'topic' 'Detach Tensors' is not valid"),
    ("fields/wrong-types.yaml", 5, 8, E, "'title' must be text"),
    ("fields/wrong-types.yaml", 6, 9, E,
     "'source' must be a list of strings; found the string 'E6'"),
    ("fields/wrong-types.yaml", 7, 10, E, "'timeout' must be a number > 0 and <= 60"),
    ("fields/wrong-types.yaml", 13, 13, E, "'questions[0].points' must be a number >= 0; found -1"),
    ("fields/wrong-types.yaml", 14, 10, E, "'questions[1].ask' must be text"),
    ("fields/wrong-types.yaml", 15, 17, E, "'questions[1].print_line' must be a whole number >= 1"),
    ("fields/wrong-types.yaml", 16, 8, E, "'hints' must be a list of texts"),
    ("fields/wrong-types.yaml", 17, 13, E, "'explanation' must be text"),
    ("fields/id-mismatch.yaml", 2, 5, E, "id 'other-name' does not match the file name"),
    ("fields/Bad_Id.yaml", 2, 5, E, "'id' 'Bad_Id' is not valid"),
    ("fields/Bad_Id.yaml", None, None, E, "'Bad_Id' is not listed in course.yaml", COURSE_ONLY),
    ("fields/one-hint.yaml", 9, 3, E, "'hints' needs at least 2 entries; found 1"),
    ("fields/text-problems.yaml", 5, 8, E, "'title' has no English text (en)"),
    ("fields/text-problems.yaml", 8, 26, W, "text in language 'fr' in 'questions[0].ask'"),
    ("fields/text-problems.yaml", 11, 17, W, "text in language 'zh-CN' in 'hints[0]'"),
    ("fields/text-problems.yaml", 12, 13, E, "'hints[1]' has an entry 'b' without a value"),
    ("fields/text-problems.yaml", 13, 14, E, "'explanation' is empty"),
    ("fields/duplicate-key.yaml", 10, 1, E, "duplicate key 'hints' (first at line 8)"),
    ("fields/tolerance.yaml", 10, 16, E, "'questions[0].tolerance' is empty"),
    ("fields/tolerance.yaml", 13, 23, E, "'questions[1].tolerance.rtol' must be a number >= 0"),
    ("fields/tolerance.yaml", 13, 42, E, "unknown key 'btol' in 'questions[1].tolerance'"),
    ("fields/same-id.yaml", None, None, E, "exercise id 'same-id' is used by more than one file",
     COURSE_ONLY),
    # kinds
    ("kinds/bad-kind.yaml", 3, 7, E, "unknown kind 'cod'; did you mean 'code'?"),
    ("kinds/predict-needs.yaml", 1, 1, E, "predict exercises need the key 'snippet'"),
    ("kinds/predict-needs.yaml", 6, 12, E, "'questions' needs at least 1 entry; found 0"),
    ("kinds/predict-needs.yaml", 7, 1, E, "'starter' is not used by predict exercises"),
    ("kinds/question-modes.yaml", 13, 5, E,
     "'questions[0]' needs exactly one of: expr, print_line, error: true; found none"),
    ("kinds/question-modes.yaml", 17, 5, E, "'questions[1]' has both 'expr' and 'print_line'"),
    ("kinds/question-modes.yaml", 18, 5, E, "'questions[2]' needs exactly one of"),
    ("kinds/question-modes.yaml", 21, 17, E,
     "'questions[3].print_line' is 9 but the snippet has only 5 lines"),
    ("kinds/question-modes.yaml", 23, 17, W, "snippet line 3, which is empty"),
    ("kinds/question-modes.yaml", 25, 17, W, "snippet line 5, which is a comment"),
    ("kinds/question-modes.yaml", 28, 5, E, "'questions[6].message' is only for error questions"),
    ("kinds/question-modes.yaml", 31, 13, E, "must be an exception type name"),
    ("kinds/question-modes.yaml", 32, 5, W, "'questions[7].tolerance' has no effect"),
    ("kinds/question-modes.yaml", 37, 17, E, "is the recorded correct answer"),
    ("kinds/question-modes.yaml", 41, 9, W, "repeats the answer '1.0'"),
    ("kinds/question-modes.yaml", 44, 11, E, "'questions[9].expr' is not a valid Python"),
    ("kinds/code-needs.yaml", 1, 1, E, "code exercises need the key 'starter'"),
    ("kinds/code-needs.yaml", 1, 1, E, "code exercises need the key 'task'"),
    ("kinds/code-needs.yaml", 2, 1, E, "code exercise 'code-needs' has no reference solution"),
    ("kinds/code-needs.yaml", 6, 9, E, "'checks' needs at least 1 entry; found 0"),
    ("kinds/code-needs.yaml", 7, 1, E, "'snippet' is not used by code exercises"),
    ("kinds/code-needs.yaml", 8, 1, E, "'questions' is not used by code exercises"),
    ("kinds/code-needs.yaml", 9, 14, E, "'random_seed' must be true or false"),
    ("kinds/check-problems.yaml", 2, 1, E, "fix exercise 'check-problems' has no reference"),
    ("kinds/check-problems.yaml", 9, 1, W, "every check is hidden"),
    ("kinds/check-problems.yaml", 12, 11, E, "'checks[1].expr' is not a valid Python expression"),
    ("kinds/check-problems.yaml", 14, 5, E, "'checks[2]' needs the key 'expr'"),
    ("kinds/check-problems.yaml", 18, 13, E,
     "'variants[1].inputs' has other names than variants[0]: lacks steps"),
    ("kinds/check-problems.yaml", 19, 18, E, "'variants[2].inputs.lr' is .inf"),
    ("kinds/check-problems.yaml", 19, 39, E, "'variants[2].inputs.day' is '2024-01-01'"),
    ("kinds/check-problems.yaml", 20, 33, E, "input name '2x'"),
    ("kinds/check-problems.yaml", 20, 40, E, "input name 'class'"),
    ("kinds/check-problems.yaml", 21, 13, E, "'variants[4].inputs' must be a mapping"),
    ("kinds/check-problems.yaml", 23, 12, E,
     "'misconceptions[0].check' is 3 but there are only 3 checks"),
    # Python code
    ("code/snippet-syntax.yaml", 9, 7, E, "snippet line 3 (file line 9): '(' was never closed"),
    ("code/starter-syntax.yaml", 9, 11, E, "starter line 2 (file line 9): invalid syntax"),
    ("code/starter-syntax.yaml", 2, 1, E, "has no reference solution"),
    ("code/folded-snippet.yaml", 6, 10, W, "'snippet' is not a literal block"),
    ("code/folded-snippet.yaml", 7, 9, E, "snippet line 1 (file line 7): invalid syntax"),
    ("code/no-solution.yaml", 2, 1, E,
     "code exercise 'no-solution' has no reference solution solutions/no-solution.py"),
    ("../solutions/bad-solution.py", 2, 5, E, "the reference solution does not compile"),
    # course.yaml and the folder layout
    ("course.yaml", 2, 28, W, "text in language 'fr' in 'title'", COURSE_ONLY),
    ("course.yaml", 10, 68, E, "'chapters[1].exercises[10]' 'Bad_Id' is not valid", COURSE_ONLY),
    ("course.yaml", 19, 51, E, "chapter 'course' lists 'not-written', but "
     "exercises/course/not-written.yaml does not exist", COURSE_ONLY),
    ("course.yaml", 19, 64, E, "exercise 'good-predict' is listed twice", COURSE_ONLY),
    ("course.yaml", 20, 5, E, "unknown key 'colour' in 'chapters[4]'", COURSE_ONLY),
    ("course.yaml", 24, 9, E, "chapter 'course' appears twice (first at line 17)", COURSE_ONLY),
    ("course.yaml", 29, 16, W, "chapter 'empty-chapter' has no exercises", COURSE_ONLY),
    ("course/misplaced.yaml", None, None, E, "'misplaced' is listed under chapter 'elsewhere' in "
     "course.yaml (line 23) but its file is in folder 'course'", COURSE_ONLY),
    ("course/nested/nested.yaml", None, None, E, "must sit directly in a chapter folder",
     COURSE_ONLY),
    ("stray.yaml", None, None, E, "must sit directly in a chapter folder", COURSE_ONLY),
    ("course/same-id.yaml", None, None, E, "exercise id 'same-id' is used by more than one file",
     COURSE_ONLY),
    ("course/unlisted.yaml", None, None, E, "'unlisted' is not listed in course.yaml",
     COURSE_ONLY),
    ("course/wrong-ext.yml", None, None, E, "must end in .yaml, not .yml", COURSE_ONLY),
    ("extra-chapter/in-extra.yaml", None, None, E, "'in-extra' is not listed in course.yaml",
     COURSE_ONLY),
    ("../solutions/good-predict.py", None, None, W, "'good-predict' is a predict exercise",
     COURSE_ONLY),
    ("../solutions/orphan.py", None, None, W, "orphan.py belongs to no exercise", COURSE_ONLY),
]
# fmt: on


@pytest.fixture(autouse=True)
def _in_fixture_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages show paths relative to the current directory: make them predictable."""
    monkeypatch.chdir(BROKEN)


def _path(rel: str) -> Path:
    return (EXERCISES / rel).resolve()


def _expected(course: bool, paths: set[Path] | None = None) -> list[tuple]:
    rows = []
    for row in EXPECTED:
        rel, line, column, severity, text = row[:5]
        course_only = len(row) > 5 and row[5]
        if course_only and not course:
            continue
        if paths is not None and _path(rel) not in paths:
            continue
        rows.append((_path(rel), line, column, severity, text))
    return rows


def _match(problems: list[Problem], expected: list[tuple]) -> None:
    """Every problem is expected and every expectation is met, one to one."""
    remaining = list(problems)
    missing = []
    for path, line, column, severity, text in expected:
        for p in remaining:
            if (
                p.path.resolve() == path
                and (p.line, p.column, p.severity) == (line, column, severity)
                and text in p.message
            ):
                remaining.remove(p)
                break
        else:
            missing.append(f"{path.name}:{line}:{column}: {severity}: {text}")
    unexpected = [str(p) for p in remaining]
    assert not missing and not unexpected, (
        "missing:\n  " + "\n  ".join(missing) + "\nunexpected:\n  " + "\n  ".join(unexpected)
    )


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run with libyaml (the default when available) and with PyYAML's pure-Python parser."""
    if request.param == "pure-python":
        monkeypatch.setattr(loader_module, "_YamlLoader", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("libyaml not available")
    return request.param


def test_whole_broken_course_reports_every_problem(yaml_loader: str) -> None:
    result = load_course(EXERCISES)
    _match(result.problems, _expected(course=True))


def test_every_problem_has_a_fix_and_a_sentence() -> None:
    result = load_course(EXERCISES)
    for p in result.problems:
        assert p.fix.strip(), p
        assert p.message.strip(), p
        text = str(p)
        assert f": {p.severity}: " in text
        assert " Fix: " in text


def test_broken_course_still_loads_the_valid_exercises() -> None:
    result = load_course(EXERCISES)
    assert not result.ok
    assert result.course is not None
    assert result.course.ids == ("good-predict", "good-code")
    chapter = result.course.chapter_of("good-code")
    assert chapter is not None and chapter.id == "course"
    # the duplicated chapter id is kept once, the empty chapter is kept
    assert [c.id for c in result.course.chapters] == [
        "syntax",
        "fields",
        "kinds",
        "code",
        "course",
        "elsewhere",
        "empty-chapter",
    ]
    assert result.course.get("misplaced") is None  # listed, but in the wrong folder
    assert result.course.get("unlisted") is None


@pytest.mark.parametrize(
    "path",
    sorted(p for p in EXERCISES.rglob("*.yaml") if p.name != "course.yaml"),
    ids=lambda p: str(p.relative_to(EXERCISES)),
)
def test_each_file_alone(path: Path) -> None:
    exercise, problems = load_exercise(path, SOLUTIONS)
    solution = (SOLUTIONS / f"{path.stem}.py").resolve()
    _match(problems, _expected(course=False, paths={path.resolve(), solution}))
    assert (exercise is None) == any(p.is_error for p in problems)


def test_brief_example_message() -> None:
    _, problems = load_exercise(EXERCISES / "fields" / "one-hint.yaml", SOLUTIONS)
    (problem,) = problems
    assert str(problem).endswith(
        "one-hint.yaml:9:3: error: 'hints' needs at least 2 entries; found 1. "
        "Fix: add another hint, from nudge to near-answer."
    )


def _fix_of(rel: str, text: str) -> str:
    result = load_course(EXERCISES)
    for p in result.problems:
        if p.path.resolve() == _path(rel) and text in p.message:
            return p.fix
    raise AssertionError(f"no problem {text!r} in {rel}")


@pytest.mark.parametrize(
    ("rel", "text", "fix"),
    [
        ("syntax/tab-indent.yaml", "YAML", "indent with spaces"),
        ("syntax/colon-in-text.yaml", "YAML", "put the whole value in quotes"),
        ("syntax/two-documents.yaml", "YAML", "one exercise per file"),
        ("syntax/unclosed-quote.yaml", "YAML", "close the quoted string"),
        ("fields/unknown-keys.yaml", "'hint'", "rename it to 'hints'"),
        ("fields/unknown-keys.yaml", "'colour'", "known keys: claims, explanation, format, hints"),
        (
            "fields/id-mismatch.yaml",
            "does not match",
            "rename the file to other-name.yaml, or set id: id-mismatch",
        ),
        ("fields/wrong-types.yaml", "'timeout'", "timeout: 5"),
        (
            "fields/wrong-types.yaml",
            "'questions[1].ask'",
            'put the value in quotes, e.g. ask: "42"',
        ),
        ("fields/text-problems.yaml", "'zh-CN'", "write it as zh"),
        ("fields/text-problems.yaml", "entry 'b'", "in quotes"),
        ("kinds/bad-kind.yaml", "'cod'", "predict, code, fix"),
        ("kinds/predict-needs.yaml", "'starter'", "change 'kind' to code or fix"),
        ("kinds/check-problems.yaml", "'misconceptions[0].check'", "0 to 2"),
        ("code/no-solution.yaml", "no reference", "solutions/no-solution.py"),
        ("course.yaml", "'not-written'", "create the file, or remove the id"),
        ("course/misplaced.yaml", "elsewhere", "move it to exercises/elsewhere/misplaced.yaml"),
        ("course/unlisted.yaml", "not listed", "add unlisted to the exercises of chapter 'course'"),
    ],
)
def test_fixes_say_what_to_do(rel: str, text: str, fix: str) -> None:
    assert fix in _fix_of(rel, text)


def test_problems_are_sorted_and_unique() -> None:
    problems = load_course(EXERCISES).problems
    assert problems == sorted(set(problems), key=Problem.sort_key)


def test_missing_course_yaml(tmp_path: Path) -> None:
    ex = tmp_path / "exercises" / "basics"
    ex.mkdir(parents=True)
    (ex / "only.yaml").write_text(
        "format: 1\nid: only\nkind: predict\ntopic: t\ntitle: T\nsnippet: x = 1\n"
        "questions: [{ask: A, expr: x}]\nhints: [a, b]\nexplanation: e\n"
    )
    result = load_course(tmp_path / "exercises")
    assert result.course is None
    (problem,) = result.problems
    assert problem.path == tmp_path / "exercises" / "course.yaml"
    assert (problem.line, problem.column) == (None, None)
    assert "course.yaml not found" in problem.message
    assert "create" in problem.fix


def test_missing_exercises_dir(tmp_path: Path) -> None:
    result = load_course(tmp_path / "nope")
    assert result.course is None
    assert [p.message for p in result.problems] == ["the exercises folder does not exist"]


@pytest.mark.parametrize(
    ("course_yaml", "text", "line", "column"),
    [
        ("format: 1\ntitle: T\nchapters: []\n", "'chapters' needs at least 1 entry", 3, 11),
        (
            "format: 2\ntitle: T\nchapters: [{id: a, title: A, exercises: []}]\n",
            "unsupported 'format'",
            1,
            9,
        ),
        (
            "title: T\nchapters: [{id: a, title: A, exercises: []}]\n",
            "course.yaml needs the key 'format'",
            1,
            1,
        ),
        (
            "format: 1\nchapters: [{id: a, title: A, exercises: []}]\n",
            "course.yaml needs the key 'title'",
            1,
            1,
        ),
        (
            "format: 1\ntitle: T\nchapters:\n  - id: A_b\n    title: A\n    exercises: []\n",
            "'chapters[0].id' 'A_b' is not valid",
            4,
            9,
        ),
        ("format: 1\ntitle: T\nchapters: {a: b}\n", "'chapters' must be a list", 3, 11),
        ("format: 1\ntitle: [T\n", "YAML syntax error", 2, 10),  # end of the last line
        ("- a\n", "must be a mapping", 1, 1),
    ],
)
def test_course_yaml_problems(
    tmp_path: Path, course_yaml: str, text: str, line: int, column: int
) -> None:
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "course.yaml").write_text(course_yaml)
    result = load_course(tmp_path / "exercises")
    matching = [p for p in result.problems if text in p.message]
    assert matching, [str(p) for p in result.problems]
    assert (matching[0].line, matching[0].column) == (line, column)
    if "chapters[0].id" not in text and "needs at least" not in text:
        assert result.course is None


def test_unreadable_encoding(tmp_path: Path) -> None:
    path = tmp_path / "exercises" / "a" / "latin.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"format: 1\ntitle: caf\xe9\n")
    exercise, problems = load_exercise(path)
    assert exercise is None
    (problem,) = problems
    assert "not UTF-8" in problem.message
    assert problem.line == 2


def test_portability_warning_for_question_marks_in_flow_mappings(tmp_path: Path) -> None:
    path = tmp_path / "exercises" / "a" / "qm.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        "format: 1\nid: qm\nkind: predict\ntopic: t\ntitle: {en: Why?}\nsnippet: x = 1\n"
        "questions: [{ask: What is x, expr: x}]\nhints: [a, b]\nexplanation: e\n"
    )
    exercise, problems = load_exercise(path)
    assert exercise is not None  # a warning only
    (problem,) = problems
    assert (problem.severity, problem.line, problem.column) == ("warning", 5, 13)
    assert 'put it in quotes: "Why?"' in problem.fix


def test_merge_keys_and_anchors_work(tmp_path: Path) -> None:
    path = tmp_path / "exercises" / "a" / "anchors.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        "format: 1\nid: anchors\nkind: predict\ntopic: t\ntitle: T\nsnippet: x = 1.0\n"
        "questions:\n"
        "  - &q {ask: A, expr: x, tolerance: {rtol: 0.1}}\n"
        "  - <<: *q\n    ask: B\n"
        "hints: [a, b]\nexplanation: e\n"
    )
    exercise, problems = load_exercise(path)
    assert problems == []
    assert exercise is not None
    assert [q.ask.get() for q in exercise.questions] == ["A", "B"]
    assert exercise.questions[1].tolerance is not None


def test_answer_written_as_a_list_gets_a_quoting_fix(tmp_path: Path) -> None:
    path = tmp_path / "exercises" / "a" / "ans.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        "format: 1\nid: ans\nkind: predict\ntopic: t\ntitle: T\nsnippet: x = [1, 2]\n"
        "questions:\n  - ask: A\n    expr: x\n    answer: [1, 2]\n"
        "hints: [a, b]\nexplanation: e\n"
    )
    _, problems = load_exercise(path)
    (problem,) = problems
    assert (problem.line, problem.column) == (10, 13)
    assert "found a list" in problem.message
    assert problem.fix == 'put it in quotes: answer: "[1, 2]"'


def test_file_ending_inside_brackets_points_at_its_last_line(
    tmp_path: Path, yaml_loader: str
) -> None:
    path = tmp_path / "exercises" / "a" / "cut.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("format: 1\nid: cut\nkind: [\n\n")
    _, problems = load_exercise(path)
    (problem,) = problems
    assert (problem.line, problem.column) == (3, 8)
    assert "YAML syntax error" in problem.message
    assert "']'" in problem.fix
