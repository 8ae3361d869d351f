"""`Frozen.replaced` is `model_copy(update=...)`: the same model, field by field and in
order, with the same fields counted as given, and the original left as it was."""

from __future__ import annotations

import datetime as dt

from actiontrack.model import ActionItem, Frozen, Issue, Link
from actiontrack.testing import make_document


def same_copy(made: Frozen, expected: Frozen) -> None:
    assert made == expected
    assert repr(made) == repr(expected)
    assert made.model_fields_set == expected.model_fields_set
    assert made.model_dump_json(exclude_unset=True) == \
        expected.model_dump_json(exclude_unset=True)


def test_replaced_is_model_copy_with_an_update() -> None:
    doc = make_document("pm-copies", ["First", "Second"])
    item = doc.action_items[0]
    before = repr(item)
    changes = {"due": dt.date(2024, 1, 2), "due_source": "sla"}
    same_copy(item.replaced(**changes), item.model_copy(update=changes))
    assert repr(item) == before  # the original is not changed
    items = (item.replaced(**changes), *doc.action_items[1:])
    same_copy(doc.replaced(action_items=items), doc.model_copy(update={"action_items": items}))
    postmortem = doc.postmortem.replaced(source="elsewhere/pm.md")
    same_copy(doc.replaced(postmortem=postmortem),
              doc.model_copy(update={"postmortem": postmortem}))
    # a model made with only some of its fields given keeps counting only those, plus the new
    sparse = ActionItem(id="i", postmortem_id="p", title="Sparse")
    same_copy(sparse.replaced(owner="@ana"), sparse.model_copy(update={"owner": "@ana"}))
    assert sparse.replaced(owner="@ana").model_fields_set == {"id", "postmortem_id", "title",
                                                              "owner"}
    issue = Issue(backend="local", key="1", title="T", link=Link(postmortem_id="p",
                                                                  item_id="i"))
    same_copy(issue.replaced(title="U"), issue.model_copy(update={"title": "U"}))
