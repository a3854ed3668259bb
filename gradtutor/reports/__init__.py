"""Writing what grading a class found: JUnit XML, our JSON, Gradescope, Markdown.

    results = grade_submissions(roster.submissions, exercises, sandbox)  # gradtutor.classroom
    report = GradeReport(results, exercises)
    Path("junit.xml").write_text(to_junit_xml(report), encoding="utf-8")

Every writer is a pure function of a `GradeReport`; formats are documented in docs/grading.md.
"""

from gradtutor.reports.gradescope import to_gradescope
from gradtutor.reports.json_report import SCHEMA, to_json_report
from gradtutor.reports.junit import to_junit_xml
from gradtutor.reports.markdown import to_markdown
from gradtutor.reports.model import (
    STATUSES,
    ExerciseResult,
    GradeReport,
    ItemResult,
    LearnerResult,
    Status,
    exercise_result,
)

__all__ = [
    "SCHEMA",
    "STATUSES",
    "ExerciseResult",
    "GradeReport",
    "ItemResult",
    "LearnerResult",
    "Status",
    "exercise_result",
    "to_gradescope",
    "to_json_report",
    "to_junit_xml",
    "to_markdown",
]
