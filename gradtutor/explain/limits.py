"""The size cap on a learner's source file, for every command that analyses it in the parent.

The trusted parent parses and indexes a learner's program (explain, and check/grade through
the explanations of a failure). That work is linear (bench/explain_scale.py: a 10,000-line
file in well under 2 s of CPU), but a linear cost on an unbounded file is still unbounded: a
6.5 MB file once held the grader for minutes. A real learner program is a few hundred lines,
so the cap is generous and a file over it is almost surely generated or pasted by mistake.

Front ends (the CLI, the grader) call `check_source_size` before any work and show the fact it
raises; the explain core also refuses to analyse a source over the cap (it explains nothing
rather than spend unbounded time). Documented in docs/explain.md.
"""

from __future__ import annotations

from gradtutor.facts import Fact

MAX_SOURCE_BYTES = 1_000_000  # UTF-8 bytes of one learner file
MAX_SOURCE_LINES = 20_000


class SourceTooLarge(ValueError):
    """A learner file over the cap. `fact` says which file, how large, and what to do."""

    def __init__(self, fact: Fact) -> None:
        super().__init__(f"{fact.fields.get('file')}: source file too large")
        self.fact = fact


def over_cap(source: str) -> bool:
    # len(source) <= bytes <= 4 * len(source): the exact byte count only near the limit.
    if len(source) > MAX_SOURCE_BYTES or source.count("\n") >= MAX_SOURCE_LINES:
        return True
    return 4 * len(source) > MAX_SOURCE_BYTES and \
        len(source.encode("utf-8", "surrogatepass")) > MAX_SOURCE_BYTES


def file_too_large(filename: str, size: int) -> SourceTooLarge | None:
    """For a file whose size on disk is known before reading it: the error when it is over
    the byte cap (front ends check this first, so a huge file is never read)."""
    if size <= MAX_SOURCE_BYTES:
        return None
    return SourceTooLarge(Fact.of("explain.source_too_large_bytes", file=filename, size=size,
                                  max_bytes=MAX_SOURCE_BYTES))


def check_source_size(source: str, filename: str) -> None:
    """Raise SourceTooLarge when `source` is over the cap (by bytes or by lines)."""
    if not over_cap(source):
        return
    size = len(source.encode("utf-8", "surrogatepass"))
    raise SourceTooLarge(Fact.of(
        "explain.source_too_large", file=filename, size=size, lines=source.count("\n") + 1,
        max_bytes=MAX_SOURCE_BYTES, max_lines=MAX_SOURCE_LINES))
