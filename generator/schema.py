"""The content format of SPEC §1, declared once with pydantic.

These classes check shapes, types, required and unknown keys and single-value rules
(patterns, dates, URLs, raw HTML), and they also produce the JSON Schema that editors use.
Rules that span files (references, unique ids, quotes) live in `validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, TypeAdapter,
                      WithJsonSchema)
from pydantic_core import PydanticCustomError

from . import markup

LANGUAGES = ("id", "en")
"""The languages v1 supports; site.yml lists them in either order."""

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
VERSION_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
URL_PATTERN = r'^https?://[^\s<>"]+$'
HTTPS_URL_PATTERN = r'^https://[^\s<>"]+$'
CONTACT_PATTERN = r'^(?:https://[^\s<>"]+|mailto:[^\s<>"@]+@[^\s<>"@]+)$'
REFERENCE_PATTERN = re.compile(r"^(?P<document>[a-z0-9]+(?:-[a-z0-9]+)*)(?:@(?P<version>[A-Za-z0-9][A-Za-z0-9._-]*))?#(?P<clause>[a-z0-9]+(?:-[a-z0-9]+)*)$")
# Patterns in the JSON Schemas must mean the same in Python and in an editor's JavaScript
# (`new RegExp(p, "u")`): no named groups, no escapes that the `u` flag refuses.
REFERENCE_SCHEMA_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:@[A-Za-z0-9][A-Za-z0-9._-]*)?#[a-z0-9]+(?:-[a-z0-9]+)*$"
NOT_BLANK_PATTERN = r"\S"

def _check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty_text", "text is empty; write the text or remove the field")
    return value


def _check_markdown(value: str) -> str:
    """What the sanitiser would drop is an error here: the same decision, made by `markup`."""
    _check_text(value)
    for dropped in markup.audit_markdown(value)[:1]:
        raise PydanticCustomError(dropped.code.replace("-", "_"), dropped.code, {"detail": dropped.detail[:80]})
    return value


def _check_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("invalid_date", "expected a date YYYY-MM-DD, got a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("invalid_date", "expected an ISO date YYYY-MM-DD, got '{value}'", {"value": str(value)[:40]})


def _check_version_label(value: Any) -> Any:
    if not isinstance(value, str):
        shown = value.isoformat() if isinstance(value, dt.date) else value
        raise PydanticCustomError(
            "invalid_version_label", "version label must be a quoted string: write \"{shown}\" in quotes",
            {"shown": str(shown)[:40]})
    return value


# The pattern is only for editors' schema checks: a blank text is an error there too.
Text = Annotated[str, Field(min_length=1, json_schema_extra={"pattern": NOT_BLANK_PATTERN}), AfterValidator(_check_text)]
MarkdownText = Annotated[str, Field(json_schema_extra={"pattern": NOT_BLANK_PATTERN}), AfterValidator(_check_markdown)]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
# pydantic leaves the pattern out of the JSON Schema behind a BeforeValidator: name it for editors.
VersionLabel = Annotated[str, BeforeValidator(_check_version_label), StringConstraints(pattern=VERSION_PATTERN),
                         Field(json_schema_extra={"pattern": VERSION_PATTERN})]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN)]
HttpsUrl = Annotated[str, StringConstraints(pattern=HTTPS_URL_PATTERN)]
ContactUrl = Annotated[str, StringConstraints(pattern=CONTACT_PATTERN)]
Date = Annotated[dt.date, BeforeValidator(_check_date)]
Reference = Annotated[str, Field(
    description="DOC[@VERSION]#CLAUSE; without @VERSION the current version",
    # Only for editors: `validate` checks the syntax itself, with a more helpful message.
    json_schema_extra={"pattern": REFERENCE_SCHEMA_PATTERN})]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class L10n(Strict):
    """A text in each site language."""

    id: Text
    en: Text

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class L10nMarkdown(Strict):
    """A Markdown text in each site language (paragraphs, emphasis, lists, links; no raw HTML)."""

    id: MarkdownText
    en: MarkdownText

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class Publisher(Strict):
    name: Text
    url: Url


class SiteFile(Strict):
    """content/site.yml: the site's identity."""

    title: L10n
    description: L10n
    publisher: Publisher
    languages: list[Literal["id", "en"]] = Field(description="first is the default language, served at /")
    url: Optional[HttpsUrl] = Field(
        None, description="absolute https URL where the site is published; takes precedence over mkdocs.yml site_url")
    contact: Optional[ContactUrl] = Field(None, description="a mailto: or https URL where readers report an error")
    about: Optional[L10nMarkdown] = Field(None, description="who publishes, how the work is funded and done")


class Topic(Strict):
    id: Id
    title: L10n
    summary: L10nMarkdown


class Clause(Strict):
    id: Id
    number: Optional[Text] = Field(None, description="display label, e.g. 'Pasal 26 ayat (1)'")
    heading: L10n
    text: Optional[Text] = Field(None, description="verbatim excerpt in the document's original language")
    summary: L10nMarkdown


class Version(Strict):
    version: VersionLabel
    effective: Optional[Date] = Field(None, description="required for documents of kind regulation")
    url: Url
    archived_url: Optional[Url] = None
    retrieved: Date
    clauses: list[Clause] = Field(min_length=1)


DocumentKind = Literal["company-policy", "terms", "statement", "regulation", "news", "other"]


class DocumentFile(Strict):
    """content/documents/*.yml: anything a claim can cite."""

    id: Id
    kind: DocumentKind
    title: L10n
    publisher: Text
    original_language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")]
    repealed: Optional[Date] = Field(None, description="for a revoked regulation: no version in force from this date on")
    versions: list[Version] = Field(min_length=1, description="oldest first; the last one is the current version")


PINNED_DESCRIPTION = "true: this version is cited on purpose (e.g. to compare it with a later one); never stale"


class Citation(Strict):
    ref: Reference
    quote: Optional[Text] = Field(None, description="must occur in the cited clause's text")
    note: L10nMarkdown
    pinned: bool = Field(False, description=PINNED_DESCRIPTION)


class Assertion(Strict):
    ref: Reference
    quote: Optional[Text] = None
    note: Optional[L10nMarkdown] = None
    pinned: bool = Field(False, description=PINNED_DESCRIPTION)


Rating = Literal["supported", "partly-supported", "unsupported", "contradicted", "unverifiable"]
RATINGS: tuple[str, ...] = Rating.__args__  # type: ignore[attr-defined]
Status = Literal["draft", "published", "withdrawn"]


class Assessment(Strict):
    rating: Rating
    summary: L10nMarkdown


class Withdrawal(Strict):
    date: Date
    reason: L10nMarkdown
    replaced_by: Optional[Id] = Field(None, description="id of the published claim that replaces this one")


class Correction(Strict):
    date: Date
    note: L10nMarkdown = Field(description="what was corrected after publication")


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


TopicIds = Annotated[
    list[Id], BeforeValidator(_one_or_many), Field(min_length=1),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": ID_PATTERN},
                              {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}, "minItems": 1}],
                    "description": "a topics.yml id, or a list of them; the first is the primary topic"}),
]


class ClaimFile(Strict):
    """content/claims/**/*.yml: one assertion and how it holds up."""

    id: Id
    topic: TopicIds
    status: Status
    claim: L10n
    claimant: Text
    asserted_on: Optional[Date] = None
    asserted_in: list[Assertion] = Field(min_length=1)
    assessment: Assessment
    evidence: list[Citation] = Field(min_length=1)
    regulations: list[Citation] = Field(default_factory=list)
    questions: list[L10n] = Field(default_factory=list)
    reviewed: Date
    corrections: list[Correction] = Field(default_factory=list, description="oldest first")
    withdrawal: Optional[Withdrawal] = Field(None, description="required when status is withdrawn, and only then")
    editor_note: Optional[str] = Field(None, description="for editors only; never published anywhere")


TopicsFile = Annotated[list[Topic], Field(min_length=1, description="content/topics.yml: topics in display order")]

FILE_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "site": TypeAdapter(SiteFile),
    "topics": TypeAdapter(TopicsFile),
    "document": TypeAdapter(DocumentFile),
    "claim": TypeAdapter(ClaimFile),
}
"""One validator per kind of content file; also the source of the JSON Schemas."""

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES = {"site": "site.schema.json", "topics": "topics.schema.json",
                "document": "document.schema.json", "claim": "claim.schema.json", None: "content.schema.json"}
"""Where `python -m generator schema --all` writes each schema (generator/schema/ in the repo)."""


def json_schema(kind: str | None = None, completions: Completions | None = None) -> dict[str, Any]:
    """The JSON Schema of one kind of content file, or of any content file when kind is None.

    With `completions` (from the content), `topic` and `ref` fields list the existing ids as
    `examples`: editors offer them as completions, and a new id is not flagged as an error.
    """
    if kind is None:
        adapter: TypeAdapter[Any] = TypeAdapter(Union[ClaimFile, DocumentFile, SiteFile, TopicsFile])
        title = "Policy explainer content file"
    else:
        adapter = FILE_ADAPTERS[kind]
        title = f"Policy explainer {kind} file"
    result = adapter.json_schema()
    if completions is not None:
        _add_examples(result, completions)
    return {**result, "$schema": SCHEMA_DIALECT, "title": title}


@dataclass(frozen=True)
class Completions:
    """Ids from the content that editors may complete: topic ids and references to clauses."""

    topics: tuple[str, ...]
    references: tuple[str, ...]


def _add_examples(node: Any, completions: Completions) -> None:
    if isinstance(node, list):
        for item in node:
            _add_examples(item, completions)
        return
    if not isinstance(node, dict):
        return
    properties = node.get("properties", {})
    if "claimant" in properties and "topic" in properties and completions.topics:
        properties["topic"]["examples"] = list(completions.topics)
    if "ref" in properties and completions.references:
        properties["ref"]["examples"] = list(completions.references)
    for value in node.values():
        _add_examples(value, completions)
