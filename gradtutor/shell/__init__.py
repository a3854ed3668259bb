"""`gradtutor start`: the interactive shell, ptpython-style, one module per extension point.

    messages   UI strings, English and Simplified Chinese
    lexer      highlighting of commands, answers and code       (prompt_toolkit Lexer)
    completer  commands, exercise ids, languages                (prompt_toolkit Completer)
    keys       function keys, inline editor keys                (prompt_toolkit KeyBindings)
    style      colours, NO_COLOR                                (prompt_toolkit Style)
    toolbar    where the learner is and what to type next       (bottom toolbar)
    commands   the command table and the line dispatcher
    tutor      the tutoring logic, independent of prompt_toolkit
    views      what gets printed (exercises, runs, verdicts)
    watch      re-check on save (watchfiles: native notifications, or polling)
    explaining the optional bridge to gradtutor.explain
    app        the prompt loop, the plain line loop for pipes

The shell imports the core (course, grading, sandbox, progress); the core never imports it.
"""
