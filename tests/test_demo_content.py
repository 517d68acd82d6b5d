"""The demo content in content/ is only required to validate and build (issue 10, item 6).

Every other test pins behaviour on fixtures under tests/fixtures/, so an editor can change the
demo freely. Here a copy of the demo gets the edits an editor makes — a new claim written with
`new claim`, a new version of a document with a changed clause via `new version`, a withdrawal —
and must still validate and build. The edits are chosen from whatever the demo holds, never from
names written here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from editing_support import ROOT, fill_placeholders, run_cli
from generator import schema
from generator.load import load_content
from generator.model import parse_reference

TODAY = {"SOURCE_DATE_EPOCH": str(int(time.time())), "NO_MKDOCS_2_WARNING": "1"}
# Tests that may read content/ itself: for "it validates and builds", or because they check the
# guide of content/ against it. Any other test works on fixtures.
MAY_READ_THE_DEMO = {"test_demo_content.py", "test_editing_guide.py", "test_site_output.py", "test_validate_cli.py"}


def test_no_other_test_reads_the_demo_content() -> None:
    readers = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name in MAY_READ_THE_DEMO or path.name == "conftest.py":
            continue
        if re.search(r"\bdemo_content\b|\bDEMO_CONTENT\b|ROOT\s*/\s*\"content\"", text):
            readers.append(path.name)
    assert not readers, f"these tests depend on content/; use tests/fixtures/ instead: {readers}"


def test_the_demo_content_validates(demo_content: Path) -> None:
    done = run_cli("validate", cwd=demo_content.parent, env=TODAY)
    assert done.returncode == 0, done.stderr


def test_the_demo_content_still_validates_and_builds_after_an_editors_edits(demo_content: Path, tmp_path: Path) -> None:
    work = demo_content.parent
    loaded = load_content(demo_content)
    documents = {s.data["id"]: s for s in loaded.documents}

    # 1. A new claim, written with `new claim` and filled in as an editor would.
    topic = loaded.topics.data[0]["id"]
    cited = current_clauses(documents, regulation=False)
    regulation = current_clauses(documents, regulation=True)
    refs = {"asserted_in": cited[0], "evidence": cited[-1], "regulations": regulation[0] if regulation else cited[0]}
    done = run_cli("new", "claim", "--topic", topic, "--id", "an-editors-new-claim", cwd=work, env=TODAY)
    assert done.returncode == 0, done.stderr
    claim = demo_content / "claims" / topic / "an-editors-new-claim.yml"
    text = fill_placeholders(claim.read_text(encoding="utf-8"), refs, topic)
    if not regulation:
        text = text.split("\nregulations:")[0] + "\n" + text.split("\nregulations:")[1].split("\nquestions:", 1)[1]
    claim.write_text(text.replace("status: draft", "status: published"), encoding="utf-8")

    # 2. A new version of a document whose text changed in one clause (one no claim quotes).
    doc_id, clause_id = unquoted_clause(loaded, documents)
    source = documents[doc_id]
    done = run_cli("new", "version", "--document", doc_id, "--label", "edited-later", cwd=work, env=TODAY)
    assert done.returncode == 0, done.stderr
    previous = source.data["versions"][-1]
    text = source.path.read_text(encoding="utf-8")
    head, block = text.split('- version: "edited-later"', 1)
    block = block.replace('"TODO: YYYY-MM-DD, the day you copied the text below"', str(previous["retrieved"]), 1)
    if previous.get("effective"):
        block = block.replace('"TODO: YYYY-MM-DD, the day this version takes effect"', str(previous["effective"]), 1)
    old_text = next(c["text"] for c in previous["clauses"] if c["id"] == clause_id)
    block = change_clause_text(block, clause_id, old_text + " This sentence was added later.")
    source.path.write_text(head + '- version: "edited-later"' + block, encoding="utf-8")

    # 3. A published claim withdrawn (with the withdrawal notice, once the format has one).
    withdrawn = next(s for s in loaded.claims if s.data.get("status") == "published" and not named_elsewhere(loaded, s))
    text = withdrawn.path.read_text(encoding="utf-8").replace("\nstatus: published", "\nstatus: withdrawn", 1)
    if "withdrawal" in schema.ClaimFile.model_fields:
        today = dt.datetime.fromtimestamp(int(TODAY["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date().isoformat()
        text = text.rstrip("\n") + (f"\nwithdrawal:\n  date: {today}\n  reason: {{id: Ditarik oleh editor., "
                                    "en: Withdrawn by the editor.}\n")
    withdrawn.path.write_text(text, encoding="utf-8")

    done = run_cli("validate", cwd=work, env=TODAY)
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    done = run_cli("build", "--site-dir", str(site), cwd=work, env=TODAY)
    assert done.returncode == 0, done.stderr
    for page in ("claims/an-editors-new-claim", f"documents/{doc_id}/edited-later", f"claims/{withdrawn.data['id']}"):
        assert (site / page / "index.html").is_file(), page
    assert "This sentence was added later." in (site / "documents" / doc_id / "index.html").read_text(encoding="utf-8")


def current_clauses(documents: dict[str, Any], regulation: bool) -> list[str]:
    return [f"{doc_id}#{clause['id']}" for doc_id, source in sorted(documents.items())
            if (source.data["kind"] == "regulation") == regulation
            for clause in source.data["versions"][-1]["clauses"]]


def unquoted_clause(loaded: Any, documents: dict[str, Any]) -> tuple[str, str]:
    """A clause with text in the current version of a document that is not a regulation, which no
    claim quotes in that version (changing it then breaks no quote)."""
    quoted = set()
    for source in loaded.claims:
        for field in ("asserted_in", "evidence", "regulations"):
            for item in source.data.get(field) or []:
                parsed = parse_reference(item["ref"])
                if parsed and item.get("quote"):
                    quoted.add((parsed[0], parsed[2]))
    for doc_id, source in sorted(documents.items()):
        if source.data["kind"] == "regulation":
            continue
        for clause in source.data["versions"][-1]["clauses"]:
            if clause.get("text") and (doc_id, clause["id"]) not in quoted:
                return doc_id, clause["id"]
    pytest.fail("the demo has no clause to change without breaking a quote")


def named_elsewhere(loaded: Any, claim: Any) -> bool:
    """Whether another claim names this one (e.g. as `replaced_by`), so withdrawing it would break that."""
    return any(claim.data["id"] in s.path.read_text(encoding="utf-8") for s in loaded.claims if s is not claim)


def change_clause_text(block: str, clause_id: str, new_text: str) -> str:
    """Replace the `text:` of clause `clause_id` in a version block (one line, or a multi-line scalar)."""
    lines = block.split("\n")
    start = next(i for i, line in enumerate(lines) if re.fullmatch(rf"\s*- id: {re.escape(clause_id)}\s*", line))
    index = next(i for i in range(start + 1, len(lines)) if re.match(r"\s*text:", lines[i]))
    indent = len(lines[index]) - len(lines[index].lstrip())
    end = index + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    return "\n".join(lines[:index] + [" " * indent + "text: " + json.dumps(new_text, ensure_ascii=False)] + lines[end:])
