"""The briefing's appendices: documents cited, traceability matrix, changed clauses, gaps.

Built from the claims the briefing shows (after the topic and draft filters), so every
number in an appendix points at a claim that is in the same document.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from ..i18n import t
from ..matrix import legend, mark_of, mark_symbols
from ..model import Claim, Clause, ContentModel, Document, Reference
from ..textdiff import TextDiff, text_diff
from .entries import ClaimEntry
from .naming import Link, clause_label, format_date, short_label

MATRIX_COLUMNS = 10  # claims per matrix panel: what fits across an A4 page beside the clause labels


@dataclass(frozen=True)
class VersionEntry:
    label: str
    current: bool
    effective: str | None
    retrieved: str
    source: Link
    archived: Link | None
    cited_by: tuple[str, ...]  # claim numbers


@dataclass(frozen=True)
class DocumentEntry:
    id: str
    anchor: str
    title: str
    kind: str
    publisher: str
    original_language: str
    repealed: str | None
    versions: tuple[VersionEntry, ...]


@dataclass(frozen=True)
class DocumentsAppendix:
    letter: str
    title: str
    anchor: str
    documents: tuple[DocumentEntry, ...]


@dataclass(frozen=True)
class MatrixRow:
    label: str  # "VERSION: number — heading"
    cells: tuple[str, ...]  # one per column: role abbreviations and marks, "" when not cited
    count: int  # claims of the whole briefing (not only this panel) that cite the clause


@dataclass(frozen=True)
class MatrixBlock:
    document: str
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True)
class MatrixPanel:
    caption: str
    columns: tuple[str, ...]  # claim numbers
    anchors: tuple[str, ...]  # claim anchors, same order
    blocks: tuple[MatrixBlock, ...]


@dataclass(frozen=True)
class MatrixGroup:
    title: str
    panels: tuple[MatrixPanel, ...]


@dataclass(frozen=True)
class MatrixAppendix:
    letter: str
    title: str
    anchor: str
    intro: str
    legend: tuple[tuple[str, str], ...]
    groups: tuple[MatrixGroup, ...]


@dataclass(frozen=True)
class ChangeEntry:
    kind: str  # added | removed | changed
    kind_label: str
    clause: str
    old_text: str | None
    new_text: str | None
    affected: tuple[str, ...]  # "2.1 (2019-12-19)": claim number and the version it cites
    diff: TextDiff | None = None  # a changed clause: the readable diff old → new


@dataclass(frozen=True)
class ChangeGroup:
    document: str
    versions: str  # "Version A → B"
    changes: tuple[ChangeEntry, ...]


@dataclass(frozen=True)
class ChangesAppendix:
    letter: str
    title: str
    anchor: str
    intro: str
    groups: tuple[ChangeGroup, ...]


@dataclass(frozen=True)
class GapItem:
    number: str | None  # the claim concerned, if any
    anchor: str | None
    text: str


@dataclass(frozen=True)
class GapList:
    title: str
    items: tuple[GapItem, ...]


@dataclass(frozen=True)
class GapsAppendix:
    letter: str
    title: str
    anchor: str
    lists: tuple[GapList, ...]


@dataclass(frozen=True)
class Appendices:
    documents: DocumentsAppendix
    matrix: MatrixAppendix
    changes: ChangesAppendix
    gaps: GapsAppendix

    @property
    def all(self) -> tuple[DocumentsAppendix, MatrixAppendix, ChangesAppendix, GapsAppendix]:
        return (self.documents, self.matrix, self.changes, self.gaps)


Shown = Sequence[tuple[Claim, ClaimEntry]]


def build_appendices(model: ContentModel, shown: Shown, lang: str, drafts: bool) -> Appendices:
    cited = cited_documents(model, shown)

    def letter_title(letter: str, key: str) -> tuple[str, str]:
        return letter, f"{t('briefing.appendix', lang, letter=letter)}: {t(key, lang)}"

    return Appendices(
        documents=DocumentsAppendix(*letter_title("A", "briefing.appendix_documents"), "appendix-documents",
                                    documents_cited(cited, shown, lang)),
        matrix=MatrixAppendix(*letter_title("B", "label.matrix"), "appendix-matrix", t("briefing.matrix_intro", lang),
                              matrix_legend(lang), traceability_matrix(cited, shown, lang)),
        changes=ChangesAppendix(*letter_title("C", "briefing.appendix_changes"), "appendix-changes",
                                t("briefing.changes_intro", lang), changed_clauses(model, cited, shown, lang)),
        gaps=GapsAppendix(*letter_title("D", "label.gaps"), "appendix-gaps", gaps(model, shown, lang)),
    )


def cited_documents(model: ContentModel, shown: Shown) -> tuple[Document, ...]:
    """Documents the shown claims cite: policies and other sources first, then regulations."""
    ids = {ref.document.id for claim, _ in shown for ref in claim.references}
    documents = [d for d in model.documents if d.id in ids]
    return tuple(sorted(documents, key=lambda d: d.is_regulation))


def documents_cited(documents: Sequence[Document], shown: Shown, lang: str) -> tuple[DocumentEntry, ...]:
    entries = []
    for document in documents:
        versions = []
        for version in document.versions:
            numbers = [entry.number for claim, entry in shown
                       if any(r.document.id == document.id and r.version.label == version.label for r in claim.references)]
            versions.append(VersionEntry(
                label=version.label, current=version is document.current,
                effective=format_date(version.effective, lang) if version.effective else None,
                retrieved=format_date(version.retrieved, lang), source=Link(version.url, version.url),
                archived=Link(version.archived_url, version.archived_url) if version.archived_url else None,
                cited_by=tuple(numbers)))
        entries.append(DocumentEntry(
            id=document.id, anchor=f"document-{document.id}", title=document.title[lang],
            kind=t(f"kind.{document.kind}", lang), publisher=document.publisher,
            original_language=t(f"language.{document.original_language}", lang),
            repealed=format_date(document.repealed, lang) if document.repealed else None, versions=tuple(versions)))
    return tuple(entries)


def matrix_legend(lang: str) -> tuple[tuple[str, str], ...]:
    """The site's matrix legend (generator.matrix): ● for law, role letters for the rest, ! and ×."""
    policy = legend("policy", lang)
    return (*policy[:-1], *legend("law", lang))


def matrix_cell(references: Sequence[Reference], lang: str) -> str:
    """How one claim cites one clause, marked as on the site's matrix page."""
    mark = mark_of(references)
    return mark_symbols(mark, "law" if "regulation" in mark.roles else "policy", lang)


def traceability_matrix(documents: Sequence[Document], shown: Shown, lang: str) -> tuple[MatrixGroup, ...]:
    """Claims × clauses, one group for policy and other sources and one for law, in panels of claims."""
    citing: dict[str, set[str]] = {}
    for claim, _ in shown:
        for ref in claim.references:
            citing.setdefault(ref.clause.key, set()).add(claim.id)
    count = len(shown)
    panels = max(1, math.ceil(count / MATRIX_COLUMNS))
    size = max(1, math.ceil(count / panels))
    chunks = [shown[i:i + size] for i in range(0, count, size)]
    groups = []
    for title_key, is_law in (("briefing.matrix_policy", False), ("briefing.matrix_law", True)):
        group_documents = [d for d in documents if d.is_regulation == is_law]
        built = [panel for chunk in chunks if (panel := matrix_panel(group_documents, chunk, lang, citing)).blocks]
        groups.append(MatrixGroup(t(title_key, lang), tuple(built)))
    return tuple(groups)


def matrix_panel(documents: Sequence[Document], chunk: Shown, lang: str,
                 citing: dict[str, set[str]]) -> MatrixPanel:
    by_key: dict[str, list[list[Reference]]] = {}
    for column, (claim, _) in enumerate(chunk):
        for ref in claim.references:
            by_key.setdefault(ref.clause.key, [[] for _ in chunk])[column].append(ref)
    blocks = []
    for document in documents:
        rows = [MatrixRow(f"{version.label}: {clause_label(clause, lang)}",
                          tuple(matrix_cell(refs, lang) for refs in by_key[clause.key]), len(citing[clause.key]))
                for version in document.versions for clause in version.clauses if clause.key in by_key]
        if rows:
            blocks.append(MatrixBlock(document.title[lang], tuple(rows)))
    numbers = tuple(entry.number for _, entry in chunk)
    caption = t("briefing.matrix_claims", lang, first=numbers[0], last=numbers[-1]) if numbers else ""
    return MatrixPanel(caption, numbers, tuple(entry.anchor for _, entry in chunk), tuple(blocks))


def changed_clauses(model: ContentModel, documents: Sequence[Document], shown: Shown,
                    lang: str) -> tuple[ChangeGroup, ...]:
    groups = []
    for document in documents:
        for old, new in zip(document.versions, document.versions[1:]):
            changes = []
            for change in model.changes(document, new):
                affected = [f"{entry.number} ({ref.version.label})" for claim, entry in shown for ref in claim.references
                            if ref.document.id == document.id and ref.clause.id == change.clause_id
                            and ref.version.label in (old.label, new.label)]
                clause = change.new or change.old
                assert clause is not None
                changes.append(ChangeEntry(
                    kind=change.kind, kind_label=t(f"change.{change.kind}", lang), clause=clause_label(clause, lang),
                    old_text=change.old.text if change.old else None, new_text=change.new.text if change.new else None,
                    affected=tuple(dict.fromkeys(affected)), diff=readable_change(change.old, change.new)))
            if changes:
                groups.append(ChangeGroup(document.title[lang], t("briefing.version_change", lang, old=old.label,
                                                                   new=new.label), tuple(changes)))
    return tuple(groups)


def readable_change(old: Clause | None, new: Clause | None) -> TextDiff | None:
    return text_diff(old.text, new.text) if old and new and old.text and new.text else None


def gaps(model: ContentModel, shown: Shown, lang: str) -> tuple[GapList, ...]:
    """What a reviewer should look at: uncovered law, claims without law, stale and not-in-force references."""
    cited = {r.clause.key for claim, _ in shown for r in claim.regulations}
    uncited = [GapItem(None, None, short_label(clause, document.title[lang], lang))
               for document in model.documents if document.is_regulation
               for clause in document.current.clauses if clause.key not in cited]
    without_law = [GapItem(entry.number, entry.anchor, entry.text) for claim, entry in shown if not claim.regulations]
    stale = [GapItem(entry.number, entry.anchor, f"{ref.short} — {ref.review.notice}")
             for _, entry in shown for ref in entry.references if ref.review]
    not_in_force = [GapItem(entry.number, entry.anchor, ref.short)
                    for _, entry in shown for ref in entry.regulations if ref.in_force_state is False]
    return (
        GapList(t("label.uncited_articles", lang), tuple(uncited)),
        GapList(t("label.claims_without_regulation", lang), tuple(without_law)),
        GapList(t("briefing.stale_references", lang), tuple(stale)),
        GapList(t("briefing.not_in_force_references", lang), tuple(not_in_force)),
    )
