"""The format-neutral briefing structure: which claims, in which order, with which labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.briefing import build_briefing
from generator.i18n import t
from generator.validate import load_model

PUBLISHED = {"limited-sharing", "messages-encrypted"}


@pytest.fixture
def model(minimal_content: Path):
    return load_model(minimal_content)


def claim_ids(briefing) -> set[str]:
    return {c.id for c in briefing.summary}


def test_only_published_claims_by_default(model) -> None:
    briefing = build_briefing(model, "en")
    assert claim_ids(briefing) == PUBLISHED
    assert {c.id for s in briefing.sections for c in s.claims} == PUBLISHED
    assert not briefing.cover.drafts


def test_drafts_on_request_but_never_withdrawn(model) -> None:
    briefing = build_briefing(model, "en", drafts=True)
    assert claim_ids(briefing) == PUBLISHED | {"draft-claim"}
    assert "withdrawn-claim" not in claim_ids(briefing)
    assert briefing.cover.drafts
    assert [c.draft for c in briefing.summary if c.id == "draft-claim"] == [True]


def test_topic_filter_keeps_only_that_topic(model) -> None:
    briefing = build_briefing(model, "en", topics=["empty-topic"])
    assert [s.id for s in briefing.sections] == ["empty-topic"]
    assert briefing.summary == ()
    assert briefing.cover.total == 0
    assert briefing.cover.topics == ("Empty Topic",)


def test_unknown_topic_and_language_are_refused(model) -> None:
    with pytest.raises(ValueError, match="nope"):
        build_briefing(model, "en", topics=["nope"])
    with pytest.raises(ValueError, match="fr"):
        build_briefing(model, "fr")


def test_numbering_follows_topics_and_claims(model) -> None:
    briefing = build_briefing(model, "id")
    assert [(s.number, s.id) for s in briefing.sections] == [("1", "privacy"), ("2", "empty-topic")]
    assert [(c.number, c.id) for c in briefing.summary] == [("1.1", "limited-sharing"), ("1.2", "messages-encrypted")]
    outline = [(h.level, h.number) for h in briefing.outline]
    assert outline[:6] == [(1, ""), (1, ""), (1, "1"), (2, "1.1"), (2, "1.2"), (1, "2")]
    assert [h.anchor for h in briefing.outline[:2]] == ["method", "summary"]  # the method opens the briefing


@pytest.mark.parametrize("lang", ["id", "en"])
def test_texts_and_labels_are_in_the_briefing_language(model, lang: str) -> None:
    briefing = build_briefing(model, lang)
    claim = next(c for c in briefing.summary if c.id == "messages-encrypted")
    source = model.claims_by_id["messages-encrypted"]
    assert claim.text == source.claim[lang]
    assert claim.rating_label == t("rating.partly-supported", lang)
    assert claim.questions == (source.questions[0][lang],)
    assert briefing.cover.language == t(f"language.{lang}", lang)
    assert briefing.appendices.documents.title.startswith(t("briefing.appendix", lang, letter="A"))
    regulation = claim.regulations[1]
    assert regulation.in_force == t("label.not_in_force", lang)
    assert regulation.clause == f"Pasal 1 — {'Persetujuan' if lang == 'id' else 'Consent'}"


def test_stale_reference_carries_old_and_new_text(model) -> None:
    claim = next(c for c in build_briefing(model, "en").summary if c.id == "messages-encrypted")
    stale = [r for r in claim.evidence if r.review]
    assert len(stale) == 1 and claim.needs_review
    review = stale[0].review
    assert review.old_text == "We may keep messages on our servers for up to 30 days."
    assert review.new_text == "We keep messages in encrypted form on our servers for up to 30 days."
    assert "2021-01-01" in review.notice and not review.removed


def test_cover_counts_and_date(model) -> None:
    cover = build_briefing(model, "en").cover
    counts = {rc.rating: rc.count for rc in cover.rating_counts}
    assert counts == {"supported": 0, "partly-supported": 1, "unsupported": 0, "contradicted": 0, "unverifiable": 1}
    assert cover.total == 2
    assert cover.content_date == "1 February 2021"  # latest review among the claims shown
    assert cover.fingerprint == build_briefing(model, "en").fingerprint and len(cover.fingerprint) == 12


def test_gaps_match_the_model_when_unfiltered(model) -> None:
    gaps = build_briefing(model, "en").appendices.gaps.lists
    uncited, without_law, stale, not_in_force = (g.items for g in gaps)
    assert len(uncited) == len(model.uncited_articles()) == 1
    assert "Pasal 2" in uncited[0].text
    assert [i.anchor for i in without_law] == [f"claim-{c.id}" for c in model.claims_without_regulation()]
    assert [i.number for i in stale] == ["1.2"]
    assert [i.number for i in not_in_force] == ["1.2"] and "2022" in not_in_force[0].text


def test_traceability_matrix_marks_roles_and_problems(model) -> None:
    matrix = build_briefing(model, "en").appendices.matrix
    policy, law = matrix.groups
    rows = {(b.document, r.label): r.cells for p in policy.panels for b in p.blocks for r in b.rows}
    assert rows[("Acme Privacy Policy", "2020-01-01: 1 — Storage")] == ("", "E!")
    assert rows[("Acme Statement", "2021-01-12: Encrypted")] == ("A", "A")
    law_rows = {r.label: r.cells for p in law.panels for b in p.blocks for r in b.rows}
    # The same marks as the site's matrix page: ● cited law, × not in force on the assertion date.
    assert law_rows == {"2008: Pasal 1 — Consent": ("", "●"), "2022: Pasal 1 — Consent": ("", "●×")}
    counts = {(b.document, r.label): r.count for p in policy.panels + law.panels for b in p.blocks for r in b.rows}
    assert counts[("Acme Statement", "2021-01-12: Encrypted")] == 2  # claims relying on it
    assert counts[("Test Law", "2022: Pasal 1 — Consent")] == 1
    assert ("●", "cited by the claim") in matrix.legend


def test_changes_list_the_claims_they_affect(model) -> None:
    groups = build_briefing(model, "en").appendices.changes.groups
    policy = next(g for g in groups if g.document == "Acme Privacy Policy")
    storage = next(c for c in policy.changes if c.clause == "1 — Storage")
    assert storage.kind == "changed"
    assert storage.affected == ("1.2 (2020-01-01)", "1.2 (2021-01-01)")
    assert {c.kind for c in policy.changes} == {"changed", "added", "removed"}
