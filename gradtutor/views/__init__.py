"""The presentation floor's terminal views, shared by every front end (cli/, shell/, reports).

    style        ANSI styles, marks, indentation, highlighted code (the one place ANSI is written)
    words        names of kinds, languages and progress states in the learner's language
    verdict      the one verdict renderer; the next step to suggest is a parameter
    explanation  explanations, the graph and memory views, rendered from explain's facts
    escape       learner-controlled text made inert for each channel (terminal, CI log,
                 Markdown, JUnit, JSON, Gradescope)

Views take words from `gradtutor.text` and wrap prose with `gradtutor.text.wrapping`. They
import the core's data types, never the front ends: cli/ and shell/ import views, not each other.
"""
