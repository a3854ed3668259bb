"""gradtutor: learn and grade PyTorch autograd."""

__version__ = "0.1.0"
