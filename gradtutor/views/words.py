"""Names the views print in the learner's language: exercise kinds, languages, progress states."""

from __future__ import annotations

from gradtutor.progress import ExerciseProgress
from gradtutor.text import has, render


def kind_name(kind: str, lang: str) -> str:
    """predict/code/fix in the learner's language; an unknown kind as it is."""
    return render(f"kind_{kind}", lang) if has(f"kind_{kind}") else kind


def lang_name(code: str, lang: str) -> str:
    """The language `code` named in `lang` ("zh" in Chinese: 简体中文); unknown codes as is."""
    return render(f"lang_name_{code}", lang) if has(f"lang_name_{code}") else code


def status_word(progress: ExerciseProgress, lang: str) -> str:
    return render(f"status_{progress.status or 'new'}", lang)
