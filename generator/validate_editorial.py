"""Editorial rules of SPEC §4, run by `validate`: honest dates, withdrawals, corrections, placeholders.

Each check yields diagnostics for one claim (or one document) whose shape is already known to be
valid; references are resolved only when `validate` found them valid.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any, Iterator, Mapping

from . import model, schema
from .diagnostics import Diagnostic, Severity
from .load import SourceFile, YamlMapping, YamlSequence, position_of
from .output import source_date

PLACEHOLDER = re.compile(r"\bTODO\b")
"""What `new claim` writes where an editor still has to fill something in."""

UNPUBLISHED_FIELDS = frozenset({"editor_note"})
"""Fields never shown to readers: a placeholder there is an editor's own business."""


def build_date() -> dt.date:
    """SOURCE_DATE_EPOCH when set, else today (local time: where the editor is)."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return source_date().date()
    return dt.date.today()


def _at(source: SourceFile, loc: tuple[Any, ...], severity: Severity, code: str, message: str) -> Diagnostic:
    line, col = position_of(source.data, loc)
    return Diagnostic(source.path, line, col, severity, code, message)


def check_document_dates(source: SourceFile, document: schema.DocumentFile, today: dt.date) -> Iterator[Diagnostic]:
    for i, version in enumerate(document.versions):
        if version.retrieved > today:
            yield _at(source, ("versions", i, "retrieved"), "error", "future-date",
                      f"document '{document.id}' version '{version.version}' retrieved {version.retrieved} is later "
                      f"than the build date {today}; a copy cannot be retrieved in the future")


def check_claim_dates(source: SourceFile, claim: schema.ClaimFile, today: dt.date) -> Iterator[Diagnostic]:
    dated: list[tuple[tuple[Any, ...], str, dt.date | None]] = [
        (("reviewed",), "reviewed", claim.reviewed),
        (("asserted_on",), "asserted_on", claim.asserted_on),
        *((("corrections", i, "date"), f"corrections[{i}].date", c.date) for i, c in enumerate(claim.corrections)),
        (("withdrawal", "date"), "withdrawal.date", claim.withdrawal.date if claim.withdrawal else None),
    ]
    for loc, name, value in dated:
        if value is not None and value > today:
            yield _at(source, loc, "error", "future-date",
                      f"claim '{claim.id}' {name} {value} is later than the build date {today}")
    for i in range(1, len(claim.corrections)):
        if claim.corrections[i].date < claim.corrections[i - 1].date:
            yield _at(source, ("corrections", i, "date"), "error", "correction-order",
                      f"claim '{claim.id}' corrections[{i}] ({claim.corrections[i].date}) is dated before "
                      f"corrections[{i - 1}] ({claim.corrections[i - 1].date}); list corrections oldest first")


def check_review_after_retrieval(source: SourceFile, claim: schema.ClaimFile,
                                 cited: list[tuple[str, model.Version]]) -> Iterator[Diagnostic]:
    """A review cannot predate the copy it relies on: one diagnostic naming the latest such copy."""
    later = [(version.retrieved, name, version) for name, version in cited if version.retrieved > claim.reviewed]
    if later:
        retrieved, name, version = max(later, key=lambda item: item[0])
        yield _at(source, ("reviewed",), "error", "review-before-retrieval",
                  f"claim '{claim.id}' reviewed {claim.reviewed} is before {name} "
                  f"'{version.document_id}@{version.label}' was retrieved ({retrieved}); a review cannot predate "
                  f"the copy it relies on: update `reviewed` after checking the claim against it")


def check_withdrawal(source: SourceFile, claim: schema.ClaimFile,
                     statuses: Mapping[str, str]) -> Iterator[Diagnostic]:
    """`withdrawal` exactly when withdrawn; `replaced_by` names a published claim."""
    if claim.status == "withdrawn" and claim.withdrawal is None:
        yield _at(source, ("status",), "error", "missing-withdrawal",
                  f"claim '{claim.id}' is withdrawn but has no `withdrawal: {{date, reason}}`; say when and why")
    if claim.status != "withdrawn" and claim.withdrawal is not None:
        yield _at(source, ("withdrawal",), "error", "unexpected-withdrawal",
                  f"claim '{claim.id}' has a `withdrawal` but its status is '{claim.status}'; "
                  f"set `status: withdrawn` or remove the withdrawal")
    replacement = claim.withdrawal.replaced_by if claim.withdrawal else None
    if replacement is None:
        return
    loc = ("withdrawal", "replaced_by")
    if replacement not in statuses:
        yield _at(source, loc, "error", "unknown-replacement",
                  f"claim '{claim.id}' withdrawal.replaced_by names unknown claim '{replacement}'")
    elif statuses[replacement] != "published":
        yield _at(source, loc, "error", "unpublished-replacement",
                  f"claim '{claim.id}' withdrawal.replaced_by names claim '{replacement}', whose status is "
                  f"'{statuses[replacement]}'; a replacement must be published")


def check_placeholders(source: SourceFile, claim: schema.ClaimFile) -> Iterator[Diagnostic]:
    """A published claim must not hold `TODO` in any text, in any language (editor_note aside)."""
    if claim.status != "published":
        return
    for loc, text in _strings(source.data, ()):
        if loc and loc[0] in UNPUBLISHED_FIELDS:
            continue
        if PLACEHOLDER.search(text):
            place = ".".join(str(p) for p in loc)
            yield _at(source, loc, "error", "placeholder",
                      f"claim '{claim.id}' is published but {place} still holds the placeholder TODO; "
                      f"write the text or set `status: draft`")


def _strings(data: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, (YamlMapping, dict)):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, (YamlSequence, list)):
        for index, value in enumerate(data):
            yield from _strings(value, (*loc, index))


def check_pinned(source: SourceFile, claim_id: str, field: str, index: int,
                 item: schema.Citation | schema.Assertion) -> Iterator[Diagnostic]:
    """`pinned: true` means "this version on purpose", so the version must be named."""
    parsed = model.parse_reference(item.ref)
    if item.pinned and parsed is not None and parsed[1] is None:
        yield _at(source, (field, index, "pinned"), "error", "pinned-without-version",
                  f"claim '{claim_id}' {field}[{index}] is pinned but its ref '{item.ref}' names no version; "
                  f"write DOC@VERSION#CLAUSE")


def cited_version(ref: str, documents: Mapping[str, tuple[SourceFile, model.Document]]) -> model.Version | None:
    """The version a reference cites, when its document and version exist."""
    parsed = model.parse_reference(ref)
    if parsed is None or parsed[0] not in documents:
        return None
    document = documents[parsed[0]][1]
    return document.version(parsed[1]) if parsed[1] else document.current
