"""Validation, one file at a time: reading files, shapes and values.

A corpus of broken content, each case a small edit of the minimal fixture beside the exact
diagnostics it must give — (file, line, col, severity, code) — and the key words of the message
where the message matters. References, identity and warnings: tests/test_validate_references.py.
"""

from __future__ import annotations

import shutil

import pytest

from generator.validate import check_content
from validate_support import (
    BASELINE, DRAFT, ENCRYPTED, EVIDENCE_BLOCK, LAW, NOT_IN_FORCE_2022, POLICY, SHARING, SHARING_TEXT, SITE,
    STALE_RETIRED, STALE_STORAGE, STATEMENT, TOPICS, WITHDRAWN, Case, delete, e, fixture_text, problems, replace,
    run_case, w, write,
)

CASES = [
    # reading files
    Case("yaml-syntax", [replace(SHARING, "claimant: Acme", "claimant: [Acme")],
         [e(SHARING, 5, 11, "yaml-syntax")], {"yaml-syntax": ["'[' opened here is never closed", "']'"]}),
    Case("yaml-syntax-in-site", [replace(SITE, "languages: [id, en]", "languages: [id, en")],
         [e(SITE, 4, 12, "yaml-syntax")]),
    Case("duplicate-key", [replace(SHARING, "claimant: Acme\n", "claimant: Acme\nclaimant: Acme Inc.\n")],
         [e(SHARING, 6, 1, "yaml-duplicate-key")], {"yaml-duplicate-key": ["'claimant'", "line 5"]}),
    Case("duplicate-key-nested", [replace(SHARING, "  rating: unverifiable\n", "  rating: unverifiable\n  rating: supported\n")],
         [e(SHARING, 10, 3, "yaml-duplicate-key")]),
    Case("python-tag", [replace(SHARING, "claimant: Acme", "claimant: !!python/object:os.system Acme")],
         [e(SHARING, 5, 11, "yaml-tag")], {"yaml-tag": ["!!python/object:os.system"]}),
    Case("custom-tag-on-mapping", [replace(SHARING, "assessment:\n", "assessment: !rating\n")],
         [e(SHARING, 8, 13, "yaml-tag")]),
    Case("anchor", [replace(SHARING, "claimant: Acme", "claimant: &who Acme")],
         [e(SHARING, 5, 11, "yaml-anchor")], {"yaml-anchor": ["&who"]}),
    Case("anchor-and-alias", [replace(SHARING, "claimant: Acme", "claimant: &c Acme"),
                              replace(SHARING, "en: Cannot be checked.}", "en: *c}")],
         [e(SHARING, 5, 11, "yaml-anchor"), e(SHARING, 10, 45, "yaml-anchor")], {"yaml-anchor": ["&c", "*c"]}),
    Case("alias-before-anchor", [replace(SHARING, "en: Acme shares only limited data.}", "en: *c}")],
         [e(SHARING, 4, 52, "yaml-anchor")]),
    Case("non-utf-8", [write(SHARING, SHARING_TEXT.replace("claimant: Acme", "claimant: Acmé").encode("latin-1"))],
         [e(SHARING, 5, 14, "yaml-encoding")], {"yaml-encoding": ["0xe9", "UTF-8"]}),
    Case("empty-file", [write(SHARING, "")], [e(SHARING, 1, 1, "empty-file")]),
    Case("comments-only-file", [write(DRAFT, "# to do\n")], [e(DRAFT, 1, 1, "empty-file")]),
    Case("null-file", [write(SHARING, "~\n")], [e(SHARING, 1, 1, "empty-file")]),
    Case("claim-is-a-list", [write(SHARING, "- id: limited-sharing\n")], [e(SHARING, 1, 1, "wrong-type")],
         {"wrong-type": ["claim must be a mapping", "not a list"]}),
    Case("claim-is-text", [write(SHARING, "limited sharing\n")], [e(SHARING, 1, 1, "wrong-type")],
         {"wrong-type": ["not a text"]}),
    Case("topics-is-a-mapping", [write(TOPICS, "id: privacy\n")], [e(TOPICS, 1, 1, "wrong-type")],
         {"wrong-type": ["topics.yml must be a list"]}),
    Case("site-is-a-list", [write(SITE, "- title: x\n")], [e(SITE, 1, 1, "wrong-type")]),
    Case("tab", [replace(SHARING, "  summary: {id: Tidak", "\tsummary: {id: Tidak")],
         [e(SHARING, 10, 1, "yaml-tab")], {"yaml-tab": ["tab", "spaces"]}),
    Case("windows-line-endings-pass", [write(SHARING, SHARING_TEXT.replace("\n", "\r\n"))], []),
    Case("windows-line-endings-positions",
         [write(SHARING, SHARING_TEXT.replace("rating: unverifiable", "rating: unverifable").replace("\n", "\r\n"))],
         [e(SHARING, 9, 11, "invalid-value")]),
    Case("old-mac-line-endings-positions", [write(SHARING, SHARING_TEXT.replace("claimant", "claimnt").replace("\n", "\r"))],
         [e(SHARING, 1, 1, "missing-key"), e(SHARING, 5, 1, "unknown-key")]),
    Case("byte-order-mark-passes", [write(SHARING, b"\xef\xbb\xbf" + SHARING_TEXT.encode())], []),
    Case("byte-order-mark-positions", [write(SHARING, b"\xef\xbb\xbf" + SHARING_TEXT.replace("topic: privacy", "topic: privacyy").encode())],
         [e(SHARING, 2, 8, "unknown-topic")]),
    Case("missing-site", [delete(SITE)], [e(SITE, 1, 1, "missing-file")], {"missing-file": ["site.yml"]}),
    Case("missing-topics", [delete(TOPICS)], [e(TOPICS, 1, 1, "missing-file")]),  # and no unknown-topic noise
    Case("yaml-extension", [write("claims/privacy/extra.yaml", SHARING_TEXT)],
         [w("claims/privacy/extra.yaml", 1, 1, "ignored-file")], {"ignored-file": ["rename to extra.yml"]}),
    Case("document-in-sub-folder", [write("documents/old/acme-statement.yml", fixture_text(STATEMENT))],
         [w("documents/old/acme-statement.yml", 1, 1, "ignored-file")]),
    # shapes and values
    Case("unknown-key-typo", [replace(SHARING, "claimant: Acme", "claimnt: Acme")],
         [e(SHARING, 1, 1, "missing-key"), e(SHARING, 5, 1, "unknown-key")],
         {"unknown-key": ["claim 'limited-sharing'", "'claimnt'", "did you mean 'claimant'"],
          "missing-key": ["'claimant'"]}),
    Case("unknown-key-nested", [replace(SHARING, 'quote: "We share', 'qoute: "We share')],
         [e(SHARING, 13, 5, "unknown-key")], {"unknown-key": ["evidence[0]", "'qoute'", "did you mean 'quote'"]}),
    Case("unknown-key-in-document", [replace(STATEMENT, "retrieved:", "retreived:")],
         [e(STATEMENT, 7, 5, "missing-key"), e(STATEMENT, 9, 5, "unknown-key")],
         {"unknown-key": ["document 'acme-statement' versions[0]", "did you mean 'retrieved'"]}),
    Case("unknown-key-without-suggestion", [replace(SITE, "languages:", "colour: blue\nlanguages:")],
         [e(SITE, 4, 1, "unknown-key")]),
    Case("missing-key", [replace(SHARING, "reviewed: 2021-02-01\n", "")], [e(SHARING, 1, 1, "missing-key")],
         {"missing-key": ["claim 'limited-sharing'", "'reviewed'"]}),
    Case("missing-key-nested", [replace(SHARING, "    note: {id: Klausul berbagi., en: The sharing clause.}\n", "")],
         [e(SHARING, 12, 5, "missing-key")], {"missing-key": ["evidence[0]", "'note'"]}),
    Case("missing-translation",
         [replace(SHARING, "{id: Acme hanya berbagi data terbatas., en: Acme shares only limited data.}",
                  "{id: Acme hanya berbagi data terbatas.}")],
         [e(SHARING, 4, 8, "missing-translation")], {"missing-translation": ["claim 'limited-sharing' claim", "'en'", "English"]}),
    Case("missing-translation-markdown",
         [replace(TOPICS, '{id: "Klaim tentang **privasi**.", en: "Claims about **privacy**."}', '{en: "Claims about **privacy**."}')],
         [e(TOPICS, 3, 12, "missing-translation")], {"missing-translation": ["[0].summary", "'id'", "Indonesian"]}),
    Case("extra-language", [replace(SHARING, "en: Acme shares only limited data.}", "en: Acme shares only limited data., fr: Partage.}")],
         [e(SHARING, 4, 84, "unknown-language")], {"unknown-language": ["'fr'"]}),
    Case("empty-text", [replace(SHARING, "claimant: Acme", 'claimant: ""')], [e(SHARING, 5, 11, "empty-text")]),
    Case("blank-text", [replace(SHARING, "claimant: Acme", 'claimant: "   "')], [e(SHARING, 5, 11, "empty-text")]),
    Case("empty-translation", [replace(SHARING, "en: Acme shares only limited data.}", 'en: ""}')],
         [e(SHARING, 4, 52, "empty-text")], {"empty-text": ["claim.en"]}),
    Case("empty-markdown", [replace(SHARING, "en: Cannot be checked.}", 'en: " "}')],
         [e(SHARING, 10, 45, "empty-text")]),
    Case("null-value", [replace(SHARING, "claimant: Acme", "claimant:")], [e(SHARING, 5, 10, "wrong-type")],
         {"wrong-type": ["claimant must be a text, not nothing"]}),
    Case("list-for-text", [replace(SHARING, "claimant: Acme", "claimant: [Acme]")], [e(SHARING, 5, 11, "wrong-type")],
         {"wrong-type": ["must be a text, not a list"]}),
    Case("mapping-for-list", [replace(SHARING, EVIDENCE_BLOCK, "evidence: {ref: acme-policy#sharing}\n")],
         [e(SHARING, 11, 11, "wrong-type")], {"wrong-type": ["evidence must be a list", "not a mapping"]}),
    # acme-policy is invalid now: references to it are not checked, so its stale references go unreported
    Case("number-for-text", [replace(POLICY, 'number: "3"', "number: 3")], [e(POLICY, 40, 17, "wrong-type")],
         {"wrong-type": ["not a number"]}, baseline=[NOT_IN_FORCE_2022]),
    Case("invalid-claim-id", [replace(SHARING, "id: limited-sharing", "id: Limited_Sharing")],
         [e(SHARING, 1, 5, "invalid-id")], {"invalid-id": ["'Limited_Sharing'", "lower-case"]}),
    Case("invalid-topic-id", [replace(TOPICS, "id: empty-topic", "id: empty-topic-")], [e(TOPICS, 4, 7, "invalid-id")]),
    Case("invalid-clause-id", [replace(STATEMENT, "- id: encrypted", "- id: encrypted--too")],
         [e(STATEMENT, 11, 13, "invalid-id")]),  # and the claims citing acme-statement are not blamed
    Case("version-as-date", [replace(STATEMENT, 'version: "2021-01-12"', "version: 2021-01-12")],
         [e(STATEMENT, 7, 14, "invalid-version-label")], {"invalid-version-label": ['"2021-01-12"', "quote"]}),
    Case("version-as-number", [replace(LAW, 'version: "2008"', "version: 2008")],
         [e(LAW, 7, 14, "invalid-version-label")], {"invalid-version-label": ['"2008"']},
         baseline=[STALE_STORAGE, STALE_RETIRED]),  # messages-encrypted cites test-law, now invalid
    Case("version-with-space", [replace(STATEMENT, 'version: "2021-01-12"', 'version: "12 Jan 2021"')],
         [e(STATEMENT, 7, 14, "invalid-version-label")], {"invalid-version-label": ["'12 Jan 2021'"]}),
    Case("impossible-date", [replace(SHARING, "reviewed: 2021-02-01", "reviewed: 2021-02-30")],
         [e(SHARING, 15, 11, "invalid-date")], {"invalid-date": ["reviewed", "'2021-02-30'"]}),
    Case("impossible-month", [replace(SHARING, "reviewed: 2021-02-01", 'reviewed: "2021-13-01"')],
         [e(SHARING, 15, 11, "invalid-date")]),
    Case("date-in-other-format", [replace(SHARING, "reviewed: 2021-02-01", "reviewed: 01/02/2021")],
         [e(SHARING, 15, 11, "invalid-date")], {"invalid-date": ["'01/02/2021'", "YYYY-MM-DD"]}),
    Case("date-and-time", [replace(SHARING, "reviewed: 2021-02-01", "reviewed: 2021-02-01 10:00:00")],
         [e(SHARING, 15, 11, "invalid-date")], {"invalid-date": ["date and time"]}),
    Case("quoted-date-passes", [replace(SHARING, "reviewed: 2021-02-01", 'reviewed: "2021-02-01"')], []),
    Case("javascript-url", [replace(SITE, '"https://example.org/"', '"javascript:alert(1)"')],
         [e(SITE, 3, 35, "invalid-url")], {"invalid-url": ["publisher.url", "'javascript:alert(1)'"]}),
    Case("ftp-url", [replace(STATEMENT, "url: https://example.org/statement", "url: ftp://example.org/statement")],
         [e(STATEMENT, 8, 10, "invalid-url")]),
    Case("relative-url", [replace(POLICY, "archived_url: https://example.org/archive/policy/2020", "archived_url: /archive/policy/2020")],
         [e(POLICY, 9, 19, "invalid-url")], baseline=[NOT_IN_FORCE_2022]),
    Case("protocol-relative-url", [replace(STATEMENT, "url: https://example.org/statement", "url: //example.org/statement")],
         [e(STATEMENT, 8, 10, "invalid-url")]),
    Case("http-url-passes", [replace(SITE, '"https://example.org/"', "http://example.org/")], []),
    Case("raw-html", [replace(TOPICS, '"Claims about **privacy**."', '"Claims about <b>privacy</b>."')],
         [e(TOPICS, 3, 51, "raw-html")], {"raw-html": ["'<b>'", "Markdown"]}),
    Case("raw-html-script-in-note", [replace(SHARING, "en: The sharing clause.}", 'en: "See <script>alert(1)</script>"}')],
         [e(SHARING, 14, 38, "raw-html")], {"raw-html": ["evidence[0].note.en", "<script>"]}),
    Case("raw-html-comment", [replace(TOPICS, '"Claims about **privacy**."', '"Claims <!-- hidden -->"')],
         [e(TOPICS, 3, 51, "raw-html")]),
    Case("autolink-passes", [replace(TOPICS, '"Claims about **privacy**."', '"See <https://example.org/x>."')], []),
    Case("unsafe-link", [replace(TOPICS, '"Claims about **privacy**."', '"[privacy](javascript:alert(1))"')],
         [e(TOPICS, 3, 51, "unsafe-link")], {"unsafe-link": ["javascript:"]}),
    Case("unsafe-image", [replace(TOPICS, '"Claims about **privacy**."', '"![x](data:image/png;base64,AAAA)"')],
         [e(TOPICS, 3, 51, "image-not-allowed")]),
    Case("image-from-another-host", [replace(TOPICS, '"Claims about **privacy**."', '"![x](https://other.example/p.png)"')],
         [e(TOPICS, 3, 51, "image-not-allowed")], {"image-not-allowed": ["https://other.example/p.png"]}),
    Case("reference-style-image", [replace(TOPICS, '"Claims about **privacy**."', '"![r][e]\\n\\n[e]: https://other.example/p.png"')],
         [e(TOPICS, 3, 51, "image-not-allowed")]),
    Case("protocol-relative-link", [replace(TOPICS, '"Claims about **privacy**."', '"[x](//other.example/a)"')],
         [e(TOPICS, 3, 51, "unsafe-link")], {"unsafe-link": ["//other.example/a"]}),
    Case("mixed-case-entity-link", [replace(TOPICS, '"Claims about **privacy**."', '"[x](&#74;aVaScRiPt:alert(1))"')],
         [e(TOPICS, 3, 51, "unsafe-link")]),
    Case("mailto-link-passes", [replace(TOPICS, '"Claims about **privacy**."', '"[desk](mailto:desk@example.org)"')], []),
    Case("markdown-too-deep", [replace(TOPICS, '"Claims about **privacy**."', '"' + "- " * 40 + 'x"')],
         [e(TOPICS, 3, 51, "markdown-too-deep")]),
    Case("markdown-too-long", [replace(TOPICS, '"Claims about **privacy**."', '"' + "[" * 20_001 + '"')],
         [e(TOPICS, 3, 51, "markdown-too-long")]),
    Case("many-brackets-pass", [replace(TOPICS, '"Claims about **privacy**."', '"' + "[" * 20_000 + '"')], []),
    Case("unsafe-reference-link", [replace(TOPICS, '"Claims about **privacy**."', '"See [x][1].\\n\\n[1]: javascript:alert(1)"')],
         [e(TOPICS, 3, 51, "unsafe-link")]),
    Case("unsafe-link-nested-brackets", [replace(TOPICS, '"Claims about **privacy**."', '"[a [b] c](vbscript:x)"')],
         [e(TOPICS, 3, 51, "unsafe-link")]),
    Case("unsafe-autolink", [replace(TOPICS, '"Claims about **privacy**."', '"Fetch <ftp://files.example.org/x>"')],
         [e(TOPICS, 3, 51, "unsafe-link")]),
    Case("relative-and-https-links-pass",
         [replace(TOPICS, '"Claims about **privacy**."', '"[a](../claims/x/), [b](#top), [c](https://example.org \\"t\\")"')], []),
    Case("empty-list", [replace(SHARING, EVIDENCE_BLOCK, "evidence: []\n")], [e(SHARING, 11, 11, "empty-list")],
         {"empty-list": ["evidence", "at least one"]}),
    Case("empty-asserted-in", [replace(SHARING, "asserted_in:\n  - ref: acme-statement#encrypted\n", "asserted_in: []\n")],
         [e(SHARING, 6, 14, "empty-list")]),
    Case("empty-clauses", [write(STATEMENT, fixture_text(STATEMENT).split("    clauses:")[0] + "    clauses: []\n")],
         [e(STATEMENT, 10, 14, "empty-list")]),
    Case("empty-topics", [write(TOPICS, "[]\n")], [e(TOPICS, 1, 1, "empty-list")]),
    Case("rating-typo", [replace(SHARING, "rating: unverifiable", "rating: unverifable")],
         [e(SHARING, 9, 11, "invalid-value")], {"invalid-value": ["'unverifable'", "did you mean 'unverifiable'"]}),
    Case("status-capitalised", [replace(SHARING, "status: published", "status: Published")],
         [e(SHARING, 3, 9, "invalid-value")], {"invalid-value": ["did you mean 'published'"]}),
    Case("kind-typo", [replace(STATEMENT, "kind: statement", "kind: statment")],
         [e(STATEMENT, 2, 7, "invalid-value")], {"invalid-value": ["did you mean 'statement'"]}),
    Case("language-code", [replace(STATEMENT, "original_language: en", "original_language: English")],
         [e(STATEMENT, 5, 20, "invalid-value")]),
    Case("site-languages-incomplete", [replace(SITE, "languages: [id, en]", "languages: [id]")],
         [e(SITE, 4, 12, "invalid-languages")]),
    Case("site-languages-repeated", [replace(SITE, "languages: [id, en]", "languages: [en, id, en]")],
         [e(SITE, 4, 12, "invalid-languages")]),
    Case("site-language-unsupported", [replace(SITE, "languages: [id, en]", "languages: [id, fr]")],
         [e(SITE, 4, 17, "invalid-value")]),
    Case("site-languages-reversed-pass", [replace(SITE, "languages: [id, en]", "languages: [en, id]")], []),
]


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_broken_file(minimal_content, case: Case):
    run_case(minimal_content, case)


def test_fixture_itself_is_valid_with_three_warnings(minimal_content):
    result = check_content(minimal_content)
    assert problems(minimal_content) == BASELINE
    assert result.model is not None and len(result.model.claims) == 4


def test_strict_turns_warnings_into_errors(minimal_content):
    assert problems(minimal_content, strict=True) == [(p, l, c, "error", code) for p, l, c, _, code in BASELINE]
    result = check_content(minimal_content, strict=True)
    assert result.model is None and not result.ok


def test_strict_on_an_ignored_file(minimal_content):
    (minimal_content / "claims" / "notes.yaml").write_text("x\n")
    assert ("claims/notes.yaml", 1, 1, "error", "ignored-file") in problems(minimal_content, strict=True)


EVERYWHERE = [
    replace(SITE, '"https://example.org/"', '"ftp://example.org/"'),
    replace(TOPICS, "id: empty-topic", "id: Empty"),
    replace(STATEMENT, "kind: statement", "kind: statment"),
    replace(POLICY, 'version: "2021-01-01"', "version: 2021-01-01"),
    replace(SHARING, "claimant: Acme", "claimnt: Acme"),
    replace(ENCRYPTED, "rating: partly-supported", "rating: partly"),
    replace(DRAFT, "rating: unsupported", "rating: unsuported"),
    write("claims/broken.yml", "id: [\n"),
    write("claims/tabbed.yml", "id: x\n\tclaim: y\n"),
]
"""One mistake in nearly every file: all of them must come out of one run."""

EVERYWHERE_PROBLEMS = [
    e("claims/broken.yml", 2, 1, "yaml-syntax"),
    e(DRAFT, 9, 11, "invalid-value"),
    e(SHARING, 1, 1, "missing-key"),
    e(SHARING, 5, 1, "unknown-key"),
    e(ENCRYPTED, 11, 11, "invalid-value"),
    e("claims/tabbed.yml", 2, 1, "yaml-tab"),
    # acme-policy and acme-statement are invalid: references to them are not checked (nor blamed),
    # so withdrawn-claim's stale reference is not reported this time
    e(POLICY, 25, 14, "invalid-version-label"),
    e(STATEMENT, 2, 7, "invalid-value"),
    e(SITE, 3, 35, "invalid-url"),
    e(TOPICS, 4, 7, "invalid-id"),
]


def test_every_file_is_reported_in_one_run_sorted(minimal_content):
    for edit in EVERYWHERE:
        edit.apply(minimal_content)
    assert problems(minimal_content) == EVERYWHERE_PROBLEMS


def test_missing_claims_folder(minimal_content):
    shutil.rmtree(minimal_content / "claims")
    assert problems(minimal_content) == [e("claims", 1, 1, "missing-file")]


def test_missing_documents_folder(minimal_content):
    shutil.rmtree(minimal_content / "documents")
    unknown = "unknown-document"
    assert problems(minimal_content) == [
        e(DRAFT, 7, 10, unknown), e(DRAFT, 12, 10, unknown),
        e(SHARING, 7, 10, unknown), e(SHARING, 12, 10, unknown),
        e(ENCRYPTED, 8, 10, unknown), e(ENCRYPTED, 14, 10, unknown), e(ENCRYPTED, 17, 10, unknown),
        e(ENCRYPTED, 21, 10, unknown), e(ENCRYPTED, 23, 10, unknown),
        e(WITHDRAWN, 7, 10, unknown), e(WITHDRAWN, 12, 10, unknown),
        e("documents", 1, 1, "missing-file"),
    ]
