"""One claim as the briefing shows it: its entry and every clause it cites, resolved in one language.

Below `structure` and `appendices` (both use these), so neither has to import the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..i18n import t
from ..model import Claim, Reference
from ..textdiff import TextDiff, text_diff
from .method import CorrectionNote, correction_notes, pinned_notice
from .naming import Link, clause_label, format_date, short_label

Markdown = str  # content Markdown (validated: no raw HTML, only http(s) or relative links)


@dataclass(frozen=True)
class Review:
    """A stale reference: the cited clause was reworded, or removed, after the cited version."""

    notice: str
    old_text: str | None
    new_text: str | None
    removed: bool
    diff: TextDiff | None = None  # the readable diff old → new, when both texts exist


@dataclass(frozen=True)
class CitedClause:
    """One reference of a claim (where it was asserted, evidence or a regulation) as shown."""

    role: str  # asserted_in | evidence | regulation
    raw: str  # DOC[@VERSION]#CLAUSE as written in the content
    document: str
    kind: str
    version: str
    current: bool
    clause: str  # "number — heading"
    name: str  # the clause named briefly: article number for law, heading otherwise
    short: str  # "document (version): number — heading", for lists
    quote: str | None
    note: Markdown | None
    source: Link
    archived: Link | None
    retrieved: str
    effective: str | None
    in_force: str | None  # regulations: in force on the assertion date, as a sentence
    in_force_state: bool | None
    review: Review | None
    pinned: str | None = None  # an earlier version cited on purpose: says so, and how the current text differs
    current_text: str | None = None  # with `pinned`: the clause's current text, when it differs
    current_diff: TextDiff | None = None  # with `pinned`: the readable diff from the cited text to the current one


@dataclass(frozen=True)
class KeyClauses:
    """Clauses of one document version that a claim rests on, named briefly (summary table)."""

    document: str
    version: str
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class ClaimEntry:
    id: str
    number: str  # "2.3": topic 2, third claim
    anchor: str
    text: str
    claimant: str
    asserted: str  # who asserted it and when, as a sentence
    rating: str  # rating key, for styling
    rating_label: str
    draft: bool
    reviewed: str
    assessment: Markdown
    asserted_in: tuple[CitedClause, ...]
    evidence: tuple[CitedClause, ...]
    regulations: tuple[CitedClause, ...]
    questions: tuple[str, ...]
    corrections: tuple[CorrectionNote, ...] = ()  # oldest first

    @property
    def references(self) -> tuple[CitedClause, ...]:
        return self.asserted_in + self.evidence + self.regulations

    @property
    def needs_review(self) -> bool:
        return any(r.review for r in self.references)

    @property
    def key_clauses(self) -> tuple[KeyClauses, ...]:
        """The clauses the assessment rests on (evidence, then regulations), by document version."""
        grouped: dict[tuple[str, str], list[str]] = {}
        for ref in self.evidence + self.regulations:
            names = grouped.setdefault((ref.document, ref.version), [])
            if ref.name not in names:
                names.append(ref.name)
        return tuple(KeyClauses(document, version, tuple(names)) for (document, version), names in grouped.items())


def claim_entry(claim: Claim, number: str, lang: str) -> ClaimEntry:
    if claim.asserted_on:
        asserted = t("briefing.asserted_by_on", lang, claimant=claim.claimant, date=format_date(claim.asserted_on, lang))
    else:
        asserted = t("briefing.asserted_by", lang, claimant=claim.claimant)
    return ClaimEntry(
        id=claim.id, number=number, anchor=f"claim-{claim.id}", text=claim.claim[lang], claimant=claim.claimant,
        asserted=asserted, rating=claim.rating, rating_label=t(f"rating.{claim.rating}", lang),
        draft=claim.status == "draft", reviewed=format_date(claim.reviewed, lang),
        assessment=claim.assessment[lang],
        asserted_in=cited_clauses(claim.asserted_in, lang), evidence=cited_clauses(claim.evidence, lang),
        regulations=cited_clauses(claim.regulations, lang),
        questions=tuple(q[lang] for q in claim.questions),
        corrections=correction_notes(claim, lang),
    )


def cited_clauses(references: Iterable[Reference], lang: str) -> tuple[CitedClause, ...]:
    return tuple(cited_clause(ref, lang) for ref in references)


def cited_clause(ref: Reference, lang: str) -> CitedClause:
    version = ref.version
    in_force: str | None = None
    if ref.role == "regulation":
        in_force = t({True: "label.in_force", False: "label.not_in_force", None: "label.in_force_unknown"}[ref.in_force],
                     lang)
    return CitedClause(
        role=ref.role, raw=ref.raw, document=ref.document.title[lang], kind=t(f"kind.{ref.document.kind}", lang),
        version=version.label, current=ref.is_current, clause=clause_label(ref.clause, lang),
        name=(ref.clause.number if ref.document.is_regulation and ref.clause.number else ref.clause.heading[lang]),
        short=short_label(ref.clause, ref.document.title[lang], lang), quote=ref.quote,
        note=ref.note[lang] if ref.note else None,
        source=Link(version.url, version.url),
        archived=Link(version.archived_url, version.archived_url) if version.archived_url else None,
        retrieved=format_date(version.retrieved, lang),
        effective=format_date(version.effective, lang) if version.effective else None,
        in_force=in_force, in_force_state=ref.in_force, review=review_of(ref, lang),
        pinned=pinned_notice(ref, lang),
        current_text=(change.new_text if (change := ref.change_to_current) is not None else None),
        current_diff=(text_diff(ref.clause.text, change.new_text)
                      if change is not None and ref.clause.text and change.new_text else None),
    )


def review_of(ref: Reference, lang: str) -> Review | None:
    if ref.stale is None:
        return None
    later = ref.stale.later_version.label
    removed = ref.stale.new_clause is None
    notice = (t("label.clause_removed", lang, version=later) if removed
              else t("label.stale_notice", lang, old=ref.version.label, new=later))
    old, new = ref.clause.text, ref.stale.new_text
    return Review(notice, old, new, removed, text_diff(old, new) if old and new and not removed else None)
