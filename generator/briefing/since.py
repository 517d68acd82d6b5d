"""What a briefing covers (topics, claimants, "since DATE") and, for a since-briefing, what changed.

SPEC §4: `briefing --since DATE` holds the claims reviewed, corrected or withdrawn on or after
DATE and the document versions retrieved on or after DATE, opened by a list of those changes.
The content files do not record a claim's earlier ratings, so a claim reviewed since DATE is
listed as "reviewed" (new or reassessed); corrections and withdrawals are dated in the content.
Withdrawn claims appear only in the change list, never in the detail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..i18n import t
from ..model import Claim, ContentModel, Document
from .naming import format_date

Markdown = str
CHANGE_ORDER = ("withdrawn", "corrected", "reviewed", "version")


@dataclass(frozen=True)
class Scope:
    """Which claims a briefing holds, beyond published-or-draft."""

    topics: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()  # matched case-insensitively, white space folded
    since: dt.date | None = None

    def describe(self, model: ContentModel, lang: str) -> tuple[str, ...]:
        """The scope as short sentences for the cover (empty: everything)."""
        lines = []
        if self.topics:
            names = ", ".join(model.topics_by_id[topic].title[lang] for topic in self.topics)
            lines.append(f"{t('label.topics', lang)}: {names}")
        if self.claimants:
            names = {normalised_name(c.claimant): c.claimant for c in model.claims}
            shown = (names.get(normalised_name(name), name) for name in self.claimants)
            lines.append(f"{t('label.claimant', lang)}: {', '.join(shown)}")
        if self.since:
            lines.append(t("briefing.since_scope", lang, date=format_date(self.since, lang)))
        return tuple(lines)


@dataclass(frozen=True)
class ChangeItem:
    kind: str  # withdrawn | corrected | reviewed | version
    kind_label: str
    date: str  # spelled out
    text: str  # the claim, or "document: version LABEL"
    number: str | None = None  # the claim's number in this briefing, when its detail is in it
    anchor: str | None = None
    note: Markdown | None = None  # a correction's note or a withdrawal's reason (content Markdown)
    sort_key: tuple[Any, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class ChangeList:
    title: str
    anchor: str
    intro: str
    items: tuple[ChangeItem, ...]


def claimant_names(model: ContentModel) -> tuple[str, ...]:
    """Every claimant named in the content, as written, sorted case-insensitively."""
    return tuple(sorted({c.claimant for c in model.claims}, key=normalised_name))


def normalised_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def matches_claimant(claim: Claim, claimants: Sequence[str]) -> bool:
    return not claimants or normalised_name(claim.claimant) in {normalised_name(c) for c in claimants}


def corrections_of(claim: Claim) -> tuple[Any, ...]:
    return tuple(getattr(claim, "corrections", ()) or ())


def withdrawal_of(claim: Claim) -> Any | None:
    return getattr(claim, "withdrawal", None)


def changed_since(claim: Claim, since: dt.date) -> bool:
    """Reviewed or corrected on or after `since` (withdrawals are handled apart)."""
    return claim.reviewed >= since or any(c.date >= since for c in corrections_of(claim))


def in_scope(claim: Claim, scope: Scope) -> bool:
    """Whether a listed claim belongs in the detail of a briefing with this scope (topics aside)."""
    return matches_claimant(claim, scope.claimants) and (scope.since is None or changed_since(claim, scope.since))


def build_change_list(model: ContentModel, scope: Scope, shown: Sequence[tuple[Claim, Any]],
                      lang: str) -> ChangeList | None:
    """The list of changes on or after `scope.since`, newest first (None without --since)."""
    since = scope.since
    if since is None:
        return None
    items: list[ChangeItem] = []
    for claim, entry in shown:
        corrected_dates = set()
        for correction in corrections_of(claim):
            if correction.date >= since:
                corrected_dates.add(correction.date)
                items.append(_claim_item("corrected", correction.date, claim, lang, entry, correction.note[lang]))
        if claim.reviewed >= since and claim.reviewed not in corrected_dates:
            items.append(_claim_item("reviewed", claim.reviewed, claim, lang, entry, None))
    for claim in model.claims:
        withdrawal = withdrawal_of(claim)
        if (claim.status == "withdrawn" and withdrawal is not None and withdrawal.date >= since
                and matches_claimant(claim, scope.claimants)
                and (not scope.topics or _topics(claim) & set(scope.topics))):
            note = withdrawal.reason[lang]
            replaced_by = getattr(withdrawal, "replaced_by", None)
            if replaced_by and replaced_by in model.claims_by_id:
                note += "\n\n" + t("briefing.replaced_by", lang, claim=model.claims_by_id[replaced_by].claim[lang])
            items.append(_claim_item("withdrawn", withdrawal.date, claim, lang, None, note))
    for document in _documents_in_scope(model, scope):
        for version in document.versions:
            if version.retrieved >= since:
                text = t("briefing.version_added", lang, document=document.title[lang], version=version.label)
                items.append(ChangeItem("version", t("briefing.change_version", lang),
                                        format_date(version.retrieved, lang), text,
                                        sort_key=(-version.retrieved.toordinal(), CHANGE_ORDER.index("version"),
                                                  document.id, version.label)))
    items.sort(key=lambda item: item.sort_key)
    return ChangeList(t("briefing.changes_since", lang, date=format_date(since, lang)), "changes-since",
                      t("briefing.changes_since_intro", lang), tuple(items))


def _claim_item(kind: str, date: dt.date, claim: Claim, lang: str, entry: Any | None, note: str | None) -> ChangeItem:
    return ChangeItem(kind, t(f"briefing.change_{kind}", lang), format_date(date, lang), claim.claim[lang],
                      entry.number if entry is not None else None, entry.anchor if entry is not None else None, note,
                      sort_key=(-date.toordinal(), CHANGE_ORDER.index(kind), claim.id))


def _topics(claim: Claim) -> set[str]:
    return set(getattr(claim, "topic_ids", ()) or (claim.topic_id,))


def _documents_in_scope(model: ContentModel, scope: Scope) -> tuple[Document, ...]:
    """All documents; with topics or claimants, those cited by a published claim in that scope."""
    if not scope.topics and not scope.claimants:
        return model.documents
    cited = {ref.document.id for claim in model.listed_claims() for ref in claim.references
             if matches_claimant(claim, scope.claimants) and (not scope.topics or _topics(claim) & set(scope.topics))}
    return tuple(d for d in model.documents if d.id in cited)
