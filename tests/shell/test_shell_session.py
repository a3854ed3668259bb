"""The shell, in-process, on the fixture course: solving, wrong answers, hints, reveal, reset,
resume across app instances sharing a data dir."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput
from shell_helpers import Driver

from gradtutor.progress import open_store


def status(driver: Driver, exercise_id: str) -> str | None:
    store = open_store(driver.home)
    try:
        return store.get(exercise_id).status
    finally:
        store.close()


def test_welcome_then_solve_predict(driver: Driver) -> None:
    s = driver.run("None", "True", "RuntimeError", "quit")
    assert "Welcome to gradtutor" in s.text
    assert "Q1/3. What is x.grad at the end?" in s.text
    assert "✔ Right: x.grad is None." in s.text
    assert "Q2/3" in s.text and "Q3/3" in s.text
    assert "✔ Solved mini-predict!" in s.text
    # The real output, the warning it raised, the traceback, then the explanation.
    assert "What the snippet really does:" in s.text
    assert "⚠ UserWarning while reading x.grad" in s.text
    assert "RuntimeError: Only Tensors of floating point" in s.text
    assert "Rebinding x makes it the output of an op." in s.text
    assert status(driver, "mini-predict") == "solved"


def test_wrong_answer_misconception_hint_and_reveal(driver: Driver) -> None:
    s = driver.run("tensor([3., 3.])", "hint", "tensor([1., 1.])", "reveal", "7",
                   "reveal", "True", "RuntimeError", "solution", "quit")
    text = s.text
    assert "✘ Not quite." in text
    assert "x was rebound on line 3, so it is a non-leaf now." in text  # the misconception
    assert "Type hint for a hint (0/2 used)." in text
    assert "Hint 1/2: Look at line 3." in text
    # Two wrong tries: reveal is not available yet; a third unlocks it.
    assert "reveal becomes available after 3 tries (2 so far)" in text
    assert "After 3 tries you can type reveal" in text
    assert "The answer to Q1 is: None" in text
    assert "Done with mini-predict (counted as revealed)." in text
    assert "Answers:" in text and "Q2. What does line 6 print? True" in text
    assert status(driver, "mini-predict") == "revealed"


def test_unreadable_answer_is_not_counted(driver: Driver) -> None:
    s = driver.run("tensor([1., ", "quit")
    assert "I could not read that as an answer" in s.text
    store = open_store(driver.home)
    try:
        assert store.get("mini-predict").attempts == 0
    finally:
        store.close()


def test_answers_that_cannot_be_judged_are_not_counted(driver: Driver) -> None:
    # Q2 asks what a line prints (True): a blank answer and "yes" are not tries.
    s = driver.run("None", "=", "yes", "quit")
    assert "I could not read that as an answer: the answer is empty" in s.flat
    assert "I could not read that as an answer: answer True or False" in s.flat
    assert "Not quite" not in s.text
    assert attempts(driver, "mini-predict") == 1  # "None" only


def test_resume_where_left_off_and_reset(driver: Driver) -> None:
    driver.run("None", "quit")
    s = driver.run("quit")
    assert "Welcome back. You were on mini-predict (0/3 done)." in s.text
    assert "✔ What is x.grad at the end? None" in s.text  # the answer kept
    assert "Q2/3. What does line 6 print?" in s.text
    s = driver.run("True", "RuntimeError", "reset", "n", "reset", "y", "quit")
    assert "Nothing changed." in s.text
    assert "mini-predict is reset." in s.text
    assert status(driver, "mini-predict") is None
    s = driver.run("quit")
    assert "Q1/3. What is x.grad at the end?" in s.text


def test_code_exercise_inline_editor_check_and_resume(driver: Driver) -> None:
    # Esc Enter submits the inline editor; the cursor starts after the starter code.
    s = driver.run("goto mini-code", "check", "run", "edit inline",
                   keys="loss.backward()\x1b\rquit\r")
    text = s.text
    assert "Your file: " in text and "mini-code.py" in text
    assert "✘ mini-code: 1 of 2 checks fail." in text
    assert "→ Call loss.backward()." in text  # the check's misconception
    assert "Ran mini-code.py with scale = 2.0:" in text and "gradient of w = None" in text
    assert "Editing mini-code.py: Ctrl-S / Esc Enter saves and checks" in text
    assert "✔ mini-code: all 2 checks pass." in text
    assert "✔ Solved mini-code!" in text
    assert status(driver, "mini-code") == "solved"
    source = (driver.home / "ws" / "mini-code.py").read_text()
    assert source.rstrip().endswith("loss.backward()")
    s = driver.run("solution", "quit")
    assert "You were on mini-code (1/3 done)" in s.text
    assert "Reference solution:" in s.text


def test_inline_editor_ctrl_s_and_cancel(driver: Driver) -> None:
    s = driver.run("goto mini-fix", "edit inline", keys="\x03edit inline\r# note\x13quit\r")
    assert "Cancelled." in s.text
    assert "Saved " in s.flat  # Ctrl-S saved (and checked) the edited file
    assert (driver.home / "ws" / "mini-fix.py").read_text().rstrip().endswith("# note")


def test_external_editor(driver: Driver, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "fake-editor.sh"
    script.write_text('#!/bin/sh\nsed -i "s/pred.numpy()/pred.detach().numpy()/" "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    s = driver.run("goto 3", "edit", "quit")
    assert "✔ mini-fix: all 2 checks pass." in s.text
    assert status(driver, "mini-fix") == "solved"


def test_code_reveal_after_three_failed_checks(driver: Driver) -> None:
    s = driver.run("goto mini-code", "solution", "reveal", "check", "check", "check", "reveal",
                   "quit")
    assert "The solution opens once you solve the exercise or reveal it" in s.text
    assert "reveal becomes available after 3 tries (0 so far)" in s.text
    assert "After 3 tries you can type reveal" in s.text
    assert "Done with mini-code (counted as revealed)." in s.text
    assert "loss.backward()" in s.text.split("Reference solution:")[1]
    assert status(driver, "mini-code") == "revealed"


def test_code_reset_restores_starter_and_keeps_backup(driver: Driver) -> None:
    driver.run("goto mini-code", "quit")
    path = driver.home / "ws" / "mini-code.py"
    path.write_text(path.read_text() + "loss.backward()\n")
    s = driver.run("check", "reset", "yes", "quit")
    assert "✔ Solved mini-code!" in s.text
    assert "mini-code is reset." in s.text and "mini-code.py.bak" in s.text
    assert "loss.backward()" not in path.read_text()
    assert status(driver, "mini-code") is None


def test_navigation_list_progress_and_help(driver: Driver) -> None:
    s = driver.run("prev", "next", "next", "next", "goto", "goto nope", "goto 1", "list",
                   "progress", "help", "frobnicate", "quit")
    text = s.text
    assert "This is the first exercise." in text
    assert "This is the last exercise." in text
    assert "goto needs ID" in text
    assert "No exercise 'nope'." in text
    assert "›  1 · mini-predict" in text
    assert "0 solved, 0 revealed, 0 attempted, 3 new, of 3." in text
    assert "goto ID" in text and "switch language" in text
    # On a predict exercise, unknown words are answers; on a code exercise they are not.
    s = driver.run("goto mini-code", "frobnicate", "quit")
    assert "Unknown command 'frobnicate'." in s.text


def test_lang_switches_live_and_is_remembered(driver: Driver) -> None:
    s = driver.run("lang", "lang fr", "lang zh", "hint", "quit")
    assert "Language: English." in s.text
    assert "Unknown language 'fr'" in s.text
    assert "语言已切换为简体中文。" in s.text
    assert "问题 1/3：最后 x.grad 是什么?" in s.text
    assert "提示 1/2：看第 3 行。" in s.text
    store = open_store(driver.home)
    try:
        assert store.get_state("lang") == "zh"
    finally:
        store.close()


def test_chinese_ui(driver: Driver) -> None:
    driver.lang = "zh"
    s = driver.run("tensor([3., 3.])", "quit")
    assert "欢迎使用 gradtutor" in s.text
    assert "✘ 不太对。" in s.text
    assert "x 在第 3 行被重新赋值" in s.text


def test_ctrl_c_clears_the_line_and_ctrl_d_quits(driver: Driver) -> None:
    s = driver.run(keys="garbage\x03None\r\x04")
    assert "✔ Right: x.grad is None." in s.text
    assert "Not quite" not in s.text
    assert "Progress saved in" in s.flat


def test_force_answer_with_equals(driver: Driver) -> None:
    s = driver.run("=list", "quit")
    assert "I could not read that as an answer" in s.text or "Not quite" in s.text
    assert "mini-predict  " not in s.text  # list did not run


def test_internal_error_reports_and_goes_on(driver: Driver, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from gradtutor.shell.tutor import Tutor

    def boom(self: Tutor) -> None:
        raise ValueError("kaboom")

    monkeypatch.setattr(Tutor, "hint", boom)
    s = driver.run("hint", "None", "quit")
    assert "Internal error: ValueError: kaboom. The shell goes on" in s.text
    assert "✔ Right: x.grad is None." in s.text
    assert "kaboom" in (driver.home / "errors.log").read_text()


def test_history_is_persistent(driver: Driver) -> None:
    driver.run("list", "quit")
    history = (driver.home / "history").read_text()
    assert "+list" in history and "+quit" in history
    # Up arrow brings back the last line of the previous session.
    s = driver.run(keys="\x1b[A\x1b[A\r" + "quit\r")
    assert "mini-predict  " in s.text  # `list` ran again


def test_watch_rechecks_on_save(driver: Driver) -> None:
    driver.run("goto mini-code", "quit")
    path = driver.home / "ws" / "mini-code.py"

    def learner(pipe: PipeInput) -> None:
        time.sleep(1.0)
        path.write_text(path.read_text() + "# still wrong\n")  # a save: re-checked, fails
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and attempts(driver, "mini-code") < 1:
            time.sleep(0.1)
        path.write_text(path.read_text() + "loss.backward()\n")
        while time.monotonic() < deadline and status(driver, "mini-code") != "solved":
            time.sleep(0.1)
        time.sleep(0.3)
        pipe.send_text("quit\r")

    s = driver.run("watch", feeder=learner)
    assert "Watching" in s.flat and "file notifications" in s.flat
    assert "mini-code.py changed, checking…" in s.text
    assert "✘ mini-code: 1 of 2 checks fail." in s.text
    assert "✔ mini-code: all 2 checks pass." in s.text
    assert "Solved: watch stopped." in s.text


def test_watch_polling_fallback_and_toggle(driver: Driver,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADTUTOR_WATCH_POLL", "1")
    s = driver.run("goto mini-code", "watch", "watch", "watch", "next", "quit")
    assert "polling every 0.5 s" in s.flat
    assert s.text.count("Stopped watching mini-code.py.") == 2  # toggled off, then left


def attempts(driver: Driver, exercise_id: str) -> int:
    store = open_store(driver.home)
    try:
        return store.get(exercise_id).attempts
    finally:
        store.close()


def test_chinese_command_words_and_localised_kind(driver: Driver) -> None:
    driver.lang = "zh"
    s = driver.run("提示", "退出")
    assert "提示 1/2：看第 3 行。" in s.text
    assert "不太对" not in s.text  # a command, not a wrong answer
    assert "mini-predict · 预测题 · " in s.text


def test_reveal_offer_said_once(driver: Driver) -> None:
    s = driver.run("1", "2", "3", "4", "5", "quit")
    assert s.text.count("After 3 tries you can type reveal") == 1


def test_fix_exercise_run_explains_without_giving_the_fix(driver: Driver) -> None:
    s = driver.run("goto mini-fix", "run", "quit")
    assert ".numpy() on a tensor that requires grad" in s.flat
    assert "pred.detach().numpy()" not in s.text
