"""The traceability matrix: claims × cited clauses, as one structure for the site, the CSV and the briefing.

Two grids share one design: claims (grouped by their primary topic) as rows, the clauses they cite
as columns (grouped by document: one group per law in the law grid, per policy or statement in
the other). A cell holds a `Mark` when the claim cites the clause; the mark says how (roles) and
what is wrong with it (the cited version is stale, or the law was not in force on the claim's
date). Column counts answer "how many claims rely on Pasal 26(1)".

Below `render` and `briefing` (both call it); it imports only the model and UI strings.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Iterable, Literal, Sequence

from .i18n import t
from .model import Claim, Clause, ContentModel, Document, Reference, Topic, Version

GridKind = Literal["law", "policy"]
ROLES = ("asserted_in", "evidence", "regulation")
CITED_MARK = "●"  # a law cell needs no role letter: every reference there is a regulation
STALE_MARK = "!"
NOT_IN_FORCE_MARK = "×"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # spreadsheet formula triggers (CSV injection)


@dataclass(frozen=True)
class Mark:
    """How one claim cites one clause."""

    roles: tuple[str, ...]  # in ROLES order
    stale: bool  # the cited version's text changed later: needs review
    not_in_force: bool  # a regulation not in force on the claim's assertion date

    @property
    def flags(self) -> tuple[str, ...]:
        return (("stale",) if self.stale else ()) + (("not-in-force",) if self.not_in_force else ())


@dataclass(frozen=True)
class Column:
    document: Document
    version: Version
    clause: Clause
    count: int  # claims (rows of this grid) that cite the clause

    @property
    def key(self) -> str:
        return self.clause.key

    @property
    def is_current(self) -> bool:
        return self.version is self.document.current

    def name(self, lang: str) -> str:
        """Short column label: the article number for law, else the heading; the version when not current."""
        base = self.clause.number if self.clause.number else self.clause.heading[lang]
        return base if self.is_current else f"{base} ({self.version.label})"


@dataclass(frozen=True)
class ColumnGroup:
    document: Document
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Row:
    claim: Claim
    marks: tuple[Mark | None, ...]  # one per column of the grid, in column order

    @property
    def stale(self) -> bool:
        return any(m is not None and m.stale for m in self.marks)

    @property
    def not_in_force(self) -> bool:
        return any(m is not None and m.not_in_force for m in self.marks)


@dataclass(frozen=True)
class RowGroup:
    topic: Topic
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Grid:
    kind: GridKind
    column_groups: tuple[ColumnGroup, ...]
    row_groups: tuple[RowGroup, ...]

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(column for group in self.column_groups for column in group.columns)

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(row for group in self.row_groups for row in group.rows)


def build_grids(model: ContentModel, claims: Sequence[Claim]) -> tuple[Grid, Grid]:
    """The law grid and the policy grid of `claims`, rows in topic order then claim order."""
    return build_grid(model, claims, "law"), build_grid(model, claims, "policy")


def build_grid(model: ContentModel, claims: Sequence[Claim], kind: GridKind) -> Grid:
    is_law = kind == "law"
    cited: dict[str, list[tuple[Claim, Reference]]] = {}
    for claim in claims:
        for ref in claim.references:
            if ref.document.is_regulation == is_law:
                cited.setdefault(ref.clause.key, []).append((claim, ref))
    column_groups = []
    for document in model.documents:
        if document.is_regulation != is_law:
            continue
        columns = tuple(Column(document, version, clause, len({c.id for c, _ in cited[clause.key]}))
                        for version in document.versions for clause in version.clauses if clause.key in cited)
        if columns:
            column_groups.append(ColumnGroup(document, columns))
    keys = [column.key for group in column_groups for column in group.columns]
    by_topic: dict[str, list[Row]] = {}
    for claim in claims:
        refs_by_key: dict[str, list[Reference]] = {}
        for ref in claim.references:
            refs_by_key.setdefault(ref.clause.key, []).append(ref)
        marks = tuple(mark_of(refs_by_key[key]) if key in refs_by_key else None for key in keys)
        by_topic.setdefault(claim.topic_id, []).append(Row(claim, marks))
    row_groups = tuple(RowGroup(topic, tuple(by_topic[topic.id])) for topic in model.topics if topic.id in by_topic)
    return Grid(kind, tuple(column_groups), row_groups)


def mark_of(references: Iterable[Reference]) -> Mark:
    refs = list(references)
    roles = {r.role for r in refs}
    return Mark(tuple(role for role in ROLES if role in roles), any(r.stale for r in refs),
                any(r.in_force is False for r in refs))


def needs_review(claim: Claim) -> bool:
    """The claim cites a stale version anywhere (filters work on claims, across both grids)."""
    return any(r.stale for r in claim.references)


def cites_law_not_in_force(claim: Claim) -> bool:
    return any(r.in_force is False for r in claim.regulations)


def topic_ids(claim: Claim) -> tuple[str, ...]:
    """Every topic of a claim, primary first (`topic_ids` arrives with content v2)."""
    return tuple(getattr(claim, "topic_ids", ()) or (claim.topic_id,))


# --- how a mark reads ------------------------------------------------------------------------


def mark_symbols(mark: Mark, kind: GridKind, lang: str) -> str:
    """What a cell shows: ● (law) or role letters (policy), then ! when stale and × when not in force."""
    base = CITED_MARK if kind == "law" else "".join(t(f"briefing.abbr_{role}", lang) for role in mark.roles)
    return base + (STALE_MARK if mark.stale else "") + (NOT_IN_FORCE_MARK if mark.not_in_force else "")


def mark_description(mark: Mark, lang: str) -> str:
    """The same mark in words, for screen readers and tooltips."""
    parts = [t(f"role.{role}", lang) for role in mark.roles]
    if mark.stale:
        parts.append(t("label.needs_review", lang))
    if mark.not_in_force:
        parts.append(t("label.not_in_force", lang))
    return "; ".join(parts)


def legend(kind: GridKind, lang: str) -> tuple[tuple[str, str], ...]:
    """(symbol, meaning) pairs for one grid."""
    if kind == "law":
        first: tuple[tuple[str, str], ...] = ((CITED_MARK, t("label.matrix_cites", lang)),)
    else:
        first = tuple((t(f"briefing.abbr_{role}", lang), t(f"role.{role}", lang)) for role in ("asserted_in", "evidence"))
    last = ((NOT_IN_FORCE_MARK, t("label.not_in_force", lang)),) if kind == "law" else ()
    return first + ((STALE_MARK, t("label.needs_review", lang)),) + last


# --- CSV -------------------------------------------------------------------------------------


def csv_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula: a leading apostrophe before = + - @."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def matrix_csv(model: ContentModel, drafts: bool = False) -> str:
    """SPEC §4 downloads/matrix.csv: one row per (claim, reference) of the listed claims, UTF-8.

    Deterministic: claims by id, references in their order in the claim (asserted_in, evidence,
    regulations). Language-neutral columns plus the claim and clause text in each site language.
    """
    languages = model.site.languages
    header = (["claim_id", "status", "topic", "topics", "rating", "claimant", "asserted_on", "reviewed",
               *(f"claim_text_{lang}" for lang in languages), "role", "reference", "document_id", "document_kind",
               "version", "current_version", "clause_id", "clause_number",
               *(f"clause_heading_{lang}" for lang in languages), "needs_review", "in_force"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for claim in model.listed_claims(drafts):
        for ref in claim.references:
            in_force = "" if ref.in_force is None else ("yes" if ref.in_force else "no")
            row = [claim.id, claim.status, claim.topic_id, " ".join(topic_ids(claim)), claim.rating, claim.claimant,
                   claim.asserted_on.isoformat() if claim.asserted_on else "", claim.reviewed.isoformat(),
                   *(claim.claim[lang] for lang in languages), ref.role, ref.raw, ref.document.id, ref.document.kind,
                   ref.version.label, "yes" if ref.is_current else "no", ref.clause.id, ref.clause.number or "",
                   *(ref.clause.heading[lang] for lang in languages), "yes" if ref.stale else "no", in_force]
            writer.writerow([csv_cell(str(value)) for value in row])
    return buffer.getvalue()
