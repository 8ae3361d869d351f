"""Section names: which headings name follow-up work, which name something else.

Names are matched on `heading_key` text (lower case, words only). Three strengths:

- an action name ("Action items", "Follow-ups", "Remediation", "What we will change", "Will
  this happen again?") takes its section on the name alone;
- a weak name ("Recommendations", "Suggestions") takes it only when its entries read as the
  team's own tasks (see `sections.py`): recommendations to readers are advice, not work;
- a brainstorm, past-work or reader-facing name ("Ideas", "Possible improvements", "Actions
  taken during the incident", "What should I do?") is never an action section.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lazyre import lazy
from .text import heading_key

# Chinese (simplified and traditional), Japanese and Korean names of follow-up work: action
# items, to-dos, follow-up, improvement, rectification, prevention, "preventing recurrence",
# countermeasures, next steps, tasks.
_CJK_ACTION = (r"|行动项|行動項|行动计划|行動計劃|待办|待辦|后续|後續|跟进|跟進|改进|改進|改善|整改"
               r"|预防|預防|防范|防範|防止|复发|復發|再发|再發|再発防止|对策|對策|対策|下一步|任务"
               r"|任務|今後の|アクション|タスク|次のステップ|フォローアップ|残課題|宿題|후속|재발"
               r"|개선|조치|대책|액션|할 일|향후"
               # "measures taken", "measures": 措施 / 措置
               r"|措施|措置")
ACTION_NAME = lazy(
    r"\b(?:action items?|actions?|action plan|tasks?|follow ?ups?|followups?|corrective"
    r"|prevent(?:ive|ative|ion)|proactive (?:measures?|steps?|actions?|work|changes?)"
    r"|remediations?|remedial|^remed(?:y|ies)$|next steps|to ?dos?|to do s"
    r"|future works?|improvements?|(?:future|planned) enhancements?|^enhancements$"
    # "Immediate and long-term mitigations", "Future solutions": mitigation or solutions
    # named with the time ahead are the follow-up work, not the response
    r"|(?:immediate|short|medium|mid|long|longer)[ -]term (?:\w+ )?(?:mitigations|fixes"
    r"|solutions|measures)\b|^future solutions?$"
    r"|countermeasures?|repair items?|^preventing"
    # "## Fixes & Mitigations" over "### 1. Pin t3, stop tracking nightly (DONE)"
    r"|^(?:fixes|remediations?) (?:and )?mitigations?$|^mitigations? (?:and )?fixes$"
    # "Improving Recovery Procedures" over the issues the work is split across (a forward
    # name: taken when an entry reads as a task)
    r"|^improving\b"
    r"|work items|^next$"
    r"|what we (?:re|are|will|ll) (?:be )?(?:doing|changing|fixing|improving)"
    r"|what we (?:will|ll) (?:do|change|fix|improve)|what s next|moving forward|going forward"
    r"|changes we (?:re |are |will |ll )?mak(?:e|ing)"
    r"|how we (?:will|ll|re going to|are going to|plan to) (?:prevent|avoid|fix)"
    r"|ais|action points|actionables"
    r"|what (?:are|will) we (?:be )?(?:doing|changing|fixing|improving|do|change|fix)"
    # forward-looking names: "Looking forward", "Looking ahead", "Future improvements",
    # "Future:", "Changes that need to be made", "Changes to make", "What needs to change"
    r"|looking (?:forward|ahead)|^(?:the )?future$|^in the future$"
    r"|future (?:changes?|improvements?|plans?|steps|actions?|measures|prevention|mitigations?)"
    # "Future security hardening initiative", "Mitigation in the future"
    r"|future (?:\w+ ){0,2}(?:hardening|initiatives?|safeguards|work)\b"
    r"|(?:mitigations?|prevention|improvements?) (?:in the future|going forward|from now on)"
    r"|changes (?:that )?(?:need|needs|have|has) to (?:be )?(?:made|make|happen)"
    r"|changes (?:to (?:be )?make|to be made|required|planned|needed)"
    r"|what (?:needs|has|have) to (?:change|be (?:done|changed|fixed|improved))"
    r"|what (?:we|i) (?:need|want|plan|intend|are going|re going) to (?:do|change|fix|improve)"
    # "What has been done", "What is being done", "What will be done", "What we have done"
    r"|what (?:has been|have been|is being|will be|we have|we ve) (?:already |now |since )?"
    r"(?:done|changed|fixed)"
    # "What we're working on next", "What we are working on now"
    r"|what (?:we re|we are|we will be|we ll be|is being) work(?:ing)? on(?: next| now)?$"
    # "Changes we have made", "Changes we've made since": the remediation, reported done
    r"|^(?:the )?changes (?:we|i) (?:have|ve) made\b"
    # "What we changed in authorization": the remediation an advisory reports by the part
    # of the system it changed, done ("What we changed" alone may be the response)
    r"|^what we changed (?:in|to|about)\b"
    # "What has FreeBSD.org done about this?", "What have we done to fix it?"
    r"|what (?:has|have) (?:[\w.-]+ ){1,3}(?:done|changed) (?:about|to|so far)"
    # "How will we do better?", "How are we going to do better in the future?"
    r"|(?:will|are|can|do) we (?:going to )?do better|how (?:will|can|do|are) we (?:going to )?"
    r"(?:prevent(?:ing)?|avoid(?:ing)?|improv(?:e|ing)|make sure|making sure|ensur(?:e|ing)"
    r"|stop(?:ping)?|keep(?:ing)?)|will (?:this|it) happen again"
    # "What could be done to avoid this in future?", "What can we do to prevent it?": the
    # work ahead, asked (not "What could we have done better?", which looks back)
    r"|what (?:could|can|should) (?:be done|we do) (?:to|so as to) (?:avoid|prevent|stop)"
    r"|^what should (?:be done|we do)(?: next| now)?$"
    # "Steps we're taking", "How we will improve", "Planned fixes", "Open items", "Further
    # steps", "New safeguards"; and, when an entry reads as a task (`FORWARD_NAME`), "Our
    # commitments", "What happens next", "Where do we go from here?", "Further work"
    r"|steps (?:we|i) (?:re|are|will|ll|are going to) tak(?:e|ing)"
    r"|how (?:we|i) (?:will|ll|re|are|are going to|plan to) improv(?:e|ing)"
    r"|(?:planned|long[- ]term|short[- ]term|permanent|future|remaining) fix(?:es)?"
    r"|^(?:open|outstanding) (?:items|tasks|work|actions)$|further steps"
    # "Still open", "What's left", "Remaining work": the work not done yet
    r"|^(?:still open|left to do|what s (?:still )?(?:open|left(?: to do)?)"
    r"|remaining (?:items|tasks|work|actions|follow ups))$"
    r"|(?:new|additional) safeguards|^(?:our )?commitments?$|what happens next"
    r"|where (?:do|will) we go from here|^further work$"
    # "How can the issue be prevented from happening again?", "How to avoid this": not "How
    # could it have been prevented?" (looking back)
    r"|how (?:can|will|do|should|to) (?:\w+ ){0,6}?(?:be )?(?:prevented|avoided)\b"
    r"|how to (?:prevent|avoid)\b"
    # "How will Snoonet respond?", "How are we responding?", "How we are addressing it"
    r"|how (?:will|is|are) (?:we|\w+) (?:going to )?(?:respond|address|handle)"
    r"|how (?:we|\w+) (?:will|are going to) (?:respond|address)"
    # "How do we stop it from repeating?", "Preventing recurrence", "Never again"
    r"|(?:stop(?:ping)?|keep(?:ing)?|prevent(?:ing)?) (?:it|this|that|them) (?:from )?"
    r"(?:repeating|recurring|happening)"
    r"|(?:prevent\w*|avoid\w*|against) (?:the )?recurrence|never again"
    # a time horizon that names the work ahead: "The following 2 weeks", "Next 30 days"
    r"|(?:the )?(?:following|next|coming) (?:\d+|two|three|four|few|six) (?:days|weeks|months)"
    # German, Spanish, French, Portuguese, Italian, Dutch
    r"|(?:folge|gegen|korrektur|verbesserungs)?massnahmen|aufgaben|nächste schritte"
    r"|offene punkte|acciones|tareas|próximos pasos|seguimiento|medidas(?: correctivas)?"
    r"|mesures|prochaines étapes|tâches|ações|tarefas|próximos passos|azioni"
    r"|prossimi passi|(?:vervolg|verbeter)?acties|actiepunten"
    # "What do we change", "What we will change", future work, improvements, outlook
    r"|was (?:ändern|verbessern|tun) wir|was wir (?:ändern|verbessern|tun)|was sich ändert"
    r"|verbesserungen|ausblick|nächste aufgaben|künftige\w*|zukünftige\w*|in zukunft"
    r"|ce que nous (?:allons|ferons|changeons)|ce qui va changer|améliorations|à l avenir"
    r"|actions correctives|suivi|travaux futurs"
    r"|qué (?:vamos a|haremos|cambiaremos)|lo que (?:vamos a|haremos|cambiaremos)|mejoras"
    r"|trabajo futuro|a futuro|de cara al futuro|en adelante|acciones correctivas"
    r"|o que (?:vamos|iremos) (?:mudar|fazer|melhorar)|melhorias|trabalho futuro"
    r"|daqui para a frente|ações corretivas"
    r"|wat (?:we gaan|gaan we|we) (?:veranderen|verbeteren|doen)|volgende stappen"
    r"|vervolgstappen|verbeterpunten|in de toekomst"
    r"|cosa (?:faremo|cambieremo|cambiamo|miglioreremo)|miglioramenti|lavoro futuro"
    r"|azioni correttive|in futuro|d ora in poi"
    # Russian, Polish, Turkish, Indonesian
    r"|действия|задачи|меры|улучшения|предотвращение|план действий|следующие шаги"
    r"|дальнейшие шаги|что дальше|что (?:нужно|необходимо|надо) (?:сделать|изменить)"
    r"|в будущем|działania|zadania|kolejne kroki|usprawnienia|aksiyonlar"
    r"|yapılacaklar|önlemler|tindak lanjut|langkah selanjutnya"
    # Norwegian, Swedish, Danish, Finnish: action points, measures, follow-up, next steps
    r"|aksjon(?:spunkt(?:er)?|er)?|tiltak|oppfølging\w*|neste steg|videre arbeid"
    r"|forbedring(?:er|spunkter)|åtgärd(?:er|spunkter)?|uppföljning|nästa steg|förbättringar"
    r"|handlingspunkter|opfølgning|næste skridt|tiltag|toimenpiteet|jatkotoim\w*"
    r"|parannukset|seuraavat askeleet)\b"
    # Chinese, Japanese, Korean: words are not spaced, so no word boundaries
    + _CJK_ACTION)
# Action names that also open reflective prose ("Looking forward, we are grateful ..."): they
# take their section only when an entry of it reads as a task (see `sections.py`).
FORWARD_NAME = lazy(
    r"\b(?:looking (?:forward|ahead)|moving forward|going forward|^(?:the )?future$"
    r"|^in the future$"
    r"|^(?:our )?commitments?$|what happens next|where (?:do|will) we go from here"
    r"|^further work$|^improving\b"
    r"|ausblick|in zukunft|à l avenir|a futuro|de cara al futuro|en adelante"
    r"|daqui para a frente|in de toekomst|in futuro|d ora in poi)\b")
# Names that hold tasks only sometimes: advice to readers is written the same way.
WEAK_ACTION_NAME = lazy(r"\b(?:recommendations?|recomendaciones|recomendações"
                              r"|empfehlungen|suggestions?"
                              r"|(?:proposed|recommended|suggested) (?:changes|fixes|actions"
                              r"|steps|improvements|measures)"
                              r"|actions? (?:required|needed)|required actions?)\b"
                              # "## Fixes" over the tasks ("- add real-time alerts ..."), or
                              # over what fixed it: the entries tell which
                              r"|^(?:the )?fixes$"
                              # "What is Scalingo doing to improve resilience?" over its plans,
                              # or "What is PyPI doing to mitigate malware?" over how it works
                              r"|what (?:is|are) (?:[\w.-]+ ){1,3}doing (?:to|about)\b")
# "Action required", "Actions needed": in a notice to users these are the steps readers must
# take, in a team's write-up its tasks; the entries tell which (see `sections.py`).
_READER_ACTION_NAME = lazy(r"\b(?:actions? (?:required|needed)|required actions?)\b")
# Names that are never action sections even when they contain an action word, e.g.
# "Actions taken during the incident", "Possible improvements", "What should I do?".
NOT_ACTION_NAME = lazy(
    r"\b(?:lessons?|learn(?:ed|t|ings)|timeline|what went|lucky|root causes?|during the"
    r"|during incident|supporting|appendix|glossary|key events|chronology"
    r"|taken|performed|executed|so far|after action|action report"
    # "Response Actions": what was done in the response
    r"|response actions?|actions? (?:during|in) (?:the )?response"
    # the steps of the planned work the incident happened in: "The pre-agreed maintenance
    # actions:", "Maintenance plan", "Upgrade steps"
    r"|pre ?(?:agreed|approved|planned)|maintenance (?:actions?|steps|tasks|plan|procedure)"
    r"|(?:upgrade|rollout|roll out|deployment|migration) (?:steps|plan|procedure|strategy)"
    r"|ideas?|brainstorm\w*|possible|potential|might|wish ?list|options|alternatives"
    r"|could(?! (?:be done|we do) (?:to|so as to) (?:avoid|prevent|stop)\b)"
    r"|considered|open questions|what to do|should (?:i|you)|for you|your"
    r"|(?:what|steps|actions?) (?:you|users|customers|readers) (?:need|should|must|can|have)"
    # "What action do affected users need to take?": the readers' steps, whoever they are
    r"|(?:what|steps|actions?)\b(?: \w+){0,4} (?:users?|customers?|readers?|clients?"
    r"|operators?|you) (?:need|needs|should|must|can|have|has) to\b"
    r"|for (?:users|customers|readers)|user actions?"
    # "Call to action": what the readers are asked to do
    r"|calls? to action"
    # the CI product, not follow-up work: "GitHub Actions", "Moving the build to GitHub Actions"
    r"|git ?hub actions?"
    # "Why were users unable to perform these core actions?": a question of the five whys
    r"|^why\b|\b(?:five|5) whys\b"
    # containing the incident is the response to it, not follow-up work
    r"|containment|contención|contenção|confinement|eindämmung"
    r"|lecciones|aprendid\w*|erkenntnisse|gelernt\w*|durante|während|pendant|cronolog\w*"
    r"|zeitverlauf|chronologie|уроки|выводы|хронология|во время|причин\w*"
    # Norwegian, Swedish, Danish: what we learned, timeline, what went (well)
    r"|lærte|lærdom\w*|tidslinje\w*|gikk|gik|lärde|lärdom\w*|gick)\b"
    # lessons, experience, timeline, root cause, cause, impact, symptoms, course of events,
    # "during" (Chinese, Japanese, Korean)
    r"|教训|教訓|经验|經驗|时间线|時間線|时间轴|時間軸|时间表|根因|原因|影响|影響|现象|現象|经过"
    r"|經過|期间|期間|時系列|経緯|学び|타임라인|원인|영향|교훈|경과|동안"
    # the review of the response (Japanese and Chinese postmortem templates): what went
    # well, what "needs improvement" (what went wrong), where we were lucky
    r"|うまくいった|うまくいかなかった|改善が必要な(?:こと|点)|運が良かった|良かった点|悪かった点"
    r"|反省点|做得(?:好|不好)的|需要改进的(?:地方|点)|幸运的|잘된 ?점|잘한 ?점|아쉬운 ?점"
    # rules to keep ("防复发规则": rules against recurrence), not tasks
    r"|规则|規則|ルール|守则|守則|규칙")
# Measures decided against: "What we will not do", "Not adopted", "Won't do", "再発防止策として
# 取り上げないこと" (what is not taken up as a measure). Never actions; under an action section
# such a sub-heading ends it.
DECIDED_AGAINST = lazy(r"\b(?:(?:will|shall) not (?:do|change|pursue|adopt)|won t (?:do"
                             r"|fix)|not (?:adopted|pursued|planned|doing))\b"
                             r"|取り上げない|含めない|採用しない|行わない|しないこと|不采用|不採用")
# Known section names that close an action section even when written at a deeper level
# (a plain "Lessons learned:" line after the task list).
CLOSING_NAME = lazy(
    r"^(?:lessons? learn\w*|timeline|what went (?:well|wrong|right)|where we got lucky"
    r"|supporting information|appendix|glossary|references|root causes?|contributing factors"
    r"|stats|statistics|thanks|acknowledge?ments|(?:open |unanswered )?questions|discussion"
    r"|out of scope|non goals|lecciones|erkenntnisse|lektionen|leçons|lições|cronolog\w*"
    # the write-up's own history of edits ("### Changelog" / "2025-08-08 : Initial version")
    r"|change ?log|revision history|document history|version history|revisions"
    r"|zeitverlauf|anhang|anexo|annexe|preguntas abiertas|offene fragen|уроки|хронология"
    r"|приложение)\b|^(?:经验|經驗|教训|教訓|时间线|時間線|根因|附录|附錄|致谢|致謝|参考|參考"
    r"|時系列|付録|타임라인|교훈|부록)")
# Common section names that may be written as a plain line ("Root Cause and Resolution:").
OTHER_NAME = lazy(
    r"^(?:timeline|lessons? learn\w*|root causes?|impact|summary|issue summary|incident summary"
    r"|resolution|detection|trigger|background|what went (?:well|wrong|right)"
    r"|where we got lucky|supporting information|appendix|contributing factors|references"
    r"|glossary|participants|authors?|status|stats|duration|escalation|incident escalation"
    r"|recovery|causes?|leadup|overview|investigation|conclusion|takeaways|thanks"
    r"|acknowledge?ments|response|mitigation|misleading|what happened|how (?:it|we) (?:happened"
    r"|fixed it|responded)|why (?:it|did it) happen(?:ed)?)\b")
# Parts of a write-up that describe the incident: under one of these, even inside an action
# section, entries are not tasks ("### Background" after the task groups).
DESCRIPTION_NAME = lazy(r"^(?:background|summary|overview|impact|root causes?|causes?"
                              r"|contributing factors|trigger|leadup|investigation|conclusion"
                              r"|what happened|resolution|context|glossary|references"
                              # "### Identified problems:" beside "### Improvement plan:"
                              r"|(?:identified |known )?(?:problems|issues|gaps)(?: identified"
                              r"| found)?|findings|observations|symptoms"
                              # "### Published security blogs on the attack": what others wrote
                              r"|(?:published|external|related|third party) (?:\w+ ){0,2}(?:blogs?"
                              r"|articles?|posts?|reports|write ?ups|coverage)\b.*"
                              r"|further reading)$")
# Sections whose lists are events or observations, never tasks, whatever their lines say.
EVENT_NAME = lazy(r"\b(?:timeline|chronology|cronolog\w*|zeitverlauf|chronologie"
                        r"|key events|logs?|хронология)\b"
                        r"|时间线|時間線|时间轴|時間軸|时间表|經過|时序|時系列|経緯|타임라인|日志|日誌|ログ")

# A sibling heading that only names a time horizon ("### Longer term" after "### Immediate
# actions" under "## Response") continues the action section before it as another group.
_HORIZON_WORDS = "short|medium|mid|long|longer"
_HORIZON_TAIL = r"(?: term)?(?: (?:actions?|work|fixes|items|improvements))?"
HORIZON_NAME = lazy(r"^(?:(?:" + _HORIZON_WORDS + r")" + _HORIZON_TAIL
                    + r"|later|future|in the future)$")
# "IMMEDIATE (Completed):", "SHORT-TERM (In Progress):", "Long term - planned": a horizon
# that also says where its group stands.
HORIZON_WITH_STATUS = lazy(r"^(?:immediate|" + _HORIZON_WORDS + r")" + _HORIZON_TAIL
                           + r" (?:completed?|done|in progress|ongoing|planned|open"
                           r"|not started|todo|to do|pending|underway|under way)$")

# "Lessons learned / Action items", "Root cause & next steps": two names in one heading.
# ("と" joins names, but not inside "こと": "改善が必要なこと")
NAME_JOINER = lazy(r"\s*(?:/|&|\+|(?:[与與和及、・]|(?<![こひあっ])と))\s*"
                   r"|\s+(?:and|und|y|et|e|и|및)\s+", re.I)
# Work done during the incident, not follow-up work: "Timeline and actions taken".
_PAST_WORK = lazy(r"\b(?:taken|performed|executed|during|so far)\b")


# The long words of the English action names. A heading word one edit away from one of them
# (a letter dropped, added, changed or two swapped: "Moving Foward", "Remediaton", "Folow-ups")
# is read as that word: names are typed once and rarely proofread. Words under six letters
# are never corrected, since one edit turns too many short words into others.
_KEY_WORDS = frozenset("""
action actions corrective correction countermeasures followup followups forward future
improve improvement improvements looking moving preventative prevention preventive
proactive recurrence remedial remediation remediations repair change changes changing
changed
""".split())
_SHORTEST_CORRECTED = 6
# Real words one edit from a key word: spelled as meant ("Auction post mortem" is no action).
_REAL_WORDS = frozenset("""
auction auctions faction factions charge charged charges chance chances chanced chanted
loving roving mowing suture repaid
""".split())


def _one_edit_apart(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours turns a into b."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])


@lru_cache(maxsize=4096)
def _spelled(word: str) -> str:
    if len(word) < _SHORTEST_CORRECTED or not word.isalpha() or word in _KEY_WORDS \
            or word in _REAL_WORDS:  # a misspelling is of letters: "0ction" is no word
        return word
    near = [k for k in _KEY_WORDS if _one_edit_apart(word, k)]
    return near[0] if len(near) == 1 else word


def corrected_key(key: str) -> str:
    """The key with each word one edit from a key action word spelled as that word."""
    return " ".join(_spelled(word) for word in key.split())


def _action_match(key: str) -> re.Match[str] | None:
    """The action name in the key as written, else in the key with its spelling corrected
    (a correction only ever adds a match: a word of a name is never respelled away)."""
    return ACTION_NAME.search(key) or ACTION_NAME.search(corrected_key(key))


# "Root cause remediations", "Root-cause fixes": the cause only says what the work is for;
# the name's head, its last words, names the work.
_CAUSE_MODIFIER = lazy(r"^(?:the )?root causes? (?=\w)")


def is_action_name(key: str, extra: tuple[str, ...] = ()) -> bool:
    if any(name and name in key for name in extra):
        return True
    if DECIDED_AGAINST.search(key):
        return False
    if (m := _CAUSE_MODIFIER.match(key)) is not None:
        key = key[m.end():]
    return bool(_action_match(key)) and not NOT_ACTION_NAME.search(key) \
        and not _READER_ACTION_NAME.search(key)


def is_weak_action_name(key: str) -> bool:
    return bool(WEAK_ACTION_NAME.search(key)) and not NOT_ACTION_NAME.search(key)


_PARENTHESES = lazy(r"[(（][^()（）]*[)）]")
_TRACKED_AS = lazy(r"(?i)\b(?:registered|tracked|filed|logged|recorded|captured) (?:as|in|under)\b"
                   r"|登记|登記|记录为|記錄為|跟踪|跟蹤|登録|記録")


def is_action_heading(text: str, extra: tuple[str, ...] = ()) -> bool:
    """A heading that names an action section, alone or joined to another name."""
    key = heading_key(text)
    if not _action_match(key) and not any(name and name in key for name in extra) \
            or DECIDED_AGAINST.search(key):
        return False  # no part can name one either
    if ("(" in text or "（" in text) and any(_TRACKED_AS.search(m.group(0))
                                             for m in _PARENTHESES.finditer(text)):
        # "Residual dependencies (not bugs, registered as new action items):": a remark in
        # parentheses that says where the work is tracked does not name the section ("What
        # this PR does not ship (deliberate, follow-up tasks)" is named by its remark)
        bare = heading_key(_PARENTHESES.sub(" ", text))
        if bare and not _action_match(bare) and not any(name and name in bare
                                                        for name in extra):
            return False
    if is_action_name(key, extra):
        return True
    parts = [heading_key(part) for part in NAME_JOINER.split(text)]
    return len(parts) > 1 and any(
        is_action_name(part, extra) and not _PAST_WORK.search(part) for part in parts)


def action_name_match(text: str, extra: tuple[str, ...] = ()) -> str | None:
    """The words of the heading that made it an action name, for `--explain`."""
    key = heading_key(text)
    for name in extra:
        if name and name in key:
            return name
    m = _action_match(key)
    if m:
        return m.group(0)
    for part in NAME_JOINER.split(text):
        m = _action_match(heading_key(part))
        if m:
            return m.group(0)
    return None
