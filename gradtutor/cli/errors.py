class UsageError(Exception):
    """Unusable input. The message is one line and names the next action."""
