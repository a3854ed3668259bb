"""Messages of the grading area: key -> (English, Chinese). Chinese uses full-width punctuation.

The facts `gradtutor.grading` returns: why an answer or a program is wrong, and verdict reasons.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # Predict answers (grading/answer.py, grading/predict.py).
    "grading.no_answer": ("no answer given", "没有作答"),
    "grading.unreadable": ("could not read your answer: {problem}", "无法读取你的答案：{problem}"),
    "grading.raises_no_error": ("the snippet raises no error", "这段代码不会抛出错误"),
    "grading.does_raise": ("the snippet does raise an error", "这段代码确实会抛出错误"),
    "grading.other_error": ("the snippet raises a different error than {name}",
                            "这段代码抛出的错误不是 {name}"),
    "grading.answers_wrong": ("{wrong} of {n} answers wrong", "{n} 个答案中有 {wrong} 个不对"),
    "grading.answers_wrong_missing": ("{wrong} of {n} answers wrong, {missing} not answered",
                                      "{n} 个答案中有 {wrong} 个不对，{missing} 个没有作答"),
    "grading.answers_unreadable": (
        "{wrong} of {n} answers wrong, {unreadable} could not be read, {missing} not answered",
        "{n} 个答案中有 {wrong} 个不对，{unreadable} 个无法读取，{missing} 个没有作答"),
    "grading.not_answered": ("{missing} of {n} questions not answered",
                             "{n} 个问题中有 {missing} 个没有作答"),
    "grading.too_many": ("{given} answers given but {id} has {n} question(s)",
                         "给出了 {given} 个答案，但 {id} 只有 {n} 个问题"),
    "grading.snippet_failed": ("the exercise's snippet could not run ({reason}); report this to "
                               "your instructor",
                               "练习的代码片段无法运行（{reason}）；请告诉你的老师"),
    "grading.recorded_answer_differs": (
        "Note: the torch installed here answers this differently from the answer recorded with "
        "the course (checked under torch 2.13); you are graded on what this torch does.",
        "注意：这里安装的 torch 对这道题给出的结果，与课程记录的答案"
        "（在 torch 2.13 下核对过）不同；评分以这里的 torch 实际的行为为准。"),
    "grading.cannot_run_here": ("this exercise cannot run here: {why}",
                                "这个练习无法在这里运行：{why}"),
    "grading.snippet_raised": ("its snippet raised {type}: {message}, which the exercise does "
                               "not record; report this to your instructor",
                               "它的代码片段抛出了 {type}：{message}，而练习中没有记录这个错误；"
                               "请告诉你的老师"),
    "grading.snippet_raised_unnamed": ("its snippet raised an error the exercise does not "
                                       "record; report this to your instructor",
                                       "它的代码片段抛出了一个练习中没有记录的错误；请告诉你的老师"),
    # Printed lines (grading/printed.py).
    "grading.printed_at": ("the printed text differs from yours at {token} (token {index})",
                           "打印的内容与你的答案在第 {index} 处不同（你写的是 {token}）"),
    "grading.printed_revealed": ("the printed text differs at token {index}: it shows {shows}, "
                                 "you wrote {wrote}",
                                 "打印的内容在第 {index} 处不同：实际是 {shows}，你写的是 {wrote}"),
    "grading.printed_longer": ("the printed text goes on after your answer ends",
                               "你的答案结束后，打印的内容还没有完"),
    "grading.printed_longer_revealed": ("the printed text goes on after your answer ends: {rest}",
                                        "你的答案结束后，打印的内容还没有完：{rest}"),
    "grading.printed_extra": ("your answer has extra text: {extra}", "你的答案多出了内容：{extra}"),
    # Code and fix exercises (grading/code.py).
    "grading.on_line": (" on line {line}", "在第 {line} 行"),
    "grading.checks_failed": ("{failed} of {n} checks failed", "{n} 项检查中有 {failed} 项未通过"),
    "grading.checks_failed_raised": (
        "{failed} of {n} checks failed; your code raised {type}{where}: {message}",
        "{n} 项检查中有 {failed} 项未通过；你的代码{where}抛出了 {type}：{message}"),
    "grading.syntax": ("your code has {error}{where}: {message}",
                       "你的代码{where}有 {error}：{message}"),
    "grading.no_reference": ("the reference solution of {id} is missing",
                             "{id} 的参考答案不存在"),
    "grading.reference_failed": ("the reference solution of {id} failed: {detail}",
                                 "{id} 的参考答案运行失败：{detail}"),
    "grading.check_fails_on_reference": (
        "check {expr} fails on the reference solution: {type}: {message}",
        "检查 {expr} 在参考答案上失败：{type}：{message}"),
    "grading.unfinished": ("your program did not finish: it raised {type}{where}",
                           "你的程序没有运行完：它{where}抛出了 {type}"),
}
