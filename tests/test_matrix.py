"""Issue 12: the traceability matrix as a structure (two grids) and as downloads/matrix.csv.

Pinned on tests/fixtures/minimal plus one claim whose text and claimant would run as formulas in
a spreadsheet; no MkDocs build here (the built page is checked in test_site_pages and in Chromium).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from generator.matrix import build_grids, csv_cell, mark_description, mark_symbols, matrix_csv
from generator.validate import load_model

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
FORMULA_CLAIM = """\
id: formula-claim
topic: empty-topic
status: published
claim: {id: "=HYPERLINK(\\"https://evil.example\\")", en: "+1 SUM(A1:A9)"}
claimant: "@Acme"
asserted_in:
  - ref: acme-statement#encrypted
assessment:
  rating: contradicted
  summary: {id: Rumus., en: Formula.}
evidence:
  - ref: acme-policy#ads
    note: {id: Iklan., en: Ads.}
regulations:
  - ref: test-law#pasal-1
    note: {id: Hukum., en: Law.}
reviewed: 2021-03-01
"""


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory):
    content = tmp_path_factory.mktemp("matrix") / "content"
    shutil.copytree(MINIMAL, content)
    (content / "claims" / "formula-claim.yml").write_text(FORMULA_CLAIM, encoding="utf-8")
    return load_model(content)


def test_law_grid_has_one_column_per_cited_article_with_counts(model) -> None:
    law, _ = build_grids(model, model.listed_claims())
    assert [g.document.id for g in law.column_groups] == ["test-law"]
    assert [(c.version.label, c.clause.id, c.count) for c in law.columns] == [("2008", "pasal-1", 1),
                                                                           ("2022", "pasal-1", 2)]
    assert [c.name("en") for c in law.columns] == ["Pasal 1 (2008)", "Pasal 1"]  # older version named
    # Rows grouped by topic in topics.yml order; limited-sharing cites no law: an empty row.
    assert [(g.topic.id, [r.claim.id for r in g.rows]) for g in law.row_groups] == [
        ("privacy", ["limited-sharing", "messages-encrypted"]), ("empty-topic", ["formula-claim"])]
    assert law.rows[0].marks == (None, None)


def test_marks_tell_not_in_force_and_stale_apart_in_symbols_and_words(model) -> None:
    law, policy = build_grids(model, model.listed_claims())
    encrypted = next(r for r in law.rows if r.claim.id == "messages-encrypted")
    in_force, not_in_force = encrypted.marks
    assert in_force is not None and not_in_force is not None
    assert mark_symbols(in_force, "law", "en") == "●" and not in_force.flags
    assert mark_symbols(not_in_force, "law", "en") == "●×" and not_in_force.flags == ("not-in-force",)
    assert mark_description(not_in_force, "id") == "Peraturan; Tidak berlaku pada tanggal pernyataan"
    assert encrypted.not_in_force and not encrypted.stale

    columns = {(c.document.id, c.version.label, c.clause.id): i for i, c in enumerate(policy.columns)}
    row = next(r for r in policy.rows if r.claim.id == "messages-encrypted")
    stale = row.marks[columns[("acme-policy", "2020-01-01", "storage")]]
    current = row.marks[columns[("acme-policy", "2021-01-01", "storage")]]
    asserted = row.marks[columns[("acme-statement", "2021-01-12", "encrypted")]]
    assert stale is not None and mark_symbols(stale, "policy", "en") == "E!" and stale.flags == ("stale",)
    assert current is not None and mark_symbols(current, "policy", "en") == "E"
    assert asserted is not None and mark_symbols(asserted, "policy", "id") == "D"  # Indonesian letter
    assert row.stale
    # Two claims plus the formula claim assert in the same statement clause.
    assert policy.columns[columns[("acme-statement", "2021-01-12", "encrypted")]].count == 3


def test_drafts_and_withdrawn_claims_stay_out_unless_asked(model) -> None:
    law, policy = build_grids(model, model.listed_claims())
    assert "draft-claim" not in {r.claim.id for r in policy.rows}
    assert "withdrawn-claim" not in {r.claim.id for r in policy.rows}
    _, with_drafts = build_grids(model, model.listed_claims(drafts=True))
    assert "draft-claim" in {r.claim.id for r in with_drafts.rows}


def test_csv_has_a_header_and_one_row_per_claim_and_reference(model) -> None:
    text = matrix_csv(model)
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = sum(len(c.references) for c in model.listed_claims())
    assert len(rows) == expected == 10
    assert [(r["claim_id"], r["reference"]) for r in rows][:2] == [("formula-claim", "acme-statement#encrypted"),
                                                                   ("formula-claim", "acme-policy#ads")]
    stale = next(r for r in rows if r["reference"] == "acme-policy@2020-01-01#storage")
    assert (stale["needs_review"], stale["current_version"], stale["role"]) == ("yes", "no", "evidence")
    law = {r["reference"]: r["in_force"] for r in rows if r["role"] == "regulation"}
    assert law == {"test-law@2008#pasal-1": "yes", "test-law@2022#pasal-1": "no", "test-law#pasal-1": ""}
    assert matrix_csv(model) == text  # deterministic
    assert text.encode("utf-8").decode("utf-8") == text and "\r\n" in text


def test_csv_cells_never_start_a_formula(model) -> None:
    rows = list(csv.DictReader(io.StringIO(matrix_csv(model))))
    formula = next(r for r in rows if r["claim_id"] == "formula-claim")
    assert formula["claim_text_id"] == "'=HYPERLINK(\"https://evil.example\")"
    assert formula["claim_text_en"] == "'+1 SUM(A1:A9)"
    assert formula["claimant"] == "'@Acme"
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())
    assert csv_cell("-2") == "'-2" and csv_cell("a=b") == "a=b"
