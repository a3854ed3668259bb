"""explain_observations on plain data (no sandbox): the contract grading relies on."""

from __future__ import annotations

import pytest

from gradtutor.explain import BY_KEY, ENTRIES, Explanation, explain_observations, match
from gradtutor.explain import builders as obs
from gradtutor.explain.catalogue import strip_torch_suffix
from gradtutor.sandbox import RunResult
from gradtutor.text import MESSAGES
from gradtutor.views.explanation import Parts, parts


def words(ex: Explanation, lang: str = "en") -> Parts:
    return parts(ex, lang)

GRAD_WARNING = BY_KEY["nonleaf_grad"].sample
assert GRAD_WARNING is not None

SRC = """import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 2
y.sum().backward()
print(y.grad)
"""


def warning(line: int | None, message: str = GRAD_WARNING, expr: str | None = None) -> dict:
    return {"category": "UserWarning", "message": message, "line": line, "expr": expr}


def test_result_as_json_dict() -> None:
    result = RunResult(status="ok", warnings=[warning(5)]).to_json()
    (ex,) = explain_observations(SRC, result)
    assert isinstance(ex, Explanation)
    assert (ex.key, ex.line, ex.variable, ex.kind) == ("nonleaf_grad", 5, "y", "warning")
    assert "`y` is computed on line 3 by `y = x * 2`" in words(ex).text
    assert "x.grad" in words(ex).fix and "y.retain_grad()" in words(ex).fix
    assert ex.to_json()["title"] == {"key": ex.title.key, "fields": {}}
    assert parts(ex.to_json(), "en") == words(ex)  # grading keeps the JSON form


def test_suffix_is_stripped_defensively() -> None:
    raw = GRAD_WARNING + " (Triggered internally at /__w/pytorch/aten/TensorBody.h:493.)"
    assert strip_torch_suffix(raw) == GRAD_WARNING
    (ex,) = explain_observations(SRC, RunResult(status="ok", warnings=[warning(5, raw)]))
    assert ex.message == GRAD_WARNING


def test_identical_warnings_in_a_loop_are_merged() -> None:
    src = SRC.replace("print(y.grad)", "for _ in range(3):\n    print(y.grad)")
    result = RunResult(status="ok", warnings=[warning(6)] * 3)
    (ex,) = explain_observations(src, result)
    assert ex.count == 3


def test_warning_from_a_graders_expression() -> None:
    """A check that evaluates `y.grad` is explained from the expression itself."""
    result = RunResult(status="ok", warnings=[warning(None, expr="y.grad")])
    (ex,) = explain_observations(SRC, result)
    assert ex.expr == "y.grad" and ex.variable == "y" and ex.line is None
    assert "`y = x * 2`" in words(ex).text


def test_unmatched_messages_only_on_request() -> None:
    result = RunResult(status="exception", exception={
        "type": "ZeroDivisionError", "message": "division by zero", "line": 2, "traceback": ""})
    assert explain_observations("x = 1 / 0\n", result) == []
    (ex,) = explain_observations("x = 1 / 0\n", result, include_unmatched=True)
    assert ex.key == "unknown" and words(ex).title == "ZeroDivisionError: division by zero"


def test_ambiguous_message_needs_its_construct() -> None:
    """'NoneType has no attribute' is explained only when the line reads t.grad.<attr>."""
    exc = {"type": "AttributeError", "message": "'NoneType' object has no attribute 'zero_'",
           "line": 2, "traceback": ""}
    other = "import torch\nresult = None.zero_()\n"
    assert explain_observations(other, RunResult(status="exception", exception=exc)) == []
    grad = "import torch\nx = torch.ones(2, requires_grad=True)\nx.grad.zero_()\n"
    exc["line"] = 3
    (ex,) = explain_observations(grad, RunResult(status="exception", exception=exc))
    assert ex.key == "grad_is_none" and ex.variable == "x"


def test_category_must_match() -> None:
    assert match(GRAD_WARNING, "UserWarning") is BY_KEY["nonleaf_grad"]
    assert match(GRAD_WARNING, "RuntimeError") is None
    assert match("something else entirely") is None


def test_every_pattern_matches_its_own_sample_and_no_other() -> None:
    for entry in ENTRIES:
        if entry.sample is None:
            continue
        assert match(entry.sample, entry.categories[0]) is entry, entry.key
        others = [e.key for e in ENTRIES if e is not entry and e.matches(entry.sample)]
        assert others == [], (entry.key, others)


def test_every_entry_is_translated_and_has_a_builder() -> None:
    for entry in ENTRIES:
        for fact in (entry.title, entry.text, entry.fix):
            en, zh = MESSAGES[fact.key]
            assert en and zh, entry.key
        if entry.kind != "silent":
            assert entry.key in obs.BUILDERS, entry.key
    title = BY_KEY["nonleaf_grad"].title
    assert parts_title(title, "fr") == parts_title(title, "en")


def parts_title(fact: object, lang: str) -> str:
    from gradtutor.views.explanation import render_fact

    return render_fact(fact, lang)


def test_a_failing_builder_falls_back_to_the_generic_text(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(c: obs.Ctx) -> obs.Specific:
        raise RuntimeError("bug in the analysis")

    monkeypatch.setitem(obs.BUILDERS, "nonleaf_grad", broken)
    (ex,) = explain_observations(SRC, RunResult(status="ok", warnings=[warning(5)]))
    assert ex.text == (BY_KEY["nonleaf_grad"].text,) and ex.variable is None
    assert words(ex).text == MESSAGES["explain.nonleaf_grad.text"][0]


def test_source_with_a_syntax_error_still_gets_generic_explanations() -> None:
    exc = {"type": "RuntimeError", "line": 3, "traceback": "",
           "message": "grad can be implicitly created only for scalar outputs"}
    (ex,) = explain_observations("x = (\n", RunResult(status="exception", exception=exc))
    assert ex.key == "nonscalar_backward" and ex.variable is None
    assert words(ex).fix == MESSAGES["explain.nonscalar_backward.fix"][0]


@pytest.mark.parametrize("result", [
    {"status": "ok", "warnings": "nope", "exception": 3},
    {"status": "ok", "warnings": [None, {"message": 5}, {"line": "x"}]},
    {"status": "exception", "exception": {"type": None, "message": None}},
    object(),
])
def test_malformed_results_do_not_crash(result: object) -> None:
    assert explain_observations(SRC, result) == []


def test_chinese_text_joins_without_spaces() -> None:
    (ex,) = explain_observations(SRC, RunResult(status="ok", warnings=[warning(5)]))
    zh = words(ex, "zh").text
    assert "。 " not in zh and "`y` 在第 3 行由 `y = x * 2` 计算得到" in zh


def test_sentences_end_in_the_learners_language() -> None:
    from gradtutor.views.explanation import sentence

    assert sentence("`x` was created on line 2", "en") == "`x` was created on line 2."
    assert sentence("no backward() ran", "en") == "No backward() ran."
    assert sentence("backward() walks the graph.", "en") == "backward() walks the graph."
    assert sentence("unbind, split and chunk", "en") == "unbind, split and chunk."
    assert sentence("`x` 在第 2 行创建", "zh") == "`x` 在第 2 行创建。"
    assert sentence("`y` done.", "zh") == "`y` done."


def test_a_source_over_the_size_cap_is_not_analysed() -> None:
    from gradtutor.explain.limits import MAX_SOURCE_LINES, SourceTooLarge, check_source_size

    source = "x = 1\n" * (MAX_SOURCE_LINES + 1)
    result = {"warnings": [], "exception": {"type": "RuntimeError", "line": 1, "message": (
        "element 0 of tensors does not require grad and does not have a grad_fn")},
        "values": {}}
    assert explain_observations(source, result) == []
    try:
        check_source_size(source, "big.py")
    except SourceTooLarge as exc:
        assert exc.fact.key == "explain.source_too_large"
        assert exc.fact.fields["file"] == "big.py"
    else:
        raise AssertionError("no error for a file over the cap")
    check_source_size("x = 1\n", "small.py")  # under the cap: nothing raised


@pytest.mark.parametrize("category, message", [
    ("AssertionError", "Torch not compiled with CUDA enabled"),  # CPU build
    ("RuntimeError", "Cannot access accelerator device when none is available."),  # CPU build
    ("RuntimeError", "No CUDA GPUs are available"),  # CUDA build, GPU hidden (seen on an H200)
    ("RuntimeError", "Cannot re-initialize CUDA in forked subprocess. To use CUDA with "
                     "multiprocessing, you must use the 'spawn' start method"),  # seen on an H200
    ("RuntimeError", "CUDA error: initialization error"),  # reported in issue 17
])
def test_every_gpu_failure_is_the_gpu_entry(category: str, message: str) -> None:
    entry = match(message, category)
    assert entry is not None and entry.key == "cuda_unavailable"
