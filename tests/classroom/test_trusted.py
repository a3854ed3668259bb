"""What the sandbox hides while grading: the course, the solutions, every submission, and the
git history holding any of them (found by the acceptance trial: a learner's code could read
the reference solutions back from the objects of the course repository's .git)."""

from __future__ import annotations

import shutil
from pathlib import Path

from gradtutor.classroom.trusted import git_dirs, load_trusted_course

MINI = Path(__file__).parents[1] / "fixtures" / "mini"


def test_the_repository_of_course_and_roster_is_hidden(tmp_path: Path) -> None:
    repo = tmp_path / "instructors"
    shutil.copytree(MINI, repo)  # exercises/ and solutions/ at the top, as in the docs' CI
    (repo / ".git" / "objects").mkdir(parents=True)
    (repo / "roster" / "ann").mkdir(parents=True)
    course = load_trusted_course(repo / "exercises", None, repo / "roster")
    hidden = course.sandbox_hide_paths(repo / "roster")
    assert str(repo / "exercises") in hidden and str(repo / "roster") in hidden
    assert str((repo / "solutions").resolve()) in map(str, (Path(p).resolve() for p in hidden))
    assert hidden.count(str((repo / ".git").resolve())) == 1


def test_git_dirs_of_checkouts_worktrees_and_none(tmp_path: Path) -> None:
    main = tmp_path / "main"
    (main / ".git" / "worktrees" / "wt").mkdir(parents=True)
    (main / "course" / "exercises").mkdir(parents=True)
    wt = tmp_path / "wt"
    (wt / "roster").mkdir(parents=True)
    (wt / ".git").write_text(f"gitdir: {main / '.git' / 'worktrees' / 'wt'}\n")
    plain = tmp_path / "plain"
    plain.mkdir()
    found = git_dirs([main / "course" / "exercises", wt / "roster", main])
    assert found == [str(main / ".git"), str(wt / ".git")], found
    # A folder outside any repository adds nothing (tmp_path is not in one).
    assert [d for d in git_dirs([plain]) if d.startswith(str(tmp_path))] == []


def test_a_git_file_pointing_at_no_repository_hides_nothing(tmp_path: Path) -> None:
    """A submission's `.git` file is learner data: `gitdir: /` must not hide the whole
    machine from every run (which made every exercise internal)."""
    sub = tmp_path / "sub"
    sub.mkdir()
    for target in ("/", "/usr", "../nowhere", "x" * 5000):
        (sub / ".git").write_text(f"gitdir: {target}\n")
        assert git_dirs([sub]) == [str(sub / ".git")], target
