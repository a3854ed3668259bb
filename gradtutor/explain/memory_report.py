"""Parent side of the memory view: the sandbox request, decoding, and the text report.

`memory_request(source, filename)` builds the RunRequest that runs memory.py's driver in the
sandbox (its source as the job code; the learner's program travels in the inputs). The result
is untrusted plain data, validated by `memory_from_values`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from gradtutor.explain.catalogue import L
from gradtutor.explain.names import Program
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


_M = {
    "head": L("Memory autograd saves for backward (counted with saved_tensors_hooks)",
              "autograd 为反向传播保存的内存(用 saved_tensors_hooks 统计)"),
    "total": L("total: {b} in {n} saved tensor(s)", "合计:{n} 个被保存的张量,共 {b}"),
    "act": L("activations (new memory kept alive only for backward): {b}",
             "中间结果(只为反向传播而保留的新内存):{b}"),
    "leaf": L("inputs and parameters (exist anyway, saved by reference): {b}",
              "输入和参数(本来就存在,只是被引用):{b}"),
    "by_line": L("by line:", "按行:"),
    "row": L("line {l:<4} {b:>10}  {n:>3} tensor(s)   {code}",
             "第 {l:<4} 行 {b:>10}  {n:>3} 个张量   {code}"),
    "nothing": L("Nothing was saved for backward: no operation was recorded by autograd.",
                 "没有为反向传播保存任何东西:autograd 没有记录任何运算。"),
    "block": L("`{code}` (lines {a}–{b}) saved {saved}. With grad enabled there, those lines "
               "would have saved {n} tensor(s) adding {would} ({act} of it activations; memory "
               "an earlier line already saved is not counted twice).",
               "`{code}`(第 {a}–{b} 行)保存了 {saved}。如果那里打开梯度,这些行会保存 {n} 个张量,"
               "新增 {would}(其中中间结果 {act};之前的行已保存过的内存不重复计算)。"),
    "whole": L("The whole program: {a} as written, {b} without the no_grad blocks "
               "({d} saved by them).",
               "整个程序:按原样运行保存 {a},去掉 no_grad 块后保存 {b}(no_grad 块省下了 {d})。"),
    "stopped": L("(counting stopped at line {l}: {e})", "(统计在第 {l} 行停止:{e})"),
    "stopped_cf": L("(the run with grad enabled stopped at line {l}: {e}; its numbers cover the "
                    "lines before that)",
                    "(打开梯度的那次运行在第 {l} 行停止:{e};它的数字只包括此前的行)"),
    "syntax": L("The program has a syntax error: {e}", "程序有语法错误:{e}"),
    "none_blocks": L("The program has no `with torch.no_grad():` or "
                     "`with torch.inference_mode():` block to compare with.",
                     "程序里没有可以比较的 `with torch.no_grad():` 或 "
                     "`with torch.inference_mode():` 块。"),
}


def _m(key: str, lang: str, **kw: Any) -> str:
    return _M[key].get(lang).format(**kw)


def _fill(text: str, lang: str, prefix: str = "  ") -> str:
    if lang.startswith("zh"):  # no spaces to break at; the terminal wraps Chinese
        return prefix + text
    return textwrap.fill(text, 92, initial_indent=prefix, subsequent_indent=prefix + "  ",
                         break_long_words=False, break_on_hyphens=False)


def render_memory(report: MemoryReport, program: Program | None = None, *, lang: str = "en",
                  color: bool = False) -> str:
    def bold(text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if color else text

    if report.syntax_error:
        return _m("syntax", lang, e=report.syntax_error)
    a = report.actual
    out = [bold(_m("head", lang))]
    if a is None:
        return "\n".join(out)
    if a.count == 0:
        out.append("  " + _m("nothing", lang))
    else:
        out.append("  " + _m("total", lang, b=human_bytes(a.total), n=a.count))
        out.append("    " + _m("act", lang, b=human_bytes(a.activation)))
        out.append("    " + _m("leaf", lang, b=human_bytes(a.total - a.activation)))
        out.append("  " + _m("by_line", lang))
        for line, size, n, _act in a.by_line:
            code = program.statement_code(line) if program is not None else ""
            out.append("    " + _m("row", lang, l=line, b=human_bytes(size), n=n, code=code))
    if a.error and a.error_line is not None:
        out.append("  " + _m("stopped", lang, l=a.error_line, e=a.error))
    w = report.without_no_grad
    if not report.blocks:
        out.append(_fill(_m("none_blocks", lang), lang))
    elif w is not None:
        for start, end in report.blocks:
            saved, _n, _a = a.on_lines(start, end)
            would, n, act = w.on_lines(start, end)
            code = program.statement_code(start) if program is not None else "with ...:"
            out.append(_fill(_m("block", lang, code=code, a=start, b=end,
                                saved=human_bytes(saved), would=human_bytes(would), n=n,
                                act=human_bytes(act)), lang))
        out.append(_fill(_m("whole", lang, a=human_bytes(a.total), b=human_bytes(w.total),
                            d=human_bytes(max(w.total - a.total, 0))), lang))
        if w.error and w.error_line is not None:
            out.append(_fill(_m("stopped_cf", lang, l=w.error_line, e=w.error), lang))
    return "\n".join(out)
