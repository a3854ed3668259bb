"""Each report channel runs an attacker's corpus of learner text through its writer: nothing
acts as a command, escape, link or markup, and every report stays valid (views/escape.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import cmarkgfm
import junitparser
import pytest
from cmarkgfm.cmark import Options

from gradtutor.cli.cmd_grade import render_learner
from gradtutor.env import Environment
from gradtutor.reports import (
    ExerciseResult,
    GradeReport,
    ItemResult,
    LearnerResult,
    to_gradescope,
    to_json_report,
    to_junit_xml,
    to_markdown,
)

CORPUS = [
    "\r::error file=a.py,line=1::forged annotation",
    "ok\n  ::add-mask::secret\n##[group]folded\r\n::stop-commands::x",
    "\x1b]0;owned\x07\x1b[2J\x1b[H\x1b[31mred\x1bc",
    "bell\x07 nul\x00 del\x7f nel\x85 csi\x9b31m",
    "\u202eevil\u202c \u2066iso\u2069 zero\u200bwidth line\u2028sep",
    "www.evil.example https://evil.example/x a@evil.example",
    "[x](https://evil.example) ![i](https://evil.example/i.png) <img src=x onerror=y>",
    "| pipe | </details> <script>alert(1)</script> `tick` *em* _u_",
    "non-UTF-8 name \udcff\udcfe",
]
RAW = ["\x1b", "\x07", "\x00", "\x7f", "\x85", "\x9b", "\u202e", "\u2066", "\u200b", "\u2028",
       "\r", "\udcff"]
TEXT = " ".join(CORPUS)


def _learner(name: str) -> LearnerResult:
    values = {"kind": "str", "value": TEXT}
    items = [ItemResult(0, "check1", TEXT, "fail", 1.0, 0.0, message=f"yours: {TEXT}\n{TEXT}",
                        expected=values, got=values),
             ItemResult(1, "check2", "ok", "pass", 1.0, 1.0)]
    ex = ExerciseResult("mini-code", "code", TEXT, "fail", TEXT, f"{TEXT}.py", items)
    return LearnerResult(name, f"/roster/{name}", [ex], notes=CORPUS)


@pytest.fixture(scope="module")
def report() -> GradeReport:
    return GradeReport([_learner(s) for s in CORPUS], [], course_title=TEXT, torch_version="2")


def _no_raw(text: str) -> None:
    assert not [ch for ch in RAW if ch in text]


def _no_commands(text: str) -> None:
    for line in text.splitlines():
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line


def test_terminal_and_ci_log(report: GradeReport) -> None:
    env = Environment(colors=True)
    for learner in report.learners:
        out = render_learner(env, learner, details=True)
        _no_commands(out)
        # Our own colours are the only escapes: remove them, and nothing raw is left.
        _no_raw(re.sub(r"\x1b\[[0-9;]*m", "", out))


def test_markdown(report: GradeReport) -> None:
    for rep in (report, GradeReport(report.learners[:1], [])):
        md = to_markdown(rep)
        _no_raw(md)
        html = cmarkgfm.github_flavored_markdown_to_html(md, options=Options.CMARK_OPT_UNSAFE)
        for tag in ("<a ", "<img", "<script", "<em>", "<del>"):  # (<strong> is ours)
            assert tag not in html, tag
        assert html.count("<details>") == html.count("</details>")


def test_junit(report: GradeReport, tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    path.write_text(to_junit_xml(report), encoding="utf-8")
    _no_raw(path.read_text(encoding="utf-8"))
    xml = junitparser.JUnitXml.fromfile(str(path))
    assert sum(1 for _ in xml) == len(CORPUS)


def test_json_and_gradescope(report: GradeReport) -> None:
    for data in (to_json_report(report), to_gradescope(report.learners[0])):
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
        _no_raw(text)
        assert json.loads(text) == data
