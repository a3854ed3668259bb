"""Grading a class: submissions on disk, the trusted course, and batch orchestration.

    roster = find_submissions(path)                         # classroom.submissions
    course = load_trusted_course(exercises_dir, None, path) # classroom.trusted
    results = grade_submissions(roster.submissions, course.exercises, sandbox)

The results (`gradtutor.reports.model`) are what every report writer renders. Import from
the submodules: this package imports nothing at import time, so `reports.model` (which
reads `classroom.submissions.Work`) and `classroom.grader` never import each other in a loop.
"""
