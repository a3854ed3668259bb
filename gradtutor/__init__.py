"""gradtutor: learn and grade PyTorch autograd."""

from typing import Any

__version__ = "0.1.0"


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext gradtutor`. Imported only when called: `import gradtutor` stays fast and never
    imports IPython."""
    from gradtutor.notebook import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    from gradtutor.notebook import unload_ipython_extension as unload

    unload(ipython)
