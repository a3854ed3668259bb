"""Messages of the notebook area (the IPython extension): key -> (English, Chinese)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "notebook.loaded": (
        "gradtutor loaded: %gradtutor show ID, %%gradtutor check ID, %gradtutor answer ID ..., "
        "%autograd_explain.",
        "gradtutor 已加载：%gradtutor show ID、%%gradtutor check ID、%gradtutor answer ID ...、"
        "%autograd_explain。"),
    "notebook.usage": (
        "usage: %gradtutor show ID [--hint N] | %gradtutor answer ID ANSWER... | "
        "%%gradtutor check ID | %%gradtutor explain | %gradtutor explain",
        "用法：%gradtutor show ID [--hint N] | %gradtutor answer ID 答案... | "
        "%%gradtutor check ID | %%gradtutor explain | %gradtutor explain"),
    "notebook.error": ("gradtutor: {message}", "gradtutor：{message}"),
    "notebook.cell": ("cell [{cell}], line {line}", "单元格 [{cell}] 第 {line} 行"),
    "notebook.line": ("line {line}", "第 {line} 行"),
    "notebook.output": ("Output", "输出"),
    "notebook.no_output": ("(the cell printed nothing)", "（这个单元格没有输出）"),
    "notebook.stopped": ("The cell stopped: {reason}", "单元格中止：{reason}"),
    "notebook.problems": ("Warnings and errors, explained", "警告和错误的解释"),
    "notebook.none": ("No autograd warning or error.", "没有 autograd 警告或错误。"),
    "notebook.graph": ("Graph", "计算图"),
    "notebook.fix": ("Fix", "怎么改"),
    "notebook.torch_said": ("torch said", "torch 的原文"),
    "notebook.message": ("message", "原文"),
    "notebook.times": ("(×{n}, same line)", "（同一行，共 {n} 次）"),
    "notebook.unexplained": (
        "gradtutor has no explanation for this message; its own words are above.",
        "gradtutor 还没有这条消息的解释；上面是原文。"),
    "notebook.nothing_to_explain": (
        "Nothing to explain: no cell has raised an error, and the previous cell gave no "
        "warning. To explain one cell, start it with %%gradtutor explain.",
        "没有可解释的内容：还没有单元格抛出错误，上一个单元格也没有警告。要解释某个单元格，"
        "请在它的第一行写 %%gradtutor explain。"),
    "notebook.replayed": (
        "Re-ran {n} cell(s) of this notebook, in execution order up to cell [{cell}], in the "
        "sandbox: the same {what} came back.",
        "在沙箱里按执行顺序重新运行了本笔记本的 {n} 个单元格（到单元格 [{cell}] 为止）："
        "得到了同样的{what}。"),
    "notebook.what_error": ("error", "错误"),
    "notebook.what_warnings": ("warning(s)", "警告"),
    "notebook.not_reproduced": (
        "Cell [{cell}] {what_happened}, but re-running {n} cell(s) of this notebook in the "
        "sandbox did not reproduce it ({got}). gradtutor will not guess at an explanation. "
        "Put the code that leads to the problem in one cell that starts with "
        "%%gradtutor explain and run it.",
        "单元格 [{cell}] {what_happened}，但在沙箱里重新运行本笔记本的 {n} 个单元格没有重现它"
        "（{got}）。gradtutor 不会凭猜测给出解释。请把导致问题的代码放进一个以 "
        "%%gradtutor explain 开头的单元格再运行。"),
    "notebook.raised": ("raised {type}: {message}", "抛出了 {type}：{message}"),
    "notebook.warned": ("warned: {message}", "给出警告：{message}"),
    "notebook.got_ok": ("it ran without that error", "重新运行时没有出现这个错误"),
    "notebook.got_other": ("it raised {type} in {where} instead",
                           "重新运行时在{where}抛出的是 {type}"),
    "notebook.got_status": ("the run ended: {reason}", "运行结束：{reason}"),
    "notebook.got_no_warning": ("the warning did not come back", "警告没有再次出现"),
    "notebook.skipped": (
        "Not re-run: cell(s) {cells} (IPython-only syntax, or they raised an error).",
        "没有重新运行的单元格：{cells}（IPython 专用语法，或者它们抛出过错误）。"),
    "notebook.no_exercise": ("no exercise {id!r}. Run `gradtutor list` in a terminal to see the "
                             "ids", "没有练习 {id!r}。在终端运行 `gradtutor list` 查看所有编号"),
    "notebook.answer_with": ("Answer in order: {command}", "按顺序作答：{command}"),
    "notebook.answer_how": (
        "Quote an answer that has spaces, e.g. \"tensor([2., 2.])\"; or use a cell starting "
        "with %%gradtutor answer {id} and one answer per line.",
        "含空格的答案要加引号，例如 \"tensor([2., 2.])\"；也可以在以 %%gradtutor answer {id} "
        "开头的单元格里每行写一个答案。"),
    "notebook.check_with": (
        "Put your program in a cell that starts with %%gradtutor check {id} and run it.",
        "把你的程序放进一个以 %%gradtutor check {id} 开头的单元格并运行。"),
    "notebook.stuck": ("Stuck? %gradtutor show {id} --hint 1 ({n} hint(s))",
                       "卡住了？%gradtutor show {id} --hint 1（共 {n} 条提示）"),
    "notebook.hint": ("Hint {level}: ", "提示 {level}："),
    "notebook.question": ("Q{number}. {ask}", "问题 {number}：{ask}"),
    "notebook.passed": ("{id}: all {n} {unit} right.", "{id}：{n} 个{unit}全部正确。"),
    "notebook.unit_answers": ("answers", "答案"),
    "notebook.unit_checks": ("checks", "检查"),
    "notebook.answers_wrong": ("{id}: {failed} of {n} answers are not right yet.",
                               "{id}：{n} 个答案中有 {failed} 个还不对。"),
    "notebook.checks_failed": ("{id}: {failed} of {n} checks fail.",
                               "{id}：{n} 项检查中有 {failed} 项没有通过。"),
    "notebook.raised_at": ("Your code raised {type}{where}: {message}",
                           "你的代码{where}抛出了 {type}：{message}"),
    "notebook.where_line": (" on line {line}", "在第 {line} 行"),
    "notebook.error_verdict": ("{id}: {reason}", "{id}：{reason}"),
    "notebook.internal": ("{id} could not be graded (not your fault): {reason}",
                          "{id} 无法评分（不是你的问题）：{reason}"),
    "notebook.reference": ("reference", "参考答案"),
    "notebook.yours": ("yours", "你的"),
    "notebook.variant": (" (variant {n})", "（变体 {n}）"),
    "notebook.hidden_pass": ("…and {n} hidden check(s) pass.", "……另有 {n} 项隐藏检查通过。"),
    "notebook.hidden_fail": ("{n} hidden check(s) ran too.", "另外还运行了 {n} 项隐藏检查。"),
    "notebook.explanation": ("Why", "原因"),
    "notebook.progress_saved": ("Progress saved: {id} is {status}.",
                                "进度已保存：{id} 状态为{status}。"),
    "notebook.status_solved": ("solved", "已解决"),
    "notebook.status_revealed": ("revealed", "已揭晓"),
    "notebook.status_attempted": ("attempted", "已尝试"),
    "notebook.no_progress": ("Progress not saved: {why}", "进度未保存：{why}"),
    "notebook.needs_cell": (
        "%gradtutor {action} needs a cell: start a cell with %%gradtutor {action} {id}",
        "%gradtutor {action} 需要一个单元格：在单元格第一行写 %%gradtutor {action} {id}"),
    "notebook.kind_mismatch": (
        "{id} is a {kind} exercise: {next}", "{id} 是{kind}练习：{next}"),
    "notebook.use_answer": ("answer it with %gradtutor answer {id} ANSWER...",
                            "请用 %gradtutor answer {id} 答案... 作答"),
    "notebook.use_check": ("put your program in a cell starting with %%gradtutor check {id}",
                           "请把程序放进以 %%gradtutor check {id} 开头的单元格"),
    "notebook.no_answers": ("{id} asks {n} question(s): give your answers in order after the id",
                            "{id} 有 {n} 个问题：请在编号后按顺序给出答案"),
    "notebook.too_many": ("{given} answers given but {id} asks {n} question(s)",
                          "给出了 {given} 个答案，但 {id} 只有 {n} 个问题"),
    "notebook.labelled": ("{label}: ", "{label}："),
    "notebook.where": ("  ({where})", "（{where}）"),
    "notebook.bad_quote": ("{error}: close the quote around your answer",
                           "{error}：请把答案两边的引号配对"),
    "notebook.unknown_command": ("unknown command {command!r}. {usage}",
                                 "没有 {command!r} 这个命令。{usage}"),
    "notebook.no_arguments": ("explain takes no arguments. {usage}", "explain 不带参数。{usage}"),
    "notebook.needs_id": ("{action} needs an exercise id, e.g. %gradtutor {action} ID. {usage}",
                          "{action} 需要一个练习编号，例如 %gradtutor {action} ID。{usage}"),
    "notebook.show_args": ("show takes an id and an optional --hint N. {usage}",
                           "show 只接受一个编号和可选的 --hint N。{usage}"),
    "notebook.show_is_line": ("show is a line magic: use %gradtutor show {id} (one %)",
                              "show 是行魔法命令：请用 %gradtutor show {id}（一个 %）"),
    "notebook.check_args": ("check takes only the exercise id; the cell is the program. {usage}",
                            "check 只接受练习编号，单元格本身就是程序。{usage}"),
    "notebook.not_python": ("this cell is not plain Python; gradtutor explains Python code",
                            "这个单元格不是纯 Python 代码；gradtutor 只解释 Python 代码"),
}
