"""Terminal styling now lives in `gradtutor.views.style`, shared with the shell. These names
remain for `cmd_explain` and `cmd_grade`, which still import them from here."""

from gradtutor.views.style import code_block, indent, mark, style

__all__ = ["code_block", "indent", "mark", "style"]
