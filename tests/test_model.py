"""The model built from valid content: links both ways, changes, staleness, laws in force."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.validate import check_content, load_model


def test_backlinks_point_from_each_clause_to_the_claims_citing_it(minimal_content: Path) -> None:
    content = load_model(minimal_content)
    policy = content.documents_by_id["acme-policy"]
    current_storage = policy.current.clause("storage")
    old_storage = policy.versions[0].clause("storage")
    assert [claim.id for claim, _ in content.citations(current_storage)] == ["messages-encrypted"]
    assert [ref.role for _, ref in content.citations(old_storage)] == ["evidence"]
    # drafts are hidden from backlinks unless asked for
    ads = policy.current.clause("ads")
    assert content.citations(ads) == ()
    assert [c.id for c, _ in content.citations(ads, drafts=True)] == ["draft-claim"]


def test_listed_and_page_claims_follow_status(minimal_content: Path) -> None:
    content = load_model(minimal_content)
    assert [c.id for c in content.listed_claims()] == ["limited-sharing", "messages-encrypted"]
    assert [c.id for c in content.page_claims()] == ["limited-sharing", "messages-encrypted", "withdrawn-claim"]
    assert "draft-claim" in [c.id for c in content.listed_claims(drafts=True)]


def test_changes_between_versions(minimal_content: Path) -> None:
    content = load_model(minimal_content)
    policy = content.documents_by_id["acme-policy"]
    changes = [(c.kind, c.clause_id) for c in content.changes(policy, policy.current)]
    assert changes == [("changed", "storage"), ("added", "ads"), ("removed", "retired")]
    assert content.changes(policy, policy.versions[0]) == ()


def test_stale_references_carry_old_and_new_text(minimal_content: Path) -> None:
    claim = load_model(minimal_content).claims_by_id["messages-encrypted"]
    (stale,) = claim.stale_references
    assert stale.clause.text.startswith("We may keep messages")
    assert stale.stale.later_version.label == "2021-01-01"
    assert stale.stale.new_text.startswith("We keep messages in encrypted form")


def test_in_force_status_of_cited_regulations(minimal_content: Path) -> None:
    claim = load_model(minimal_content).claims_by_id["messages-encrypted"]
    assert [r.in_force for r in claim.regulations] == [True, False]


def test_repealed_ends_every_version(minimal_content: Path) -> None:
    law = minimal_content / "documents" / "test-law.yml"
    law.write_text(law.read_text().replace("original_language: id\n", "original_language: id\nrepealed: 2010-01-01\n"))
    result = check_content(minimal_content)
    document = result.model.documents_by_id["test-law"]
    assert document.in_force_window(document.versions[0]) == (dt.date(2008, 4, 21), dt.date(2010, 1, 1))
    assert not document.is_in_force(document.versions[0], dt.date(2021, 1, 12))
    assert result.model.claims_by_id["messages-encrypted"].regulations[0].in_force is False


def test_hidden_editor_files_are_not_content(minimal_content: Path) -> None:
    (minimal_content / "claims" / ".#messages-encrypted.yml").write_text("not: [valid")
    (minimal_content / "claims" / ".drafts").mkdir()
    (minimal_content / "claims" / ".drafts" / "x.yml").write_text("- broken")
    result = check_content(minimal_content)
    assert result.ok
    assert not [d for d in result.diagnostics if ".#" in str(d.path) or ".drafts" in str(d.path)]


def test_fingerprint_changes_with_content(minimal_content: Path) -> None:
    before = load_model(minimal_content).fingerprint
    assert load_model(minimal_content).fingerprint == before
    site = minimal_content / "site.yml"
    site.write_text(site.read_text().replace("A small test site.", "A small test site!"))
    assert load_model(minimal_content).fingerprint != before
