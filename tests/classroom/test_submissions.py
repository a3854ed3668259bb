"""The submission/roster layout contract (docs/grading.md), without running anything."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gradtutor.classroom.submissions import (
    ANSWERS_FILE,
    MAX_FILE_BYTES,
    LayoutError,
    Submission,
    find_submissions,
    load_submission,
    parse_answers,
    parse_shard,
    select_shard,
)
from gradtutor.course.loader import load_course
from gradtutor.course.model import Course

ROSTER = Path(__file__).parents[1] / "fixtures" / "roster"
LEARNERS = ["alice", "bob", "carol", "dave", "erin", "frank"]


@pytest.fixture(scope="module")
def course(mini_course_dir: Path) -> Course:
    loaded = load_course(mini_course_dir)
    assert loaded.course is not None and not loaded.errors, loaded.problems
    return loaded.course


# ----------------------------------------------------------------------------- answers.yaml


def test_answers_keep_the_text_as_written() -> None:
    text = ("a: [yes, 1.50, None, 'x: y']\n"
            "b: tensor([1., 2.])\n"
            "c: |\n  line 1\n  line 2\n"
            "d:\n"
            "e: ~\n")
    answers, errors, lines, whole = parse_answers(text)
    assert whole is None and errors == {}
    # YAML would read yes as True and 1.50 as 1.5: the learner wrote text.
    assert answers["a"] == ("yes", "1.50", "None", "x: y")
    assert answers["b"] == ("tensor([1., 2.])",), "one value for a one-question exercise"
    assert answers["c"] == ("line 1\nline 2",)
    assert answers["d"] == () and answers["e"] == (), "an empty entry is no answer at all"
    assert lines == {"a": 1, "b": 2, "c": 3, "d": 6, "e": 7}


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "~\n"])
def test_empty_answers_file_is_no_answers(text: str) -> None:
    assert parse_answers(text) == ({}, {}, {}, None)


def test_syntax_error_names_file_and_the_line_to_look_at() -> None:
    text = (ROSTER / "erin" / ANSWERS_FILE).read_text()
    answers, _, _, whole = parse_answers(text)
    assert answers == {}
    assert whole is not None and whole.startswith("answers.yaml:3: not valid YAML"), whole
    assert "quote such answers" in whole


@pytest.mark.parametrize("text, start, hint", [
    # A tab: the line with the tab, and the fix for tabs (not advice about quoting).
    ("a:\n  - None\n\t- True\n", "answers.yaml:3:", "Indent with spaces, not tabs"),
    ("a:\n\t- True\n", "answers.yaml:2:", "Indent with spaces, not tabs"),
    # An unclosed quote: where it opens, not the end of the file.
    ('a:\n  - "True\n  - None\nb: 1\n', "answers.yaml:2:", "quote opened on line 2"),
    ("a: RuntimeError: boom\n", "answers.yaml:1:", "contains ': '"),
    ("a: [True, tensor([1., 2.]), None]\n", "answers.yaml:1:", "one '- answer' line"),
    ("a:\n  - @x\n", "answers.yaml:2:", "starts with @"),
    ("a:\n  - x\n b: 1\n", "answers.yaml:3:", "Check the indentation"),
])
def test_syntax_error_says_what_to_fix(text: str, start: str, hint: str) -> None:
    *_, whole = parse_answers(text)
    assert whole is not None and whole.startswith(start) and hint in whole, whole
    assert "\n" not in whole


@pytest.mark.parametrize("text, needle", [
    ("- a\n- b\n", "answers.yaml:1: expected a mapping"),
    ("just text\n", "answers.yaml:1: expected a mapping"),
    ("? [a, b]\n: c\n", "answers.yaml:1: each key must be an exercise id"),
    ("a: 1\n--- \nb: 2\n", "answers.yaml:2: not valid YAML: expected a single document in "
                            "the stream, but found another document. Remove the --- line"),
])
def test_unusable_answers_file(text: str, needle: str) -> None:
    *_, whole = parse_answers(text)
    assert whole is not None and needle in whole, whole


def test_a_bad_entry_only_affects_its_exercise() -> None:
    text = "good: [1, 2]\nnested: [x, {y: 1}]\nmapping: {z: 1}\ngood2: 3\ngood2: 4\n"
    answers, errors, _, whole = parse_answers(text)
    assert whole is None
    assert answers == {"good": ("1", "2")}
    assert errors["nested"].startswith("answers.yaml:2: each answer to nested")
    assert errors["mapping"].startswith("answers.yaml:3: answers to mapping must be a list")
    assert errors["good2"] == "answers.yaml:5: good2 is given twice (also on line 4)"


# ----------------------------------------------------------------------------- one submission


def test_work_for_each_kind(course: Course) -> None:
    alice = load_submission(ROSTER / "alice")
    assert alice.learner == "alice" and alice.ignored == []
    predict = alice.work_for(course.get("mini-predict"))
    assert predict.status == "ready" and predict.work == ("None", "True", "RuntimeError")
    code = alice.work_for(course.get("mini-code"))
    assert code.status == "ready" and code.file == "mini-code.py"
    assert "loss.backward()" in str(code.work)


def test_missing_work_is_missing_not_an_error(course: Course) -> None:
    dave = load_submission(ROSTER / "dave")
    predict = dave.work_for(course.get("mini-predict"))
    assert (predict.status, predict.reason) == ("missing", "answers.yaml not submitted")
    fix = dave.work_for(course.get("mini-fix"))
    assert (fix.status, fix.reason) == ("missing", "mini-fix.py not submitted")


def test_exercise_absent_from_answers_is_missing(tmp_path: Path, course: Course) -> None:
    (tmp_path / ANSWERS_FILE).write_text("other: 1\n")
    work = load_submission(tmp_path).work_for(course.get("mini-predict"))
    assert work.status == "missing" and "no answers to mini-predict" in work.reason


def test_malformed_answers_is_an_error_for_predict_only(course: Course) -> None:
    erin = load_submission(ROSTER / "erin")
    work = erin.work_for(course.get("mini-predict"))
    assert work.status == "error" and work.reason.startswith("answers.yaml:3:")
    assert erin.work_for(course.get("mini-code")).status == "ready"


def test_planted_trusted_files_are_ignored_and_reported(course: Course) -> None:
    frank = load_submission(ROSTER / "frank")
    assert frank.ignored == ["exercises/", "solutions/", "conftest.py"]
    notes = frank.notes(course.ids, ["mini-predict"])
    assert any("ignored solutions/" in n for n in notes)
    assert any("ignored conftest.py" in n for n in notes)
    # Their content is never used: the work is frank's own mini-code.py.
    assert "backward" not in str(frank.work_for(course.get("mini-code")).work)


def test_one_value_for_several_questions_is_an_error(tmp_path: Path, course: Course) -> None:
    # mini-predict asks 3 questions; answers on one line are one YAML text, not three answers.
    (tmp_path / ANSWERS_FILE).write_text("# mine\nmini-predict: None, True, RuntimeError\n")
    work = load_submission(tmp_path).work_for(course.get("mini-predict"))
    assert work.status == "error", work
    assert work.reason.startswith("answers.yaml:2: mini-predict asks 3 questions but has one "
                                  "value; write a list"), work.reason
    # A one-item list is a list: graded, the other questions unanswered.
    (tmp_path / ANSWERS_FILE).write_text("mini-predict: [None]\n")
    work = load_submission(tmp_path).work_for(course.get("mini-predict"))
    assert work.status == "ready" and work.work == ("None",)


def test_misnamed_files_are_noted_with_the_likely_name(tmp_path: Path, course: Course) -> None:
    (tmp_path / "answer.yml").write_text("mini-predict: [None, True, RuntimeError]\n")
    (tmp_path / "mini_code.py").write_text("x = 1\n")
    (tmp_path / "Mini-Fix.py").write_text("x = 1\n")
    sub = load_submission(tmp_path)
    notes = sub.notes(course.ids, ["mini-predict"])
    assert "ignored answer.yml: predictions are read from answers.yaml only; rename it to " \
           "answers.yaml" in notes
    assert "ignored mini_code.py: no exercise 'mini_code' in the course; did you mean " \
           "mini-code.py?" in notes
    assert any(n.startswith("ignored Mini-Fix.py") and "mini-fix.py?" in n for n in notes)
    assert sub.work_for(course.get("mini-predict")).reason == "answers.yaml not submitted"
    # With answers.yaml present, other answer* files are not worth a note.
    (tmp_path / ANSWERS_FILE).write_text("mini-predict: [None]\n")
    assert not any("answer.yml" in n for n in
                   load_submission(tmp_path).notes(course.ids, ["mini-predict"]))


def test_notes_on_stray_work(tmp_path: Path, course: Course) -> None:
    (tmp_path / ANSWERS_FILE).write_text("mini-code: 1\nnot-an-exercise: 2\n")
    (tmp_path / "mini-predict.py").write_text("x = 1\n")
    (tmp_path / "helper.py").write_text("x = 1\n")
    notes = load_submission(tmp_path).notes(course.ids, ["mini-predict"])
    assert "answers.yaml:1: mini-code is not a predict exercise (submit mini-code.py); " \
           "ignored" in notes
    assert "answers.yaml:2: no exercise 'not-an-exercise' in the course; ignored" in notes
    assert any(n.startswith("ignored mini-predict.py: mini-predict is a predict") for n in notes)
    assert "ignored helper.py: no exercise 'helper' in the course" in notes


def test_symlinked_work_is_refused(tmp_path: Path, course: Course) -> None:
    # A symlink could point at the reference solution: it is never followed.
    assert course.get("mini-code").solution_path is not None
    os.symlink(course.get("mini-code").solution_path, tmp_path / "mini-code.py")
    work = load_submission(tmp_path).work_for(course.get("mini-code"))
    assert work.status == "error" and "symbolic link" in work.reason


def test_unreadable_work_is_an_error(tmp_path: Path, course: Course) -> None:
    (tmp_path / "mini-code.py").write_bytes(b"x = '\xff\xfe'\n")
    (tmp_path / "mini-fix.py").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    (tmp_path / ANSWERS_FILE).mkdir()
    sub = load_submission(tmp_path)
    code = sub.work_for(course.get("mini-code"))
    assert code.status == "error" and "not UTF-8" in code.reason
    fix = sub.work_for(course.get("mini-fix"))
    assert fix.status == "error" and "larger than" in fix.reason
    predict = sub.work_for(course.get("mini-predict"))
    assert predict.status == "error" and "not a regular file" in predict.reason


def test_byte_order_mark_is_not_part_of_the_code(tmp_path: Path, course: Course) -> None:
    (tmp_path / "mini-code.py").write_bytes("\ufeffimport torch\n".encode())
    work = load_submission(tmp_path).work_for(course.get("mini-code"))
    assert work.work == "import torch\n"


# ----------------------------------------------------------------------------- rosters


def test_fixture_roster_is_a_roster() -> None:
    roster = find_submissions(ROSTER)
    # The roster's own conftest.py (which keeps pytest out of it) does not make it a submission.
    assert not roster.single
    assert [s.learner for s in roster.submissions] == LEARNERS


def test_one_submission_is_not_a_roster() -> None:
    roster = find_submissions(ROSTER / "frank")  # has sub-directories, but also answers.yaml
    assert roster.single and [s.learner for s in roster.submissions] == ["frank"]


def test_empty_directory_is_one_empty_submission(tmp_path: Path) -> None:
    (tmp_path / "learner-x").mkdir()
    (tmp_path / "learner-x" / ".git").mkdir()
    roster = find_submissions(tmp_path / "learner-x")
    assert roster.single and roster.submissions[0].learner == "learner-x"


def test_hidden_and_trusted_names_are_not_learners(tmp_path: Path) -> None:
    for name in (".git", "__pycache__", "solutions", "ann", "ben"):
        (tmp_path / name).mkdir()
    assert [s.learner for s in find_submissions(tmp_path).submissions] == ["ann", "ben"]


def test_unusable_path(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match="no such directory"):
        find_submissions(tmp_path / "nope")
    (tmp_path / "file.py").write_text("")
    with pytest.raises(LayoutError, match="is a file"):
        find_submissions(tmp_path / "file.py")


# ----------------------------------------------------------------------------- shards


@pytest.mark.parametrize("n", [1, 2, 3, 4, 7])
def test_shards_partition_the_roster(n: int) -> None:
    subs = [Submission(learner=f"l{i:03d}", path=Path(".")) for i in range(20)]
    shards = [select_shard(list(reversed(subs)), k, n) for k in range(1, n + 1)]
    names = [s.learner for shard in shards for s in shard]
    assert sorted(names) == [s.learner for s in subs] and len(set(names)) == len(names)
    sizes = [len(s) for s in shards]
    assert max(sizes) - min(sizes) <= 1


@pytest.mark.parametrize("text, expected", [("1/1", (1, 1)), ("2/4", (2, 4))])
def test_parse_shard(text: str, expected: tuple[int, int]) -> None:
    assert parse_shard(text) == expected


@pytest.mark.parametrize("text", ["0/2", "3/2", "2", "a/b", "1/2/3", "-1/2"])
def test_bad_shard(text: str) -> None:
    with pytest.raises(ValueError, match="--shard"):
        parse_shard(text)


def test_planted_pytest_configuration_is_noted(tmp_path: Path, course: Course) -> None:
    for name in ("pytest.ini", "tox.ini", "setup.cfg", "pyproject.toml", ".pytest.ini"):
        (tmp_path / name).write_text("[pytest]\naddopts = -p evil\n")
    notes = load_submission(tmp_path).notes([e.id for e in course.exercises], [])
    for name in ("pytest.ini", "tox.ini", "setup.cfg", "pyproject.toml", ".pytest.ini"):
        assert f"ignored {name}: pytest's configuration comes from the grader" in "\n".join(
            notes), name


def test_a_symlinked_learner_folder_is_noted_never_followed(tmp_path: Path,
                                                            course: Course) -> None:
    roster = tmp_path / "roster"
    (roster / "ann").mkdir(parents=True)
    (roster / "ann" / "answers.yaml").write_text("mini-predict: [None, 'True', RuntimeError]\n")
    (roster / "ben").symlink_to(roster / "ann")
    found = {s.learner: s for s in find_submissions(roster).submissions}
    assert set(found) == {"ann", "ben"}
    ben = found["ben"]
    work = ben.work_for(course.get("mini-predict"))
    assert work.status == "error" and "symbolic link" in work.reason
    assert ben.notes([], []) == [work.reason]


def test_a_learner_id_is_printable_whatever_the_folder_name(tmp_path: Path) -> None:
    roster = os.fsencode(tmp_path)
    for name in (b"ok", b"bad-\xff", b"esc-\x1b]0;x\x07"):
        os.makedirs(roster + b"/" + name)
    ids = sorted(s.learner for s in find_submissions(tmp_path).submissions)
    assert ids == ["bad-\\xff", "esc-\\x1b]0;x\\x07", "ok"]


def test_learner_ids_stay_unique_when_names_print_alike(tmp_path: Path) -> None:
    for name in (b"a\x1b", b"a\\x1b"):
        os.makedirs(os.fsencode(tmp_path) + b"/" + name)
    ids = sorted(s.learner for s in find_submissions(tmp_path).submissions)
    assert len(set(ids)) == 2 and ids[0] == "a\\x1b"


def test_an_unreadable_learner_folder_is_that_learners_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gradtutor.classroom import submissions

    for name in ("ann", "ben"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "answers.yaml").write_text("x: 1\n")
    real = submissions.load_submission

    def load(path: Path, learner: str | None = None) -> Submission:
        if path.name == "ben":  # as a chmod 000 folder does for a user other than root
            raise PermissionError(13, "Permission denied")
        return real(path, learner)

    monkeypatch.setattr(submissions, "load_submission", load)
    found = {s.learner: s for s in find_submissions(tmp_path).submissions}
    assert set(found) == {"ann", "ben"} and not found["ann"].refused
    assert found["ben"].refused == "the learner folder ben cannot be read (Permission denied)"
