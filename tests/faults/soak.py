"""The long run of the fault suite (`make soak-faults`): `--trials` trials of every case
(200 by default), spread over `--jobs` processes, and one table of figures per case: trials,
trials with a duplicate, duplicated items, lost items, crashes, and runs that failed without a
fault meant to fail them. Exits 1 if any is not zero."""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

from tests.faults.cases import CASES
from tests.faults.harness import Figures, run_trial


def soak_case(index: int, trials: int, first_seed: int) -> tuple[int, Figures, float]:
    started = time.monotonic()
    figures = Figures()
    for seed in range(first_seed, first_seed + trials):
        figures.add(CASES[index], run_trial(CASES[index], seed))
    return index, figures, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1000, help="the first trial's seed")
    parser.add_argument("--case", action="append", help="only cases whose name has this")
    args = parser.parse_args()
    chosen = [n for n, c in enumerate(CASES)
              if not args.case or any(part in c.name for part in args.case)]
    print("| case | trials | trials with duplicates | duplicated items | lost items | "
          "crashes | failed runs | minutes |")
    print("|---|---|---|---|---|---|---|---|")
    bad = False
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        jobs = [pool.submit(soak_case, n, args.trials, args.seed) for n in chosen]
        # Each case's row as soon as it is done: a long run stopped early keeps what it found.
        for job in as_completed(jobs):
            index, f, seconds = job.result()
            bad |= bool(f.trials_with_duplicates or f.lost_items or f.crashes
                        or f.failed_runs)
            print(f"| {CASES[index].name} | {f.trials} | {f.trials_with_duplicates} | "
                  f"{f.duplicated_items} | {f.lost_items} | {f.crashes} | {f.failed_runs} | "
                  f"{seconds / 60:.1f} |", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
