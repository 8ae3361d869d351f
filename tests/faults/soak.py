"""The long run of the fault suite (`make soak-faults`): `--trials` trials of every case
(200 by default), spread over `--jobs` processes in chunks of `--chunk` trials, and one table
of figures per case: trials, trials with a duplicate, duplicated items, lost items, crashes,
and runs that failed without a fault meant to fail them. Exits 1 if any is not zero.

Many trials mostly wait (a run without the lock waits out the client timeout before it
collapses), so one case's trials are split over processes: `--jobs` may well exceed the
number of cores."""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import fields

from tests.faults.cases import CASES
from tests.faults.harness import Figures, run_trial, unexpected_failures


def soak_chunk(index: int, first_seed: int, trials: int) -> tuple[int, Figures, float]:
    started = time.monotonic()
    figures = Figures()
    case = CASES[index]
    for seed in range(first_seed, first_seed + trials):
        outcome = run_trial(case, seed)
        figures.add(case, outcome)
        if outcome.duplicated or outcome.lost or outcome.crashes or \
                unexpected_failures(case, outcome):
            # What went wrong, on stderr: a figure that is not zero needs its why.
            print(f"{case.name} seed {seed}: exit codes {outcome.exit_codes}, duplicated "
                  f"{outcome.duplicated}, lost {outcome.lost}; {outcome.problems}",
                  file=sys.stderr, flush=True)
    return index, figures, time.monotonic() - started


def merge(into: Figures, more: Figures) -> None:
    for field in fields(Figures):
        setattr(into, field.name, getattr(into, field.name) + getattr(more, field.name))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=25, help="trials per process task")
    parser.add_argument("--seed", type=int, default=1000, help="the first trial's seed")
    parser.add_argument("--case", action="append", help="only cases whose name has this")
    args = parser.parse_args()
    chosen = [n for n, c in enumerate(CASES)
              if not args.case or any(part in c.name for part in args.case)]
    print("| case | trials | trials with duplicates | duplicated items | lost items | "
          "crashes | failed runs | process minutes |")
    print("|---|---|---|---|---|---|---|---|")
    totals = {n: Figures() for n in chosen}
    seconds = dict.fromkeys(chosen, 0.0)
    pending = {n: 0 for n in chosen}
    bad = False
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        jobs = []
        for n in chosen:
            for start in range(0, args.trials, args.chunk):
                count = min(args.chunk, args.trials - start)
                jobs.append(pool.submit(soak_chunk, n, args.seed + start, count))
                pending[n] += 1
        # Each case's row as soon as all its chunks are done: a run stopped early keeps
        # what it found.
        for job in as_completed(jobs):
            index, figures, spent = job.result()
            merge(totals[index], figures)
            seconds[index] += spent
            pending[index] -= 1
            if pending[index]:
                continue
            f = totals[index]
            bad |= bool(f.trials_with_duplicates or f.lost_items or f.crashes
                        or f.failed_runs)
            print(f"| {CASES[index].name} | {f.trials} | {f.trials_with_duplicates} | "
                  f"{f.duplicated_items} | {f.lost_items} | {f.crashes} | {f.failed_runs} | "
                  f"{seconds[index] / 60:.1f} |", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
