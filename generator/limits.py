"""Limits of the outputs as validation rules, so that content `validate` accepts always builds.

Each limit here exists because a writer cannot take more: file names (ids and version labels
become folder names, at most 255 bytes each, and must not collide with a page's own file),
Word's core properties (at most 255 characters), XML (no control characters, which YAML lets in
through escapes such as "\\x07"). Markdown nesting and link brackets are checked by `markup`
through the schema, since the sanitiser itself decides what it can render.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from .diagnostics import Diagnostic, Message, msg
from .load import LoadedContent, SourceFile, YamlMapping, YamlSequence, position_of

MAX_ID = 100
"""Longest id (claims, topics, documents, clauses): ids are folder names and anchors."""
MAX_VERSION_LABEL = 64
"""Longest version label: it is a folder name below the document's."""
MAX_SHORT_TEXT = 200
"""Longest site title or publisher name: the DOCX core properties take 255 characters, with a suffix."""
RESERVED_LABELS = frozenset({"index", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                             *(f"lpt{i}" for i in range(10))})
"""Labels that would collide with a page's own file (index.md, index.html) or a Windows device name."""

# XML 1.0 forbids these (python-docx and lxml refuse them); DEL and the C1 controls are invisible
# junk in every output. Tab and newline are ordinary white space.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def check_limits(loaded: LoadedContent) -> Iterator[Diagnostic]:
    """Every limit over every file that was read."""
    for kind, sources in (("site", [loaded.site]), ("topics", [loaded.topics]),
                          ("document", loaded.documents), ("claim", loaded.claims)):
        for source in sources:
            if source is None or source.data is None:
                continue
            yield from check_control_characters(source)
            yield from _KIND_CHECKS[kind](source)


def check_control_characters(source: SourceFile) -> Iterator[Diagnostic]:
    """Control characters in any string of the file, at the string's position."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), source.data)]
    while stack:  # iterative: the loader already bounds depth, but no recursion is needed here
        loc, value = stack.pop()
        if isinstance(value, YamlMapping):
            stack.extend(((*loc, key), item) for key, item in value.items())
            for key in value:
                if isinstance(key, str) and (match := _CONTROL.search(key)):
                    yield _problem(source, loc + (key,), "control-character",
                                   msg("control-character-key", key=_shown(key), char=_code_point(match.group())), key=True)
        elif isinstance(value, (YamlSequence, list)):
            stack.extend(((*loc, index), item) for index, item in enumerate(value))
        elif isinstance(value, str) and (match := _CONTROL.search(value)):
            yield _problem(source, loc, "control-character",
                           msg("control-character", where=_where(source, loc), char=_code_point(match.group())))


def _check_site(source: SourceFile) -> Iterator[Diagnostic]:
    data = source.data
    if not isinstance(data, dict):
        return
    title = data.get("title")
    if isinstance(title, dict):
        for lang, text in title.items():
            yield from _length(source, ("title", lang), text, MAX_SHORT_TEXT, msg("limit.site-title"))
    publisher = data.get("publisher")
    if isinstance(publisher, dict):
        yield from _length(source, ("publisher", "name"), publisher.get("name"), MAX_SHORT_TEXT,
                           msg("limit.publisher-name"))


def _check_topics(source: SourceFile) -> Iterator[Diagnostic]:
    if isinstance(source.data, list):
        for index, topic in enumerate(source.data):
            if isinstance(topic, dict):
                yield from _id(source, (index, "id"), topic.get("id"))


def _check_document(source: SourceFile) -> Iterator[Diagnostic]:
    data = source.data
    if not isinstance(data, dict):
        return
    yield from _id(source, ("id",), data.get("id"))
    versions = data.get("versions")
    if not isinstance(versions, list):
        return
    seen: dict[str, str] = {}
    for index, version in enumerate(versions):
        if not isinstance(version, dict):
            continue
        label = version.get("version")
        if isinstance(label, str):
            loc = ("versions", index, "version")
            yield from _length(source, loc, label, MAX_VERSION_LABEL, msg("limit.version-label"), "version-label-too-long")
            folded = label.lower()
            if folded in RESERVED_LABELS or folded.split(".")[0] in RESERVED_LABELS or label.endswith("."):
                yield _problem(source, loc, "reserved-version-label",
                               msg("reserved-version-label", label=label[:80]))
            elif folded in seen and seen[folded] != label:
                yield _problem(source, loc, "reserved-version-label",
                               msg("version-label-case", label=label[:80], other=seen[folded]))
            seen.setdefault(folded, label)
        clauses = version.get("clauses")
        if isinstance(clauses, list):
            for position, clause in enumerate(clauses):
                if isinstance(clause, dict):
                    yield from _id(source, ("versions", index, "clauses", position, "id"), clause.get("id"))


def _check_claim(source: SourceFile) -> Iterator[Diagnostic]:
    if isinstance(source.data, dict):
        yield from _id(source, ("id",), source.data.get("id"))


_KIND_CHECKS = {"site": _check_site, "topics": _check_topics, "document": _check_document, "claim": _check_claim}


def _id(source: SourceFile, loc: tuple[Any, ...], value: Any) -> Iterator[Diagnostic]:
    yield from _length(source, loc, value, MAX_ID, msg("limit.id"), "id-too-long")


def _length(source: SourceFile, loc: tuple[Any, ...], value: Any, limit: int, what: Message,
            code: str = "text-too-long") -> Iterator[Diagnostic]:
    if isinstance(value, str) and len(value) > limit:
        yield _problem(source, loc, code, msg("too-long", where=_where(source, loc), length=len(value), what=what, limit=limit))


def _problem(source: SourceFile, loc: tuple[Any, ...], code: str, message: Message, *, key: bool = False) -> Diagnostic:
    line, col = position_of(source.data, loc, key=key)
    return Diagnostic(source.path, line, col, "error", code, message)


def _where(source: SourceFile, loc: tuple[Any, ...]) -> Message:
    """The place as `validate` names it: "claim 'x' claim.en", "site.yml title.en"."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    data = source.data
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        owner = msg("where.document-id" if "versions" in data else "where.claim-id", id=data["id"][:80])
    elif source.path.name in ("site.yml", "topics.yml"):
        owner = msg("where.site" if source.path.name == "site.yml" else "where.topics")
    else:
        owner = msg("where.whole-file")
    return msg("where.field", owner=owner, field=path) if path else owner


def _shown(text: str) -> str:
    return repr(text[:40])


def _code_point(char: str) -> str:
    return f"U+{ord(char):04X}"
