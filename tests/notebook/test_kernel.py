"""A real notebook, executed by nbclient in an ipykernel running this venv's Python."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

from gradtutor.progress import open_store  # noqa: E402

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "exercises"
KERNEL = "gradtutor-test"

CELLS: list[tuple[str, bool]] = [  # (source, raises); cell i runs as In[i + 1]
    ("import torch\nweights = torch.ones(3, requires_grad=True)", False),
    # Raised before the extension is loaded: found through sys.last_value.
    ("my_loss = (weights * 2).sum()\nmy_loss.backward()\nmy_loss.backward()", True),
    ("%load_ext gradtutor", False),
    ("%autograd_explain", False),
    ("%gradtutor show mini-predict", False),
    ("%gradtutor answer mini-predict None True RuntimeError", False),
    ("%%gradtutor check mini-code\nimport torch\nw = torch.randn(3, requires_grad=True)\n"
     "loss = (scale * w).sum()\nloss.backward()", False),
    ("%%gradtutor check mini-fix\nimport torch\nw = torch.randn(2, requires_grad=True)\n"
     "pred = w * 3\narr = pred.numpy()", False),
    ('%%gradtutor explain\nimport torch\nt = torch.ones(2, requires_grad=True)\n'
     'print("<script>alert(1)</script>", (t * 2).grad)', False),
    # Raises in the kernel only: the sandbox has no ipykernel, so the replay cannot reproduce it.
    ('import sys\nif "ipykernel" in sys.modules:\n    raise ValueError("kernel only")', True),
    ("%gradtutor explain", False),
    # Warnings only, after an error: the previous cell's warnings are what is explained.
    ("grown = torch.ones(2, requires_grad=True) * 3\nprint(grown.grad)", False),
    ("%autograd_explain", False),
]


def _kernelspec(root: Path) -> Path:
    """A kernelspec for this venv's Python, found first through JUPYTER_PATH."""
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "gradtutor test", "language": "python"}))
    return root


def _outputs(cell: Any) -> tuple[str, str]:
    """All text/plain (and stream) output of a cell, and all text/html output."""
    plain, rich = [], []
    for out in cell.outputs:
        if out.output_type == "stream":
            plain.append(out.text)
        elif out.output_type in ("display_data", "execute_result"):
            plain.append(out.data.get("text/plain", ""))
            rich.append(out.data.get("text/html", ""))
        elif out.output_type == "error":
            plain.append(f"{out.ename}: {out.evalue}")
    return "\n".join(plain), "\n".join(rich)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Any], Path]:
    tmp = tmp_path_factory.mktemp("nb")
    home = tmp / "home"
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", str(_kernelspec(tmp / "jupyter")))
    mp.setenv("GRADTUTOR_HOME", str(home))
    mp.setenv("GRADTUTOR_COURSE", str(MINI))
    mp.setenv("GRADTUTOR_LANG", "en")
    mp.delenv("JUPYTER_PLATFORM_DIRS", raising=False)
    try:
        nb = nbformat.v4.new_notebook()
        for source, raises in CELLS:
            cell = nbformat.v4.new_code_cell(source)
            if raises:
                cell.metadata["tags"] = ["raises-exception"]
            nb.cells.append(cell)
        client = nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=120,
                                         resources={"metadata": {"path": str(tmp)}})
        client.execute()
    finally:
        mp.undo()
    return nb.cells, home


def test_the_last_error_is_explained_in_the_learners_names(executed: Any) -> None:
    cells, _ = executed
    plain, rich = _outputs(cells[3])
    assert "the same error came back" in plain
    assert "up to cell [2], in the sandbox: the same error came back" in plain
    assert "`my_loss.backward()` already ran on cell [2], line 2" in plain
    assert "my_loss" in rich and "<div" in rich


def test_show_answer_and_check(executed: Any) -> None:
    cells, _ = executed
    plain, rich = _outputs(cells[4])
    assert "What is x.grad at the end?" in plain and "%gradtutor answer mini-predict" in plain
    assert "<pre" in rich and "requires_grad=True" in rich
    assert "mini-predict: all 3 answers right." in _outputs(cells[5])[0]
    assert "mini-code: all 2 checks right." in _outputs(cells[6])[0]
    failed = _outputs(cells[7])[0]
    assert "mini-fix: " in failed and "checks fail" in failed


def test_learner_output_is_escaped_in_html(executed: Any) -> None:
    cells, _ = executed
    plain, rich = _outputs(cells[8])
    assert "<script>alert(1)</script>" in plain
    assert "<script>" not in rich and "&lt;script&gt;alert(1)&lt;/script&gt;" in rich
    assert ".grad read on a tensor that is not a leaf" in plain


def test_an_error_the_replay_does_not_reproduce_is_not_guessed_at(executed: Any) -> None:
    cells, _ = executed
    plain, _rich = _outputs(cells[10])
    assert "Cell [10] raised ValueError: kernel only" in plain
    assert "did not reproduce it (it ran without that error)" in plain
    assert "will not guess" in plain
    assert "Not re-run: cell(s) [2] (" in plain  # it raised, so a script would stop there


def test_the_previous_cells_warnings_are_explained(executed: Any) -> None:
    cells, _ = executed
    plain, _rich = _outputs(cells[12])
    assert "up to cell [12], in the sandbox: the same warning(s) came back" in plain
    assert ".grad read on a tensor that is not a leaf  (cell [12], line 2" in plain
    assert "`grown` is computed on cell [12], line 1" in plain


def test_progress_is_the_shells(executed: Any) -> None:
    _, home = executed
    store = open_store(home)  # what `gradtutor start` opens with GRADTUTOR_HOME=home
    try:
        assert store.get("mini-predict").status == "solved"
        assert store.get("mini-code").status == "solved"
        fix = store.get("mini-fix")
        assert fix.status == "attempted" and fix.wrong == 1
    finally:
        store.close()
