"""JUnit XML: one <testsuite> per learner, one <testcase> per question or check.

Mapping (docs/grading.md): pass → a bare testcase; fail, missing and error (the learner's
work could not run) → <failure type="fail|missing|error">, they are the learner's; internal
(gradtutor failed) → <error type="internal">, it is the grader's. Scores go in each suite's
<properties>, which every JUnit consumer accepts.
"""

from __future__ import annotations

import socket
import time
import xml.etree.ElementTree as ET

from gradtutor.reports.model import GradeReport, ItemResult, LearnerResult
from gradtutor.views.escape import xml

MAX_TEXT = 4000  # per message: a giant learner value must not blow up the report


def xml_text(text: str, limit: int = MAX_TEXT) -> str:
    """Learner text for an element or attribute: inert (views/escape.py) and cut."""
    return xml(text, limit)


def _num(x: float) -> str:
    return f"{x:g}"


def testcase_name(exercise_id: str, item: ItemResult) -> str:
    return f"{exercise_id}::{item.name}"


def _suite(learner: LearnerResult, timestamp: str, host: str) -> ET.Element:
    items = [(e, i) for e in learner.exercises for i in e.items]
    failures = sum(i.status in ("fail", "missing", "error") for _, i in items)
    errors = sum(i.status == "internal" for _, i in items)
    seconds = sum(e.duration_ms for e in learner.exercises) / 1000
    suite = ET.Element("testsuite", {
        "name": xml_text(learner.learner, 500), "tests": str(len(items)),
        "failures": str(failures), "errors": str(errors), "skipped": "0",
        "time": f"{seconds:.3f}", "timestamp": timestamp, "hostname": host,
    })
    props = ET.SubElement(suite, "properties")
    for name, value in (("learner", learner.learner), ("score", _num(learner.score)),
                        ("max_score", _num(learner.max_score)), ("status", learner.status)):
        ET.SubElement(props, "property", {"name": name, "value": xml_text(value)})
    for ex in learner.exercises:
        per_item = ex.duration_ms / 1000 / max(1, len(ex.items))
        for item in ex.items:
            case = ET.SubElement(suite, "testcase", {
                "classname": xml_text(f"{learner.learner}.{ex.exercise_id}", 500),
                "name": xml_text(testcase_name(ex.exercise_id, item)),
                "time": f"{per_item:.3f}",
            })
            if item.status == "pass":
                continue
            tag = "error" if item.status == "internal" else "failure"
            head = f"{item.status}: {item.label}"
            el = ET.SubElement(case, tag, {"type": item.status,
                                           "message": xml_text(head.splitlines()[0], 500)})
            el.text = xml_text(f"{head}\n{item.message}\n(points: 0/{_num(item.points)})")
    if learner.notes:
        ET.SubElement(suite, "system-out").text = xml_text("\n".join(learner.notes))
    return suite


def to_junit_xml(report: GradeReport) -> str:
    timestamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(report.started))
    host = socket.gethostname()
    suites = [_suite(learner, timestamp, host) for learner in report.learners]
    root = ET.Element("testsuites", {
        "name": "gradtutor",
        "tests": str(sum(int(s.get("tests", 0)) for s in suites)),
        "failures": str(sum(int(s.get("failures", 0)) for s in suites)),
        "errors": str(sum(int(s.get("errors", 0)) for s in suites)),
        "time": f"{report.duration_s:.3f}",
    })
    root.extend(suites)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
