"""Score the parser on the real unseen batches: `python benchmarks/score_unseen.py DOCS...`.

The labels are ours and live in `benchmarks/unseen/<batch>/` (one `<slug>.expected.json` per
postmortem, each naming its source: repository, path and commit; the batch's SOURCES.md gives
the judgement calls). The postmortems themselves are third-party text and are not in this
repository: fetch each one at its commit (see benchmarks/unseen/README.md) into a folder per
batch, named `<slug>.md`, and pass that folder. Prints the figures, as
tests/parsing/scoring.py defines them. Figures, not assertions.

usage: score_unseen.py [--labels benchmarks/unseen/batch1] DOCS_FOLDER
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.parsing.scoring import labelled_documents, score

UNSEEN = Path(__file__).resolve().parent / "unseen"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("docs", type=Path, help="folder holding the fetched <slug>.md files")
    parser.add_argument("--labels", type=Path,
                        help="folder of <slug>.expected.json (default: benchmarks/unseen/<name "
                             "of DOCS>)")
    args = parser.parse_args()
    labels = args.labels or UNSEEN / args.docs.name
    documents = labelled_documents(labels, args.docs)
    missing = len(list(labels.glob("*.expected.json"))) - len(documents)
    if missing:
        print(f"{missing} labelled document(s) not found in {args.docs}; scoring the rest")
    print(score(documents).line())


if __name__ == "__main__":
    main()
