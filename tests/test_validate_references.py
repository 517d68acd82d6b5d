"""Validation across files: identity, references, quotes, stale references, laws in force, and
the rule that every claim is checked whatever its status. Same corpus style as test_validate.py."""

from __future__ import annotations

import pytest

from generator.diagnostics import CODES
from validate_support import (
    BASELINE, DRAFT, ENCRYPTED, LAW, NOT_IN_FORCE_2022, POLICY, SHARING, STALE_RETIRED, STALE_STORAGE, STATEMENT,
    TOPICS, WITHDRAWN, Case, e, evidence, fixture_text, regulation, replace, run_case, w, write,
)
from test_validate import CASES as FILE_CASES
from test_validate_editorial import CASES as EDITORIAL_CASES

OLD_LAW = """\
id: old-law
kind: regulation
title: {id: Undang-Undang Lama, en: Old Law}
publisher: Parliament
original_language: id
repealed: 2020-06-30
versions:
  - version: "1999"
    effective: 1999-09-01
    url: https://example.org/law/1999
    retrieved: 2020-01-01
    clauses:
      - id: pasal-9
        heading: {id: Kerahasiaan, en: Secrecy}
        text: "Kerahasiaan komunikasi dilindungi."
        summary: {id: Komunikasi rahasia., en: Communications are secret.}
"""

# --- the corpus -----------------------------------------------------------------------------------

CASES = [
    # identity
    Case("duplicate-topic", [replace(TOPICS, "id: empty-topic", "id: privacy")], [e(TOPICS, 4, 7, "duplicate-id")],
         {"duplicate-id": ["topic id 'privacy'", "topics.yml:1"]}),
    Case("duplicate-document", [write("documents/copy.yml", fixture_text(STATEMENT))],
         [e("documents/copy.yml", 1, 5, "duplicate-id")], {"duplicate-id": ["document id 'acme-statement'", "acme-statement.yml:1"]}),
    Case("duplicate-claim", [write("claims/zz-copy.yml", fixture_text(DRAFT))],
         [e("claims/zz-copy.yml", 1, 5, "duplicate-id")], {"duplicate-id": ["claim id 'draft-claim'"]}),
    Case("duplicate-version", [replace(POLICY, 'version: "2021-01-01"', 'version: "2020-01-01"')],
         [e(POLICY, 25, 14, "duplicate-id")], {"duplicate-id": ["'2020-01-01'", "acme-policy.yml:7"]}),
    Case("duplicate-clause",
         [replace(STATEMENT, "        summary: {id: Pesan terenkripsi., en: Messages are encrypted.}\n",
                  "        summary: {id: Pesan terenkripsi., en: Messages are encrypted.}\n"
                  "      - id: encrypted\n        heading: {id: Lagi, en: Again}\n        summary: {id: Lagi., en: Again.}\n")],
         [e(STATEMENT, 15, 13, "duplicate-id")], {"duplicate-id": ["clause", "'encrypted'", "acme-statement.yml:11"]}),
    # references
    Case("unknown-topic", [replace(SHARING, "topic: privacy", "topic: privacyy")], [e(SHARING, 2, 8, "unknown-topic")],
         {"unknown-topic": ["'privacyy'", "did you mean 'privacy'"]}),
    Case("reference-with-slash", [evidence("acme-policy/sharing")], [e(SHARING, 12, 10, "invalid-reference")],
         {"invalid-reference": ["'acme-policy/sharing'", "DOCUMENT#CLAUSE"]}),
    Case("reference-without-clause", [evidence("acme-policy")], [e(SHARING, 12, 10, "invalid-reference")]),
    Case("reference-with-empty-version", [evidence('"acme-policy@#sharing"')], [e(SHARING, 12, 10, "invalid-reference")]),
    Case("unknown-document", [evidence("acme-polcy#sharing")], [e(SHARING, 12, 10, "unknown-document")],
         {"unknown-document": ["evidence[0].ref", "'acme-polcy'", "did you mean 'acme-policy'"]}),
    Case("unknown-version", [evidence("acme-policy@2019#sharing")], [e(SHARING, 12, 10, "unknown-version")],
         {"unknown-version": ["'2019'", "'2020-01-01', '2021-01-01'"]}),
    Case("unknown-clause", [evidence("acme-policy#shareing")], [e(SHARING, 12, 10, "unknown-clause")],
         {"unknown-clause": ["'shareing'", "'acme-policy@2021-01-01'", "did you mean 'sharing'"]}),
    Case("clause-of-another-version", [evidence("acme-policy@2020-01-01#ads")], [e(SHARING, 12, 10, "unknown-clause")],
         {"unknown-clause": ["'acme-policy@2020-01-01'"]}),
    Case("not-a-regulation", regulation("acme-policy#ads"), [e(SHARING, 16, 10, "not-a-regulation")],
         {"not-a-regulation": ["regulations[0]", "kind 'company-policy'", "evidence"]}),
    Case("regulation-as-evidence-passes", [evidence("test-law#pasal-1")], []),
    Case("missing-effective-date", [replace(LAW, "    effective: 2022-10-17\n", "")],
         [e(LAW, 17, 5, "missing-effective-date")], {"missing-effective-date": ["'test-law'", "'2022'", "effective"]},
         baseline=[STALE_STORAGE, STALE_RETIRED]),  # without a start, the 2022 version counts as in force
    Case("versions-out-of-order", [replace(LAW, "effective: 2022-10-17", "effective: 2000-10-17")],
         [e(LAW, 18, 16, "version-order")],
         baseline=[STALE_STORAGE, (ENCRYPTED, 21, 10, "warning", "not-in-force"), STALE_RETIRED]),
    Case("quote-not-found", [evidence("acme-policy#sharing", '"We sell limited data"')], [e(SHARING, 13, 12, "quote-not-found")],
         {"quote-not-found": ["evidence[0].quote", "'acme-policy@2021-01-01#sharing'", "the quote has 'sell limited' where the clause has 'share \"limited\"'"]}),
    Case("quote-is-case-sensitive", [evidence("acme-policy#sharing", '"we share \\"limited\\" data"')],
         [e(SHARING, 13, 12, "quote-not-found")]),
    Case("quote-without-text", regulation("test-law#pasal-2", '"hak atas salinan"'), [e(SHARING, 17, 12, "quote-without-text")],
         {"quote-without-text": ["regulations[0].quote", "'test-law@2022#pasal-2'", "no `text`"]}),
    Case("quote-with-other-whitespace-and-quotes-passes",
         [evidence("acme-policy#sharing", "|-\n      We  share\n      “limited”   data with")], []),
    Case("quote-with-typographic-apostrophe-passes",
         [replace(STATEMENT, '"Your messages are encrypted and nobody can read them."',
                  "'Your messages are \"encrypted\" and nobody can''t read them.'"),
          replace(ENCRYPTED, 'quote: "nobody can read them"', 'quote: "are “encrypted” and nobody can’t\tread"')], []),
    # warnings
    Case("stale-changed-clause", [evidence("acme-policy@2020-01-01#storage", '"keep messages"')],
         [w(SHARING, 12, 10, "stale-reference")],
         {"stale-reference": ["evidence[0].ref", "'acme-policy@2020-01-01#storage'", "different text", "'2021-01-01'"]}),
    Case("stale-removed-clause", [evidence("acme-policy@2020-01-01#retired")], [w(SHARING, 12, 10, "stale-reference")],
         {"stale-reference": ["is gone from", "'2021-01-01'"]}),
    Case("pinned-unchanged-clause-is-not-stale", [evidence("acme-policy@2020-01-01#sharing")], []),
    Case("whitespace-change-is-not-stale",
         [evidence("acme-policy@2020-01-01#sharing"),
          replace(POLICY, 'text: "We share “limited” data with partners."\n        summary: {id: Data dibagikan ke mitra., en: Data is shared with partners.}\n      - id: ads',
                  'text: "We  share “limited”\\n data with partners. "\n        summary: {id: Data dibagikan ke mitra., en: Data is shared with partners.}\n      - id: ads')],
         []),
    Case("pinned-current-version-is-not-stale", [evidence("acme-policy@2021-01-01#storage")], []),
    Case("not-in-force-yet", regulation("test-law@2022#pasal-1", asserted_on="2021-01-12"),
         [w(SHARING, 17, 10, "not-in-force")],
         {"not-in-force": ["regulations[0].ref", "2021-01-12", "from 2022-10-17"]}),
    Case("not-in-force-any-more", [write("documents/old-law.yml", OLD_LAW), *regulation("old-law#pasal-9", asserted_on="2021-01-12")],
         [w(SHARING, 17, 10, "not-in-force")], {"not-in-force": ["from 1999-09-01 until 2020-06-30"]}),
    Case("not-in-force-before-first-version", [replace(ENCRYPTED, "asserted_on: 2021-01-12", "asserted_on: 2008-01-01")],
         [w(ENCRYPTED, 21, 10, "not-in-force")], {"not-in-force": ["from 2008-04-21 until 2022-10-17"]}),
    Case("in-force-on-its-first-day", [replace(ENCRYPTED, "asserted_on: 2021-01-12", "asserted_on: 2022-10-17")],
         [w(ENCRYPTED, 21, 10, "not-in-force")], baseline=[STALE_STORAGE, STALE_RETIRED]),
    Case("no-asserted-on-no-in-force-check", [replace(ENCRYPTED, "asserted_on: 2021-01-12\n", "")], [],
         baseline=[(ENCRYPTED, 13, 10, "warning", "stale-reference"), STALE_RETIRED]),
    # every rule applies to every claim, whatever its status
    Case("draft-unknown-clause", [replace(DRAFT, "ref: acme-policy#ads", "ref: acme-policy#adds")],
         [e(DRAFT, 12, 10, "unknown-clause")], {"unknown-clause": ["claim 'draft-claim'", "did you mean 'ads'"]}),
    Case("draft-unknown-key", [replace(DRAFT, "claimant: Acme", "claimnt: Acme")],
         [e(DRAFT, 1, 1, "missing-key"), e(DRAFT, 5, 1, "unknown-key")]),
    Case("draft-not-in-force", [replace(DRAFT, "reviewed:", "asserted_on: 2021-01-12\nregulations:\n  - ref: test-law#pasal-1\n"
                                                              "    note: {id: a, en: b}\nreviewed:")],
         [w(DRAFT, 16, 10, "not-in-force")]),
    Case("withdrawn-invalid-rating", [replace(WITHDRAWN, "rating: contradicted", "rating: wrong")],
         [e(WITHDRAWN, 9, 11, "invalid-value")], baseline=[STALE_STORAGE, NOT_IN_FORCE_2022]),
]


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_broken_reference(minimal_content, case: Case):
    run_case(minimal_content, case)


def test_corpus_covers_every_code():
    covered = {p[4] for case in FILE_CASES + CASES + EDITORIAL_CASES for p in case.added} | {p[4] for p in BASELINE}
    covered |= {"file-too-large"}  # tests/test_load.py: hostile files
    covered |= {"unreadable-file", "unreadable-folder", "symlink-outside-content", "special-file"}  # tests/security
    # tests/security/test_content_limits.py: the limits of the outputs
    covered |= {"control-character", "id-too-long", "version-label-too-long", "text-too-long", "reserved-version-label"}
    assert covered == set(CODES)
