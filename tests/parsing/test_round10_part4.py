"""Round 10, part 4 (batch 18): prose filled to a width is one paragraph, "The Future", the
valediction that signs a post, an apology in the third person, context between paragraphs
that commit to work, the response told as a list under the resolution, the contents of a
document a task will write, a log of attempts and how each turned out. Every document here
is written for the test."""

from __future__ import annotations

from tests.parsing.extract import items as _items
from tests.parsing.extract import titles as _titles


def test_prose_filled_to_a_width_is_one_paragraph_whatever_its_capitals() -> None:
    text = ("# Pull requests unavailable on 2012-09-19\n\n### What are we going to do about "
            "it?\n\n"
            "Apart from the decreased timeouts, longer intervals between polls and included\n"
            "OAuth credentials to reduce the likelihood of hitting rate limits, we're adding\n"
            "exponential back-off to the client code base, to increase the interval with\n"
            "each request.\n")
    assert _titles(text) == [
        "Apart from the decreased timeouts, longer intervals between polls and included OAuth "
        "credentials to reduce the likelihood of hitting rate limits, we're adding exponential "
        "back-off to the client code base, to increase the interval with each request"]


def test_short_lines_one_task_each_stay_items() -> None:
    text = ("# Outage on 2021-10-31\n\n## Corrective measures\n\nRotate every key\n"
            "Audit the admin accounts\nAdd hardware tokens for staff\n")
    assert _titles(text) == ["Rotate every key", "Audit the admin accounts",
                             "Add hardware tokens for staff"]


def test_the_future_names_the_work_ahead_when_it_commits() -> None:
    text = ("# Logs unavailable on 2012-09-04\n\n### The Future\n\n"
            "To avoid that, we'll be splitting the logs into chunks.\n\n"
            "Love, the Travis team!\n")
    assert _titles(text) == ["To avoid that, we'll be splitting the logs into chunks"]


def test_an_apology_in_the_third_person_is_not_a_task() -> None:
    text = ("# Sydney outage on 2016-06-05\n\n## Next steps\n\nWe will spread the nodes over "
            "three zones.\n\nOnce again, the platform team sincerely apologises for the "
            "degraded service yesterday.\n")
    assert _titles(text) == ["We will spread the nodes over three zones"]


def test_context_told_at_length_between_paragraphs_that_commit_is_left() -> None:
    text = ("# Builds lost on 2012-09-19\n\n### What are we going to do about it?\n\n"
            "To make sure things stop when errors rise, we're going to trip a circuit.\n\n"
            "A while ago we wrote about our issues with log updates and the app we broke out "
            "of the hub to deal with that, and how it has been running since that time.\n\n"
            "We'll also retry failed API calls later so no build is given up.\n\n"
            "The new component uses an actor library under the hood, so we get benefits like "
            "thread supervision, timeouts and very simple message passing between parts.\n\n"
            "Re-population of the lost window.\n")
    assert _titles(text) == [
        "To make sure things stop when errors rise, we're going to trip a circuit",
        "We'll also retry failed API calls later so no build is given up",
        "Re-population of the lost window"]


def test_the_response_told_as_a_list_under_the_resolution_is_not_follow_up() -> None:
    text = ("# DDoS on 2025-06-20\n\n## Resolution\n\n**Immediate Actions**:\n"
            "- Activated DDoS mitigation and traffic filtering\n"
            "- Corrected the BGP MED configuration\n\n**Immediate Actions Taken**:\n"
            "1. Shut the affected port down\n2. Verified the rerouting\n\n"
            "**Permanent Fixes**:\n- Implemented configuration management\n"
            "- Added post-upgrade checks\n\n## Prevention Measures\n\n"
            "- Review the BGP configuration every quarter\n")
    assert _titles(text) == ["Review the BGP configuration every quarter"]


def test_work_ahead_under_the_resolution_is_still_taken() -> None:
    text = ("# DDoS on 2025-06-20\n\n## Resolution\n\n**Next steps**:\n"
            "- Add rate limits on the edge\n- Page on packet loss\n")
    assert _titles(text) == ["Add rate limits on the edge", "Page on packet loss"]


def test_the_contents_of_a_document_a_task_will_write_are_part_of_it() -> None:
    text = ("# Retries on 2026-06-09\n\n## Actions\n- Ed to create some docs around incidents."
            "\n- Developers to come up with a response approach - something like a doc with:\n"
            "    - Our responsibilities if an alarm goes off.\n"
            "    - Principles like using IaC for changes where possible.\n"
            "    - Practical things like getting on the VPC.\n")
    items = _items(text)
    assert [i.owner for i in items] == ["Ed", "Developers"]
    assert len(items) == 2


def test_a_log_of_attempts_and_their_outcomes_is_not_an_action_section() -> None:
    text = ("# Rettung am 2024-05-11\n\n## Import des Schemas (Fehlgeschlagen)\n\n"
            "Der Import ist gescheitert.\n\n"
            "## Kleine Aufgaben zur Vorbereitung (Erfolgreich)\n\n"
            "Wir stellten fest, dass der Index fehlte.\n\nUm 19:14 war alles bereit.\n")
    assert _titles(text) == []


def test_lines_of_a_closing_paragraph_without_a_broken_phrase_stay_lines() -> None:
    # (no line ends on a word that needs more: the lines may be entries, or closing words)
    text = ("# Chain halt\n\n### Prevention\n\n"
            "We have set up an ephemeral testnet for every commit of the chain code.\n"
            "Thanks to the partner team and our engineers, who cut their holidays\n"
            "short to bring the chain back.\n")
    assert _titles(text) == ["We have set up an ephemeral testnet for every commit of the "
                             "chain code"]
