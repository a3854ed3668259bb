"""The answer-reading rules, one set for every kind of question (docs/comparison.md).

What a learner types goes through `read_prediction`: full-width IME input is normalised (NFKC
and CJK punctuation), the text is parsed without eval (`parse_prediction`), and exception
names are read case-insensitively, with a did-you-mean for a near miss. `yes`/`no`/`是`/`否`
are not values: the learner is asked to answer True or False. Learner text is untrusted:
everything here is linear in its length.
"""

from __future__ import annotations

import builtins
import difflib
import unicodedata

from gradtutor.compare.parse import MAX_LENGTH, PredictionError, parse_prediction
from gradtutor.compare.values import Value
from gradtutor.facts import Fact

# CJK punctuation NFKC leaves alone, read as the ASCII a learner meant.
_CJK_PUNCTUATION = str.maketrans({
    "。": ".", "、": ",", "｡": ".", "､": ",", "「": '"', "」": '"', "『": '"', "』": '"',
    "“": '"', "”": '"', "‘": "'", "’": "'", "【": "[", "】": "]", "〔": "(", "〕": ")",
    "\u200b": "", "\ufeff": "",  # zero-width space and BOM, pasted along with text
})
# Words that answer a yes/no question, which no question here asks: say what to write.
_YES_NO = frozenset({"yes", "no", "y", "n", "是", "否", "是的", "不是"})
# The answer "no error" to an error question.
NO_ERROR = frozenset({"none", "no error", "nothing", "no exception", "没有错误", "没有异常",
                      "无", "没有"})
# Exception classes a learner may name: Python's own and torch's (named without importing it).
_TORCH_EXCEPTIONS = ("OutOfMemoryError", "AcceleratorError", "DeferredCudaCallError")
EXCEPTION_NAMES: frozenset[str] = frozenset(
    {name for name, obj in vars(builtins).items()
     if isinstance(obj, type) and issubclass(obj, BaseException)} | set(_TORCH_EXCEPTIONS)
)
_BY_LOWER = {name.lower(): name for name in EXCEPTION_NAMES}
_EXCEPTION_SUFFIXES = ("error", "exception", "warning", "exit", "interrupt")


def normalise_answer(text: str) -> str:
    """Full-width IME input as ASCII: NFKC (`Ｔｒｕｅ` -> `True`, `，` -> `,`) plus the CJK
    punctuation NFKC keeps (`。` -> `.`)."""
    if len(text) > MAX_LENGTH:
        return text  # the parser refuses it with a clear message; do no work on it here
    return unicodedata.normalize("NFKC", text).translate(_CJK_PUNCTUATION)


def _bare(text: str) -> str:
    return text.strip().rstrip(".!?").strip().lower()


def is_yes_no(text: str) -> bool:
    return _bare(normalise_answer(text)) in _YES_NO


def says_no_error(text: str) -> bool:
    return _bare(normalise_answer(text)) in NO_ERROR


def canonical_exception(name: str) -> tuple[str, str | None]:
    """(the name as Python spells it, a did-you-mean suggestion or None).

    `runtimeerror` is RuntimeError; `RuntimError` is unknown, with RuntimeError suggested.
    A dotted prefix (`torch.`) is kept.
    """
    head, _, last = name.rpartition(".")
    known = _BY_LOWER.get(last.lower())
    if known is not None:
        if last.lower() in _EXCEPTION_SUFFIXES and last != known:
            return name, None  # `warning` or `exception` may be a plain word
        return (f"{head}.{known}" if head else known), None
    # A near miss of an exception's name; names that look like exceptions get a looser match.
    cutoff = 0.75 if last.lower().endswith(_EXCEPTION_SUFFIXES) else 0.85
    close = difflib.get_close_matches(last.lower(), list(_BY_LOWER), n=1, cutoff=cutoff)
    return name, (_BY_LOWER[close[0]] if close else None)


def read_prediction(text: str, *, error_question: bool = False) -> Value:
    """Read a learner's answer into a typed value by the one set of rules.

    Raises PredictionError (the answer is unreadable, which never counts as a try).
    """
    normal = normalise_answer(text)
    if _bare(normal) in _YES_NO:
        if error_question:
            raise PredictionError(Fact("compare.parse.name_exception"), 0)
        raise PredictionError(Fact("compare.parse.yes_no"), 0)
    if error_question and _bare(normal) in NO_ERROR:
        return {"kind": "none"}
    value = parse_prediction(normal)
    return _exception_names(value, error_question)


def _exception_names(value: Value, error_question: bool) -> Value:
    kind = value["kind"]
    if kind not in ("type", "error"):
        return value
    field = "name" if kind == "type" else "type"
    name, suggestion = canonical_exception(value[field])
    if suggestion is not None:
        raise PredictionError(Fact.of("compare.parse.did_you_mean", name=value[field],
                                      suggestion=suggestion), 0)
    return {**value, field: name}
