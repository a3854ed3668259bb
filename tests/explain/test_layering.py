"""The explain core imports neither the CLI/UI nor torch (the probes run in the sandbox)."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_no_ui_and_no_torch() -> None:
    code = ("import sys, gradtutor.explain, gradtutor.explain.run; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('torch', 'prompt_toolkit', 'pygments') or m.startswith(('gradtutor.cli', "
            "'gradtutor.shell'))); print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
