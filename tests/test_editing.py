"""Issue 5: `python -m generator new claim|document` end to end on a copy of the content.

A skeleton is written in the right folder with both languages, the schema line and a comment
per field; it fails validation until its placeholders are filled, and validates once they are.
Refusals (taken or invalid id, unknown topic or kind, existing file) exit 2 and write nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from editing_support import ROOT, fill_placeholders, run_cli, snapshot

SCHEMA_DIR = ROOT / "generator" / "schema"
MINIMAL_REFS = {"asserted_in": "acme-statement#encrypted", "evidence": "acme-policy@2021-01-01#sharing",
                "regulations": "test-law#pasal-2"}
REALISTIC_REFS = {"asserted_in": "whatsapp-faq-2021#messages-encrypted",
             "evidence": "whatsapp-privacy-policy@2021-01-04#your-messages-end-to-end-encryption",
             "regulations": "uu-27-2022#pasal-35"}


def modeline_target(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{path} does not start with a schema modeline: {first!r}"
    return (path.parent / match.group(1)).resolve()


def commented_keys(text: str) -> list[str]:
    """Top-level keys of a skeleton that have no comment line right above them."""
    lines = text.splitlines()
    return [line for i, line in enumerate(lines) if re.match(r"^[a-z_]+:", line) and not lines[i - 1].startswith("#")]


@pytest.mark.parametrize("fixture, topic, refs", [("minimal_content", "privacy", MINIMAL_REFS),
                                                  ("realistic_content", "encryption", REALISTIC_REFS)])
def test_new_claim_writes_a_skeleton_that_validates_once_filled(fixture: str, topic: str, refs: dict[str, str],
                                                                request: pytest.FixtureRequest) -> None:
    content: Path = request.getfixturevalue(fixture)
    done = run_cli("new", "claim", "--topic", topic, "--id", "new-claim", cwd=content.parent)
    assert done.returncode == 0, done.stderr
    path = content / "claims" / topic / "new-claim.yml"
    assert done.stdout.strip() == f"wrote {Path('content') / 'claims' / topic / 'new-claim.yml'}"
    assert modeline_target(path) == SCHEMA_DIR / "claim.schema.json"
    text = path.read_text(encoding="utf-8")
    assert commented_keys(text) == []
    data = yaml.safe_load(text)
    assert (data["id"], data["topic"], data["status"]) == ("new-claim", topic, "draft")
    for texts in (data["claim"], data["assessment"]["summary"], data["evidence"][0]["note"], data["regulations"][0]["note"]):
        assert list(texts) == ["id", "en"] and all(v.startswith("TODO") for v in texts.values())

    unfilled = run_cli("validate", "--content", "content", cwd=content.parent)
    assert unfilled.returncode == 1
    assert f"content/claims/{topic}/new-claim.yml" in unfilled.stderr

    path.write_text(fill_placeholders(text, refs), encoding="utf-8")
    assert "TODO" not in path.read_text(encoding="utf-8").split("\n", 1)[1].replace('"TODO"', "")
    filled = run_cli("validate", "--content", "content", cwd=content.parent)
    assert filled.returncode == 0, filled.stderr
    assert "new-claim.yml" not in filled.stderr


@pytest.mark.parametrize("kind", ["regulation", "company-policy", None])
def test_new_document_writes_a_skeleton_that_validates_once_filled(kind: str | None, minimal_content: Path) -> None:
    args = ["--kind", kind] if kind else []
    done = run_cli("new", "document", "--id", "new-doc", *args, cwd=minimal_content.parent)
    assert done.returncode == 0, done.stderr
    path = minimal_content / "documents" / "new-doc.yml"
    assert modeline_target(path) == SCHEMA_DIR / "document.schema.json"
    text = path.read_text(encoding="utf-8")
    assert commented_keys(text) == []
    data = yaml.safe_load(text)
    assert data["kind"] == (kind or "TODO")
    assert list(data["title"]) == ["id", "en"]
    clause = data["versions"][0]["clauses"][0]
    assert list(clause["heading"]) == ["id", "en"] and list(clause["summary"]) == ["id", "en"]
    assert ("effective" in data["versions"][0]) == (kind == "regulation")  # required only for regulations

    assert run_cli("validate", "--content", "content", cwd=minimal_content.parent).returncode == 1
    path.write_text(fill_placeholders(text, {}), encoding="utf-8")
    filled = run_cli("validate", "--content", "content", cwd=minimal_content.parent)
    assert filled.returncode == 0, filled.stderr


def test_skeleton_comments_follow_the_site_language_order(minimal_content: Path) -> None:
    site = minimal_content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("languages: [id, en]", "languages: [en, id]"), encoding="utf-8")
    assert run_cli("new", "claim", "--topic", "privacy", "--id", "english-first", cwd=minimal_content.parent).returncode == 0
    text = (minimal_content / "claims" / "privacy" / "english-first.yml").read_text(encoding="utf-8")
    assert text.index("# The assertion being checked") < text.index("# Klaim yang diuji")
    assert text.index('  en: "TODO: text in English"') < text.index('  id: "TODO: teks dalam bahasa Indonesia"')


def test_new_claim_without_topic_goes_to_the_claims_folder(minimal_content: Path) -> None:
    done = run_cli("new", "claim", "--id", "loose-claim", cwd=minimal_content.parent)
    assert done.returncode == 0, done.stderr
    path = minimal_content / "claims" / "loose-claim.yml"
    assert modeline_target(path) == SCHEMA_DIR / "claim.schema.json"
    assert "# Topic: one of the ids in topics.yml (privacy, empty-topic)." in path.read_text(encoding="utf-8")
    path.write_text(fill_placeholders(path.read_text(encoding="utf-8"), MINIMAL_REFS, topic="empty-topic"), encoding="utf-8")
    assert run_cli("validate", "--content", "content", cwd=minimal_content.parent).returncode == 0


REFUSALS = [
    (["claim", "--topic", "empty-topic", "--id", "limited-sharing"],
     "claim id 'limited-sharing' is already used in content/claims/privacy/limited-sharing.yml"),
    (["claim", "--topic", "privacy", "--id", "Bad_Id"], "'Bad_Id' is not a valid claim id"),
    (["claim", "--topic", "privacy", "--id=-dash"], "'-dash' is not a valid claim id"),
    (["claim", "--topic", "privcy", "--id", "fine-id"], "unknown topic 'privcy'; did you mean 'privacy'?"),
    (["document", "--kind", "statement", "--id", "acme-policy"],
     "document id 'acme-policy' is already used in content/documents/acme-policy.yml"),
    (["document", "--kind", "regulaton", "--id", "new-law"], "unknown document kind 'regulaton'; did you mean 'regulation'?"),
    (["document", "--kind", "statement", "--id", "two--dashes"], "'two--dashes' is not a valid document id"),
]


@pytest.mark.parametrize("args, message", REFUSALS)
def test_new_refuses_taken_invalid_or_unknown_names(args: list[str], message: str, minimal_content: Path) -> None:
    before = snapshot(minimal_content)
    done = run_cli("new", *args, cwd=minimal_content.parent)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(minimal_content) == before


@pytest.mark.parametrize("what, path", [("claim", "claims/privacy/orphan.yml"), ("document", "documents/orphan.yml")])
def test_new_refuses_to_overwrite_an_existing_file(what: str, path: str, minimal_content: Path) -> None:
    # The file's own id differs, so only the file's existence stands in the way.
    target = minimal_content / path
    target.write_text("# an editor's unfinished work\nid: something-else\n", encoding="utf-8")
    before = snapshot(minimal_content)
    args = ["--topic", "privacy"] if what == "claim" else ["--kind", "news"]
    done = run_cli("new", what, *args, "--id", "orphan", cwd=minimal_content.parent)
    assert done.returncode == 2
    assert f"content/{path} already exists; not overwriting it" in done.stderr
    assert snapshot(minimal_content) == before


def test_new_twice_refuses_the_second_time(minimal_content: Path) -> None:
    assert run_cli("new", "claim", "--topic", "privacy", "--id", "twice", cwd=minimal_content.parent).returncode == 0
    before = snapshot(minimal_content)
    again = run_cli("new", "claim", "--topic", "empty-topic", "--id", "twice", cwd=minimal_content.parent)
    assert again.returncode == 2
    assert "claim id 'twice' is already used in content/claims/privacy/twice.yml" in again.stderr
    assert snapshot(minimal_content) == before


def test_status_lists_the_placeholders_of_an_unfilled_skeleton(minimal_content: Path) -> None:
    assert run_cli("new", "claim", "--topic", "privacy", "--id", "half-done", cwd=minimal_content.parent).returncode == 0
    path = minimal_content / "claims" / "privacy" / "half-done.yml"
    # The editor fills everything but the Indonesian claim text, which stays a placeholder.
    text = fill_placeholders(path.read_text(encoding="utf-8"), MINIMAL_REFS)
    text = text.replace('claim:\n  id: "Teks yang ditulis editor (claim)."', 'claim:\n  id: "TODO: teks dalam bahasa Indonesia"')
    path.write_text(text, encoding="utf-8")
    assert run_cli("validate", "--content", "content", cwd=minimal_content.parent).returncode == 0  # texts pass validation
    status = run_cli("status", "--content", "content", cwd=minimal_content.parent, env={"COLUMNS": "250"})
    placeholders = [line for line in status.stdout.splitlines() if "half-done" in line and "placeholder" in line]
    assert len(placeholders) == 1, status.stdout
    assert re.search(r"content/claims/privacy/half-done\.yml:\d+:\d+\s+id\s+privacy\s+claim 'half-done' claim: "
                     r"still a placeholder", placeholders[0])
