"""Issue 5, "error messages that teach": each mistake editors really make, end to end through
`python -m generator validate`, gives a message at the right place that says how to fix it.

Each case is one edit of the minimal fixture beside the exact diagnostic lines it must print.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from editing_support import run_cli

CLAIM = "claims/privacy/messages-encrypted.yml"
SHARING = "claims/privacy/limited-sharing.yml"

CASES = {
    "misspelled key": (SHARING, "\nclaimant: Acme", "\nclaimnt: Acme", [
        "content/claims/privacy/limited-sharing.yml:1:1: error: claim 'limited-sharing' is missing required key "
        "'claimant' [missing-key]",
        "content/claims/privacy/limited-sharing.yml:5:1: error: claim 'limited-sharing' has unknown key 'claimnt'; "
        "did you mean 'claimant' or 'claim'? [unknown-key]",
    ]),
    "misspelled nested key": (SHARING, '    quote: "We share', '    qoute: "We share', [
        "content/claims/privacy/limited-sharing.yml:13:5: error: claim 'limited-sharing' evidence[0] has unknown key "
        "'qoute'; did you mean 'quote' or 'note'? [unknown-key]",
    ]),
    "clause id typo": (CLAIM, "acme-policy#storage", "acme-policy#storag", [
        "content/claims/privacy/messages-encrypted.yml:17:10: error: claim 'messages-encrypted' evidence[1].ref cites "
        "unknown clause 'storag' of 'acme-policy@2021-01-01'; did you mean 'storage'? [unknown-clause]",
    ]),
    "clause id far off": (SHARING, "acme-policy#sharing", "acme-policy#article-26", [
        "content/claims/privacy/limited-sharing.yml:12:10: error: claim 'limited-sharing' evidence[0].ref cites unknown "
        "clause 'article-26' of 'acme-policy@2021-01-01'; its clauses are 'storage', 'sharing', 'ads' [unknown-clause]",
    ]),
    "version that does not exist": (CLAIM, "test-law@2008#pasal-1", "test-law@2009#pasal-1", [
        "content/claims/privacy/messages-encrypted.yml:21:10: error: claim 'messages-encrypted' regulations[0].ref "
        "cites version '2009' of 'test-law', which has versions '2008', '2022' [unknown-version]",
    ]),
    "missing translation": (CLAIM, "en: Are backups encrypted?}", "}", [
        "content/claims/privacy/messages-encrypted.yml:26:5: error: claim 'messages-encrypted' questions[0] has no 'en' "
        "text; add `en: ...` (English) [missing-translation]",
    ]),
    "misspelled language": (SHARING, "en: Acme shares only limited data.", "eng: Acme shares only limited data.", [
        "content/claims/privacy/limited-sharing.yml:4:8: error: claim 'limited-sharing' claim has no 'en' text; "
        "add `en: ...` (English) [missing-translation]",
        "content/claims/privacy/limited-sharing.yml:4:48: error: claim 'limited-sharing' claim has language 'eng', "
        "but the site's languages are id and en [unknown-language]",
    ]),
    "quote not found": (CLAIM, '"in encrypted   form"', '"in encripted form on servers"', [
        "content/claims/privacy/messages-encrypted.yml:18:12: error: claim 'messages-encrypted' evidence[1].quote is "
        "not in the text of 'acme-policy@2021-01-01#storage'; the quote has 'encripted' where the clause has 'encrypted'; "
        "the quote lacks 'our', which the clause has [quote-not-found]",
    ]),
    "topic typo": (SHARING, "\ntopic: privacy", "\ntopic: privcy", [
        "content/claims/privacy/limited-sharing.yml:2:8: error: claim 'limited-sharing' topic 'privcy' is not in "
        "topics.yml; did you mean 'privacy'? [unknown-topic]",
    ]),
    "document id typo": (SHARING, "acme-policy#sharing", "acme-polcy#sharing", [
        "content/claims/privacy/limited-sharing.yml:12:10: error: claim 'limited-sharing' evidence[0].ref cites unknown "
        "document 'acme-polcy'; did you mean 'acme-policy'? [unknown-document]",
    ]),
    "rating typo": (SHARING, "rating: unverifiable", "rating: unverifyable", [
        "content/claims/privacy/limited-sharing.yml:9:11: error: claim 'limited-sharing' assessment.rating 'unverifyable' "
        "is not one of 'supported', 'partly-supported', 'unsupported', 'contradicted' or 'unverifiable'; "
        "did you mean 'unverifiable'? [invalid-value]",
    ]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_typo_gets_a_message_that_says_how_to_fix_it(case: str, minimal_content: Path) -> None:
    relative, old, new, expected = CASES[case]
    path = minimal_content / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the fixture changed: {old!r} should occur once in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")

    done = run_cli("validate", cwd=minimal_content.parent)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if ": error: " in line]
    assert errors == expected
