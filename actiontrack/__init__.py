"""actiontrack: postmortem action items, tracked until they are done."""

__version__ = "0.1.0"
