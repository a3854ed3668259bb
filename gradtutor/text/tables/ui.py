"""Messages of the ui area (the shell and the CLI): key -> (English, Chinese).

Keys are not prefixed (the other areas' are). Chinese uses full-width punctuation (，：？（）！；)
next to Chinese characters; code such as `tensor([1., 2.])` keeps its own.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # start and leave
    "welcome": ("Welcome to gradtutor: {course}.",
                "欢迎使用 gradtutor！本课程是《{course}》。"),
    "welcome_body": (
        "{n} exercises in {chapters}. Predict exercises ask one question at a time: "
        "type your answer and press Enter. Code and fix exercises give you a file to edit, run "
        "and check. Type help for every command, or just start:",
        "共 {n} 道练习，分 {chapters}。预测题一次问一个问题：输入答案并按 Enter。"
        "编程题和修正题会给你一个文件，用来编辑、运行和检查。"
        "输入 help 查看全部命令，或者直接开始："),
    "chapters_1": ("1 chapter", "1 章"),
    "chapters_n": ("{n} chapters", "{n} 章"),
    "welcome_back": ("Welcome back. You were on {id} ({done}/{n} done).",
                     "欢迎回来。你上次在做 {id}（已完成 {done}/{n}）。"),
    "bye": ("Progress saved in {path}. Bye!", "进度已保存在 {path}。再见！"),
    "plain_mode": ("(input is not a terminal: plain line mode, one command or answer per line)",
                   "（输入不是终端：使用纯文本行模式，每行一个命令或答案）"),
    "store_notice": ("Note: {notice}", "注意：{notice}"),
    "internal": ("Internal error: {error}. The shell goes on; details in {log}.",
                 "内部错误：{error}。程序继续运行；详情见 {log}。"),
    "cancelled": ("Cancelled.", "已取消。"),
    "torch_wait": ("(starting torch, a moment…)", "（正在启动 torch，请稍候…）"),
    "unknown_command": ("Unknown command {word!r}. Type help to see the commands.",
                        "未知命令 {word!r}。输入 help 查看命令。"),
    "needs_arg": ("{command} needs {arg}, e.g. {example}.",
                  "{command} 需要 {arg}，例如 {example}。"),
    "no_such_exercise": ("No exercise {id!r}. Type list to see them.",
                         "没有练习 {id!r}。输入 list 查看全部练习。"),
    # exercise display
    "position": ("exercise {number} of {total}", "第 {number}/{total} 题"),
    "question": ("Q{number}/{total}. {ask}", "问题 {number}/{total}：{ask}"),
    "answer_how": ("Type your answer and press Enter (a value like tensor([1., 2.]), None, True, "
                   "an exception name, or the printed text).",
                   "输入答案并按 Enter（例如 tensor([1., 2.])、None、True、"
                   "异常名，或打印出的文本）。"),
    "your_file": ("Your file: {path}", "你的文件：{path}"),
    "starter_note": ("(it starts as the starter code below)", "（初始内容是下面的起始代码）"),
    "code_how": ("edit to change it ({editor}), run to try it, check to grade it, "
                 "watch to re-check on every save.",
                 "edit 修改它（{editor}），run 运行，check 评分，watch 在每次保存时重新检查。"),
    "editor_inline": ("inline editor", "内置编辑器"),
    # predict answers
    "right": ("✔ Right.", "✔ 正确。"),
    "right_value": ("✔ Right: {expr} is {value}.", "✔ 正确：{expr} 是 {value}。"),
    "not_quite": ("✘ Not quite.", "✘ 不太对。"),
    "unreadable": ("I could not read that as an answer: {error}. It was not counted; try again.",
                   "无法把它当作答案读取：{error}。这次不计数，请重试。"),
    "hint_offer": ("Type hint for a hint ({used}/{n} used).",
                   "输入 hint 获取提示（已用 {used}/{n}）。"),
    "reveal_offer": ("After {tries} tries you can type reveal to see the answer "
                     "(the exercise then counts as revealed, not solved).",
                     "已尝试 {tries} 次，可以输入 reveal 查看答案"
                     "（这道题将记为“已揭晓”，而不是“已解决”）。"),
    "revealed_answer": ("The answer to Q{number} is: {value}", "问题 {number} 的答案是：{value}"),
    "reveal_locked": ("reveal becomes available after {n} tries ({tries} so far). Try a hint "
                      "first.", "尝试 {n} 次后才能使用 reveal（目前 {tries} 次）。先试试提示。"),
    "solved": ("✔ Solved {id}!", "✔ 已解决 {id}！"),
    "finished_revealed": ("Done with {id} (counted as revealed).", "{id} 完成（记为已揭晓）。"),
    "already_finished": ("You have finished {id} ({status}). Type next, solution, or reset "
                         "to try it again.",
                         "你已完成 {id}（{status}）。输入 next、solution，或 reset 重做。"),
    "real_output": ("What the snippet really does:", "这段代码实际的运行结果："),
    "explanation": ("Why:", "原因："),
    "next_offer": ("Type next for the next exercise.", "输入 next 进入下一题。"),
    "course_done": ("That was the last exercise. Type progress to see how you did.",
                    "这是最后一题了。输入 progress 查看你的成绩。"),
    "predict_only_answers": ("{id} is a predict exercise: type your answer to the question.",
                             "{id} 是预测题：请直接输入问题的答案。"),
    "code_only": ("{command} works on code and fix exercises; {id} is a predict exercise.",
                  "{command} 只用于编程题和修正题；{id} 是预测题。"),
    "snippet_failed": ("The exercise's snippet could not run ({reason}); report this to your "
                       "instructor.", "这道题的代码片段无法运行（{reason}）；请告诉你的老师。"),
    # code exercises
    "ran": ("Ran {file}{inputs}:", "运行了 {file}{inputs}："),
    "with_inputs": (" with {inputs}", "，输入为 {inputs}"),
    "no_output": ("(nothing printed)", "（没有打印任何内容）"),
    "after_run": ("After your code:", "代码运行之后："),
    "check_pass": ("✔ {id}: all {n} checks pass.", "✔ {id}：全部 {n} 项检查通过。"),
    "check_fail": ("✘ {id}: {failed} of {n} checks fail.",
                   "✘ {id}：{n} 项检查中有 {failed} 项未通过。"),
    "check_error": ("✘ {id}: could not grade your code: {reason}", "✘ {id}：无法评分：{reason}"),
    "check_internal": ("! {id}: internal error: {reason}", "! {id}：内部错误：{reason}"),
    "reference": ("reference", "参考答案"),
    "yours": ("yours", "你的结果"),
    "variant": (" (variant {n})", "（变体 {n}）"),
    "your_code_raised": ("Your code stopped with an error (the failed checks below follow "
                         "from it):", "你的代码因错误而停止（下面未通过的检查大多由它引起）："),
    "timeout": ("Your code was stopped: {reason}.", "你的代码被终止：{reason}。"),
    "warning": ("⚠ {category}{where}: {message}", "⚠ {category}{where}:{message}"),
    "warning_line": (" on line {line}", "（第 {line} 行）"),
    "warning_expr": (" while reading {expr}", "（读取 {expr} 时）"),
    "saved": ("Saved {path}.", "已保存 {path}。"),
    "unchanged": ("No changes.", "没有改动。"),
    "editor_title": ("Editing {file}: {submit} saves and checks, Ctrl-C cancels "
                     "(file unchanged).",
                     "正在编辑 {file}：{submit} 保存并检查，Ctrl-C 取消（文件不变）。"),
    "editor_failed": ("Could not start the editor {editor!r}: {error}. Unset $EDITOR to use "
                      "the inline editor (edit inline).",
                      "无法启动编辑器 {editor!r}：{error}。"
                      "取消设置 $EDITOR 以使用内置编辑器（edit inline）。"),
    "needs_terminal": ("{command} needs a terminal. Edit {path} in your editor, then type check.",
                       "{command} 需要终端。请用你的编辑器修改 {path}，然后输入 check。"),
    # watch
    "watching": ("Watching {file} ({how}): every save re-checks it. Type watch again (or "
                 "unwatch) to stop.",
                 "正在监视 {file}（{how}）：每次保存都会重新检查。"
                 "再次输入 watch（或 unwatch）停止。"),
    "watch_polling": ("polling every {interval} s: this system has no file notifications",
                      "每 {interval} 秒轮询一次：本系统不支持文件通知"),
    "watch_inotify": ("file notifications", "文件通知"),
    "watch_stopped": ("Stopped watching {file}.", "已停止监视 {file}。"),
    "watch_changed": ("{file} changed, checking…", "{file} 已改动，正在检查…"),
    "watch_solved": ("Solved: watch stopped.", "已解决：停止监视。"),
    # hints, reveal, solution, reset
    "hint": ("Hint {level}/{n}: {text}", "提示 {level}/{n}：{text}"),
    "no_hints": ("This exercise has no hints.", "这道题没有提示。"),
    "all_hints": ("That was the last hint. All hints again:", "这是最后一条提示。全部提示："),
    "solution_locked": ("The solution opens once you solve the exercise or reveal it "
                        "(reveal becomes available after {n} tries).",
                        "解决或揭晓这道题后才能查看答案（尝试 {n} 次后可以使用 reveal）。"),
    "solution_code": ("Reference solution:", "参考答案："),
    "solution_answers": ("Answers:", "答案："),
    "reset_confirm": ("Reset {id}? This clears its progress{file}. [y/N] ",
                      "重置 {id}？这会清除它的进度{file}。[y/N] "),
    "reset_file": (" and restores the starter code", "并恢复起始代码"),
    "reset_done": ("{id} is reset.", "{id} 已重置。"),
    "reset_backup": ("Your previous file is kept as {path}.", "你原来的文件保存在 {path}。"),
    "reset_kept": ("Nothing changed.", "没有任何改动。"),
    # navigation and lists
    "last_exercise": ("This is the last exercise.", "这是最后一题。"),
    "first_exercise": ("This is the first exercise.", "这是第一题。"),
    "status_solved": ("solved", "已解决"),
    "status_revealed": ("revealed", "已揭晓"),
    "status_attempted": ("attempted", "做过"),
    "status_new": ("new", "未开始"),
    "progress_head": ("{solved} solved, {revealed} revealed, {attempted} attempted, {new} new, "
                      "of {n}.", "共 {n} 题：已解决 {solved}，已揭晓 {revealed}，做过 {attempted}，"
                      "未开始 {new}。"),
    "progress_detail": ("{attempts} answers or checks submitted, {hints} hints used.",
                        "共提交 {attempts} 次答案或检查，使用 {hints} 条提示。"),
    "lang_now": ("Language: {name}. Switch with lang en or lang zh.",
                 "语言：{name}。用 lang en 或 lang zh 切换。"),
    "lang_set": ("Language set to {name}.", "语言已切换为{name}。"),
    "lang_unknown": ("Unknown language {value!r}; choose en or zh.",
                     "未知语言 {value!r}；请选择 en 或 zh。"),
    "explain_locked": ("The graph view opens once you finish this exercise: it would give "
                       "the answers away.", "完成这道题后才能查看计算图：它会泄露答案。"),
    # help
    "help_head": ("Commands (Tab completes; Up/Down browse history; Ctrl-C cancels; "
                  "Ctrl-D quits):",
                  "命令（Tab 补全；上/下键浏览历史；Ctrl-C 取消；Ctrl-D 退出）："),
    "help_answer": ("Anything that is not a command is your answer to the current question. "
                    "Start it with = to force an answer (=list).",
                    "不是命令的输入都会被当作当前问题的答案。以 = 开头可强制作为答案（=list）。"),
    "help_keys": ("Keys: F1 help, F2 hint, F4 edit, F5 check, Ctrl-L clear the screen.",
                  "按键：F1 帮助，F2 提示，F4 编辑，F5 检查，Ctrl-L 清屏。"),
    "h_list": ("the exercises, with your status", "全部练习及你的状态"),
    "h_next": ("the next exercise", "下一题"),
    "h_prev": ("the previous exercise", "上一题"),
    "h_goto": ("go to an exercise by id or number", "按 ID 或序号跳到某题"),
    "h_show": ("show the current exercise again", "再次显示当前练习"),
    "h_hint": ("the next hint", "下一条提示"),
    "h_reveal": ("show the answer after 3 tries (counts as revealed)",
                 "尝试 3 次后显示答案（记为已揭晓）"),
    "h_edit": ("edit your file ($EDITOR, or the inline editor: edit inline)",
               "编辑你的文件（$EDITOR，或内置编辑器：edit inline）"),
    "h_run": ("run your file and show its output", "运行你的文件并显示输出"),
    "h_check": ("grade your file", "给你的文件评分"),
    "h_watch": ("re-check your file on every save (again to stop)",
                "每次保存时重新检查（再输入一次停止）"),
    "h_explain": ("the autograd graph after the code ran", "代码运行后的 autograd 计算图"),
    "h_reset": ("start the current exercise over (asks first)", "重新开始当前练习（会先确认）"),
    "h_progress": ("your progress through the course", "你的课程进度"),
    "h_solution": ("the answers or reference solution, once solved or revealed",
                   "解决或揭晓后查看答案或参考答案"),
    "h_lang": ("switch language: lang en, lang zh", "切换语言：lang en、lang zh"),
    "h_help": ("this list", "本列表"),
    "h_quit": ("leave (Ctrl-D works too); progress is kept", "退出（也可按 Ctrl-D）；进度会保存"),
    # toolbar
    "tb_answer": ("Enter: answer", "Enter：提交答案"),
    "tb_hint": ("hint {used}/{n}", "提示 {used}/{n}"),
    "tb_reveal": ("reveal", "reveal 揭晓"),
    "tb_done": ("{done}/{n} done", "已完成 {done}/{n}"),
    "tb_torch_starting": ("torch: starting…", "torch：启动中…"),
    "tb_torch_failed": ("torch: failed to start", "torch：启动失败"),
    "tb_watching": ("watching", "监视中"),
    "tb_help": ("F1/help", "F1/help 帮助"),
    "tb_next": ("next", "next 下一题"),
    "tb_question": ("Q{number}/{total}", "问题 {number}/{total}"),
    # exercise kinds
    "kind_predict": ("predict", "预测题"),
    "kind_code": ("code", "编程题"),
    "kind_fix": ("fix", "修正题"),
    # the CLI (gradtutor show / check)
    "cli_answer_with": ("Answer with: {command}", "这样作答：{command}"),
    "cli_answer_arg": ("answer {number}", "答案{number}"),
    "cli_answer_how": ("(one --answer per question, in order; quote answers with spaces or "
                       "brackets)",
                       "（每个问题一个 --answer，按顺序；答案含空格或括号时要加引号）"),
    "cli_save_starter": ("Save the starter:  {command}", "保存起始代码：{command}"),
    "cli_then_check": ("Edit it, then:     {command}", "修改后检查：  {command}"),
    "cli_stuck": ("Stuck? {command} ({n} hints)", "卡住了？运行 {command} 看提示（共 {n} 条）"),
    "cli_stuck_short": ("Stuck? {command}", "卡住了？运行 {command} 看提示"),
    "cli_hint": ("Hint {level}: ", "提示 {level}："),
    "cli_no_starter": ("{id} is a predict exercise and has no starter code",
                       "{id} 是预测题，没有起始代码"),
    # verdicts (gradtutor.views.verdict), for the CLI and the shell
    "question_label": ("Q{number}. {ask}", "问题 {number}：{ask}"),
    "answers_pass": ("{id}: passed ({n}/{n} answers)", "{id}：全部 {n} 个答案正确"),
    "answers_fail": ("{id}: {failed} of {n} answers wrong",
                     "{id}：{n} 个答案中有 {failed} 个不对"),
    "answers_missing": ("{id}: {reason}", "{id}：{reason}"),  # some not answered: not wrong
    "answers_error": ("✘ {id}: could not grade your answers: {reason}",
                      "✘ {id}：无法评分：{reason}"),
    "raised": ("Your code raised {type}{where}: {message}",
               "你的代码抛出了 {type}{where}：{message}"),
    "where_line": (" (line {line})", "（第 {line} 行）"),
    "fix": ("Fix: {text}", "改法：{text}"),
    "hidden_pass": ("(all visible checks passed; {n} hidden check(s) run when graded)",
                    "（可见的检查全部通过；正式评分时还会运行 {n} 项隐藏检查）"),
    "hidden_fail": ("(visible checks shown above; {n} hidden check(s) run when graded)",
                    "（上面是可见的检查；正式评分时还会运行 {n} 项隐藏检查）"),
    "more_differences": ("… and {n} more", "……另有 {n} 处不同"),
    "no_reference": ("({id}: no reference solution)", "（{id}：没有参考答案）"),
    "log_not_writable": ("(errors.log not writable)", "（errors.log 无法写入）"),
    "graph_failed": ("(the graph view failed: {error})", "（计算图视图出错：{error}）"),
    "editor_footer": ("{submit}: save & check   Ctrl-C: cancel",
                      "{submit}：保存并检查   Ctrl-C：取消"),
    # language names, each in its own language where the learner switches to it
    "lang_name_en": ("English", "英语"),
    "lang_name_zh": ("Simplified Chinese", "简体中文"),
    # mistyped commands (never taken as answers)
    "did_you_mean": ("Unknown command {word!r}: did you mean {suggestion}?",
                     "未知命令 {word!r}：你是想输入 {suggestion} 吗？"),
    "did_you_mean_answer": ("Did you mean {suggestion}? {word!r} was not taken as an answer "
                            "and costs no try; type ={word} to answer it.",
                            "你是想输入 {suggestion} 吗？{word!r} 没有被当作答案，不计入尝试次数；"
                            "要作为答案提交，请输入 ={word}。"),
    # bad files and counts given to the command line
    "cli_is_folder": ("{path}: that is a folder, not a file. Give the path of your .py file "
                      "inside it",
                      "{path}：这是一个文件夹，不是文件。请给出其中你的 .py 文件的路径"),
    "cli_file_empty": ("{path}: your file is empty. Start from the starter code: gradtutor show "
                       "{id} --starter > {path}",
                       "{path}：你的文件是空的。可以从初始代码开始："
                       "gradtutor show {id} --starter > {path}"),
    "cli_all_hints": ("{id} has only {n} hints, all shown above (you asked for {asked}).",
                      "{id} 只有 {n} 条提示，上面已全部显示（你要求了 {asked} 条）。"),
    "cli_hint_count": ("--hint {n}: give a number from 1 up, e.g. gradtutor show {id} --hint 1",
                       "--hint {n}：请给出从 1 开始的数字，例如 gradtutor show {id} --hint 1"),
    "your_code_stopped": ("Your code did not finish:", "你的代码没有运行完："),
    # a slow run, said with how to stop it
    "running_stop": ("(running… Ctrl-C stops it)", "（运行中…按 Ctrl-C 停止）"),
    "running_limit": ("(running… Ctrl-C stops it · limit {limit} s)",
                      "（运行中…按 Ctrl-C 停止 · 时限 {limit} 秒）"),
    "file_empty": ("Your file {path} is empty: nothing was checked and no try counted. Type "
                   "edit to write it, or reset to start from the starter code.",
                   "你的文件 {path} 是空的：没有检查，也不计入尝试次数。输入 edit 编写代码，"
                   "或输入 reset 从初始代码重新开始。"),
}
