"""Diagnostics: one type for every content problem, and the registry of their codes.

Codes are stable and kebab-case; the registry below gives one sentence each, and the
JSON Schema and the editor's guide draw on it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]

CODES: dict[str, str] = {
    # reading files
    "yaml-syntax": "The file is not well-formed YAML.",
    "yaml-duplicate-key": "A key appears twice in one mapping; the second would silently replace the first.",
    "yaml-tag": "YAML tags (`!!python/...`, `!custom`) are not allowed in content.",
    "yaml-anchor": "YAML anchors and aliases (`&name`, `*name`) are not allowed in content.",
    "yaml-encoding": "The file is not valid UTF-8 text.",
    "yaml-tab": "A tab character is used for indentation; YAML needs spaces.",
    "empty-file": "The file is empty.",
    "file-too-large": "The file is larger than the limit for one content file.",
    "missing-file": "A required content file or folder is missing.",
    "ignored-file": "A file in the content folder is not read (wrong extension or place).",
    "unreadable-file": "A content file cannot be read (permissions, a dangling symbolic link).",
    "unreadable-folder": "A content folder cannot be listed (permissions); its files would be missed.",
    "symlink-outside-content": "A symbolic link in the content folder leads outside it; it is not followed.",
    "special-file": "A pipe, socket or device in the content folder is skipped.",
    # shapes and values
    "wrong-type": "A value has the wrong type (for example a list where a mapping is expected).",
    "missing-key": "A required key is missing.",
    "unknown-key": "A key is not part of the content format (often a typo).",
    "missing-translation": "A localised text lacks one of the site's languages.",
    "unknown-language": "A localised text has a language the site does not use.",
    "empty-text": "A required text is empty.",
    "invalid-id": "An id does not match ^[a-z0-9]+(-[a-z0-9]+)*$.",
    "invalid-version-label": "A version label does not match ^[A-Za-z0-9][A-Za-z0-9._-]*$ or is not a quoted string.",
    "invalid-date": "A date is not an ISO date YYYY-MM-DD.",
    "invalid-url": "A URL is not an absolute http(s) URL.",
    "invalid-value": "A value is not one of the allowed choices.",
    "empty-list": "A list that needs at least one entry is empty.",
    "raw-html": "Markdown text contains raw HTML, which is not allowed.",
    "unsafe-link": "A Markdown link or image uses a scheme other than http(s) or a relative link.",
    "invalid-languages": "site.yml languages must be `id` and `en`, in either order.",
    # identity and cross-references
    "duplicate-id": "Two things of the same kind share an id.",
    "unknown-topic": "A claim names a topic that topics.yml does not define.",
    "invalid-reference": "A reference is not of the form DOC[@VERSION]#CLAUSE.",
    "unknown-document": "A reference names a document that does not exist.",
    "unknown-version": "A reference names a version the document does not have.",
    "unknown-clause": "A reference names a clause the cited version does not have.",
    "not-a-regulation": "A `regulations` reference points at a document that is not of kind `regulation`.",
    "missing-effective-date": "A version of a regulation has no `effective` date.",
    "quote-not-found": "A quote does not occur in the cited clause's text.",
    "quote-without-text": "A quote cites a clause that has no `text` to check it against.",
    "version-order": "Versions are not listed oldest first.",
    # warnings
    "stale-reference": "A reference pinned to an older version whose clause changed or was removed later.",
    "not-in-force": "A cited regulation version was not in force on the claim's `asserted_on` date.",
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one place of one content file.

    Field order gives the sort order: by file, then position, then code.
    """

    path: Path
    line: int
    col: int
    severity: Severity
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered diagnostic code {self.code!r}")

    def format(self, relative_to: Path | None = None) -> str:
        return f"{display_path(self.path, relative_to)}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """The path as the user should see it: relative to the current directory when possible."""
    base = relative_to or Path.cwd()
    try:
        return os.path.relpath(path, base) if path.is_absolute() else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def has_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    return any(d.severity == "error" or strict for d in diagnostics)


def summary_line(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def strictened(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """With --strict every warning becomes an error."""
    return [
        Diagnostic(d.path, d.line, d.col, "error", d.code, d.message) if d.severity == "warning" else d
        for d in diagnostics
    ]


class ContentError(Exception):
    """Raised by entry points (CLI, MkDocs plugin) when content has errors; carries them all."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics) + "\n" + summary_line(diagnostics))
