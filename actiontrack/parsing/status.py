"""Status words and marks: how an item says it is done, still open, or neither.

Done: "done", "completed", "fixed", "merged", ✅ ... Open: "TODO", "in progress", "planned",
⏳ ... Neither (the task will not be done, or failed): "dropped", "won't do", "failed", ❌.
Read from annotations ("(done)", "(dropped: not worth it)"), leading or trailing marks
("DONE: ...", "... — in progress", "... · Completed"), labels ("Status: open"), and cells.
"""

from __future__ import annotations

import re

from .lazyre import lazy
from .wording import opens_with_imperative

_DONE_WORDS = (r"done|completed?|fixed|resolved|closed|merged|shipped|finished|implemented"
               # German, Spanish, French, Portuguese
               r"|erledigt|abgeschlossen|hecho|completad[oa]|terminad[oa]|fait|terminé"
               r"|concluíd[oa]|feito"
               # Norwegian, Swedish, Danish, Finnish, Dutch, Italian
               r"|utført|gjort|ferdig|udført|klart|färdig|avklarad|valmis|tehty|afgerond"
               r"|fatto|completat[oa]"
               # Japanese, Chinese, Korean
               r"|完了(?:済み?)?|済み?|対応済み?|実施済み?|解決済み?|修正済み?|已完成|完成|已修复|已解决"
               r"|已上线|已处理|완료됨?|해결됨?|조치 ?완료|반영 ?완료")
_OPEN_WORDS = (r"to ?do|open|in[ -]progress|wip|ongoing|planned|pending|not started|blocked"
               r"|started|in review|underway|in development|tbd|offen|in bearbeitung"
               r"|pendiente|en curso"
               r"|en progreso|en cours|à faire|pendente|em andamento"
               r"|未着手|未対応|対応中|進行中|作業中|予定|検討中|进行中|未开始|待处理|待办|待做|计划中"
               r"|处理中|진행 ?중|미착수|예정|대기|검토 ?중")
_NO_STATUS_WORDS = r"failed|cancell?ed|won'?t ?(?:do|fix)|dropped|abandoned|n/?a"
STATUS_WORD = lazy(rf"(?i)^(?:status\s*[:=]\s*)?(?:(?P<done>{_DONE_WORDS})"
                         rf"|(?P<open>{_OPEN_WORDS})|(?P<none>{_NO_STATUS_WORDS}))$")
# "(dropped: not worth it)", "(done - merged in #12)": a status word and why.
STATUS_WITH_REASON = lazy(rf"(?i)^(?:(?P<done>{_DONE_WORDS})|(?P<open>{_OPEN_WORDS})"
                                rf"|(?P<none>{_NO_STATUS_WORDS}))\s*(?::|\s[-–—])\s*\S")
DONE_MARKS = "✅✔☑✓🟢"
OPEN_MARKS = "⏳🚧🔄🟡"
NONE_MARKS = "❌✖🔴"
MARKS = DONE_MARKS + OPEN_MARKS + NONE_MARKS + "\ufe0f"
# "has already been done", "This has been done.": the text says the work is finished.
ALREADY_DONE = lazy(r"(?i)\b(?:(?:this|it|that|which) (?:has|have) (?:already )?"
                          r"|(?:has|have) already )been (?:done|completed|implemented|fixed"
                          r"|deployed|addressed)\b"
                          # "We already implemented that now.": the team says so, in the past
                          r"|\bwe(?: have| ve|'ve|’ve)? already (?:done|completed|implemented"
                          r"|fixed|deployed|addressed|shipped|added) (?:this|it|that)\b")

# "Already added the fix ...", "Already run the script ...": the item opens by saying the
# work is behind it ("Already planned" is still ahead).
_ALREADY_LEAD = lazy(r"(?i)^\W*already\s+(?P<verb>[a-z]+)\b")
_PARTICIPLES = {"run", "done", "begun", "written", "taken", "given", "rewritten", "undone",
                "shown", "drawn", "frozen", "hidden", "spun", "shut"}
_STILL_AHEAD = {"planned", "scheduled", "proposed", "requested", "discussed", "considered"}


def already_done_lead(title: str) -> bool:
    """The title opens with "already" and a past tense or participle."""
    m = _ALREADY_LEAD.match(title)
    if m is None:
        return False
    verb = m["verb"].casefold()
    # After "already" an "-ed" word is a past tense ("Already improved"), whatever it may
    # be elsewhere.
    return verb not in _STILL_AHEAD and (verb in _PARTICIPLES or verb in _IRREGULAR_PAST
                                         or len(verb) > 4 and verb.endswith("ed"))


# "During the site visit the serial console server was installed", "The old keys have been
# revoked": the item's own sentence reports the work done, in the passive of a verb of work;
# "is still pending", "will be", "once ... was" leave it open.
_WORK_DONE = (r"installed|replaced|added|deployed|completed|implemented|fixed|enabled|disabled"
              r"|configured|upgraded|migrated|removed|rolled out|set up|put in place|created"
              r"|rotated|revoked|patched|rebuilt|restored|applied|merged|shipped|made|generated"
              r"|regenerated|renewed|reissued|documented")
# ("The firewall has also been re-enabled", "The servers have now been moved to ...")
_PASSIVE_DONE = lazy(r"(?i)\b(?:was|were|(?:has|have)(?:\s+(?:also|now|since|already))?\s+been)"
                     r"\s+(?:\w+ly\s+)?(?:re-?)?(?:" + _WORK_DONE + r"|moved|hardened|secured)\b")
# "We have set up a public status page", "we've added a test for it": the team reports, in
# the present perfect, work it has done.
_ACTIVE_DONE = lazy(r"(?i)\b(?:we(?:'ve|\s+have)|(?:the|our)\s+(?:[\w-]+\s+)?team\s+has)\s+"
                    r"(?:now\s+|also\s+|already\s+)*(?:"
                    + _WORK_DONE + r"|introduced|written|built|changed|updated|switched)\b")
_ALREADY_ACTIVE_DONE = lazy(r"(?i)\bwe(?:'ve|\s+have)\s+(?:now\s+|also\s+)*already\s+(?:"
                            + _WORK_DONE + r"|introduced|written|built|updated|improved"
                            r"|changed)\b")
_NOT_YET = lazy(r"(?i)\b(?:still|pending|not yet|yet to|will|shall|to be|should|must|needs?"
                r"|planned|once|when|if|until|after|before)\b")


# "Script updated to handle pagination", "Alerts added for the queue": a note's shorthand, the
# thing, then the work done to it (a verb first is a task: "Check logs added by ...").
_NOTED_DONE = lazy(r"^\W*(?:the |a |an |our )?[A-Za-z][\w-]*(?: [a-z][\w-]*){0,2} (?:"
                   + _WORK_DONE + r"|updated)\b(?! by\b)")


def passive_done(title: str) -> bool:
    """The title reports the work as done: in the passive ("... was installed"), by the
    team in the present perfect ("we have set up ..."), or as a note's shorthand ("Script
    updated to ...")."""
    if _ALREADY_ACTIVE_DONE.search(title):
        return True  # "..., we have already updated our release process to be ..."
    if _ACTIVE_DONE.match(title.lstrip(" \"'“*_")):
        return True  # "The team has changed its escalation process ..." (whatever follows)
    if _NOT_YET.search(title):
        return False
    if _PASSIVE_DONE.search(title) or _ACTIVE_DONE.search(title):
        return True
    m = _NOTED_DONE.match(title)
    if m is None or re.match(r"(?i)\W*(?:we|i|they|you|it|this|that|there)\b", title):
        return False
    # "Script updated ...": a verb and its participle make no task, so the first word is
    # the thing; "Check logs added by ..." opens with the task's verb.
    second = len(title[: m.end()].split()) == 2 and not _TAKES_PARTICIPLE.match(title)
    if second and opens_with_imperative(title) and _QUALIFIES_A_NOUN.match(title, m.end()):
        return False  # "Replace fixed retry with backoff": the participle qualifies a noun
    return second or not opens_with_imperative(title)


# Verbs a participle completes ("Keep updated", "Get fixed", "Stay patched"): still a task.
# After the participle, a noun it qualifies ("fixed retry", "disabled accounts"), not the
# preposition of a note ("added to", "updated for") nor the note's end.
_QUALIFIES_A_NOUN = lazy(r"\s+(?!(?:to|for|in|on|at|by|with|from|into|and|via|across|as|so"
                         r"|since|after|before|under|over|per|the|a|an|all|now|again|today"
                         r"|yesterday)\b)[a-z][\w-]*")
_TAKES_PARTICIPLE = lazy(r"(?i)\W*(?:keep|get|have|make|leave|stay|remain|become|ensure|want"
                         r"|need|see|consider|mark)\b")


# "... GK fixed this with this commit", "Dana has implemented it": a later sentence says who
# did the work, and that it is done.
DONE_BY = lazy(r"(?:^|[.!;]\s+)(?P<who>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)?)\s+"
                     r"(?:has\s+|have\s+)?(?:already\s+)?(?:fixed|implemented|addressed"
                     r"|resolved|completed|did|done|shipped|deployed|merged|added)\s+(?:this"
                     r"|it|that)\b")

LEAD_STATUS = lazy(rf"(?i)^\s*(?:\[(?:{_DONE_WORDS}|{_OPEN_WORDS})\]|(?:DONE|TODO|WIP)\b"
                         rf"\s*[:-]?|[{DONE_MARKS}{OPEN_MARKS}{NONE_MARKS}]\ufe0f?)\s*")
# Written in capitals at the end ("... repository FIXED", "[MERGED](url)"), a status word is
# an annotation, whatever the word.
_TRAIL_WORDS = (r"DONE|TODO|WIP|FAILED|IN PROGRESS|FIXED|RESOLVED|MERGED|COMPLETED?|CLOSED"
                r"|SHIPPED|FINISHED"
                # "... e.g. security WONTDO": decided against, in the capitals of a tracker
                r"|WONT ?DO|WON'T DO|WONT ?FIX|WON'T FIX|CANCELL?ED|DROPPED")
# ... also in emphasis ("_DONE_", "**DONE**"), as some write-ups mark their finished tasks.
TRAIL_STATUS = lazy(rf"\s*(?:[-–—:]\s*)?(?:\b(?:{_TRAIL_WORDS})\b"
                          rf"|(?P<em>\*\*|__|\*|_)(?:{_TRAIL_WORDS})(?P=em)"
                          rf"|[{DONE_MARKS}{OPEN_MARKS}{NONE_MARKS}]\ufe0f?)\s*$")
# A status word set off at the end: "— in progress", "· Completed", ", done", and "— done in
# #12" once its reference is taken out.
TRAIL_STATUS_WORD = lazy(rf"(?i)(?:(?:\s*[—–·|;,]|\s+-)\s*(?:status\s*[:=]\s*)?"
                               rf"(?:(?P<done>{_DONE_WORDS})(?:\s+(?:in|by|via|with))?"
                               rf"|(?P<open>{_OPEN_WORDS})|(?P<none>{_NO_STATUS_WORDS}))"
                               # "~~Revert the change~~ Done in #309" (the link taken out): a
                               # capitalised status word and where the work went, unmarked
                               rf"|\s+(?-i:(?P<done2>Done|Fixed|Resolved|Completed|Merged|Shipped"
                               rf"|DONE|FIXED))\s+(?:in|by|via|with))\s*$")
STATUS_LABEL = lazy(rf"(?i)\bstatus\s*[:=]\s*(?:(?P<done>{_DONE_WORDS})"
                          rf"|(?P<open>{_OPEN_WORDS})|(?P<none>{_NO_STATUS_WORDS}))\b")


# Among the words that say "not done", those that say it was decided against; "failed" or
# "n/a" say nothing about what happens next, so they leave the status unstated.
_DROPPED = lazy(r"(?i)cancell?ed|won'?t ?(?:do|fix)|dropped|abandoned")


def status_of(match: re.Match[str]) -> str | None:
    """The status a match of a pattern with `done`/`open`/`none` groups states."""
    if match["done"] or "done2" in match.re.groupindex and match["done2"]:
        return "done"
    if match["open"]:
        return "open"
    none = match["none"] if "none" in match.re.groupindex else None
    return "dropped" if none and _DROPPED.fullmatch(none.strip()) else None


def status_of_mark(mark: str) -> str | None:
    """The status a mark states: "DONE", "✅", "TODO:", "in progress" ..."""
    mark = mark.strip().strip("[]:-*_ \ufe0f").upper()
    if mark in ("DONE",) or (mark and mark[0] in DONE_MARKS):
        return "done"
    if mark in ("TODO", "WIP", "IN PROGRESS") or (mark and mark[0] in OPEN_MARKS):
        return "open"
    m = STATUS_WORD.match(mark.lower())
    return status_of(m) if m else None


# Past-tense verbs that do not end in "-ed", and "-ed" words that are not past tenses or may
# open a noun phrase ("Improved alerting", "Automated failover") naming planned work.
_IRREGULAR_PAST = {"built", "rebuilt", "made", "set", "sent", "wrote", "rewrote", "ran", "took",
                   "put", "kept", "held", "began", "brought", "bought", "cut", "found", "gave",
                   "got", "led", "left", "shut", "spun", "split", "swept", "threw", "told",
                   "undid", "won", "paused", "rolled", "drew", "froze", "hid", "shed"}
_NOT_PAST = {"need", "needed", "feed", "speed", "seed", "embed", "shred", "bed", "red", "bled",
             "proceed", "exceed", "succeed", "breed", "weed", "embedded", "detailed", "tailored",
             "automated", "advanced", "dedicated", "distributed", "centralized",
             "centralised", "improved", "updated", "expanded", "increased", "reduced", "limited",
             "scheduled", "documented", "based", "related", "unused", "unneeded"}


def past_tense_lead(title: str) -> bool:
    """The item opens with a past-tense verb: "Rotated every token", "Rebuilt the images"."""
    word = (title.split() or [""])[0].strip("*_`,:").casefold()
    if word in _NOT_PAST:
        return False
    return word in _IRREGULAR_PAST or (len(word) > 4 and word.isalpha() and word.endswith("ed"))
