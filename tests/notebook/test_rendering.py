"""One output, two forms: HTML for Jupyter (escaped), plain text for terminal IPython."""

from __future__ import annotations

from gradtutor.notebook.rendering import Output


def test_html_escapes_every_block() -> None:
    out = Output()
    for style in ("title", "head", "text", "code", "dim", "ok", "bad", "warn", "error"):
        out.add(style, f'<img src=x onerror="{style}">&')  # type: ignore[arg-type]
    page = out._repr_html_()
    assert "<img" not in page and page.count("&lt;img src=x onerror=&quot;") == 9
    assert "&amp;" in page


def test_plain_text_marks_and_indents() -> None:
    out = Output().add("ok", "right", 1).add("code", "x = 1\ny = 2").add("head", "Graph")
    assert out.text().splitlines() == ["  ✔ right", "    x = 1", "    y = 2",
                                       "── Graph " + "─" * 55]
    assert repr(out) == out.text()


def test_terminal_sequences_and_bidi_overrides_are_inert_in_both_forms() -> None:
    out = Output().add("code", "print('\x1b[2J')\n\u202eevil\tok")
    assert "\x1b" not in out.text() and "\\x1b[2J" in out.text()
    assert "\u202e" not in out._repr_html_() and "\\u202eevil\tok" in out._repr_html_()
