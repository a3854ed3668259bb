"""Wrapping prose by terminal columns, in English and in Chinese."""

from __future__ import annotations

from gradtutor.text.wrapping import width_of, wrap


def test_wrap_chinese_by_columns() -> None:
    text = ("detach() 返回一个与原张量共享数据、但没有历史的张量:requires_grad=False,没有 "
            "grad_fn。反向传播到这里就停下,效果类似于 requires_grad=False 的张量:c 得不到梯度,"
            "原来的 a 也得不到。") * 2
    lines = wrap(text, width=40, prefix="  ", first="→ ").split("\n")
    assert len(lines) > 3 and lines[0].startswith("→ ")
    assert all(width_of(line) <= 40 for line in lines)
    assert all(line.startswith("  ") for line in lines[1:])
    assert not any(line.lstrip()[0] in ",。、:)" for line in lines)  # no line opens on these
    words = " ".join(lines)
    assert words.count("requires_grad=False") == 4  # ASCII words are never cut
    assert wrap("short English text") == "short English text"


def test_full_width_punctuation_never_opens_or_closes_a_line() -> None:
    text = ("detach() 返回一个与原张量共享数据、但没有历史的张量：requires_grad=False，没有 "
            "grad_fn（反向传播到这里就停下）；c 得不到梯度！原来的 a 呢？也得不到。") * 3
    for width in range(26, 61, 3):  # narrower than requires_grad=False，: that overflows
        lines = wrap(text, width=width, prefix="  ").split("\n")
        assert all(width_of(line) <= width for line in lines), width
        assert not any(line.lstrip()[0] in "，。、：；！？）" for line in lines), width
        assert not any(line.rstrip()[-1] == "（" for line in lines), width
