"""Editorial rules of SPEC §4, run by `validate`: honest dates, withdrawals, corrections, placeholders.

Each check yields diagnostics for one claim (or one document) whose shape is already known to be
valid; references are resolved only when `validate` found them valid.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterator, Mapping

from . import model, schema
from .diagnostics import Diagnostic, Message, Severity, msg
from .load import SourceFile, YamlMapping, YamlSequence, position_of

PLACEHOLDER = re.compile(r"\bTODO\b")
"""What `new claim` writes where an editor still has to fill something in."""

UNPUBLISHED_FIELDS = frozenset({"editor_note"})
"""Fields never shown to readers: a placeholder there is an editor's own business."""


def _at(source: SourceFile, loc: tuple[Any, ...], severity: Severity, code: str, message: Message) -> Diagnostic:
    line, col = position_of(source.data, loc)
    return Diagnostic(source.path, line, col, severity, code, message)


def check_document_dates(source: SourceFile, document: schema.DocumentFile, today: dt.date) -> Iterator[Diagnostic]:
    for i, version in enumerate(document.versions):
        if version.retrieved > today:
            yield _at(source, ("versions", i, "retrieved"), "error", "future-date",
                      msg("future-retrieved", document=document.id, version=version.version,
                          date=str(version.retrieved), today=str(today)))


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
                      msg("future-date", claim=claim.id, field=name, date=str(value), today=str(today)))
    for i in range(1, len(claim.corrections)):
        if claim.corrections[i].date < claim.corrections[i - 1].date:
            yield _at(source, ("corrections", i, "date"), "error", "correction-order",
                      msg("correction-order", claim=claim.id, index=i, date=str(claim.corrections[i].date),
                          previous=i - 1, previous_date=str(claim.corrections[i - 1].date)))


def check_review_after_retrieval(source: SourceFile, claim: schema.ClaimFile,
                                 cited: list[tuple[str, model.Version]]) -> Iterator[Diagnostic]:
    """A review cannot predate the copy it relies on: one diagnostic naming the latest such copy."""
    later = [(version.retrieved, name, version) for name, version in cited if version.retrieved > claim.reviewed]
    if later:
        retrieved, name, version = max(later, key=lambda item: item[0])
        yield _at(source, ("reviewed",), "error", "review-before-retrieval",
                  msg("review-before-retrieval", claim=claim.id, reviewed=str(claim.reviewed), field=name,
                      ref=f"{version.document_id}@{version.label}", retrieved=str(retrieved)))


def check_withdrawal(source: SourceFile, claim: schema.ClaimFile,
                     statuses: Mapping[str, str]) -> Iterator[Diagnostic]:
    """`withdrawal` exactly when withdrawn; `replaced_by` names a published claim."""
    if claim.status == "withdrawn" and claim.withdrawal is None:
        yield _at(source, ("status",), "error", "missing-withdrawal",
                  msg("missing-withdrawal", claim=claim.id))
    if claim.status != "withdrawn" and claim.withdrawal is not None:
        yield _at(source, ("withdrawal",), "error", "unexpected-withdrawal",
                  msg("unexpected-withdrawal", claim=claim.id, status=claim.status))
    replacement = claim.withdrawal.replaced_by if claim.withdrawal else None
    if replacement is None:
        return
    loc = ("withdrawal", "replaced_by")
    if replacement not in statuses:
        yield _at(source, loc, "error", "unknown-replacement",
                  msg("unknown-replacement", claim=claim.id, replacement=replacement))
    elif statuses[replacement] != "published":
        yield _at(source, loc, "error", "unpublished-replacement",
                  msg("unpublished-replacement", claim=claim.id, replacement=replacement,
                      status=str(statuses[replacement])))  # raw YAML: may be any value


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
                      msg("placeholder", claim=claim.id, field=place))


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
                  msg("pinned-without-version", claim=claim_id, field=f"{field}[{index}]", ref=item.ref))


def cited_version(ref: str, documents: Mapping[str, tuple[SourceFile, model.Document]]) -> model.Version | None:
    """The version a reference cites, when its document and version exist."""
    parsed = model.parse_reference(ref)
    if parsed is None or parsed[0] not in documents:
        return None
    document = documents[parsed[0]][1]
    return document.version(parsed[1]) if parsed[1] else document.current
