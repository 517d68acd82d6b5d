"""Diagnostics: one type for every content problem, and the registry of their codes.

Codes are stable and kebab-case; the registry below gives one sentence each, and the
JSON Schema and the editor's guide draw on it.

Messages exist in every site language. A diagnostic carries a `Message` (a key into
`locales/diagnostics.yml` and its parameters), not finished text, and is written out in the
language asked for: `diagnostic.format(lang="id")`. In the printed line
`FILE:LINE:COL: error|warning: message [code]` only the message is translated; the words
`error`/`warning` and the code stay English in every language so that editors, CI and scripts
can parse the line whatever language a person reads it in.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Literal, Sequence, Union

from .i18n import strings, t

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
    "unsafe-link": "A Markdown link uses a target other than https:, http:, mailto: or a same-site path (no //host).",
    "image-not-allowed": "Markdown text contains an image; the site loads nothing from elsewhere, so images are not allowed.",
    "markdown-too-deep": "Lists or quotes in a Markdown text nest deeper than the renderers can take.",
    "markdown-too-long": "A Markdown text is longer than the renderers can process in bounded time (20,000 characters).",
    # limits of the outputs (generator/limits.py)
    "control-character": "A text contains a control character (other than tab and newline), which no output can hold.",
    "id-too-long": "An id is longer than 100 characters (ids become folder names and anchors).",
    "version-label-too-long": "A version label is longer than 64 characters (labels become folder names).",
    "text-too-long": "A text is longer than the output that holds it allows (e.g. Word's 255-character properties).",
    "reserved-version-label": "A version label would collide with a page's own file (index, index.html, a device name) or another label.",
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
    # editorial rules (SPEC §4)
    "review-before-retrieval": "A claim's `reviewed` date is before the `retrieved` date of a version it cites.",
    "future-date": "A retrieved, reviewed, asserted_on, correction or withdrawal date is later than the build date.",
    "correction-order": "A claim's corrections are not listed oldest first.",
    "placeholder": "A published claim still holds a placeholder (TODO).",
    "missing-withdrawal": "A withdrawn claim has no `withdrawal` (date and reason).",
    "unexpected-withdrawal": "A claim that is not withdrawn has a `withdrawal`.",
    "unknown-replacement": "`withdrawal.replaced_by` names a claim that does not exist.",
    "unpublished-replacement": "`withdrawal.replaced_by` names a claim that is not published.",
    "pinned-without-version": "A reference marked `pinned: true` does not name a version (DOC@VERSION#CLAUSE).",
    # warnings
    "stale-reference": "A reference pinned to an older version whose clause changed or was removed later.",
    "not-in-force": "A cited regulation version was not in force on the claim's `asserted_on` date.",
}


Param = Union[str, int, "Message"]


@dataclass(frozen=True)
class Message:
    """A message key of locales/diagnostics.yml (without its `diag.` prefix) and its parameters.

    A parameter may itself be a Message (a place such as "claim 'x' evidence[0]", a hint such as
    "; did you mean ...?"), written out in the same language as the message around it.
    """

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str = "en") -> str:
        values = {name: value.text(lang) if isinstance(value, Message) else value for name, value in self.params}
        template = strings()[f"diag.{self.key}"][lang]
        return template.format(**values) if values else template


def msg(key: str, /, **params: Any) -> Message:
    """The message `key` (see locales/diagnostics.yml) with its parameters: msg("missing-key", where=..., key="id")."""
    if f"diag.{key}" not in strings():
        raise KeyError(f"no diagnostic message {key!r} in locales/diagnostics.yml")
    return Message(key, tuple(params.items()))


NO_TEXT = Message("empty")
"""An empty message part, for optional hints."""


def or_list(items: Sequence[str]) -> Message:
    """"'a', 'b' or 'c'" in the message's language."""
    quoted = [f"'{item}'" for item in items]
    if len(quoted) == 1:
        return msg("join.single", item=quoted[0])
    return msg("join.or", first=", ".join(quoted[:-1]), last=quoted[-1])


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one place of one content file.

    Diagnostics sort by file, then position, then code, then (English) message.
    """

    path: Path
    line: int
    col: int
    severity: Severity
    code: str
    localised: Message

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered diagnostic code {self.code!r}")
        if not isinstance(self.localised, Message):
            raise TypeError(f"diagnostic {self.code!r} needs a Message (generator.diagnostics.msg), "
                            f"not {type(self.localised).__name__}: every message exists in both languages")

    @property
    def message(self) -> str:
        """The message in English."""
        return self.localised.text("en")

    def text(self, lang: str = "en") -> str:
        """The message in `lang`."""
        return self.localised.text(lang)

    def format(self, lang: str = "en", relative_to: Path | None = None) -> str:
        """`FILE:LINE:COL: error|warning: message [code]`, the message in `lang`."""
        return (f"{display_path(self.path, relative_to)}:{self.line}:{self.col}: "
                f"{self.severity}: {self.text(lang)} [{self.code}]")

    def _sort_key(self) -> tuple[Any, ...]:
        return (self.path, self.line, self.col, self.severity, self.code, self.message)

    def __lt__(self, other: Diagnostic) -> bool:
        return self._sort_key() < other._sort_key()


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """The path as the user should see it: relative to the current directory when possible."""
    base = relative_to or Path.cwd()
    try:
        return os.path.relpath(path, base) if path.is_absolute() else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def has_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    return any(d.severity == "error" or strict for d in diagnostics)


def summary_line(diagnostics: list[Diagnostic], lang: str = "en") -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    return t("diag.summary", lang,
             errors=t(f"diag.count.errors.{'one' if errors == 1 else 'other'}", lang, n=errors),
             warnings=t(f"diag.count.warnings.{'one' if warnings == 1 else 'other'}", lang, n=warnings))


def strictened(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """With --strict every warning becomes an error."""
    return [dataclasses.replace(d, severity="error") if d.severity == "warning" else d for d in diagnostics]


class ContentError(Exception):
    """Raised by entry points (CLI, MkDocs plugin) when content has errors; carries them all."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics) + "\n" + summary_line(diagnostics))
