"""Issue 5: `python -m generator status` end to end, on copies of the content made to have each gap.

"Today" is pinned with SOURCE_DATE_EPOCH so review ages are exact. Every kind of gap is found in
a fixture that has it, in the table and in JSON, and nothing else is reported; status exits 0
even when the content has errors, and reports what it can.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from editing_support import SOURCE_DATE_EPOCH_2021_06_01, run_cli
from generator.status import KINDS

TODAY = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH_2021_06_01}


def status_json(content: Path, *args: str) -> dict[str, Any]:
    done = run_cli("status", "--format", "json", *args, cwd=content.parent, env=TODAY)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def found(report: dict[str, Any]) -> set[tuple[str, str, str | None, str | None, str]]:
    """(kind, file:line, topic, language, subject) of every item."""
    return {(i["kind"], f"{i['file']}:{i['line']}", i["topic"], i["language"], i["subject"]) for i in report["items"]}


MINIMAL_GAPS = {
    ("review-overdue", "content/claims/draft-claim.yml:14", "privacy", None, "claim 'draft-claim'"),
    ("review-overdue", "content/claims/privacy/limited-sharing.yml:15", "privacy", None, "claim 'limited-sharing'"),
    ("review-overdue", "content/claims/privacy/messages-encrypted.yml:27", "privacy", None, "claim 'messages-encrypted'"),
    ("stale-reference", "content/claims/privacy/messages-encrypted.yml:14", "privacy", None, "claim 'messages-encrypted'"),
    ("stale-reference", "content/claims/withdrawn-claim.yml:12", "privacy", None, "claim 'withdrawn-claim'"),
    ("not-in-force", "content/claims/privacy/messages-encrypted.yml:23", "privacy", None, "claim 'messages-encrypted'"),
    ("draft", "content/claims/draft-claim.yml:3", "privacy", None, "claim 'draft-claim'"),
    ("no-regulation", "content/claims/privacy/limited-sharing.yml:1", "privacy", None, "claim 'limited-sharing'"),
    ("uncited-article", "content/documents/test-law.yml:27", None, None, "document 'test-law'"),
}


def test_status_finds_the_gaps_of_the_minimal_content(minimal_content: Path) -> None:
    report = status_json(minimal_content, "--older-than", "100")
    assert found(report) == MINIMAL_GAPS
    assert report["date"] == "2021-06-01" and report["older_than"] == 100
    assert report["validation"] == {"errors": 0, "warnings": 3}
    assert report["skipped"] == []
    assert set(report["kinds"]) == set(KINDS)
    overdue = {i["subject"]: i["detail"] for i in report["items"] if i["kind"] == "review-overdue"}
    assert overdue["claim 'messages-encrypted'"] == "last reviewed 2021-01-15, 137 days ago"
    stale = [i for i in report["items"] if i["kind"] == "stale-reference"]
    assert stale[0]["field"] == "evidence[0].ref" and "'acme-policy@2020-01-01#storage'" in stale[0]["detail"]
    assert report["counts"]["by_topic"]["privacy"] == {"review-overdue": 3, "stale-reference": 2, "not-in-force": 1,
                                                       "draft": 1, "no-regulation": 1}
    assert report["counts"]["by_topic"]["empty-topic"] == {}


def test_review_age_follows_older_than(minimal_content: Path) -> None:
    kinds = [i["kind"] for i in status_json(minimal_content, "--older-than", "130")["items"]]
    assert kinds.count("review-overdue") == 2  # 132 and 137 days old; 120 is not
    assert "review-overdue" not in [i["kind"] for i in status_json(minimal_content)["items"]]  # default: 365 days


def table(text: str, title: str) -> dict[str, dict[str, str]]:
    """The rows of one summary table of the text report, by first cell."""
    lines = text.split(f"\n{title}\n", 1)[1].split("\n\n", 1)[0].splitlines()
    header = lines[0].split()
    return {row.split()[0]: dict(zip(header, row.split())) for row in lines[1:]}


def test_status_table_summarises_per_topic_and_per_language(minimal_content: Path) -> None:
    done = run_cli("status", "--older-than", "100", cwd=minimal_content.parent, env={**TODAY, "COLUMNS": "250"})
    assert done.returncode == 0
    text = done.stdout
    assert text.startswith("Status of content on 2021-06-01 — 9 items to look at\nValidation: 0 errors, 3 warnings\n")
    by_topic = table(text, "By topic")
    assert (by_topic["privacy"]["review"], by_topic["privacy"]["stale"], by_topic["privacy"]["draft"]) == ("3", "2", "1")
    assert by_topic["empty-topic"]["stale"] == "0"
    assert set(table(text, "By language")) == {"id", "en"}
    assert "\nstale-reference: references pinned to a version whose clause changed later (2)\n" in text
    assert re.search(r"\n  content/claims/privacy/messages-encrypted\.yml:23:10 +privacy +claim 'messages-encrypted' "
                     r"regulations\[1\]\.ref: 'test-law@2022#pasal-1' was not in force on 2021-01-12", text)
    assert "Translation ages: no git history: content is not in a git repository" in text


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_status_finds_translation_gaps_even_with_content_errors(minimal_content: Path) -> None:
    claims, documents = minimal_content / "claims", minimal_content / "documents"
    edit(claims / "privacy/messages-encrypted.yml", "en: Are backups encrypted?}", 'en: "  "}')  # empty (an error)
    edit(claims / "privacy/limited-sharing.yml", ", en: Acme shares only limited data.}", "}")  # missing (an error)
    edit(documents / "acme-statement.yml", "{id: Pernyataan Acme,", "{id: TODO,")  # placeholder (valid)
    edit(minimal_content / "topics.yml", "en: No claims yet.", "en: …")  # placeholder (valid)
    edit(documents / "acme-policy.yml", "{id: Iklan, en: Ads}", "{id: Ads and shopping activity on Acme, en: Ads and shopping activity on Acme}")
    (claims / "broken.yml").write_text("id: broken\ntopic: [privacy\n", encoding="utf-8")

    report = status_json(minimal_content)
    assert report["validation"]["errors"] == 3
    assert report["skipped"] == ["uncited articles and documents, claims citing no regulation: the content has 3 errors; "
                                 "run `python -m generator validate` first"]
    assert found(report) == {
        ("empty-translation", "content/claims/privacy/messages-encrypted.yml:26", "privacy", "en", "claim 'messages-encrypted'"),
        ("missing-translation", "content/claims/privacy/limited-sharing.yml:4", "privacy", "en", "claim 'limited-sharing'"),
        ("placeholder", "content/documents/acme-statement.yml:3", None, "id", "document 'acme-statement'"),
        ("placeholder", "content/topics.yml:6", "empty-topic", "en", "topics.yml"),
        ("untranslated", "content/documents/acme-policy.yml:41", None, None, "document 'acme-policy'"),
        # Single-file checks and the validator's warnings still run beside the errors:
        ("draft", "content/claims/draft-claim.yml:3", "privacy", None, "claim 'draft-claim'"),
        ("stale-reference", "content/claims/withdrawn-claim.yml:12", "privacy", None, "claim 'withdrawn-claim'"),
    }
    assert report["counts"]["by_language"]["en"] == {"missing-translation": 1, "empty-translation": 1, "placeholder": 1,
                                                     "outdated-translation": 0}
    fields = {i["kind"]: i["field"] for i in report["items"]}
    assert fields["empty-translation"] == "questions[0]" and fields["untranslated"] == "versions[1].clauses[2].heading"

    text = run_cli("status", cwd=minimal_content.parent, env=TODAY)
    assert text.returncode == 0
    assert "Validation: 3 errors, 1 warning; run `python -m generator validate` to see them" in text.stdout
    assert "Not checked: uncited articles and documents, claims citing no regulation" in text.stdout


def test_status_finds_a_document_nobody_cites(minimal_content: Path) -> None:
    statement = (minimal_content / "documents" / "acme-statement.yml").read_text(encoding="utf-8")
    (minimal_content / "documents" / "acme-blog.yml").write_text(statement.replace("id: acme-statement", "id: acme-blog"),
                                                               encoding="utf-8")
    items = status_json(minimal_content)["items"]
    assert [(i["kind"], i["file"], i["line"]) for i in items if i["kind"] == "uncited-document"] == [
        ("uncited-document", "content/documents/acme-blog.yml", 1)]


@pytest.mark.parametrize("fixture", ["minimal_content", "realistic_content"])
def test_status_agrees_with_validate(fixture: str, request: pytest.FixtureRequest) -> None:
    content: Path = request.getfixturevalue(fixture)
    # A date after every date of both fixtures (the realistic one was retrieved in 2026).
    env = {"SOURCE_DATE_EPOCH": "1796083200"}
    validate = run_cli("validate", cwd=content.parent, env=env)
    assert validate.returncode == 0, validate.stderr
    warnings = {line.split(": warning: ")[0] + f" {line.rsplit('[', 1)[1]}" for line in validate.stderr.splitlines()
                if ": warning: " in line}
    done = run_cli("status", "--format", "json", cwd=content.parent, env=env)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    reported = {f"{i['file']}:{i['line']}:{i['column']} {i['kind']}]" for i in report["items"]
                if i["kind"] in ("stale-reference", "not-in-force")}
    assert reported == warnings
    assert reported or fixture != "minimal_content"  # the minimal fixture has both kinds of warning
    assert report["validation"]["errors"] == 0
