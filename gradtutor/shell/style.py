"""Colours of the prompt, toolbar, completion menu and highlighted input; none with NO_COLOR."""

from __future__ import annotations

from prompt_toolkit.output import ColorDepth
from prompt_toolkit.styles import BaseStyle, Style, merge_styles, style_from_pygments_cls
from pygments.styles import get_style_by_name

_UI = {
    "prompt": "bold ansicyan",
    "prompt.question": "bold ansiyellow",
    "command": "bold ansicyan",
    "argument": "ansigreen",
    "bottom-toolbar": "noreverse bg:#303030 #d0d0d0",
    "bottom-toolbar.key": "bold #ffffff",
    "bottom-toolbar.dim": "#909090",
    "bottom-toolbar.warn": "#ffaf00",
    "bottom-toolbar.ok": "#87d787",
    "line-number": "#707070",
}
# NO_COLOR: reverse video keeps the toolbar readable, bold marks keys.
_MONO = {
    "bottom-toolbar": "reverse",
    "bottom-toolbar.key": "bold",
    "command": "bold",
}


def make_style(colors: bool) -> BaseStyle:
    if not colors:
        return Style.from_dict(_MONO)
    return merge_styles([style_from_pygments_cls(get_style_by_name("default")),
                         Style.from_dict(_UI)])


def color_depth(colors: bool) -> ColorDepth | None:
    """None lets prompt_toolkit pick from the terminal; 1 bit means no colour at all."""
    return None if colors else ColorDepth.DEPTH_1_BIT
