"""Validation of the v2 content fields and editorial rules (SPEC §4): honest dates, withdrawals,
corrections, placeholders, pinned references, multi-topic claims, site url/contact.

Same corpus style as test_validate.py. "Today" is pinned to 2021-06-01 with SOURCE_DATE_EPOCH;
every date of the minimal fixture lies before it.
"""

from __future__ import annotations

import pytest

from generator.validate import check_content
from validate_support import (
    BASELINE, DRAFT, ENCRYPTED, LAW, NOT_IN_FORCE_2022, SHARING, SITE, STALE_RETIRED, STALE_STORAGE, WITHDRAWN, Case, problems, replace, run_case,
)

JUNE_2021 = "1622505600"  # 2021-06-01T00:00:00Z

WITHDRAWAL = """withdrawal:
  date: 2021-01-20
  reason: {id: Duplikat dari klaim lain., en: A duplicate of another claim.}
  replaced_by: messages-encrypted
"""


def e(path: str, line: int, col: int, code: str) -> tuple[str, int, int, str, str]:
    return (path, line, col, "error", code)


def corrections(*dates: str) -> list:
    """Give limited-sharing corrections (after `reviewed`, line 15); the first date lands on line 17."""
    block = "".join(f"  - date: {d}\n    note: {{id: Koreksi., en: Corrected.}}\n" for d in dates)
    return [replace(SHARING, "reviewed: 2021-02-01\n", f"reviewed: 2021-02-01\ncorrections:\n{block}")]


CASES = [
    # a review cannot predate the copy it relies on
    Case("review-before-retrieval", [replace(SHARING, "reviewed: 2021-02-01", "reviewed: 2021-01-01")],
         [e(SHARING, 15, 11, "review-before-retrieval")],
         {"review-before-retrieval": ["2021-01-01", "asserted_in[0]", "'acme-statement@2021-01-12'", "(2021-01-12)"]}),
    Case("review-before-retrieval-of-regulation",
         [replace(LAW, "retrieved: 2021-01-10", "retrieved: 2021-01-20")],
         [e(ENCRYPTED, 27, 11, "review-before-retrieval")],
         {"review-before-retrieval": ["regulations[1]", "'test-law@2022'", "2021-01-20"]}),
    Case("review-on-retrieval-day-passes", [replace(SHARING, "reviewed: 2021-02-01", "reviewed: 2021-01-12")], []),
    # dates later than the build date
    Case("future-reviewed", [replace(SHARING, "reviewed: 2021-02-01", "reviewed: 2021-07-01")],
         [e(SHARING, 15, 11, "future-date")], {"future-date": ["reviewed 2021-07-01", "build date 2021-06-01"]}),
    Case("future-asserted-on", [replace(ENCRYPTED, "asserted_on: 2021-01-12", "asserted_on: 2021-06-02")],
         [e(ENCRYPTED, 6, 14, "future-date")], {"future-date": ["asserted_on 2021-06-02"]}),
    Case("future-retrieved", [replace(LAW, "retrieved: 2021-01-10", "retrieved: 2021-07-01")],
         [e(LAW, 20, 16, "future-date"), e(ENCRYPTED, 27, 11, "review-before-retrieval")],
         {"future-date": ["document 'test-law' version '2022'", "2021-07-01"]}),
    Case("future-correction", corrections("2021-03-01", "2021-08-01"), [e(SHARING, 19, 11, "future-date")],
         {"future-date": ["corrections[1].date"]}),
    Case("future-withdrawal", [replace(WITHDRAWN, "date: 2021-01-20", "date: 2022-01-20")],
         [e(WITHDRAWN, 16, 9, "future-date")], {"future-date": ["withdrawal.date"]}),
    Case("future-effective-passes", [replace(LAW, "effective: 2022-10-17", "effective: 2030-10-17")], []),
    Case("today-passes", [replace(SHARING, "reviewed: 2021-02-01", "reviewed: 2021-06-01")], []),
    # corrections oldest first
    Case("corrections-in-order-pass", corrections("2021-02-02", "2021-02-02", "2021-03-01"), []),
    Case("corrections-out-of-order", corrections("2021-03-01", "2021-02-02"), [e(SHARING, 19, 11, "correction-order")],
         {"correction-order": ["corrections[1]", "oldest first"]}),
    # placeholders
    Case("placeholder-in-claim", [replace(SHARING, "en: Acme shares only limited data.", "en: TODO")],
         [e(SHARING, 4, 52, "placeholder")], {"placeholder": ["claim.en", "TODO"]}),
    Case("placeholder-in-indonesian-note", [replace(SHARING, "{id: Klausul berbagi.,", "{id: Klausul berbagi TODO.,")],
         [e(SHARING, 14, 16, "placeholder")], {"placeholder": ["evidence.0.note.id"]}),
    Case("placeholder-in-draft-passes", [replace(DRAFT, "en: Secret draft claim.", "en: TODO")], []),
    Case("placeholder-in-editor-note-passes", [replace(SHARING, "reviewed:", "editor_note: TODO check the 2019 text\nreviewed:")], []),
    Case("todo-inside-a-word-passes", [replace(SHARING, "en: Cannot be checked.", "en: TODOS cannot be checked.")], []),
    # withdrawals
    Case("withdrawn-without-withdrawal", [replace(WITHDRAWN, WITHDRAWAL, "")], [e(WITHDRAWN, 3, 9, "missing-withdrawal")],
         {"missing-withdrawal": ["claim 'withdrawn-claim'", "date, reason"]}),
    Case("withdrawal-on-published-claim", [replace(SHARING, "reviewed: 2021-02-01\n", "reviewed: 2021-02-01\n" + WITHDRAWAL)],
         [e(SHARING, 17, 3, "unexpected-withdrawal")], {"unexpected-withdrawal": ["'published'"]}),
    Case("replaced-by-unknown", [replace(WITHDRAWN, "replaced_by: messages-encrypted", "replaced_by: messages-encrypt")],
         [e(WITHDRAWN, 18, 16, "unknown-replacement")], {"unknown-replacement": ["'messages-encrypt'"]}),
    Case("replaced-by-draft", [replace(WITHDRAWN, "replaced_by: messages-encrypted", "replaced_by: draft-claim")],
         [e(WITHDRAWN, 18, 16, "unpublished-replacement")], {"unpublished-replacement": ["'draft-claim'", "'draft'"]}),
    Case("replaced-by-itself", [replace(WITHDRAWN, "replaced_by: messages-encrypted", "replaced_by: withdrawn-claim")],
         [e(WITHDRAWN, 18, 16, "unpublished-replacement")], {"unpublished-replacement": ["'withdrawn'"]}),
    Case("withdrawal-without-replacement-passes", [replace(WITHDRAWN, "  replaced_by: messages-encrypted\n", "")], []),
    Case("withdrawal-without-reason", [replace(WITHDRAWN, "  reason: {id: Duplikat dari klaim lain., en: A duplicate of another claim.}\n", "")],
         [e(WITHDRAWN, 16, 3, "missing-key")], {"missing-key": ["withdrawal", "'reason'"]},
         baseline=[STALE_STORAGE, NOT_IN_FORCE_2022]),  # a claim with shape errors gets no cross-file checks
    # pinned references
    Case("pinned-is-never-stale", [replace(ENCRYPTED, '    quote: "keep messages', '    pinned: true\n    quote: "keep messages')],
         [], baseline=[(ENCRYPTED, 24, 10, "warning", "not-in-force"), STALE_RETIRED]),
    Case("pinned-without-version", [replace(SHARING, "    quote: \"We share", "    pinned: true\n    quote: \"We share")],
         [e(SHARING, 13, 13, "pinned-without-version")], {"pinned-without-version": ["evidence[0]", "DOC@VERSION#CLAUSE"]}),
    Case("pinned-not-a-boolean", [replace(SHARING, "    quote: \"We share", "    pinned: yes please\n    quote: \"We share")],
         [e(SHARING, 13, 13, "wrong-type")]),
    # several topics
    Case("several-topics-pass", [replace(SHARING, "topic: privacy", "topic: [privacy, empty-topic]")], []),
    Case("several-topics-one-unknown", [replace(SHARING, "topic: privacy", "topic: [privacy, emptytopic]")],
         [e(SHARING, 2, 18, "unknown-topic")], {"unknown-topic": ["'emptytopic'", "did you mean 'empty-topic'"]}),
    Case("empty-topic-list", [replace(SHARING, "topic: privacy", "topic: []")], [e(SHARING, 2, 8, "empty-list")]),
    # editor notes and the site's v2 fields
    Case("editor-note-passes", [replace(SHARING, "reviewed:", "editor_note: |\n  Check the 2019 text.\nreviewed:")], []),
    Case("site-v2-fields-pass", [replace(SITE, "languages:", "url: https://example.org/explainer/\ncontact: mailto:desk@example.org\n"
                                                               "about: {id: Tentang kami., en: About us.}\nlanguages:")], []),
    Case("site-url-not-https", [replace(SITE, "languages:", "url: http://example.org/\nlanguages:")],
         [e(SITE, 4, 6, "invalid-url")], {"invalid-url": ["absolute https URL"]}),
    Case("site-contact-not-a-link", [replace(SITE, "languages:", "contact: javascript:alert(1)\nlanguages:")],
         [e(SITE, 4, 10, "invalid-url")], {"invalid-url": ["mailto:"]}),
]


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_editorial_rule(minimal_content, monkeypatch, case: Case):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JUNE_2021)
    run_case(minimal_content, case)


def test_without_source_date_epoch_today_is_the_limit(minimal_content, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert problems(minimal_content) == sorted(BASELINE)
    replace(SHARING, "reviewed: 2021-02-01", "reviewed: 2999-01-01").apply(minimal_content)
    assert (SHARING, 15, 11, "error", "future-date") in problems(minimal_content)


def test_withdrawn_claim_without_withdrawal_builds_no_model(minimal_content, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JUNE_2021)
    replace(WITHDRAWN, WITHDRAWAL, "").apply(minimal_content)
    assert check_content(minimal_content).model is None


def test_model_carries_v2_fields(minimal_content, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JUNE_2021)
    for edit in [replace(SHARING, "topic: privacy", "topic: [empty-topic, privacy]"),
                 replace(SHARING, "reviewed:", "editor_note: internal\nreviewed:"), *corrections("2021-02-02", "2021-03-01"),
                 replace(ENCRYPTED, '    quote: "keep messages', '    pinned: true\n    quote: "keep messages'),
                 replace(SITE, "languages:", "url: https://example.org/x/\ncontact: mailto:a@example.org\nlanguages:")]:
        edit.apply(minimal_content)
    model = check_content(minimal_content).model
    assert model is not None
    sharing = model.claims_by_id["limited-sharing"]
    assert sharing.topic_ids == ("empty-topic", "privacy") and sharing.topic_id == "empty-topic"
    assert sharing.editor_note == "internal"
    assert [c.date.isoformat() for c in sharing.corrections] == ["2021-02-02", "2021-03-01"]
    assert sharing.modified.isoformat() == "2021-03-01"
    assert [c.id for c in model.claims_of_topic("privacy")] == ["limited-sharing", "messages-encrypted"]
    assert [c.id for c in model.claims_of_topic("empty-topic")] == ["limited-sharing"]
    encrypted = model.claims_by_id["messages-encrypted"]
    pinned = encrypted.evidence[0]
    assert pinned.pinned and pinned.versioned and pinned.stale is None
    assert pinned.change_to_current is not None and pinned.change_to_current.later_version.label == "2021-01-01"
    assert not encrypted.evidence[1].pinned and not encrypted.evidence[1].versioned
    withdrawn = model.claims_by_id["withdrawn-claim"]
    assert withdrawn.withdrawal is not None and withdrawn.withdrawal.replaced_by == "messages-encrypted"
    assert (model.site.url, model.site.contact, model.site.about) == ("https://example.org/x/", "mailto:a@example.org", None)
