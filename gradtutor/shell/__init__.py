"""`gradtutor start`: the interactive shell, ptpython-style, one module per extension point.

    lexer         highlighting of commands, answers and code       (prompt_toolkit Lexer)
    completer     commands, exercise ids, languages                (prompt_toolkit Completer)
    keys          function keys, inline editor keys                (prompt_toolkit KeyBindings)
    style         colours, NO_COLOR                                (prompt_toolkit Style)
    toolbar       where the learner is and what to type next       (bottom toolbar)
    commands      the command table and the line dispatcher
    tutor         one method per command, independent of prompt_toolkit, over its parts:
      learner       where the learner is: exercise, progress, answers
      background    the sandbox started in the background, runs, snippet prefetch
      predict_flow  answering (through grading.answer), reveal, the predict solution
      code_flow     run, check, edit, the reference solution
      watch         re-check on save (watchfiles: native notifications, or polling)
      context       what the parts share
    views         what gets printed (exercises, runs); verdicts come from gradtutor.views
    explaining    explanations and the graph view from gradtutor.explain
    app           the prompt loop, the plain line loop for pipes

The shell imports the core (course, grading, sandbox, progress) and the presentation floor
(gradtutor.text, gradtutor.views), never gradtutor.cli; `gradtutor start` reaches it through
gradtutor.launch. The core never imports it.
"""
