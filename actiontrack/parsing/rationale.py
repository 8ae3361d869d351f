"""Why a task exists: the postmortem's own measure prose, attached to the task it matches.

Documents often list the measures in prose ("Implement monitoring on the server memory and
database connections to quickly detect ...") and then the tasks in short form ("Implement
monitoring on server memory"). Each task gets the measure sentence that shares the most
content words with it (crude stems, stop words ignored); each sentence explains one task.
"""

from __future__ import annotations

import re

_STOP = set("""a an the and or of to for in on at by with from into onto over under is are was
were be been being will would should could can may might must shall this that these those it
its their our we you they them all any each every some more most other such than then so as
not no do does did done have has had make made get take use using ensure able also only just
very much many regular regularly thorough thoroughly""".split())


def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:6]


def content_stems(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[a-z][a-z0-9-]+", text.casefold()) if w not in _STOP}


def attach_rationale(titles: list[str], sentences: list[str], *, min_cover: float = 0.3
                     ) -> list[str | None]:
    """For each title, the sentence that explains it best, or None. A sentence qualifies when
    it shares at least two content words and `min_cover` of the title's content words."""
    stems = [content_stems(t) for t in titles]
    candidates = [(s, content_stems(s)) for s in sentences if s.strip()]
    scored = []
    for n, mine in enumerate(stems):
        for m, (_sentence, theirs) in enumerate(candidates):
            shared = len(mine & theirs)
            if shared >= 2 and shared / max(len(mine), 1) >= min_cover:
                scored.append((shared / len(mine | theirs) + shared, n, m))
    scored.sort(reverse=True)
    result: list[str | None] = [None] * len(titles)
    used: set[int] = set()
    for _score, n, m in scored:
        if result[n] is None and m not in used:
            result[n] = candidates[m][0]
            used.add(m)
    return result
