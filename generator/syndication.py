"""What the site tells machines and other sites: the editorial record (publications, corrections,
withdrawals) as events, the Atom feed, robots.txt and schema.org ClaimReview JSON-LD.

Pure: no MkDocs, no files written. Every output depends only on the model (never on the clock),
so the same content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from .i18n import t
from .markup import markdown_to_html
from .model import Claim, ContentModel
from .schema import L10nMarkdown

EventKind = Literal["published", "corrected", "withdrawn"]
_KIND_ORDER = {"withdrawn": 0, "corrected": 1, "published": 2}

RATING_SCALE = {"supported": 4, "partly-supported": 3, "unsupported": 2, "contradicted": 1}
"""ClaimReview ratingValue, best 4 to worst 1. "unverifiable" is not on the scale: it says nothing
about how true a claim is, so ranking it below "contradicted" would misinform (it stays unrated)."""


@dataclass(frozen=True)
class Event:
    """One entry of the editorial record: a claim published, corrected or withdrawn on a date."""

    kind: EventKind
    date: dt.date
    claim: Claim
    note: L10nMarkdown | None  # the correction note or the withdrawal reason
    index: int = 0  # which correction (0-based)

    @property
    def anchor(self) -> str:
        return {"published": "", "corrected": f"correction-{self.index + 1}", "withdrawn": "withdrawal"}[self.kind]


def editorial_events(model: ContentModel, drafts: bool = False, kinds: tuple[EventKind, ...] = ("published", "corrected", "withdrawn")) -> list[Event]:
    """Every publication, correction and withdrawal of a claim with a page, newest first.

    A withdrawn claim has no "published" entry: it would advertise a rating that no longer stands.
    Ties are broken by claim id, then withdrawal before correction before publication.
    """
    events: list[Event] = []
    for claim in model.page_claims(drafts):
        if claim.withdrawal is None:
            events.append(Event("published", claim.reviewed, claim, None))
        events += [Event("corrected", c.date, claim, c.note, i) for i, c in enumerate(claim.corrections)]
        if claim.withdrawal is not None:
            events.append(Event("withdrawn", claim.withdrawal.date, claim, claim.withdrawal.reason))
    chosen = [e for e in events if e.kind in kinds]
    return sorted(chosen, key=lambda e: (-e.date.toordinal(), e.claim.id, _KIND_ORDER[e.kind], -e.index))


# --- Atom --------------------------------------------------------------------------------------


def _timestamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _tag(model: ContentModel, date: dt.date, specific: str) -> str:
    """A tag: URI (RFC 4151) from the publisher's domain: an entry id that survives a move of the site."""
    host = urlsplit(model.site.publisher_url).hostname or "localhost"
    return f"tag:{host},{date.isoformat()}:{specific}"


def atom_feed(model: ContentModel, lang: str, base_url: str | None, drafts: bool = False) -> str:
    """The Atom feed of one language: claims published, corrected or withdrawn, newest first.

    `base_url` is the absolute URL of this language's root; without one, links are relative to
    the feed (which sits at that root).
    """
    base = base_url.rstrip("/") + "/" if base_url else ""
    events = editorial_events(model, drafts)
    # Ids never change: the feed's own URL, else a tag from the earliest review of any claim.
    feed_id = base + "feed.xml" if base else _tag(model, min((c.reviewed for c in model.claims), default=dt.date(2000, 1, 1)), f"{lang}/feed")
    updated = max((e.date for e in events), default=model.content_date)
    title = f"{model.site.title[lang]} — {t('feed.title', lang)}"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(lang)}>',
        f"  <title>{escape(title)}</title>",
        f"  <subtitle>{escape(t('feed.subtitle', lang))}</subtitle>",
        f"  <id>{escape(feed_id)}</id>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(base + "feed.xml")}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(base or "./")}/>',
        f"  <updated>{_timestamp(updated)}</updated>",
        f"  <author><name>{escape(model.site.publisher_name)}</name><uri>{escape(model.site.publisher_url)}</uri></author>",
    ]
    for event in events:
        claim = event.claim
        link = f"{base}claims/{claim.id}/" + (f"#{event.anchor}" if event.anchor else "")
        if event.kind == "published":
            summary_html = f"<p><strong>{escape(t(f'rating.{claim.rating}', lang))}</strong></p>"
            summary_html += markdown_to_html(claim.assessment[lang])
        else:
            summary_html = markdown_to_html(event.note[lang]) if event.note else ""
        entry_title = f"{t(f'feed.kind.{event.kind}', lang)}: {claim.claim[lang].strip()}"
        specific = f"{lang}/claims/{claim.id}/{event.kind}" + (f"/{event.index + 1}" if event.kind == "corrected" else "")
        lines += [
            "  <entry>",
            f"    <title>{escape(entry_title)}</title>",
            f"    <id>{escape(_tag(model, event.date, specific))}</id>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
            f"    <updated>{_timestamp(event.date)}</updated>",
            f'    <category term={quoteattr(event.kind)} label={quoteattr(t(f"feed.kind.{event.kind}", lang))}/>',
            f'    <summary type="html">{escape(summary_html)}</summary>',
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


# --- robots.txt --------------------------------------------------------------------------------


def robots_txt(language_roots: list[str | None]) -> str:
    """Everything may be crawled; the sitemap of every language, when the site's URL is known."""
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Sitemap: {root.rstrip('/')}/sitemap.xml" for root in language_roots if root]
    return "\n".join(lines) + "\n"


# --- schema.org ClaimReview ----------------------------------------------------------------------


def claim_review(model: ContentModel, lang: str, claim: Claim, permalink: str | None,
                 about_url: str | None = None) -> dict[str, Any] | None:
    """schema.org ClaimReview: what was claimed, by whom, where and when it appeared, and the rating.

    None for a withdrawn claim: its rating no longer stands, so nothing machine-readable repeats it.
    """
    if claim.status == "withdrawn":
        return None
    publisher = {"@type": "Organization", "name": model.site.publisher_name, "url": model.site.publisher_url}
    appearance = []
    for ref in claim.asserted_in:
        work: dict[str, Any] = {"@type": "CreativeWork", "url": ref.version.url, "name": ref.document.title[lang],
                                "author": {"@type": "Organization", "name": ref.document.publisher}}
        if ref.version.archived_url:
            work["archivedAt"] = ref.version.archived_url
        if claim.asserted_on:  # when the statement was made, never when our copy was retrieved
            work["datePublished"] = claim.asserted_on.isoformat()
        appearance.append(work)
    item: dict[str, Any] = {"@type": "Claim", "author": {"@type": "Organization", "name": claim.claimant},
                            "appearance": appearance}
    if claim.asserted_on:
        item["datePublished"] = claim.asserted_on.isoformat()
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": t(f"rating.{claim.rating}", lang)}
    if claim.rating in RATING_SCALE:
        rating.update(ratingValue=RATING_SCALE[claim.rating], bestRating=max(RATING_SCALE.values()),
                      worstRating=min(RATING_SCALE.values()))
    if about_url:
        rating["url"] = f"{about_url}#rating-{claim.rating}"
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ClaimReview", "inLanguage": lang,
        "claimReviewed": claim.claim[lang], "datePublished": claim.reviewed.isoformat(),
        "author": publisher, "publisher": publisher, "itemReviewed": item, "reviewRating": rating,
    }
    if claim.last_corrected:
        data["dateModified"] = claim.modified.isoformat()
    if permalink:
        data["url"] = permalink
    return data

