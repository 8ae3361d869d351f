"""Document shapes added after held-out batch 3: wiki markup, Notion toggles and quotes,
combined section names and postmortems written in other languages. Each rule is tested on its
own with text written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from actiontrack.model import ActionItem, ItemStatus
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return list(parse_text(text, source="pm.md").action_items)


def _titles(text: str) -> list[str]:
    return [i.title for i in _items(text)]


def test_confluence_wiki_headings_tables_mentions_and_numbered_lists() -> None:
    text = ("h1. Cache outage\n\nh2. Contributing factors\n\n# The TTL was too long.\n\n"
            "h2. Action items\n\n||Action||Owner||Due||Status||\n"
            "|Shorten the TTL ([OPS-9|https://jira.example.net/browse/OPS-9])|[~kim]|"
            "2024-02-09|DONE|\n|Alert on stale keys|[~lee]|2024-02-16|TODO|\n\n"
            "h3. Later\n\n# Add a second cache node ([~lee])\n## Document the failover\n\n"
            "h2. Lessons learned\n\n* Caches need owners.\n")
    got = [(i.title, i.owner, i.due, i.status, i.links) for i in _items(text)]
    assert got == [
        ("Shorten the TTL", "@kim", dt.date(2024, 2, 9), ItemStatus.DONE,
         ("https://jira.example.net/browse/OPS-9",)),
        ("Alert on stale keys", "@lee", dt.date(2024, 2, 16), ItemStatus.OPEN, ()),
        ("Add a second cache node", "@lee", None, ItemStatus.OPEN, ()),
        ("Document the failover", None, None, ItemStatus.OPEN, ())]


def test_a_hash_line_is_a_heading_in_markdown_without_wiki_headings() -> None:
    text = "# Outage\n\n## Action items\n\n- Add an alert\n\n# Appendix\n\n- Graphs\n"
    assert _titles(text) == ["Add an alert"]


def test_a_wiki_code_block_hides_its_lines() -> None:
    text = "h2. Action items\n\n* Add an alert\n{noformat}\n* not an item\n{noformat}\n"
    assert _titles(text) == ["Add an alert"]


def test_checkboxes_inside_blockquotes_and_toggles_are_items() -> None:
    text = ("# Follow-ups\n\n<details>\n<summary>Action items</summary>\n\n"
            "> - [ ] Rotate the secret everywhere @Sofia Lindgren\n"
            "> - [x] Replay the failed deliveries\n\n</details>\n\n<details>\n"
            "<summary>Open questions</summary>\n\n> - [ ] Should we pin one cluster?\n\n"
            "</details>\n")
    got = [(i.title, i.owner, i.status) for i in _items(text)]
    assert got == [("Rotate the secret everywhere", "Sofia Lindgren", ItemStatus.OPEN),
                   ("Replay the failed deliveries", None, ItemStatus.DONE)]


@pytest.mark.parametrize("heading", [
    "Lessons learned / Action items", "Root cause & next steps", "Lessons and follow-ups"])
def test_a_heading_that_joins_an_action_name_to_another_is_an_action_section(
        heading: str) -> None:
    text = (f"# Outage\n\n## {heading}\n\nWe never tested restores.\n\n"
            "- Test a restore every month\n\n## Timeline\n\n- 10:00 paged\n")
    assert _titles(text) == ["Test a restore every month"]


@pytest.mark.parametrize("heading", ["Timeline and actions taken", "Lessons learned",
                                     "Root cause and recommendations"])
def test_joined_names_without_follow_up_work_are_not_action_sections(heading: str) -> None:
    text = f"# Outage\n\n## {heading}\n\n- Restarted the cache\n- Test restores monthly\n"
    assert _titles(text) == []


def test_ais_label_introduces_action_items() -> None:
    text = ("*Recap: payments 502s (Thu 12 Sep 2024)*\n\nAIs:\n"
            "• @dmitri add a retry budget to the client\n• bump worker_connections (done)\n")
    got = [(i.title, i.owner, i.status) for i in _items(text)]
    assert got == [("add a retry budget to the client", "@dmitri", ItemStatus.OPEN),
                   ("bump worker_connections", None, ItemStatus.DONE)]


def test_german_sections_dates_owners_and_status_words() -> None:
    text = ("# Ausfall des VPN\n\n**Datum des Vorfalls:** 12.03.2024\n\n## Maßnahmen\n\n"
            "1. Updates zuerst auf einem Gateway ausrollen (Verantwortlich: Jens Hartmann, "
            "bis 29.03.2024)\n2. Monitoring für TLS-Fehler einrichten – erledigt\n\n"
            "## Erkenntnisse\n\n- Release Notes reichen nicht.\n")
    doc = parse_text(text, source="pm.md")
    assert doc.postmortem.incident_date == dt.date(2024, 3, 12)
    got = [(i.title, i.owner, i.due, i.status) for i in doc.action_items]
    assert got == [
        ("Updates zuerst auf einem Gateway ausrollen", "Jens Hartmann", dt.date(2024, 3, 29),
         ItemStatus.OPEN),
        ("Monitoring für TLS-Fehler einrichten", None, None, ItemStatus.DONE)]


def test_spanish_sections_group_status_owner_labels_and_dates_in_words() -> None:
    text = ("# Cobros duplicados\n\n- **Fecha del incidente:** 3 de junio de 2024\n\n"
            "## Acciones\n\n### Acciones inmediatas (completadas)\n\n"
            "- Reembolsar los cobros — Responsable: equipo de soporte\n\n"
            "### Acciones correctivas\n\n- Enviar una clave de idempotencia — Responsable: "
            "Martín, fecha límite: 2024-06-21\n\n## Lecciones aprendidas\n\n"
            "- Revisar los reintentos.\n")
    doc = parse_text(text, source="pm.md")
    assert doc.postmortem.incident_date == dt.date(2024, 6, 3)
    got = [(i.title, i.owner, i.due, i.status) for i in doc.action_items]
    assert got == [
        ("Reembolsar los cobros", "equipo de soporte", None, ItemStatus.DONE),
        ("Enviar una clave de idempotencia", "Martín", dt.date(2024, 6, 21), ItemStatus.OPEN)]


def test_asciidoc_headings_and_dot_list_items() -> None:
    text = ("= Queue stall\n\n== Action items\n\n* Add a queue depth alert\n"
            ". Document the drain procedure\n\n== Lessons learned\n\n* Queues need alerts.\n")
    assert _titles(text) == ["Add a queue depth alert", "Document the drain procedure"]


def test_a_table_without_outer_pipes_is_a_table_not_a_heading() -> None:
    text = ("## Action items\n\nAction | Owner | Due\n--- | --- | ---\n"
            "Add an alert on error rate | kim | 2024-05-20\n")
    got = [(i.title, i.owner, i.due) for i in _items(text)]
    assert got == [("Add an alert on error rate", "kim", dt.date(2024, 5, 20))]


def test_html_list_items_are_bullets() -> None:
    text = ("<h2>Action items</h2>\n<ul>\n<li>Add an alert (Kim Lee)</li>\n"
            "<li>Patch the retry loop</li>\n</ul>\n<h2>Timeline</h2>\n"
            "<ul><li>10:00 paged</li></ul>\n")
    got = [(i.title, i.owner) for i in _items(text)]
    assert got == [("Add an alert", "Kim Lee"), ("Patch the retry loop", None)]


def test_labelled_field_blocks_are_one_item_each() -> None:
    text = ("## Action items\n\n**Action:** Add an alert on error rate\n**Owner:** kim\n"
            "**Due:** 2024-05-20\n\n**Action:** Patch the retry loop\n**Owner:** lee\n")
    got = [(i.title, i.owner, i.due) for i in _items(text)]
    assert got == [("Add an alert on error rate", "kim", dt.date(2024, 5, 20)),
                   ("Patch the retry loop", "lee", None)]


def test_an_item_that_is_only_a_link_to_an_issue_is_titled_by_the_link_as_written() -> None:
    # Real documents list bare issue URLs as their tasks; the title is the link as written
    # (the corpus convention), a reference keeps its short form.
    text = ("## Action items\n\n- [x] https://github.com/acme/api/issues/77\n"
            "- [ ] https://acme.atlassian.net/browse/OPS-12\n- [ ] acme/api#55\n")
    got = [(i.title, i.status, i.links) for i in _items(text)]
    assert got == [
        ("https://github.com/acme/api/issues/77", ItemStatus.DONE,
         ("https://github.com/acme/api/issues/77",)),
        ("https://acme.atlassian.net/browse/OPS-12", ItemStatus.OPEN,
         ("https://acme.atlassian.net/browse/OPS-12",)),
        ("acme/api#55", ItemStatus.OPEN, ("acme/api#55",))]
