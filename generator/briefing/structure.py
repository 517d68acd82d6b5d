"""The briefing as one format-neutral structure, built once from the model in one language.

Every text a reader sees is resolved here (content in the briefing's language, UI labels by
key, dates spelled out), so the writers (HTML/PDF, DOCX, Markdown) only lay it out. Fields
marked *Markdown* hold content Markdown, which each writer renders in its own way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from typing import Sequence

from ..i18n import t
from ..model import Claim, ContentModel
from ..output import source_date
from ..schema import RATINGS
from .appendices import Appendices, build_appendices
from .entries import CitedClause, ClaimEntry, KeyClauses, Markdown, Review, claim_entry
from .method import Method, build_method
from .naming import Link, format_date
from .since import ChangeList, Scope, build_change_list, in_scope

__all__ = ["Briefing", "CitedClause", "ClaimEntry", "Cover", "Heading", "KeyClauses", "RatingCount", "Review",
           "Scope", "TopicSection", "build_briefing", "claim_entry", "content_digest"]


@dataclass(frozen=True)
class TopicSection:
    id: str
    number: str
    anchor: str
    title: str
    summary: Markdown
    claims: tuple[ClaimEntry, ...]


@dataclass(frozen=True)
class RatingCount:
    rating: str
    label: str
    count: int


@dataclass(frozen=True)
class Cover:
    site_title: str
    subtitle: str
    language: str
    publisher: Link
    content_date: str
    fingerprint: str
    rating_counts: tuple[RatingCount, ...]
    total: int
    topics: tuple[str, ...]
    drafts: bool
    scope: tuple[str, ...] = ()  # what this briefing is limited to (claimant, since...), as sentences


@dataclass(frozen=True)
class Heading:
    """One entry of the table of contents (level 1: sections and appendices, 2: claims)."""

    level: int
    number: str
    text: str
    anchor: str


@dataclass(frozen=True)
class Briefing:
    lang: str
    title: str  # "<site title> — <Regulator briefing>": document metadata and running header
    created: dt.datetime  # SOURCE_DATE_EPOCH, else the content date: metadata timestamps
    fingerprint: str  # of what this briefing shows (`content_digest`), not of the whole content
    cover: Cover
    summary: tuple[ClaimEntry, ...]
    sections: tuple[TopicSection, ...]
    appendices: Appendices
    method: Method | None = None  # rating definitions and method, before the summary
    changes: ChangeList | None = None  # a since-briefing opens with what changed

    @property
    def outline(self) -> tuple[Heading, ...]:
        entries = [Heading(1, "", self.changes.title, self.changes.anchor)] if self.changes else []
        if self.method:
            entries.append(Heading(1, "", self.method.title, self.method.anchor))
        entries.append(Heading(1, "", t("briefing.summary", self.lang), "summary"))
        for section in self.sections:
            entries.append(Heading(1, section.number, section.title, section.anchor))
            entries.extend(Heading(2, c.number, c.text, c.anchor) for c in section.claims)
        entries.extend(Heading(1, "", a.title, a.anchor) for a in self.appendices.all)
        return tuple(entries)


def build_briefing(model: ContentModel, lang: str, topics: Sequence[str] = (), drafts: bool = False,
                   claimants: Sequence[str] = (), since: dt.date | None = None) -> Briefing:
    """The briefing of `model` in `lang`: listed claims (drafts on request) of `topics` (all when empty),
    of `claimants` (any when empty), reviewed or corrected on or after `since` (see `since.py`)."""
    if lang not in model.site.languages:
        raise ValueError(f"language {lang!r} is not one of the site's languages {model.site.languages}")
    unknown = [topic for topic in topics if topic not in model.topics_by_id]
    if unknown:
        raise ValueError(f"unknown topic(s): {', '.join(unknown)}")
    scope = Scope(tuple(topics), tuple(claimants), since)
    chosen = [topic for topic in model.topics if not topics or topic.id in topics]
    chosen_ids = [topic.id for topic in chosen]
    # A claim with several topics is written out once, under the first of them this briefing holds.
    homes = [(topic, [c for c in model.claims_of_topic(topic.id, drafts) if in_scope(c, scope)
                      and next(i for i in c.topic_ids if i in chosen_ids) == topic.id]) for topic in chosen]
    if claimants or since:  # a company's or a meeting's briefing: only the topics with something in them
        homes = [(topic, homed) for topic, homed in homes if homed]
    sections: list[TopicSection] = []
    shown: list[tuple[Claim, ClaimEntry]] = []
    for index, (topic, homed) in enumerate(homes, start=1):
        entries = []
        for position, claim in enumerate(homed, start=1):
            entry = claim_entry(claim, f"{index}.{position}", lang)
            entries.append(entry)
            shown.append((claim, entry))
        sections.append(TopicSection(topic.id, str(index), f"topic-{topic.id}", topic.title[lang],
                                     topic.summary[lang], tuple(entries)))

    reviewed = [claim.reviewed for claim, _ in shown]
    created = source_date(max(reviewed) if reviewed else (model.content_date if model.claims else None))
    content_date = max(reviewed) if reviewed else created.date()
    title = f"{model.site.title[lang]} — {t('briefing.title', lang)}"
    cover = Cover(
        site_title=model.site.title[lang],
        subtitle=t("briefing.title", lang),
        language=t(f"language.{lang}", lang),
        publisher=Link(model.site.publisher_name, model.site.publisher_url),
        content_date=format_date(content_date, lang),
        fingerprint="",  # set below, from what the briefing shows
        rating_counts=tuple(RatingCount(r, t(f"rating.{r}", lang), sum(c.rating == r for c, _ in shown))
                            for r in RATINGS),
        total=len(shown),
        topics=tuple(s.title for s in sections),
        drafts=any(claim.status == "draft" for claim, _ in shown),
        scope=scope.describe(model, lang),
    )
    method = build_method(model.site.about[lang] if model.site.about else None, model.site.contact, cover.publisher, lang)
    briefing = Briefing(lang, title, created, "", cover, tuple(e for _, e in shown), tuple(sections),
                        build_appendices(model, shown, lang, drafts), method,
                        build_change_list(model, scope, shown, lang))
    fingerprint = content_digest(briefing)[:12]
    return replace(briefing, fingerprint=fingerprint, cover=replace(cover, fingerprint=fingerprint))


def content_digest(briefing: Briefing) -> str:
    """SHA-256 of exactly what the briefing shows (every field, fingerprint left out), in hex.

    The briefing prints its first 12 digits as its fingerprint, so an edit to a claim that a
    briefing does not show leaves that briefing, and its cached files, unchanged.
    """
    blank = replace(briefing, fingerprint="", cover=replace(briefing.cover, fingerprint=""))
    return hashlib.sha256(repr(blank).encode("utf-8")).hexdigest()
