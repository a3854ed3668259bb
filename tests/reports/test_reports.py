"""Results and every report format, from synthetic verdicts (no sandbox)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gradtutor.classroom.submissions import Work
from gradtutor.course.model import Course
from gradtutor.grading.verdict import Outcome, Verdict
from gradtutor.reports import (
    SCHEMA,
    STATUSES,
    GradeReport,
    LearnerResult,
    exercise_result,
    to_gradescope,
    to_json_report,
    to_junit_xml,
    to_markdown,
)
from gradtutor.reports.markdown import MAX_BYTES

TENSOR = {"kind": "tensor", "dtype": "float32", "shape": [3], "values": [2.0, 2.0, 2.0],
          "requires_grad": False, "is_leaf": True, "grad_fn": None, "grad_is_none": True,
          "retains_grad": False, "is_parameter": False, "truncated": False}


def ready(ex_id: str, file: str = "x.py") -> Work:
    return Work(ex_id, "ready", file, work="")


def code_verdict(course: Course, oks: list[bool], status: str = "") -> Verdict:
    ex = course.get("mini-code")
    outcomes = [
        Outcome(i, c.expr, ok, expected=None if c.hidden else TENSOR,
                got=None if c.hidden or ok else {"kind": "none"},
                differences=[] if ok else [f"check {i} differs: expected 1, got 2"],
                hidden=c.hidden, points=c.points, expr=c.expr)
        for i, (c, ok) in enumerate(zip(ex.checks, oks, strict=True))
    ]
    return Verdict("mini-code", "code", status or ("pass" if all(oks) else "fail"),
                   "" if all(oks) else "some checks failed", outcomes)


@pytest.fixture
def class_report(weighted_course: Course) -> GradeReport:
    """Four learners covering every status, in the weighted course."""
    code = weighted_course.get("mini-code")
    predict = weighted_course.get("mini-predict")
    pass_code = exercise_result(code, ready("mini-code"), code_verdict(weighted_course,
                                                                       [True, True, True]))
    fail_hidden = exercise_result(code, ready("mini-code"),
                                  code_verdict(weighted_course, [True, True, False]))
    missing = exercise_result(predict, Work("mini-predict", "missing", "answers.yaml",
                                            reason="answers.yaml not submitted"), None)
    error = exercise_result(code, ready("mini-code"),
                            Verdict("mini-code", "code", "error", "your code has a SyntaxError"))
    internal = exercise_result(code, ready("mini-code"),
                               Verdict("mini-code", "code", "internal", "reference failed"))
    learners = [
        LearnerResult("ann", "/r/ann", [pass_code]),
        LearnerResult("ben|<b>", "/r/ben", [fail_hidden, missing], notes=["ignored solutions/"]),
        LearnerResult("cat", "/r/cat", [error]),
        LearnerResult("dan", "/r/dan", [internal]),
    ]
    return GradeReport(learners, [predict, code], course_title="Mini", torch_version="2.13.0",
                       gradtutor_version="0.1.0", duration_s=1.5)


# ----------------------------------------------------------------------------- results


def test_weights_and_partial_credit(weighted_course: Course) -> None:
    code = weighted_course.get("mini-code")
    r = exercise_result(code, ready("mini-code"),
                        code_verdict(weighted_course, [False, True, True]))
    assert r.status == "fail"
    assert [(i.status, i.points, i.score) for i in r.items] == [
        ("fail", 2.0, 0.0), ("pass", 1.0, 1.0), ("pass", 3.0, 3.0)]
    assert (r.score, r.max_score) == (4.0, 6.0) and r.hidden_checks == 1


@pytest.mark.parametrize("work_status, verdict_status", [
    ("missing", None), ("error", None), ("ready", "error"), ("ready", "internal")])
def test_every_item_exists_whatever_happened(
    weighted_course: Course, work_status: str, verdict_status: str | None
) -> None:
    code = weighted_course.get("mini-code")
    work = Work("mini-code", work_status, "mini-code.py", "" if work_status == "ready" else None,
                reason="why not")  # type: ignore[arg-type]
    verdict = Verdict("mini-code", "code", verdict_status, "it broke") if verdict_status \
        else None  # type: ignore[arg-type]
    r = exercise_result(code, work, verdict)
    expected = verdict_status or work_status
    assert r.status == expected
    assert [i.status for i in r.items] == [expected] * 3, "an item per check, none a pass"
    assert r.score == 0 and r.max_score == 6.0
    assert all(i.message for i in r.items)


def test_a_pass_that_misses_a_check_is_never_a_silent_pass(weighted_course: Course) -> None:
    code = weighted_course.get("mini-code")
    verdict = code_verdict(weighted_course, [True, True, True])
    verdict.outcomes.pop()
    r = exercise_result(code, ready("mini-code"), verdict)
    assert r.status == "internal" and r.score == 0
    assert {i.status for i in r.items} == {"internal"}


def test_hidden_check_shows_neither_expression_nor_values(weighted_course: Course) -> None:
    code = weighted_course.get("mini-code")
    r = exercise_result(code, ready("mini-code"),
                        code_verdict(weighted_course, [True, True, False]))
    hidden = r.items[2]
    assert hidden.hidden and hidden.status == "fail"
    assert hidden.label == "hidden check 3"
    assert "scale" not in hidden.message and "expected" not in hidden.message
    assert hidden.expected is None and hidden.got is None


def test_learner_status_is_the_worst(class_report: GradeReport) -> None:
    assert [x.status for x in class_report.learners] == ["pass", "fail", "error", "internal"]
    assert class_report.status == "internal"
    ben = class_report.learners[1]
    assert (ben.score, ben.max_score) == (3.0, 6.0 + 3.0)


# ----------------------------------------------------------------------------- JUnit XML


def test_junit_is_valid_and_maps_statuses(class_report: GradeReport, tmp_path: Path) -> None:
    junitparser = pytest.importorskip("junitparser")
    path = tmp_path / "junit.xml"
    path.write_text(to_junit_xml(class_report), encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    suites = {s.name: s for s in xml}
    assert list(suites) == ["ann", "ben|<b>", "cat", "dan"]
    ann, ben, cat, dan = suites.values()
    assert (ann.tests, ann.failures, ann.errors) == (3, 0, 0)
    assert (ben.tests, ben.failures, ben.errors) == (6, 4, 0)
    assert (cat.failures, cat.errors) == (3, 0), "the learner's broken code is a failure"
    assert (dan.failures, dan.errors) == (0, 3), "gradtutor's own failure is an error"
    kinds = {(c.name, type(r).__name__, r.type) for c in ben for r in c.result}
    assert ("mini-code::check3", "Failure", "fail") in kinds
    assert ("mini-predict::q1", "Failure", "missing") in kinds
    assert {p.name: p.value for p in ben.properties()} == {
        "learner": "ben|<b>", "score": "3", "max_score": "9", "status": "fail"}
    assert all(c.classname == "ann.mini-code" for c in ann)
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites" and root.get("tests") == "15"
    assert root.get("failures") == "7" and root.get("errors") == "3"


def test_junit_survives_any_learner_text(weighted_course: Course, tmp_path: Path) -> None:
    code = weighted_course.get("mini-code")
    verdict = code_verdict(weighted_course, [False, True, True])
    verdict.outcomes[0].differences = ["bad \x00\x1b[31m bytes \ud800 and ]]> <x/> & " + "y" * 9000]
    r = exercise_result(code, ready("mini-code"), verdict)
    report = GradeReport([LearnerResult("l\x07", "/r", [r])], [code])
    text = to_junit_xml(report)
    root = ET.fromstring(text.encode("utf-8"))  # well-formed XML 1.0
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None and "]]> <x/> &" in (failure.text or "")
    assert len(failure.text or "") <= 4000


# ----------------------------------------------------------------------------- JSON


def test_json_report_schema(class_report: GradeReport) -> None:
    data = json.loads(json.dumps(to_json_report(class_report)))
    assert data["schema"] == SCHEMA == "gradtutor-grade/1"
    assert set(data) == {"schema", "gradtutor", "torch", "started", "duration_s", "shard",
                         "course", "summary", "class", "learners"}
    assert data["course"]["exercises"] == [
        {"id": "mini-predict", "kind": "predict", "max_score": 3.0},
        {"id": "mini-code", "kind": "code", "max_score": 6.0}]
    summary = data["summary"]
    assert summary == {"status": "internal", "learners": 4, "passed": 1, "score": 9.0,
                       "max_score": 27.0,
                       "exercises": {"pass": 1, "fail": 1, "missing": 1, "error": 1,
                                     "internal": 1}}
    ben = data["learners"][1]
    assert set(ben) == {"learner", "path", "status", "score", "max_score", "counts", "notes",
                        "exercises"}
    assert set(ben["counts"]) == set(STATUSES)
    assert ben["notes"] == ["ignored solutions/"]
    ex = ben["exercises"][0]
    assert set(ex) == {"id", "kind", "title", "status", "reason", "file", "score", "max_score",
                       "hidden_checks", "duration_ms", "items"}
    item = ex["items"][0]
    assert set(item) == {"name", "index", "label", "status", "points", "score", "hidden",
                         "message", "expected", "got"}
    assert item["expected"] == TENSOR
    assert ex["items"][2]["expected"] is None and ex["items"][2]["label"] == "hidden check 3"


# ----------------------------------------------------------------------------- Gradescope


def test_gradescope_output_without_hidden_checks_is_the_whole_score(
    class_report: GradeReport,
) -> None:
    cat = class_report.learners[2]  # an error: its hidden check never ran, nothing to hide
    data = to_gradescope(cat)
    assert data["output"].startswith("Score: 0/6\n\n- mini-code: error (0/6): your code has")
    assert "hidden" not in data["output"]


def test_gradescope_results(class_report: GradeReport) -> None:
    ben = class_report.learners[1]
    data = json.loads(json.dumps(to_gradescope(ben, 12.4)))
    assert data["score"] == 3.0 and data["execution_time"] == 12
    assert data["visibility"] == "visible" and data["stdout_visibility"] == "hidden"
    # ben passed every visible check of mini-code and failed its hidden one: the visible
    # output must not give that away before the due date (Gradescope hides the test itself).
    assert data["output_format"] == "text"
    assert data["output"].startswith("Score on visible tests: 3/6 (hidden checks worth 3 "
                                     "point(s) are shown after the due date)")
    assert "- mini-code: pass (3/3)\n  (+ 1 hidden check(s), 3 point(s): results shown after " \
           "the due date)" in data["output"]
    assert "3/9" not in data["output"] and "fail (3/6)" not in data["output"]
    assert "Note: ignored solutions/" in data["output"]
    tests = data["tests"]
    assert len(tests) == 6
    for t in tests:
        assert set(t) >= {"name", "score", "max_score", "status", "output", "visibility"}
        assert t["status"] in ("passed", "failed")
        assert t["visibility"] in ("visible", "hidden", "after_due_date", "after_published")
        assert isinstance(t["score"], float) and t["score"] <= t["max_score"]
    assert sum(t["score"] for t in tests) == data["score"]
    assert sum(t["max_score"] for t in tests) == data["extra_data"]["max_score"] == 9.0
    hidden = tests[2]
    assert hidden["visibility"] == "after_due_date" and hidden["status"] == "failed"
    assert "scale" not in hidden["name"] + hidden["output"]
    assert [t["number"] for t in tests] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]


# ----------------------------------------------------------------------------- Markdown


def test_markdown_summary_of_a_class(class_report: GradeReport) -> None:
    md = to_markdown(class_report)
    lines = md.splitlines()
    assert lines[0].startswith("## gradtutor:") and "1/4 learner(s) passed" in lines[0]
    header = lines.index("| learner | status | score | pass | fail | missing | error | "
                         "internal |")
    rows = lines[header + 2: header + 6]
    assert all(r.count(" | ") == 7 for r in rows), rows  # pipes in names are escaped
    assert r"ben\|&lt;b&gt;" in md and "<b>" not in md
    assert md.count("<details>") == 3 == md.count("</details>"), "passing learners fold away"
    assert "hidden check 3" in md
    # Notes are a list: consecutive "> " lines would render as one run-on paragraph.
    assert "\nNotes:\n\n- ignored solutions/\n" in md


def test_markdown_of_one_learner_lists_exercises(class_report: GradeReport) -> None:
    report = GradeReport([class_report.learners[1]], class_report.exercises)
    md = to_markdown(report)
    assert "| exercise | status | score | what happened |" in md
    assert "`mini-predict` | ⬜ missing | 0/3 | answers.yaml not submitted" in md


def test_markdown_fits_a_step_summary(weighted_course: Course) -> None:
    code = weighted_course.get("mini-code")
    r = exercise_result(code, ready("mini-code"),
                        code_verdict(weighted_course, [False, False, True]))
    r.items[0].message = "x" * 5000
    learners = [LearnerResult(f"learner-{i:05d}", "/r", [r]) for i in range(4000)]
    md = to_markdown(GradeReport(learners, [code]))
    assert len(md.encode()) < 1_000_000 and len(md.encode()) > MAX_BYTES // 2
    assert "Details cut to fit" in md


def test_markdown_of_an_empty_shard() -> None:
    assert "No submissions to grade." in to_markdown(GradeReport([], []))


# ----------------------------------------------------------------------------- found by the
# acceptance trial (a hand-written roster): regressions


def test_predict_exercises_take_no_learner_time(weighted_course: Course) -> None:
    # The snippet runs once for the class and its run was counted only on a pass: 40 ms for
    # alice, 0 for bob. A predict exercise has no runs of the learner's.
    predict = weighted_course.get("mini-predict")
    ok = [Outcome(i, "q", True) for i in range(3)]
    verdict = Verdict("mini-predict", "predict", "pass", "", ok,
                      observations=[{"duration_ms": 40.0}])
    assert exercise_result(predict, ready("mini-predict", "answers.yaml"), verdict) \
        .duration_ms == 0.0
    code = weighted_course.get("mini-code")
    verdict = code_verdict(weighted_course, [True, True, True])
    verdict.observations = [{"duration_ms": 20.0}, {"duration_ms": 22.5}]
    assert exercise_result(code, ready("mini-code"), verdict).duration_ms == 42.5


def test_reason_is_one_line(weighted_course: Course) -> None:
    # A learner's exception message is theirs: many lines, any text.
    code = weighted_course.get("mini-code")
    verdict = code_verdict(weighted_course, [False, True, True])
    verdict.reason = "1 of 3 checks failed; your code raised RuntimeError on line 5: boom\n" \
                     "::error::forged\n" + "x" * 1000
    r = exercise_result(code, ready("mini-code"), verdict)
    assert "\n" not in r.reason and len(r.reason) <= 300
    assert r.reason.startswith("1 of 3 checks failed; your code raised RuntimeError on line 5: "
                               "boom ::error::forged x")


def test_learner_text_is_no_workflow_command_in_the_log(weighted_course: Course) -> None:
    from gradtutor.cli.cmd_grade import render_learner
    from gradtutor.env import Environment
    from gradtutor.views.escape import ci_safe

    assert ci_safe("a\n  ::error::x\n::add-mask::y\n##[group]z\nok: ::fine") == \
        "a\n  : :error::x\n: :add-mask::y\n# #[group]z\nok: ::fine"
    code = weighted_course.get("mini-code")
    verdict = code_verdict(weighted_course, [False, True, True])
    verdict.reason = "your code raised RuntimeError: boom\n::notice::all passed"
    verdict.outcomes[0].differences = ["differs\n    ::error title=grader::PASS"]
    learner = LearnerResult("eve", "/r/eve", [exercise_result(code, ready("mini-code"), verdict)])
    env = Environment(colors=False, lang="en")
    for details in (False, True):
        text = render_learner(env, learner, details)
        assert "all passed" in text and ("PASS" in text) == details
        assert not any(ln.lstrip().startswith("::") or "##[" in ln for ln in text.splitlines())


def test_markdown_shows_values_verbatim_and_learner_text_inert(weighted_course: Course) -> None:
    code = weighted_course.get("mini-code")
    verdict = code_verdict(weighted_course, [False, True, True])
    r = exercise_result(code, ready("mini-code"), verdict)
    r.items[0].message = ("expected a tensor, got a list\n"
                          "reference: tensor([[ 0.0054, -0.0168],\n"
                          "        [ 0.0088, -0.0156]])\n"
                          "yours:     ['```', '</details>', '[x](https://e.example)']\n"
                          "Call **loss.backward()** [here](https://e.example).")
    md = to_markdown(GradeReport([LearnerResult("ann", "/r", [r])], [code]))
    item = md[md.index("- `mini-code` check1"):]
    lines = item.splitlines()
    assert lines[0] == "- `mini-code` check1 (gradient of w): expected a tensor, got a list"
    fence = lines[2].strip()[: -len("text")]
    assert lines[2] == f"  {fence}text" and len(fence) >= 4, "longer than any ``` inside"
    assert lines[3:6] == ["  reference: tensor([[ 0.0054, -0.0168],",
                          "          [ 0.0088, -0.0156]])",
                          "  yours:     ['```', '</details>', '[x](https://e.example)']"]
    assert lines[6] == f"  {fence}"
    assert lines[8] == r"  Call \*\*loss.backward()\*\* \[here\](https\://e.example)."
    assert md.count("</details>") == 1, "one learner: no <details> of ours; theirs is in code"


def test_notes_are_capped_per_learner() -> None:
    from gradtutor.reports.model import MAX_NOTES, cap_notes

    notes = cap_notes([f"answers.yaml:{i}: no exercise 'k{i}' " + "x" * 900
                       for i in range(300_000)])
    assert len(notes) == MAX_NOTES + 1 and all(len(n) <= 300 for n in notes)
    assert notes[-1].startswith(f"... and {300_000 - MAX_NOTES} more note(s)")
    assert cap_notes(["a\nb", "c"]) == ["a b", "c"]


def test_a_huge_value_is_omitted_from_the_json_report(weighted_course: Course) -> None:
    from gradtutor.reports.json_report import MAX_VALUE_CHARS

    code = weighted_course.get("mini-code")
    r = exercise_result(code, ready("mini-code"), code_verdict(weighted_course,
                                                               [False, True, True]))
    big = {"kind": "list", "items": [{"kind": "str", "value": "x" * 1000}] * 100}
    r.items[0].got = big
    r.items[0].expected = TENSOR
    item = to_json_report(GradeReport([LearnerResult("ann", "/r", [r])], [code]))[
        "learners"][0]["exercises"][0]["items"][0]
    assert item["got"] == {"kind": "omitted", "reason": "too large for the report",
                           "chars": len(json.dumps(big))}
    assert item["expected"] == TENSOR and len(json.dumps(big)) > MAX_VALUE_CHARS


def test_one_learners_markdown_fits_a_step_summary_too() -> None:
    from gradtutor.reports import ExerciseResult, ItemResult

    values = "\n".join(["yours: tensor(["] + ["  " + "1., " * 100] * 30 + ["])"])
    items = [ItemResult(i, f"check{i + 1}", "x" * 200, "fail", 1.0, 0.0,
                        message=f"{'why ' * 80}\n{values}") for i in range(1000)]
    ex = ExerciseResult("mini-code", "code", "t", "fail", "r", "mini-code.py", items)
    md = to_markdown(GradeReport([LearnerResult("ann", "/r", [ex])], []))
    assert MAX_BYTES // 2 < len(md.encode()) < 1_000_000
    assert md.endswith("_Details cut to fit the step summary; see the JSON report._\n")
    assert md.count("```") % 2 == 0, "no code block left open"
