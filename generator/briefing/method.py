"""The briefing's method section: the same built-in rating definitions and method as the site's about/.

Self-contained on purpose: the briefing opens with it whatever claims it holds, and every writer
lays it out from this one structure.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import t
from ..model import Claim, Reference
from ..schema import RATINGS
from .naming import Link, format_date

Markdown = str


@dataclass(frozen=True)
class RatingDefinition:
    rating: str  # key, for styling and anchors
    label: str
    definition: str

    @property
    def anchor(self) -> str:
        return f"rating-{self.rating}"


@dataclass(frozen=True)
class Method:
    title: str
    ratings_title: str
    ratings: tuple[RatingDefinition, ...]
    scale_note: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, paragraphs): review, corrections
    contact_label: str
    contact: Link | None
    about: Markdown | None  # the publisher's own `about` text, when site.yml has one
    anchor: str = "method"


@dataclass(frozen=True)
class CorrectionNote:
    date: str
    note: Markdown


def build_method(site_about: Markdown | None, contact_url: str | None, publisher: Link, lang: str) -> Method:
    if contact_url:
        contact: Link | None = Link(contact_url.removeprefix("mailto:"), contact_url)
        label = t("method.contact", lang)
    else:
        contact, label = publisher, t("method.contact_publisher", lang)
    return Method(
        title=t("method.title", lang),
        ratings_title=t("method.ratings", lang),
        ratings=tuple(RatingDefinition(r, t(f"rating.{r}", lang), t(f"method.definition.{r}", lang)) for r in RATINGS),
        scale_note=t("method.scale_note", lang),
        sections=(
            (t("method.review_title", lang), (t("method.review", lang), t("method.pinned", lang))),
            (t("method.corrections_title", lang), (t("method.corrections", lang),)),
        ),
        contact_label=label,
        contact=contact,
        about=site_about,
    )


def correction_notes(claim: Claim, lang: str) -> tuple[CorrectionNote, ...]:
    """A claim's corrections, oldest first, as the briefing shows them."""
    return tuple(CorrectionNote(format_date(c.date, lang), c.note[lang]) for c in claim.corrections)


def pinned_notice(ref: Reference, lang: str) -> str | None:
    """For an earlier version cited on purpose: a sentence saying so, and how the current text differs."""
    if not ref.pinned or ref.is_current:
        return None
    change = ref.change_to_current
    if change is None:
        return t("pinned.unchanged", lang, old=ref.version.label)
    if change.new_clause is None:
        return t("pinned.removed", lang, old=ref.version.label, new=change.later_version.label)
    return t("pinned.notice", lang, old=ref.version.label, new=change.later_version.label)
