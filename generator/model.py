"""Model: the validated content as frozen, cross-linked objects.

Both the site and the briefing read only this. It is built after validation has passed, so
every reference here resolves; `build_model` never reports problems, it assumes there are none.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Literal, Mapping

from . import schema
from .schema import L10n, L10nMarkdown

Role = Literal["asserted_in", "evidence", "regulation"]


@dataclass(frozen=True)
class Site:
    title: L10n
    description: L10n
    publisher_name: str
    publisher_url: str
    languages: tuple[str, ...]
    url: str | None = None  # where the site is published (https); wins over mkdocs.yml site_url
    contact: str | None = None  # mailto: or https URL for reporting an error
    about: L10nMarkdown | None = None  # who publishes, how the work is funded and done

    @property
    def default_language(self) -> str:
        return self.languages[0]


@dataclass(frozen=True)
class Topic:
    id: str
    title: L10n
    summary: L10nMarkdown


@dataclass(frozen=True)
class Clause:
    document_id: str
    version_label: str
    id: str
    number: str | None
    heading: L10n
    text: str | None
    summary: L10nMarkdown

    @property
    def key(self) -> str:
        """The fully pinned reference to this clause: DOC@VERSION#CLAUSE."""
        return f"{self.document_id}@{self.version_label}#{self.id}"


@dataclass(frozen=True)
class Version:
    document_id: str
    label: str
    effective: dt.date | None
    url: str
    archived_url: str | None
    retrieved: dt.date
    clauses: tuple[Clause, ...]

    def clause(self, clause_id: str) -> Clause | None:
        return self._clauses_by_id.get(clause_id)

    @functools.cached_property
    def _clauses_by_id(self) -> Mapping[str, Clause]:
        # Every reference looks clauses up by id (10,000 claims, several references each).
        return {c.id: c for c in reversed(self.clauses)}  # with duplicate ids (invalid), the first wins


@dataclass(frozen=True)
class Document:
    id: str
    kind: str
    title: L10n
    publisher: str
    original_language: str
    repealed: dt.date | None
    versions: tuple[Version, ...]

    @property
    def current(self) -> Version:
        return self.versions[-1]

    @property
    def is_regulation(self) -> bool:
        return self.kind == "regulation"

    def version(self, label: str) -> Version | None:
        return next((v for v in self.versions if v.label == label), None)

    def in_force_window(self, version: Version) -> tuple[dt.date | None, dt.date | None]:
        """From the version's `effective` date until the next version's, and never past `repealed`."""
        index = self.versions.index(version)
        end = self.versions[index + 1].effective if index + 1 < len(self.versions) else None
        if self.repealed and (end is None or self.repealed < end):
            end = self.repealed
        return version.effective, end

    def is_in_force(self, version: Version, on: dt.date) -> bool:
        start, end = self.in_force_window(version)
        return (start is None or start <= on) and (end is None or on < end)


ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Change:
    """How one clause differs between a version and the one before it."""

    kind: ChangeKind
    clause_id: str
    old: Clause | None
    new: Clause | None


@dataclass(frozen=True)
class Staleness:
    """A clause cited at an older version whose text changed (or which disappeared) in a later version."""

    later_version: Version
    new_clause: Clause | None  # None: the clause is gone from the later version

    @property
    def new_text(self) -> str | None:
        return self.new_clause.text if self.new_clause else None


@dataclass(frozen=True)
class Reference:
    """A resolved DOC[@VERSION]#CLAUSE from a claim, with what was said about it."""

    role: Role
    raw: str
    document: Document
    version: Version
    clause: Clause
    versioned: bool  # the reference names a version explicitly (DOC@VERSION#CLAUSE)
    quote: str | None
    note: L10nMarkdown | None
    stale: Staleness | None = None
    in_force: bool | None = None  # regulations only, when the claim has asserted_on
    index: int = 0  # position in its list, for anchors and messages
    pinned: bool = False  # content's `pinned: true`: an earlier version cited on purpose, never stale

    @property
    def is_current(self) -> bool:
        return self.version is self.document.current

    @property
    def change_to_current(self) -> Staleness | None:
        """For a pinned reference to an older version: the current clause when its text differs (or it is gone)."""
        if not self.pinned or self.is_current:
            return None
        current = self.document.current.clause(self.clause.id)
        if current is not None and normalise_text(current.text) == normalise_text(self.clause.text):
            return None
        return Staleness(self.document.current, current)


@dataclass(frozen=True)
class Correction:
    date: dt.date
    note: L10nMarkdown


@dataclass(frozen=True)
class Withdrawal:
    date: dt.date
    reason: L10nMarkdown
    replaced_by: str | None


@dataclass(frozen=True)
class Claim:
    id: str
    topic_ids: tuple[str, ...]  # primary first
    status: str
    claim: L10n
    claimant: str
    asserted_on: dt.date | None
    asserted_in: tuple[Reference, ...]
    rating: str
    assessment: L10nMarkdown
    evidence: tuple[Reference, ...]
    regulations: tuple[Reference, ...]
    questions: tuple[L10n, ...]
    reviewed: dt.date
    source: Path
    corrections: tuple[Correction, ...] = ()  # oldest first
    withdrawal: Withdrawal | None = None
    editor_note: str | None = field(default=None, repr=False)  # never rendered anywhere

    @property
    def topic_id(self) -> str:
        """The primary topic."""
        return self.topic_ids[0]

    @property
    def last_corrected(self) -> dt.date | None:
        return self.corrections[-1].date if self.corrections else None

    @property
    def modified(self) -> dt.date:
        """The latest of the review and any correction: the date the claim's page last changed."""
        return max(self.reviewed, self.last_corrected or self.reviewed)

    @property
    def references(self) -> tuple[Reference, ...]:
        return self.asserted_in + self.evidence + self.regulations

    @property
    def stale_references(self) -> tuple[Reference, ...]:
        return tuple(r for r in self.references if r.stale)

    @property
    def fingerprint(self) -> str:
        """A short hash of the claim's source file: identifies exactly what was published."""
        return hashlib.sha256(self.source.read_bytes()).hexdigest()[:12]


Citation = tuple[Claim, Reference]


@dataclass(frozen=True)
class ContentModel:
    site: Site
    topics: tuple[Topic, ...]
    documents: tuple[Document, ...]  # sorted by id
    claims: tuple[Claim, ...]  # sorted by id, every status
    fingerprint: str  # short hash of every content file
    topics_by_id: Mapping[str, Topic] = field(repr=False)
    documents_by_id: Mapping[str, Document] = field(repr=False)
    claims_by_id: Mapping[str, Claim] = field(repr=False)
    backlinks: Mapping[str, tuple[Citation, ...]] = field(repr=False)  # Clause.key -> citations

    @property
    def content_date(self) -> dt.date:
        """The date of the content: the latest review of any claim (with no claims yet, the latest
        retrieval of any document version; with neither, the epoch)."""
        return max((c.reviewed for c in self.claims), default=None) or max(
            (v.retrieved for d in self.documents for v in d.versions if v.retrieved), default=dt.date(1970, 1, 1))

    def listed_claims(self, drafts: bool = False) -> tuple[Claim, ...]:
        """Claims that appear in lists and briefings: published ones (and drafts on request)."""
        return tuple(c for c in self.claims if c.status == "published" or (drafts and c.status == "draft"))

    def page_claims(self, drafts: bool = False) -> tuple[Claim, ...]:
        """Claims that get a page: listed ones plus withdrawn ones (permalinks never break)."""
        return tuple(c for c in self.claims if c.status != "draft" or drafts)

    def claims_of_topic(self, topic_id: str, drafts: bool = False) -> tuple[Claim, ...]:
        return tuple(c for c in self.listed_claims(drafts) if topic_id in c.topic_ids)

    def citations(self, clause: Clause, drafts: bool = False) -> tuple[Citation, ...]:
        """Claims citing this clause of this version (listed claims only)."""
        visible = set(c.id for c in self.listed_claims(drafts))
        return tuple(cit for cit in self.backlinks.get(clause.key, ()) if cit[0].id in visible)

    def changes(self, document: Document, version: Version) -> tuple[Change, ...]:
        """What changed in `version` against the version before it (empty for the first)."""
        index = document.versions.index(version)
        if index == 0:
            return ()
        return compare_versions(document.versions[index - 1], version)

    def uncited_articles(self, drafts: bool = False) -> tuple[Clause, ...]:
        """Clauses of current regulation versions that no listed claim cites."""
        cited = {r.clause.key for c in self.listed_claims(drafts) for r in c.regulations}
        return tuple(cl for d in self.documents if d.is_regulation for cl in d.current.clauses if cl.key not in cited)

    def claims_without_regulation(self, drafts: bool = False) -> tuple[Claim, ...]:
        return tuple(c for c in self.listed_claims(drafts) if not c.regulations)


def compare_versions(old: Version, new: Version) -> tuple[Change, ...]:
    """Clause-by-clause changes from `old` to `new`, in the new version's order, removals last."""
    changes: list[Change] = []
    for clause in new.clauses:
        before = old.clause(clause.id)
        if before is None:
            changes.append(Change("added", clause.id, None, clause))
        elif normalise_text(before.text) != normalise_text(clause.text):
            changes.append(Change("changed", clause.id, before, clause))
    changes.extend(Change("removed", c.id, c, None) for c in old.clauses if new.clause(c.id) is None)
    return tuple(changes)


def find_staleness(document: Document, version: Version, clause_id: str) -> Staleness | None:
    """The first later version in which the clause's text differs or the clause is gone."""
    clause = version.clause(clause_id)
    for later in document.versions[document.versions.index(version) + 1:]:
        newer = later.clause(clause_id)
        if newer is None or normalise_text(newer.text) != normalise_text(clause.text if clause else None):
            return Staleness(later, newer)
    return None


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_SPACE = re.compile(r"\s+")


def fold_quote_text(text: str) -> str:
    """SPEC §1 folding for quote matching: runs of white space → one space, typographic quotes → straight."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def normalise_text(text: str | None) -> str | None:
    return None if text is None else _SPACE.sub(" ", text).strip()


def parse_reference(raw: str) -> tuple[str, str | None, str] | None:
    """DOC[@VERSION]#CLAUSE → (doc, version or None, clause); None when malformed."""
    match = schema.REFERENCE_PATTERN.match(raw)
    return (match["document"], match["version"], match["clause"]) if match else None


def build_document(data: schema.DocumentFile) -> Document:
    versions = tuple(
        Version(
            document_id=data.id, label=v.version, effective=v.effective, url=v.url,
            archived_url=v.archived_url, retrieved=v.retrieved,
            clauses=tuple(Clause(data.id, v.version, c.id, c.number, c.heading, c.text, c.summary) for c in v.clauses),
        )
        for v in data.versions
    )
    return Document(data.id, data.kind, data.title, data.publisher, data.original_language, data.repealed, versions)


def resolve(documents: Mapping[str, Document], raw: str) -> tuple[Document, Version, Clause, bool]:
    """Resolve a reference known to be valid: (document, version, clause, versioned)."""
    parsed = parse_reference(raw)
    assert parsed is not None, raw
    doc_id, label, clause_id = parsed
    document = documents[doc_id]
    version = document.version(label) if label else document.current
    assert version is not None, raw
    clause = version.clause(clause_id)
    assert clause is not None, raw
    return document, version, clause, label is not None


def build_reference(documents: Mapping[str, Document], role: Role, index: int, item: schema.Citation | schema.Assertion,
                    asserted_on: dt.date | None) -> Reference:
    document, version, clause, versioned = resolve(documents, item.ref)
    stale = find_staleness(document, version, clause.id) if versioned and not item.pinned else None
    in_force = document.is_in_force(version, asserted_on) if role == "regulation" and asserted_on else None
    return Reference(role, item.ref, document, version, clause, versioned, item.quote, item.note, stale, in_force, index,
                     item.pinned)


def build_claim(documents: Mapping[str, Document], data: schema.ClaimFile, source: Path) -> Claim:
    def refs(role: Role, items: Iterable[schema.Citation | schema.Assertion]) -> tuple[Reference, ...]:
        return tuple(build_reference(documents, role, i, item, data.asserted_on) for i, item in enumerate(items))

    return Claim(
        id=data.id, topic_ids=tuple(data.topic), status=data.status, claim=data.claim, claimant=data.claimant,
        asserted_on=data.asserted_on, asserted_in=refs("asserted_in", data.asserted_in),
        rating=data.assessment.rating, assessment=data.assessment.summary,
        evidence=refs("evidence", data.evidence), regulations=refs("regulation", data.regulations),
        questions=tuple(data.questions), reviewed=data.reviewed, source=source,
        corrections=tuple(Correction(c.date, c.note) for c in data.corrections),
        withdrawal=(Withdrawal(data.withdrawal.date, data.withdrawal.reason, data.withdrawal.replaced_by)
                    if data.withdrawal else None),
        editor_note=data.editor_note,
    )


def build_model(site: schema.SiteFile, topics: list[schema.Topic], documents: Iterable[Document],
                claims: Iterable[tuple[schema.ClaimFile, Path]], root: Path, content_files: Iterable[Path]) -> ContentModel:
    documents_by_id = {d.id: d for d in sorted(documents, key=lambda d: d.id)}
    built = sorted((build_claim(documents_by_id, data, path) for data, path in claims), key=lambda c: c.id)
    backlinks: dict[str, list[Citation]] = {}
    for claim in built:
        for ref in claim.references:
            backlinks.setdefault(ref.clause.key, []).append((claim, ref))
    built_topics = tuple(Topic(t.id, t.title, t.summary) for t in topics)
    return ContentModel(
        site=Site(site.title, site.description, site.publisher.name, site.publisher.url, tuple(site.languages),
                  site.url, site.contact, site.about),
        topics=built_topics,
        documents=tuple(documents_by_id.values()),
        claims=tuple(built),
        fingerprint=content_fingerprint(root, content_files),
        topics_by_id=MappingProxyType({t.id: t for t in built_topics}),
        documents_by_id=MappingProxyType(documents_by_id),
        claims_by_id=MappingProxyType({c.id: c for c in built}),
        backlinks=MappingProxyType({k: tuple(v) for k, v in backlinks.items()}),
    )


def content_fingerprint(root: Path, paths: Iterable[Path]) -> str:
    """A short hash of every content file's path and bytes: the same content gives the same value."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
