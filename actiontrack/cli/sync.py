"""`actiontrack sync`: postmortems -> one tracker issue per action item."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from ..errors import ExitCode
from ..lasting import outlive
from .app import BACKEND_HELP, State, cli, output_option, report_error, warn

if TYPE_CHECKING:
    from ..documents.writeback import WriteBack

SYNC_FORMATS = ("text", "json", "markdown")


@cli.command(short_help="Create or update one tracker issue per action item.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--backend", metavar="NAME", help=BACKEND_HELP)
@click.option("--dry-run", is_flag=True, help="Show the plan; change nothing.")
@click.option("--prune", is_flag=True, help="Close (as not planned) issues whose item is gone.")
@click.option("--reopen", is_flag=True, help="Reopen issues closed in the tracker whose item is "
              "open in the postmortem.")
@click.option("--force-state", is_flag=True, help="Make every issue open or closed as its "
              "postmortem says, undoing closes and reopens made in the tracker.")
@click.option("--format", "fmt", type=click.Choice(SYNC_FORMATS), default="text",
              show_default=True, help="json: counts and one entry per item, for scripts; "
                                      "markdown: a table for a job summary.")
@output_option(".json .md .txt")
@click.option("--write-links", is_flag=True, help="Write each issue's link next to its item in "
              "the postmortem and tick the box of items whose issue is closed; nothing else in "
              "the file changes.")
@click.pass_obj
def sync(state: State, paths: tuple[str, ...], backend: str | None, dry_run: bool, prune: bool,
         reopen: bool, force_state: bool, fmt: str, outputs: tuple[str, ...],
         write_links: bool) -> ExitCode:
    """Create or update one tracker issue per action item of each postmortem in PATH...

    PATH may be files, folders or globs. Re-running it is safe: unchanged items write nothing,
    fields people edited in the tracker are kept, and no item ever gets a second issue. A
    postmortem that cannot be read is reported and skipped, the others are synced, and the
    exit code is 2. A postmortem tracked from a file under a folder (or matching a glob)
    given here that is no longer there is renamed (when another file holds its items) or
    orphaned.
    """
    from ..documents.cache import digest_cache
    from ..documents.load import load_documents
    from ..sync import SyncOptions, SyncResult, sync_documents
    from ..sync.run import memo_for
    from .output import SyncReport, check_outputs, emit, failure_lines
    from .terminal import ProgressBar
    check_outputs(outputs)
    config = state.config()
    loaded = load_documents(paths, config, os.environ, warn=warn)
    for unreadable in loaded.unreadable:
        report_error(f"{unreadable} (skipped"
                     + ("; the other postmortems are synced)" if loaded.docs else ")"),
                     path=unreadable.path, line=unreadable.line)
    bad_input = ExitCode.USAGE if loaded.unreadable else ExitCode.OK
    if not loaded.docs:  # nothing to sync: leave the tracker alone, not even a lock file
        if not loaded.unreadable:
            emit(outputs, fmt, SyncReport(SyncResult(dry_run=dry_run), None,
                                          loaded.skipped).render, SYNC_FORMATS)
        return bad_input
    written: list[WriteBack] = []
    with state.tracker(backend) as tracker, digest_cache(os.environ) as digests:
        memo = memo_for(tracker, config, digests)
        total = sum(len(doc.action_items) for doc in loaded.docs)
        with ProgressBar(total, sys.stderr, label="syncing") as bar:
            tracker.on_notice = bar.say  # a long sync says how far it is, in CI logs too
            plan, result = sync_documents(
                loaded.to_sync, tracker, config, dry_run=dry_run,
                options=SyncOptions(prune=prune, reopen=reopen, force_state=force_state),
                scope=loaded.scope, memo=memo,
                progress=lambda change: bar.advance(note=change.item.title if change.item
                                                    else ""))
        if write_links and not dry_run:
            from ..documents.writeback import write_links_for  # only for --write-links
            written = write_links_for(loaded.docs, result.issues_by_item(),
                                      tracker.issue_key_from_link, config.base_dir())
            for warning in (w for done in written for w in done.warnings):
                warn(warning)
        if memo is not None and digests is not None:
            digests.put_many(memo.new_entries())
        target = tracker.describe()
    for note in result.notes:
        warn(note)
    emit(outputs, fmt, SyncReport(result, target, loaded.skipped, written if write_links
                                  else None, plan.notes).render, SYNC_FORMATS)
    for line in failure_lines(result):
        click.echo(f"failed: {line}", err=True)
    # what the sync read, planned and did lives to the end of the process: not freed here
    outlive(loaded, plan, result, memo)
    failed = result.failure_summary()
    if failed is not None:
        raise failed
    return bad_input
