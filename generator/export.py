"""Export: the model as one JSON document, with every derived link spelled out.

Key order is sorted and lists keep the model's order, so the same content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from . import schema
from .model import Claim, ContentModel, Document, Reference, Version

EXPORT_FORMAT = 1


def export_content(content: ContentModel, drafts: bool = False) -> str:
    """All public content (published and withdrawn claims; drafts on request) as JSON text."""
    claims = content.page_claims(drafts)
    data = {
        "format": EXPORT_FORMAT,
        "fingerprint": content.fingerprint,
        "content_date": content.content_date.isoformat(),
        "site": {
            "title": _l10n(content.site.title),
            "description": _l10n(content.site.description),
            "publisher": {"name": content.site.publisher_name, "url": content.site.publisher_url},
            "languages": list(content.site.languages),
            "url": content.site.url,
            "contact": content.site.contact,
            "about": _l10n(content.site.about),
        },
        "topics": [
            {"id": t.id, "title": _l10n(t.title), "summary": _l10n(t.summary),
             "claims": [c.id for c in content.claims_of_topic(t.id, drafts)]}
            for t in content.topics
        ],
        "documents": [_document(content, d, drafts) for d in content.documents],
        "claims": [_claim(c) for c in claims],
        "gaps": {
            "uncited_articles": [c.key for c in content.uncited_articles(drafts)],
            "claims_without_regulation": [c.id for c in content.claims_without_regulation(drafts)],
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _l10n(text: Any) -> dict[str, str] | None:
    return None if text is None else {lang: text[lang] for lang in schema.LANGUAGES}


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _document(content: ContentModel, document: Document, drafts: bool) -> dict[str, Any]:
    return {
        "id": document.id, "kind": document.kind, "title": _l10n(document.title), "publisher": document.publisher,
        "original_language": document.original_language, "repealed": _date(document.repealed),
        "current_version": document.current.label,
        "versions": [_version(content, document, v, drafts) for v in document.versions],
    }


def _version(content: ContentModel, document: Document, version: Version, drafts: bool) -> dict[str, Any]:
    start, end = document.in_force_window(version)
    return {
        "version": version.label, "effective": _date(version.effective), "url": version.url,
        "archived_url": version.archived_url, "retrieved": _date(version.retrieved),
        "in_force": {"from": _date(start), "until": _date(end)} if document.is_regulation else None,
        "clauses": [
            {"id": c.id, "key": c.key, "number": c.number, "heading": _l10n(c.heading), "text": c.text,
             "summary": _l10n(c.summary),
             "cited_by": [{"claim": claim.id, "role": ref.role} for claim, ref in content.citations(c, drafts)]}
            for c in version.clauses
        ],
        "changes": [{"kind": ch.kind, "clause": ch.clause_id} for ch in content.changes(document, version)],
    }


def _reference(ref: Reference) -> dict[str, Any]:
    return {
        "ref": ref.raw, "key": ref.clause.key, "document": ref.document.id, "version": ref.version.label,
        "clause": ref.clause.id, "versioned": ref.versioned, "pinned": ref.pinned, "current": ref.is_current, "quote": ref.quote,
        "note": _l10n(ref.note), "in_force_on_assertion": ref.in_force,
        "stale": None if ref.stale is None else {
            "later_version": ref.stale.later_version.label,
            "old_text": ref.clause.text,
            "new_text": ref.stale.new_text,
            "removed": ref.stale.new_clause is None,
        },
        "change_to_current": None if (change := ref.change_to_current) is None else {
            "later_version": change.later_version.label,
            "new_text": change.new_text,
            "removed": change.new_clause is None,
        },
    }


def _claim(claim: Claim) -> dict[str, Any]:
    # editor_note is left out on purpose: it is never published (SPEC §4).
    return {
        "id": claim.id, "topic": claim.topic_id, "topics": list(claim.topic_ids), "status": claim.status,
        "claim": _l10n(claim.claim),
        "claimant": claim.claimant, "asserted_on": _date(claim.asserted_on),
        "asserted_in": [_reference(r) for r in claim.asserted_in],
        "assessment": {"rating": claim.rating, "summary": _l10n(claim.assessment)},
        "evidence": [_reference(r) for r in claim.evidence],
        "regulations": [_reference(r) for r in claim.regulations],
        "questions": [_l10n(q) for q in claim.questions],
        "reviewed": _date(claim.reviewed),
        "corrections": [{"date": _date(c.date), "note": _l10n(c.note)} for c in claim.corrections],
        "withdrawal": None if claim.withdrawal is None else {
            "date": _date(claim.withdrawal.date), "reason": _l10n(claim.withdrawal.reason),
            "replaced_by": claim.withdrawal.replaced_by,
        },
        "needs_review": bool(claim.stale_references),
        "path": f"claims/{claim.id}/",
    }
