"""Postmortem files on disk: finding them (`files`), loading them (`load`), their permalinks
(`permalink`) and writing issue links back into them (`writeback`)."""
