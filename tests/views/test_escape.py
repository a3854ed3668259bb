"""views/escape.py: every control and format character becomes a visible escape, per channel."""

from __future__ import annotations

import json
import sys
import unicodedata
import xml.etree.ElementTree as ET

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from gradtutor.views import escape

ATTACKS = [
    "\r::error file=a.py,line=1::forged",
    "fine\n  ::add-mask::x\n##[group]y",
    "\x1b]0;title\x07\x1b[2J\x1b[31mred\x1bc",
    "nul\x00 bel\x07 del\x7f nel\x85 csi\x9b2J st\x9c",
    "\u202eRLO\u202c \u2067RLI\u2069 \u200b\u200d\ufeff \u2028\u2029",
    "www.evil.example https://evil.example a@evil.example xmpp:a@evil.example",
    "[x](https://e.example) ![i](https://e.example/i.png) <script>x</script> | `t` *e*",
    "bytes of a non-UTF-8 name: \udcff\udcfe",
]
RAW = ["\x1b", "\x07", "\x00", "\x7f", "\x85", "\x9b", "\x9c", "\u202e", "\u2067", "\u200b",
       "\u200d", "\ufeff", "\u2028", "\u2029", "\r", "\udcff"]


def _unsafe_code_points() -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1)
            if unicodedata.category(chr(c)) in ("Cc", "Cf", "Cs", "Zl", "Zp")]


def test_every_control_and_format_character_is_escaped() -> None:
    unsafe = "".join(_unsafe_code_points())
    out = escape.inert(unsafe)
    assert all(unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in out)
    assert escape.inert("\x1b\u202e\udcff\n") == "\\x1b\\u202e\\xff\\n"
    assert escape.inert("a\nb\tc", lines=True) == "a\nb\tc"


@pytest.mark.parametrize("attack", ATTACKS)
def test_terminal_and_ci_log(attack: str) -> None:
    out = escape.terminal(attack)
    assert not any(ch in out for ch in RAW)
    for line in out.splitlines():
        assert not line.lstrip().startswith("::") and "##[" not in line


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_renders_inert(attack: str) -> None:
    md = f"| a |\n|---|\n| {escape.markdown(attack, 1000)} |\n\n- {escape.markdown(attack)}\n"
    html = cmarkgfm.github_flavored_markdown_to_html(md, options=Options.CMARK_OPT_UNSAFE)
    assert "<a " not in html and "<img" not in html and "<script" not in html
    assert "<em>" not in html and html.count("<td>") == 1
    assert not any(ch in html for ch in RAW)


@pytest.mark.parametrize("attack", ATTACKS)
def test_xml_is_well_formed(attack: str) -> None:
    el = ET.Element("x", {"file": escape.xml(attack)})
    el.text = escape.xml(attack)
    back = ET.fromstring(ET.tostring(el, encoding="unicode"))
    assert not any(ch in back.text + back.get("file") for ch in RAW if ch != "\r")


def test_json_tree_strings_and_huge_ints() -> None:
    doc = escape.json_tree({"k\x1b": ATTACKS, "n": 10 ** 5000, "f": float("nan"), "ok": 3})
    text = json.dumps(doc, ensure_ascii=False, allow_nan=False)
    assert not any(ch in text for ch in RAW)
    assert doc["n"].startswith("<an int of about 5000 digits") and doc["ok"] == 3


def test_path_text_of_a_non_utf8_name() -> None:
    assert escape.path_text(b"/r/bad-\xff".decode("utf-8", "surrogateescape")) == "/r/bad-\\xff"


@pytest.mark.parametrize("attack", ATTACKS)
def test_html_in_a_summary_renders_inert(attack: str) -> None:
    md = f"<details><summary>{escape.html(attack)}</summary>\n\nbody\n\n</details>\n"
    html = cmarkgfm.github_flavored_markdown_to_html(md, options=Options.CMARK_OPT_UNSAFE)
    assert "<a " not in html and "<img" not in html and "<script" not in html
    assert html.count("</summary>") == 1 and html.count("</details>") == 1
    assert not any(ch in html for ch in RAW)
