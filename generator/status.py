"""Status: what still needs an editor, per topic and per language.

`validate` judges; `status` only reports, and always exits 0. Checks on single files (texts,
placeholders, drafts, review dates) read the raw YAML, so they still work when some file has
errors; stale references and laws not in force come from the validator's warnings; coverage
(uncited articles and documents, claims citing no regulation) needs the model, so it is
skipped, and said to be, while the content has errors.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from pydantic import BaseModel

from . import schema
from .diagnostics import Diagnostic, display_path
from .history import History, read_history
from .load import LoadedContent, SourceFile, load_content, position_of
from .model import ContentModel
from .output import today as current_date
from .validate import check_loaded

TRANSLATION_LAG_DAYS = 30
"""A text counts as outdated when the other language changed more than this many days later."""

KINDS: dict[str, str] = {
    # the validator's warnings first, then gaps that validate does not report
    "stale-reference": "references pinned to a version whose clause changed later",
    "not-in-force": "regulations not in force on the claim's asserted_on date",
    "missing-translation": "texts lacking a language",
    "empty-translation": "empty texts",
    "placeholder": "values still holding placeholder text (TODO, …) from a skeleton",
    "untranslated": "texts identical in both languages (one is probably not translated)",
    "outdated-translation": f"texts whose other language changed more than {TRANSLATION_LAG_DAYS} days later",
    "review-overdue": "claims not reviewed for more than {days} days (withdrawn claims excepted)",
    "draft": "draft claims, left out of the site and briefings",
    "no-regulation": "published claims citing no regulation",
    "uncited-article": "articles of current regulations cited by no published claim",
    "uncited-document": "documents cited by no claim",
}
"""Every kind of gap `status` reports, in report order (warnings first), with a heading for each."""

TRANSLATION_KINDS = ("missing-translation", "empty-translation", "placeholder", "outdated-translation")
NO_TOPIC = "(no topic)"
_PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|FIXME)\b|^[\s.…?_-]*$")
_FILE_TYPES: dict[str, Any] = {"site": schema.SiteFile, "topics": list[schema.Topic],
                               "document": schema.DocumentFile, "claim": schema.ClaimFile}


@dataclass(frozen=True)
class Item:
    """One thing an editor should look at."""

    kind: str
    file: str
    line: int
    column: int
    topic: str | None
    language: str | None
    subject: str  # "claim 'x'", "document 'y'", "topic 'z'", "site.yml"
    field: str | None  # "evidence[1].note", when the item is about one field
    detail: str


@dataclass
class Report:
    content: str
    date: dt.date
    older_than: int
    errors: int
    warnings: int
    history: str
    topics: list[str]
    languages: tuple[str, ...]
    items: list[Item] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    error_lines: list[str] = field(default_factory=list)  # the validator's errors, to list before anything else


def gather_status(content_dir: Path, older_than: int, today: dt.date | None = None) -> Report:
    today = today or current_date()
    loaded = load_content(content_dir)
    result = check_loaded(loaded)
    errors = sum(d.severity == "error" for d in result.diagnostics)
    sources = [("site", loaded.site), ("topics", loaded.topics)] + [("document", s) for s in loaded.documents] \
        + [("claim", s) for s in loaded.claims]
    files = [(kind, source) for kind, source in sources if source is not None]
    history = read_history(content_dir, [source.path for _, source in files])
    topics = _topic_ids(loaded)
    report = Report(display_path(content_dir), today, older_than, errors, len(result.diagnostics) - errors,
                    history.note, topics, _languages(loaded),
                    error_lines=[d.format() for d in result.diagnostics if d.severity == "error"])
    for kind, source in files:
        report.items.extend(text_items(kind, source, history, today))
    report.items.extend(claim_items(loaded, today, older_than))
    report.items.extend(warning_items(loaded, result.diagnostics))
    if result.model is not None:
        report.items.extend(coverage_items(loaded, result.model))
    else:
        report.skipped.append(f"uncited articles and documents, claims citing no regulation: the content has "
                              f"{errors} error{'s' * (errors != 1)}; run `python -m generator validate` first")
    order = list(KINDS)
    report.items.sort(key=lambda i: (order.index(i.kind), i.file, i.line, i.column, i.language or ""))
    return report


# --- texts -----------------------------------------------------------------------------------


def text_items(kind: str, source: SourceFile, history: History, today: dt.date) -> Iterator[Item]:
    """Missing, empty, placeholder, untranslated and outdated texts in one file."""
    subject, topic = describe_file(kind, source)
    path = display_path(source.path)

    def item(code: str, loc: tuple[Any, ...], lang: str | None, detail: str, owner: str | None = None) -> Item:
        line, col = position_of(source.data, loc)
        where = _field_name(loc[:-1] if lang else loc)
        return Item(code, path, line, col, owner or topic, lang, subject, where, detail)

    for loc, value, localised in walk_values(_FILE_TYPES[kind], source.data):
        owner = _topic_at(source.data, loc) if kind == "topics" else None
        if not localised:
            if isinstance(value, str) and _PLACEHOLDER.search(value):
                yield item("placeholder", loc, None, f"still a placeholder: {_short(value)}", owner)
            continue
        texts: dict[str, str] = {}
        for lang in schema.LANGUAGES:
            text = value.get(lang) if lang in value else None
            if lang not in value:
                yield item("missing-translation", loc + (lang,), lang, f"no {_language(lang)} text", owner)
            elif text is None or (isinstance(text, str) and not text.strip()):
                yield item("empty-translation", loc + (lang,), lang, f"the {_language(lang)} text is empty", owner)
            elif isinstance(text, str) and _PLACEHOLDER.search(text):
                yield item("placeholder", loc + (lang,), lang, f"still a placeholder: {_short(text)}", owner)
            elif isinstance(text, str):
                texts[lang] = text
        if len(texts) == 2 and _words(texts["id"]) == _words(texts["en"]) and len(_words(texts["en"])) >= 5:
            yield item("untranslated", loc, None, f"the same text in both languages: {_short(texts['en'])}", owner)
        yield from _outdated(item, source.path, loc, texts, history, today, owner)


def _outdated(item: Callable[..., Item], path: Path, loc: tuple[Any, ...], texts: dict[str, str], history: History,
              today: dt.date, owner: str | None) -> Iterator[Item]:
    if len(texts) != 2 or not history.available:
        return
    changed = {lang: history.last_changed(path, loc + (lang,), text, today) for lang, text in texts.items()}
    if None in changed.values():
        return
    older, newer = sorted(changed, key=lambda lang: changed[lang])
    if (changed[newer] - changed[older]).days > TRANSLATION_LAG_DAYS:
        yield item("outdated-translation", loc + (older,), older,
                   f"the {_language(newer)} text changed on {changed[newer]}, the {_language(older)} text "
                   f"last on {changed[older]}; check the translation", owner)


def walk_values(annotation: Any, data: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any, bool]]:
    """(loc, value, is_localised) for every localised mapping and every other string in `data`.

    The walk follows the content format's types, so `id` means a language only inside a text.
    """
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, (schema.L10n, schema.L10nMarkdown)):
        if isinstance(data, dict):
            yield loc, data, True
        return
    if isinstance(data, dict):
        fields = annotation.model_fields if isinstance(annotation, type) and issubclass(annotation, BaseModel) else {}
        for key, value in data.items():
            yield from walk_values(fields[key].annotation if key in fields else Any, value, loc + (key,))
    elif isinstance(data, list):
        item_type = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else Any
        for index, value in enumerate(data):
            yield from walk_values(item_type, value, loc + (index,))
    elif isinstance(data, str):
        yield loc, data, False


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) in (typing.Annotated, typing.Union, types.UnionType):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


# --- claims ----------------------------------------------------------------------------------


def claim_items(loaded: LoadedContent, today: dt.date, older_than: int) -> Iterator[Item]:
    """Drafts and overdue reviews, from each claim's own file."""
    for source in loaded.claims:
        data = source.data if isinstance(source.data, dict) else {}
        subject, topic = describe_file("claim", source)
        path = display_path(source.path)
        if data.get("status") == "draft":
            line, col = position_of(data, ("status",))
            yield Item("draft", path, line, col, topic, None, subject, "status",
                       "a draft: not on the site or in briefings until its status is published")
        reviewed = _date(data.get("reviewed"))
        if reviewed and data.get("status") != "withdrawn" and (today - reviewed).days > older_than:
            line, col = position_of(data, ("reviewed",))
            yield Item("review-overdue", path, line, col, topic, None, subject, "reviewed",
                       f"last reviewed {reviewed}, {(today - reviewed).days} days ago")


def warning_items(loaded: LoadedContent, diagnostics: list[Diagnostic]) -> Iterator[Item]:
    """Stale references and laws not in force, as the validator found them (also amid errors)."""
    claims = {source.path: source for source in loaded.claims}
    for diagnostic in diagnostics:
        if diagnostic.code not in ("stale-reference", "not-in-force") or diagnostic.path not in claims:
            continue
        subject, topic = describe_file("claim", claims[diagnostic.path])
        detail = diagnostic.message.removeprefix(subject + " ")
        reference = detail.split(".ref", 1)[0] + ".ref" if ".ref" in detail else None
        yield Item(diagnostic.code, display_path(diagnostic.path), diagnostic.line, diagnostic.col, topic, None,
                   subject, reference, detail.removeprefix(f"{reference} ") if reference else detail)


def coverage_items(loaded: LoadedContent, content: ContentModel) -> Iterator[Item]:
    """Claims citing no regulation, regulation articles and documents nobody cites (valid content only)."""
    claims = {source.path: source for source in loaded.claims}
    documents = {s.data["id"]: s for s in loaded.documents if isinstance(s.data, dict) and "id" in s.data}
    for claim in content.claims_without_regulation():
        source = claims[claim.source]
        line, col = position_of(source.data, ("regulations",) if "regulations" in source.data else ())
        yield Item("no-regulation", display_path(source.path), line, col, claim.topic_id, None, f"claim '{claim.id}'",
                   "regulations", "cites no regulation; add the articles that govern it under `regulations`")
    for clause in content.uncited_articles():
        source, document = documents[clause.document_id], content.documents_by_id[clause.document_id]
        index = [c.id for c in document.current.clauses].index(clause.id)
        line, col = position_of(source.data, ("versions", len(document.versions) - 1, "clauses", index, "id"))
        label = f" ({clause.number})" if clause.number else ""
        yield Item("uncited-article", display_path(source.path), line, col, None, None, f"document '{clause.document_id}'",
                   None, f"{clause.key}{label} is cited by no published claim")
    cited = {ref.document.id for claim in content.claims for ref in claim.references}
    for document in content.documents:
        if document.id not in cited:
            source = documents[document.id]
            line, col = position_of(source.data, ("id",))
            yield Item("uncited-document", display_path(source.path), line, col, None, None, f"document '{document.id}'",
                       None, "no claim cites it; cite it or remove the file")


# --- naming ----------------------------------------------------------------------------------


def describe_file(kind: str, source: SourceFile) -> tuple[str, str | None]:
    """How to name a file's subject, and its topic (claims only)."""
    data = source.data if isinstance(source.data, dict) else {}
    ident = data.get("id") if isinstance(data.get("id"), str) else source.path.stem
    if kind == "claim":
        topic = data.get("topic")
        if isinstance(topic, list) and topic:  # several topics: the first is the primary one
            topic = topic[0]
        return f"claim '{ident}'", topic if isinstance(topic, str) else None
    if kind == "document":
        return f"document '{ident}'", None
    return f"{kind}.yml", None


def _topic_at(data: Any, loc: tuple[Any, ...]) -> str | None:
    if loc and isinstance(data, list) and isinstance(loc[0], int) and isinstance(data[loc[0]], dict):
        topic = data[loc[0]].get("id")
        return topic if isinstance(topic, str) else None
    return None


def _topic_ids(loaded: LoadedContent) -> list[str]:
    data = loaded.topics.data if loaded.topics else None
    ids = [t["id"] for t in data if isinstance(t, dict) and isinstance(t.get("id"), str)] if isinstance(data, list) else []
    for source in loaded.claims:
        topic = source.data.get("topic") if isinstance(source.data, dict) else None
        if isinstance(topic, str) and topic not in ids:
            ids.append(topic)
    return ids


def _languages(loaded: LoadedContent) -> tuple[str, ...]:
    data = loaded.site.data if loaded.site else None
    languages = data.get("languages") if isinstance(data, dict) else None
    if isinstance(languages, list) and sorted(map(str, languages)) == sorted(schema.LANGUAGES):
        return tuple(map(str, languages))
    return schema.LANGUAGES


def _field_name(loc: tuple[Any, ...]) -> str | None:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _words(text: str) -> list[str]:
    return text.split()


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return json.dumps(text if len(text) <= limit else text[: limit - 1] + "…", ensure_ascii=False)


def _language(code: str) -> str:
    return {"id": "Indonesian", "en": "English"}.get(code, code)
