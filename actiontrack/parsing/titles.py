"""Titles: what is left of an item's text once its metadata is read, and what was removed.

The title is the first sentence (or the bold lead-in) with list numbers, labels, markup and
trailing punctuation gone; a long one keeps the clause before a spaced dash. `removed_parts`
names the words of the text the title does not keep, so the JSON can say what was removed
(annotations, markers, later sentences) and a reader can check no word of the task was lost.
"""

from __future__ import annotations

import difflib
import re

from .lazyre import lazy
from .text import HTML_TAG, first_sentence, strip_emphasis, strip_markdown
from .wording import opens_with_imperative, reads_as_task

# "Action item 3:", "Task #2.", "AI-1:", "4)": the item's number, not a link and not its title.
ITEM_NUMBER = lazy(r"(?i)^(?:(?:action(?: item)?|item|task|ai|follow[- ]?up)\s*#?\d+"
                          r"\s*[:.)-]|(?:action(?: item)?|ai)-\d+\s*[:.)-]?|\d{1,3}[.)])\s+")
# "**Action:** Add an alert", "Task: Patch the loop": a label naming the field the title is in.
TITLE_LABEL = lazy(r"(?i)^(?:\*\*|__)?(?:action(?: item)?|task|item|title|description"
                          r"|what)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?=\S)")
# "? More descriptive logs": a question mark before the words flags the entry as still open
# to discussion; it is no part of the task.
_OPEN_QUESTION_MARK = lazy(r"^\?{1,3}\s+(?=\w)")
# A long title keeps the clause before a spaced dash: the rest explains it.
LONG_TITLE = 140
# (an em dash between words, unspaced as many style guides set it, is one too: "a “raise a
# flag” culture—when something feels off, ...")
DASH = lazy(r"\s+[—–-]{1,2}\s+|(?<=[\w”’\"')])—(?=[\w“‘\"'(])")


_AFTERWORD = lazy(r"(?<=[\w`)])\.\s+\((?=[a-z])[^()]{3,200}\)\s*$")


def clean_title(text: str) -> str:
    text = strip_emphasis(HTML_TAG.sub(" ", text))
    text = ITEM_NUMBER.sub("", " ".join(text.split()))
    text = _OPEN_QUESTION_MARK.sub("", text)
    text = first_sentence(text)
    # "Remove the signer from the ignored list. (helps address the missed alert)": after the
    # task's full stop, a remark in brackets on why
    text = _AFTERWORD.sub("", text)
    # (at least two words before the dash: "Dependency mapping - when IPs change ...")
    m = DASH.search(text, 10)
    if m is not None and len(text[: m.start()].split()) < 2 \
            and not _PAIRED_NAME.fullmatch(text[: m.start()]):
        m = DASH.search(text, m.end())
    if m is not None and (pair := DASH.search(text, m.end())) is not None \
            and _RESUMES.match(text[pair.end():]):
        m = DASH.search(text, pair.end())  # the two dashes set off a parenthesis
    if m is not None and (
            len(text) > LONG_TITLE or len(text) > 120 and len(text[m.end():].split()) >= 5
            or _names_a_topic(text[: m.start()], text[m.end():])
            or _qualifies(text[: m.start()], text[m.end():])
            or _asks_how(text[: m.start()], text[m.end():])
            or _explains(text, m)):
        text = text[: m.start()]  # the clause after the dash explains the task
    # (empty brackets, and "[^1]", a footnote's mark)
    text = re.sub(r"\(\s*\)|\[\s*\]|\[\^[^\]\s]{1,20}\]", "", text)
    # "... how to avoid this in future e.g." once its link is read: the examples it leads to
    # are the entries below it, no word of the task
    text = _DANGLING_EXAMPLE.sub("", text)
    text = " ".join(text.split()).strip(" ,;:-–—")
    while text.endswith((".", ",", ";", ":")) and not text.endswith("..."):
        text = text[:-1].rstrip(" -–—")
    return text


_DANGLING_EXAMPLE = lazy(r"(?i)[\s,]+(?:e\.?g\.?|i\.e\.?|for (?:example|instance)|such as)"
                        r"\s*:?\s*$")


# "The rule — flag bits are permanent — is encoded in ...": after a pair of dashes, the
# sentence goes on with its verb.
_RESUMES = lazy(r"(?:is|are|was|were|will|has|have|must|should|can|does|do)\b")


# "Documentation/tooling": two names of one topic, a name by itself.
_PAIRED_NAME = lazy(r"[A-Z][a-z]+/[a-z]+")


# "- using network policy, not ingress", "- not too noisy", "- more than 30% above norms": a
# qualifier of the task before it, no clause of its own.
_QUALIFIER = lazy(r"(?:using|via|with|without|not|more|less|e\.g\.?|i\.e\.?|such as"
                  r"|including|especially|ideally|preferably|possibly|maybe)\b")


def _explains(text: str, m: re.Match[str]) -> bool:
    """ "Protect the marketplace repo — sole distribution channel, unreviewed by construction":
    an em dash after a task of two words or more, and a remark of three or more after it
    ("Fix the loop — it wakes the pager" goes on with a sentence of its own: one task)."""
    lead, rest = text[: m.start()], text[m.end():]
    return "—" in m.group(0) and len(lead.split()) >= 2 and len(rest.split()) >= 3 \
        and len(text) > 60 \
        and not _RESUMES.match(rest) and not re.match(r"(?i)(?:we|i|it|this|they|that)\b", rest)


def _qualifies(lead: str, rest: str) -> bool:
    """ "Alert on disk queue depth - not too noisy": a task of three words or more in the
    imperative, and after the dash a lower-case qualifier of it."""
    return len(lead.split()) >= 3 and opens_with_imperative(lead) \
        and bool(_QUALIFIER.match(rest)) and not re.search(r"[.!?]", lead)


# "Diff custom types test - how to run this only when it's useful": after the task, the
# question it leaves open.
_HOW = lazy(r"(?:how to|how we|how do we|how can we|when to|whether to|whether we)\b")


def _asks_how(lead: str, rest: str) -> bool:
    return len(lead.split()) >= 3 and bool(_HOW.match(rest)) and not re.search(r"[.!?]", lead)


def _names_a_topic(lead: str, rest: str) -> bool:
    """ "Incident frequency - value in recording and surfacing metrics": a name of two or three
    words (no verb to open it, no sentence) before the dash, what it means for the team after
    it; "Fix the loop - it wakes the pager" is one task told whole."""
    words = lead.split()
    return (2 <= len(words) <= 3 or bool(_PAIRED_NAME.fullmatch(lead))) \
        and lead[:1].isupper() and not opens_with_imperative(lead) \
        and len(rest.split()) >= 4 and not re.search(r"[.,;:!?()]", lead) \
        and not reads_as_task(rest) and not re.match(r"(?i)(?:we|i|it|this|they)\b", rest)


def removed_parts(original: str, title: str) -> list[str]:
    """The runs of words of the item's text that the title does not keep (annotations,
    markers, later sentences), in reading order."""
    source = strip_markdown(original).split()
    if not source:
        return []

    def key(word: str) -> str:
        return word.strip(".,;:!?()[]{}\"'`*_").casefold()

    have, kept = [key(w) for w in source], [key(w) for w in title.split()]
    if have == kept:
        return []  # most items: nothing removed but punctuation
    start = _run_at(have, kept)
    if start is not None:  # the title is one run of the text: what is before and after it
        parts = [" ".join(source[:start]), " ".join(source[start + len(kept):])]
    else:
        matcher = difflib.SequenceMatcher(None, have, kept, autojunk=False)
        parts = [" ".join(source[i1:i2]) for tag, i1, i2, _j1, _j2 in matcher.get_opcodes()
                 if tag in ("delete", "replace")]
    return [p[:120] for p in parts if p.strip(" .,;:-–—()[]{}")]


def _run_at(words: list[str], run: list[str]) -> int | None:
    """Where `run` stands in `words` as one contiguous run, if it does."""
    if not run:
        return None
    for start in range(len(words) - len(run) + 1):
        if words[start] == run[0] and words[start: start + len(run)] == run:
            return start
    return None




# A template's placeholders: "{{ Enable logging }}" is the task once the braces go;
# "{{ summary }}" and "[link to github issue]" are blanks nobody filled in.
_BRACES = lazy(r"\{\{\s*(?P<inner>[^{}]*?)\s*\}\}")
_BLANK = lazy(r"(?i)\s*\[(?:link to|add (?:a )?link|insert|tbd|todo|fill in)[^\]]*\]"
                    r"(?!\()")


# A template's filler row: "... another item", "…", "etc.": an ellipsis and a few words.
_FILLER = lazy(r"(?i)^\W*(?:\.{3}|…)\s*(?:[\w'’]+\s*){0,3}\W*$|^\W*etc\W*$")


# "No immediate action items.", "None at this time": the section says it holds no work.
_NONE_HERE = lazy(r"(?i)^\W*(?:there (?:are|were) )?(?:no|none)(?: (?:immediate|further|other|new"
                  r"|additional|open|outstanding))?(?: (?:action items?|actions?|follow[- ]?ups?"
                  r"|tasks?|items?))?(?: (?:at (?:this|the moment|present)(?: time)?|needed"
                  r"|required|identified|planned|so far|yet))?\W*$")


def fill_placeholders(text: str) -> tuple[str, bool]:
    """The text without template braces and blanks, and whether it was only a placeholder."""
    if _FILLER.match(text) or _NONE_HERE.match(text):
        return text, True
    blank = False
    if "{{" in text:
        inner = [m["inner"] for m in _BRACES.finditer(text)]
        if inner and all(len(i.split()) <= 2 and i == i.lower() for i in inner) and \
                not _BRACES.sub("", text).strip(" -:[]") or not any(i.strip() for i in inner):
            blank = True
        text = _BRACES.sub(lambda m: m["inner"], text)
    return (_BLANK.sub("", text) if "[" in text else text), blank
