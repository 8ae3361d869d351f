"""The kind of an item (corrective, preventive, mitigation, ...) and which rule decided it.

Precedence, most explicit first: a Type/Kind column or a kind tag on the item (`column`,
`tag`), then the name of its section or group (`section`), then the first kind keyword in its
title (`keyword`: fix/patch/revert... -> corrective; monitor/alert/test/review/train/automate/
document... -> preventive), and last the configured default (`default`).
"""

from __future__ import annotations

import re

from .lazyre import lazy
from .text import heading_key

# Words authors use in a Type column or a tag, mapped to the kinds actiontrack knows.
_KIND_WORDS = {
    "corrective": "corrective", "correct": "corrective", "correction": "corrective",
    "fix": "corrective", "repair": "corrective", "remediate": "corrective",
    "preventive": "preventive", "preventative": "preventive", "prevent": "preventive",
    "prevention": "preventive",
    "mitigate": "mitigation", "mitigation": "mitigation", "mitigative": "mitigation",
    "detect": "detection", "detection": "detection", "detective": "detection",
    "process": "process", "procedural": "process",
    "other": "other", "misc": "other",
    # Japanese, Chinese, Korean
    "予防": "preventive", "再発防止": "preventive", "恒久対策": "preventive", "検知": "detection",
    "緩和": "mitigation", "暫定対策": "mitigation", "是正": "corrective", "修正": "corrective",
    "プロセス": "process", "预防": "preventive", "检测": "detection", "缓解": "mitigation",
    "修复": "corrective", "流程": "process", "예방": "preventive", "탐지": "detection",
    "감지": "detection", "완화": "mitigation", "수정": "corrective", "프로세스": "process",
}
KIND_TAG = lazy(r"(?i)^(?:kind|type)?\s*[:=]?\s*(?P<word>" + "|".join(_KIND_WORDS) + r")$")


def kind_from_word(value: str) -> str | None:
    """The kind a Type cell or tag names; an unknown word is "other", an empty cell None."""
    key = heading_key(value)
    if not key:
        return None
    for word in key.split():
        if word in _KIND_WORDS:
            return _KIND_WORDS[word]
    return "other"


def kind_tag(text: str) -> str | None:
    """The kind named by an annotation such as `[preventive]` or `type: corrective`."""
    m = KIND_TAG.match(text.strip())
    return _KIND_WORDS[m["word"].lower()] if m else None


_SECTION_KINDS = (
    (lazy(r"\bcorrective\b|\bimmediate\b|\bshort term fix|\bquick fix|\bhot ?fix"),
     "corrective"),
    (lazy(r"\bprevent(?:ive|ative|ion)?\b|\blong term\b"), "preventive"),
    (lazy(r"\bmitigat\w*"), "mitigation"),
    (lazy(r"\bdetection\b|\bdetect\b"), "detection"),
    (lazy(r"\bprocess\b"), "process"),
)


def kind_from_heading(key: str) -> str | None:
    """The kind a section or group name states, when it states exactly one."""
    found = {kind for pattern, kind in _SECTION_KINDS if pattern.search(key)}
    return found.pop() if len(found) == 1 else None


_KEYWORDS = (
    ("corrective", r"fix|patch|revert|repair|restore|roll ?back|rollback|hotfix|correct|remove"
                   r"|delete|disable|rotate|revoke|replace|clean ?up|recover|reset|resolve"
                   r"|plug|unblock|free up|undo|migrate off"),
    ("preventive", r"monitor|alert|test|review|train|automate|document|audit|prevent|dashboard"
                   r"|runbook|playbook|drill|validat|enforce|lint|guard|limit|redundan|backup"
                   r"|detect|observab|check|load test|educat|redundan|safeguard|scan"),
)
_KEYWORD = lazy(r"\b(?:" + "|".join(f"(?P<{kind}>{words})" for kind, words in _KEYWORDS)
                      + r")", re.I)
# Verbs that start improvement work without saying which kind: preventive when no keyword
# above decides (a postmortem's fixes usually name the fix).
_GENERIC = lazy(r"\b(?:implement|add|improve|update|upgrade|conduct|provide|introduce"
                      r"|establish|create|set ?up|setup|enable|scale|investigate|evaluate|share"
                      r"|write|define|schedule|build|deploy|hire|develop|consider|ensure|increase"
                      r"|reduce|split|migrate|move|propose|discuss|look into|plan|host|use"
                      r"|require)",
                      re.I)


def kind_from_keywords(title: str) -> str | None:
    """The kind of the first kind keyword in the title ("Fix the alert" is corrective,
    "Alert on the fix" preventive); else preventive for a generic improvement verb."""
    m = _KEYWORD.search(title)
    if m is not None:
        return "corrective" if m["corrective"] else "preventive"
    return "preventive" if _GENERIC.search(title) else None
