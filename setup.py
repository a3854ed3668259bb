"""Ships the built-in course inside the wheel.

The course lives at the top of the repository (exercises/, solutions/) where instructors and
tests expect it; a wheel must carry it as package data. setuptools' package-data only reaches
files inside a package, so the build copies both folders to gradtutor/_course/ in the build
tree. Editable installs read the checkout directly and copy nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
COURSE_FOLDERS = ("exercises", "solutions")


class BuildPyWithCourse(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "gradtutor" / "_course"
        for name in COURSE_FOLDERS:
            source = HERE / name
            if not (source / "course.yaml").is_file() and name == "exercises":
                raise SystemExit(f"setup.py: {source} has no course.yaml; build from a checkout "
                                 "or an sdist that holds exercises/ and solutions/")
            shutil.copytree(source, target / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithCourse})
