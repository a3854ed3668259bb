"""Parent side of the memory view: the sandbox request and decoding (the text report is drawn
by gradtutor.views.explanation).

`memory_request(source, filename)` builds the RunRequest that runs memory.py's driver in the
sandbox (its source as the job code; the learner's program travels in the inputs). The result
is untrusted plain data, validated by `memory_from_values`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from gradtutor.explain.wire import WireError, plain
from gradtutor.sandbox import RunRequest

_DRIVER = resources.files("gradtutor.explain").joinpath("memory.py").read_text("utf-8")
RESULT_NAME = "__gradtutor_memory__"
MEMORY_EXPRESSION = RESULT_NAME


def memory_request(source: str, filename: str = "submission.py",
                   timeout_s: float = 10.0) -> RunRequest:
    """The learner's program runs twice in this request, hence the longer default timeout."""
    code = (_DRIVER + f"\n{RESULT_NAME} = run_counting(__gradtutor_source__, "
            "__gradtutor_filename__)\n")
    return RunRequest(code=code, filename="<gradtutor memory>", expressions=(MEMORY_EXPRESSION,),
                      inputs={"__gradtutor_source__": source,
                              "__gradtutor_filename__": filename},
                      timeout_s=timeout_s)


@dataclass(frozen=True)
class Counts:
    total: int
    activation: int
    count: int
    by_line: tuple[tuple[int, int, int, int], ...]  # (line, bytes, tensors, activation bytes)
    error: str | None
    error_line: int | None

    def on_lines(self, start: int, end: int) -> tuple[int, int, int]:
        """(new bytes, tensors, activation bytes) saved by lines start..end."""
        rows = [r for r in self.by_line if start <= r[0] <= end]
        return sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows)


@dataclass(frozen=True)
class MemoryReport:
    actual: Counts | None
    without_no_grad: Counts | None
    blocks: tuple[tuple[int, int], ...]  # with-blocks that were switched to enable_grad
    syntax_error: str | None = None


class MemoryError_(ValueError):
    """The driver's result is missing or malformed."""


def _int(x: Any) -> int:
    if isinstance(x, bool) or not isinstance(x, int) or x < 0:
        raise MemoryError_("expected a non-negative int")
    return x


def _counts(d: Any) -> Counts | None:
    if d is None:
        return None
    if not isinstance(d, dict):
        raise MemoryError_("counts are not a dict")
    rows = d.get("by_line")
    if not isinstance(rows, list):
        raise MemoryError_("by_line is not a list")
    by_line = []
    for r in rows:
        if not isinstance(r, list) or len(r) != 4:
            raise MemoryError_("bad by_line row")
        by_line.append((_int(r[0]), _int(r[1]), _int(r[2]), _int(r[3])))
    err = d.get("error")
    err_line = d.get("error_line")
    return Counts(total=_int(d.get("total")), activation=_int(d.get("activation")),
                  count=_int(d.get("count")), by_line=tuple(by_line),
                  error=err if isinstance(err, str) else None,
                  error_line=_int(err_line) if err_line is not None else None)


def memory_from_plain(data: Any) -> MemoryReport:
    if not isinstance(data, dict) or data.get("version") != 1:
        raise MemoryError_("not a memory report")
    blocks = data.get("blocks")
    if not isinstance(blocks, list):
        raise MemoryError_("blocks is not a list")
    spans = []
    for b in blocks:
        if not isinstance(b, list) or len(b) != 2:
            raise MemoryError_("bad block")
        spans.append((_int(b[0]), _int(b[1])))
    se = data.get("syntax_error")
    return MemoryReport(actual=_counts(data.get("actual")),
                        without_no_grad=_counts(data.get("without_no_grad")),
                        blocks=tuple(spans), syntax_error=se if isinstance(se, str) else None)


def memory_from_values(values: Mapping[str, Any] | None) -> tuple[MemoryReport | None, str | None]:
    if not values or MEMORY_EXPRESSION not in values:
        return None, "the memory count did not run"
    value = values[MEMORY_EXPRESSION]
    if isinstance(value, dict) and value.get("kind") == "error":
        return None, f"the memory count failed: {value.get('type')}: {value.get('message')}"
    try:
        return memory_from_plain(plain(value)), None
    except (WireError, MemoryError_) as exc:
        return None, f"the memory count returned unusable data ({exc})"


def human_bytes(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1 << 20:
        return f"{n / 1024:.1f} KiB"
    if n < 1 << 30:
        return f"{n / (1 << 20):.1f} MiB"
    return f"{n / (1 << 30):.2f} GiB"
