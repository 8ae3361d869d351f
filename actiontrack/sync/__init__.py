"""The sync engine: desired items versus tracker state, as a plan (`plan`, pure), then carried
out (`apply`); `run` does both for a set of postmortems. The engine, not a backend, decides
what changes."""

from .apply import AppliedChange, SyncResult, apply_plan, create_once, dry_run_result
from .plan import SyncOptions, match_items, plan_sync
from .run import sync_documents

__all__ = ["AppliedChange", "SyncOptions", "SyncResult", "apply_plan", "create_once",
           "dry_run_result", "match_items", "plan_sync", "sync_documents"]
