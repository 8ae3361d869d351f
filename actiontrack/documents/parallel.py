"""Parsing many postmortems at once: each file read once, what the parse cache already holds
taken from it, the rest parsed in worker processes when there are enough of them to pay for
it.

A sync or a check of an organisation's 2,000 postmortems spends most of its time parsing (a
few milliseconds a file), and the files are independent, so on a machine with several cores
they are parsed side by side. Workers are forked from this process, which has imported the
parser already: a worker costs milliseconds, not a second interpreter start. Where fork is not
available or not safe (other threads are running), or the batch is small, the files are
parsed here, one after the other. Each file's bytes are read once, here: the cache key and the
parse come from the same bytes, so a file that changes meanwhile cannot leave a stale entry.
Either way the outcomes come back in the order of the paths, a file that cannot be read as
its `InputError`, a file that can as its document and the parser's doubts about it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

from ..config import ParserSettings
from ..errors import InputError
from ..lasting import lasting
from ..parsing import decode_postmortem, postmortem_bytes
from .cache import ParseCache, Parsed, cache_keys

# Files a worker must have to be worth its start; below twice this, one process parses all.
FILES_PER_WORKER = 100

Outcome = Parsed | InputError


def parse_one(path: Path, data: bytes, settings: ParserSettings | None) -> Outcome:
    from ..parsing.document import read_text  # loaded by `_parse_all`, before any fork
    try:
        reading = read_text(decode_postmortem(path, data), source=str(path), settings=settings)
    except InputError as exc:
        return exc
    return Parsed(reading.document, tuple(reading.trace.doubts))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(files: int) -> int:
    """How many processes parse `files` files: 1 unless forking is possible and safe."""
    import multiprocessing  # here: a run whose files all come from the cache forks nothing
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return max(1, min(_cores(), files // FILES_PER_WORKER))


def _parse_all(paths: Sequence[Path], data: Sequence[bytes], settings: ParserSettings | None,
               workers: int | None) -> list[Outcome]:
    if not paths:
        return []  # every file came from the cache: the parser is not even imported
    # here, so each forked worker has it (its patterns compile on first use, in each worker)
    from ..parsing import document  # noqa: F401
    count = worker_count(len(paths)) if workers is None else workers
    if count <= 1:
        return [parse_one(path, raw, settings) for path, raw in zip(paths, data, strict=True)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"))
    try:
        # Chunks of a few dozen files: few round trips, and the workers finish together.
        chunk = max(1, len(paths) // (count * 8))
        return list(pool.map(parse_one, paths, data, [settings] * len(paths), chunksize=chunk))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def parse_files(paths: Sequence[Path], settings: ParserSettings | None = None, *,
                workers: int | None = None, cache: ParseCache | None = None) -> list[Outcome]:
    """Every file parsed once (or taken from `cache`), in order: its document and the
    parser's doubts, or the `InputError` saying why it cannot be read."""
    outcomes: list[Outcome | None] = [None] * len(paths)
    data: dict[int, bytes] = {}
    # the cached documents live until the command ends: no collector passes over them (the
    # parse below, in forked workers, runs with the collector as the caller has it)
    with lasting():
        for n, path in enumerate(paths):
            try:
                data[n] = postmortem_bytes(path)
            except InputError as exc:
                outcomes[n] = exc
        keys = {} if cache is None else dict(zip(data, cache_keys(
            ((paths[n], raw) for n, raw in data.items()), settings), strict=True))
        cached = {} if cache is None else cache.get_many(keys.values())
        todo = [n for n in data if keys.get(n) not in cached]
        for n in data:
            if n not in todo:
                outcomes[n] = cached[keys[n]]
    parsed = _parse_all([paths[n] for n in todo], [data[n] for n in todo], settings, workers)
    for n, outcome in zip(todo, parsed, strict=True):
        outcomes[n] = outcome
    if cache is not None:
        cache.put_many({keys[n]: o for n, o in zip(todo, parsed, strict=True)
                        if isinstance(o, Parsed)})
    return [o for o in outcomes if o is not None]
