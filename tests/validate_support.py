"""Shared by the validation tests: a copy of the minimal fixture, edits to it, and the exact
(file, line, col, severity, code) tuples that `check_content` gives for it.

The minimal fixture is valid and gives three warnings of its own (BASELINE); every corpus case
lists the diagnostics it adds, and states when it changes the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.validate import check_content

SITE, TOPICS = "site.yml", "topics.yml"
POLICY, STATEMENT, LAW = "documents/acme-policy.yml", "documents/acme-statement.yml", "documents/test-law.yml"
SHARING = "claims/privacy/limited-sharing.yml"
ENCRYPTED = "claims/privacy/messages-encrypted.yml"
DRAFT, WITHDRAWN = "claims/draft-claim.yml", "claims/withdrawn-claim.yml"

Problem = tuple[str, int, int, str, str]

STALE_STORAGE: Problem = (ENCRYPTED, 14, 10, "warning", "stale-reference")  # pins a clause that changed
NOT_IN_FORCE_2022: Problem = (ENCRYPTED, 23, 10, "warning", "not-in-force")  # 2022 law, asserted 2021
STALE_RETIRED: Problem = (WITHDRAWN, 12, 10, "warning", "stale-reference")  # pins a clause later removed
BASELINE = [STALE_STORAGE, NOT_IN_FORCE_2022, STALE_RETIRED]


# --- editing a copy of the fixture --------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    path: str
    old: str | None  # None: write `new` as the whole file (or delete it when `new` is None too)
    new: str | bytes | None

    def apply(self, root: Path) -> None:
        target = root / self.path
        if self.old is None:
            if self.new is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(self.new if isinstance(self.new, bytes) else self.new.encode("utf-8"))
            return
        text = target.read_text(encoding="utf-8")
        assert text.count(self.old) == 1, f"{self.old!r} occurs {text.count(self.old)} times in {self.path}"
        target.write_text(text.replace(self.old, str(self.new)), encoding="utf-8", newline="")


def replace(path: str, old: str, new: str) -> Edit:
    return Edit(path, old, new)


def write(path: str, text: str | bytes) -> Edit:
    return Edit(path, None, text)


def delete(path: str) -> Edit:
    return Edit(path, None, None)


def fixture_text(path: str) -> str:
    return (Path(__file__).parent / "fixtures" / "minimal" / path).read_text(encoding="utf-8")


def problems(root: Path, strict: bool = False) -> list[Problem]:
    result = check_content(root, strict=strict)
    return [(d.path.relative_to(root).as_posix(), d.line, d.col, d.severity, d.code) for d in result.diagnostics]


def messages(root: Path) -> dict[Problem, str]:
    return {(d.path.relative_to(root).as_posix(), d.line, d.col, d.severity, d.code): d.message
            for d in check_content(root).diagnostics}


@dataclass
class Case:
    name: str
    edits: list[Edit]
    added: list[Problem]  # beyond the fixture's own warnings
    words: dict[str, list[str]] = field(default_factory=dict)  # code -> words its message must contain
    baseline: list[Problem] | None = None  # when the edit changes the fixture's own warnings

    def param(self):
        return pytest.param(self, id=self.name)


def e(path: str, line: int, col: int, code: str) -> Problem:
    return (path, line, col, "error", code)


def w(path: str, line: int, col: int, code: str) -> Problem:
    return (path, line, col, "warning", code)


SHARING_TEXT = fixture_text(SHARING)
EVIDENCE_BLOCK = '''evidence:
  - ref: acme-policy#sharing
    quote: "We share \\"limited\\" data"
    note: {id: Klausul berbagi., en: The sharing clause.}
'''
assert EVIDENCE_BLOCK in SHARING_TEXT


def evidence(ref: str, quote: str | None = None) -> Edit:
    """Replace limited-sharing's one evidence item (lines 12-14; the ref stays on line 12)."""
    block = f"evidence:\n  - ref: {ref}\n"
    block += f"    quote: {quote}\n" if quote is not None else ""
    block += "    note: {id: Klausul., en: The clause.}\n"
    return replace(SHARING, EVIDENCE_BLOCK, block)


def regulation(ref: str, quote: str | None = None, asserted_on: str | None = None) -> list[Edit]:
    """Give limited-sharing one `regulations` item; its ref lands on line 16 (17 with asserted_on)."""
    block = f"regulations:\n  - ref: {ref}\n"
    block += f"    quote: {quote}\n" if quote is not None else ""
    block += "    note: {id: Pasal., en: The article.}\nreviewed:"
    edits = [replace(SHARING, "reviewed:", block)]
    if asserted_on:
        edits.append(replace(SHARING, "claimant: Acme\n", f"claimant: Acme\nasserted_on: {asserted_on}\n"))
    return edits


# --- the corpus -----------------------------------------------------------------------------------


def run_case(root: Path, case: Case) -> None:
    """Apply the case's edits to a copy of the fixture; check the exact diagnostics and key words."""
    for edit in case.edits:
        edit.apply(root)
    baseline = BASELINE if case.baseline is None else case.baseline
    found = problems(root)
    assert found == sorted(found), "diagnostics come out sorted"
    assert sorted(found) == sorted(baseline + case.added)
    if case.words:
        texts = messages(root)
        for code, words in case.words.items():
            text = "\n".join(message for problem, message in texts.items() if problem[4] == code and problem in case.added)
            assert text, f"no new {code} diagnostic"
            for word in words:
                assert word in text, f"{word!r} not in {text!r}"
    result = check_content(root)
    assert (result.model is None) == any(p[3] == "error" for p in found)
