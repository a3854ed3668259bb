"""Turning a notebook's cells into one program, and judging whether a replay reproduced."""

from __future__ import annotations

from gradtutor.notebook.history import (
    CellRecord,
    Problem,
    build_replay,
    choose_target,
    relabel_lines,
    reproduced,
    sanitize,
)


def test_ipython_lines_become_pass_and_keep_their_place() -> None:
    assert sanitize("%time x = 1\ny = 2\n") == "pass\ny = 2\n"
    assert sanitize("for i in range(2):\n    !ls\n    files = !ls\n") == \
        "for i in range(2):\n    pass\n    pass\n"
    assert sanitize("%%timeit\nx = 1\n") is None
    assert sanitize("x = (\n") is None


def test_replay_joins_cells_in_execution_order_and_maps_lines_back() -> None:
    history = {1: "import torch", 2: "%load_ext gradtutor", 3: "a = 1\nb = 2", 4: "boom(",
               5: "c = 1 / 0", 6: "d = a + b", 7: "later = 1", 8: "%%gradtutor check x\ny=1"}
    replay = build_replay(history, upto=6, raised=[5])
    assert replay.cells == [1, 2, 3, 6]
    assert replay.skipped == [4, 5]
    # a %%gradtutor cell never ran in the kernel: left out without a word
    assert build_replay(history, upto=8).skipped == [4]
    assert replay.source == "import torch\npass\na = 1\nb = 2\nd = a + b\n"
    assert replay.locate(4) == (3, 2)
    assert replay.locate(5) == (6, 1)
    assert replay.locate(6) is None and replay.locate(None) is None


def test_the_target_cell_is_kept_even_though_it_raised() -> None:
    replay = build_replay({1: "x = 1", 2: "x.backward()"}, upto=2, raised=[2])
    assert replay.cells == [1, 2]


def test_line_numbers_in_sentences_are_relabelled() -> None:
    def locate(n: int) -> tuple[int, int] | None:
        return (7, n - 2) if n > 2 else None

    def label(c: int, n: int) -> str:
        return f"cell [{c}], line {n}"

    text = "Line 4 (`y = x`) and line 9 ran; line 1 is not a cell line; 第 5 行"
    assert relabel_lines(text, locate, label) == (
        "Cell [7], line 2 (`y = x`) and cell [7], line 7 ran; line 1 is not a cell line; "
        "cell [7], line 3")


def _replay() -> object:
    return build_replay({1: "a = 1", 2: "b = 2\nc = 3"}, upto=2)


def test_an_error_is_reproduced_only_by_the_same_error_in_the_same_cell() -> None:
    replay = _replay()
    target = CellRecord(2, [Problem("error", "RuntimeError", "boom  here")])
    same = {"type": "RuntimeError", "message": "boom here", "line": 3}
    assert reproduced(target, replay, same, [])
    assert not reproduced(target, replay, {**same, "line": 1}, [])  # another cell
    assert not reproduced(target, replay, {**same, "type": "ValueError"}, [])
    assert not reproduced(target, replay, {**same, "message": "other"}, [])
    assert not reproduced(target, replay, None, [])


def test_warnings_are_reproduced_when_each_comes_back_in_the_cell() -> None:
    replay = _replay()
    target = CellRecord(2, [Problem("warning", "UserWarning", "w1"),
                            Problem("warning", "UserWarning", "w2")])
    assert reproduced(target, replay, None, [{"message": "w1", "line": 2},
                                             {"message": "w2", "line": 3}])
    assert not reproduced(target, replay, None, [{"message": "w1", "line": 2}])
    assert not reproduced(target, replay, None, [{"message": "w1", "line": 1},
                                                 {"message": "w2", "line": 1}])


def test_target_is_the_previous_cell_then_the_latest_error() -> None:
    err3 = CellRecord(3, [Problem("error", "RuntimeError", "x")])
    warn5 = CellRecord(5, [Problem("warning", "UserWarning", "w")])
    records = {3: err3, 4: CellRecord(4), 5: warn5, 6: CellRecord(6)}
    assert choose_target(records, current=6, from_sys=None) is warn5
    assert choose_target(records, current=7, from_sys=None) is err3
    older = CellRecord(2, [Problem("error", "ValueError", "v")])
    assert choose_target(records, current=7, from_sys=older) is err3
    assert choose_target({}, current=4, from_sys=older) is older
    assert choose_target({1: CellRecord(1)}, current=3, from_sys=None) is None
