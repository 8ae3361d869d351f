"""Test helpers shipped with actiontrack, for its own tests and for backend plugins."""

from .contract import BackendContract, draft_for, make_document, unique_pm

__all__ = ["BackendContract", "draft_for", "make_document", "unique_pm"]
