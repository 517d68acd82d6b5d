"""Validate: every rule of SPEC §1 over every file, all problems collected, then the model.

Per-file shape rules come from `schema` (pydantic); the checks here are small functions that
yield diagnostics for the rules that span files: unique ids, topics, references, quotes,
stale references and laws in force.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import AbstractSet, Any, Callable, Iterator

from pydantic import BaseModel, ValidationError

from . import limits, model, output, quotes, schema, validate_editorial as editorial
from .diagnostics import NO_TEXT, ContentError, Diagnostic, Message, Severity, display_path, msg, or_list, strictened
from .load import LoadedContent, SourceFile, YamlMapping, YamlSequence, load_content, position_of
from .quote_hint import differing_words

KIND_NAMES = {"site": "site.yml", "topics": "topics.yml", "document": "document", "claim": "claim"}


@dataclass
class ValidationResult:
    diagnostics: list[Diagnostic]
    model: model.ContentModel | None  # None whenever there is an error

    @property
    def ok(self) -> bool:
        return self.model is not None


def check_content(root: Path, strict: bool = False) -> ValidationResult:
    """Load and validate the content folder; build the model when nothing is wrong."""
    with _cyclic_gc_paused():
        return _check_loaded(load_content(root), strict)


def check_loaded(loaded: LoadedContent, strict: bool = False) -> ValidationResult:
    """Validate content that was already read (for callers that also inspect the raw files)."""
    with _cyclic_gc_paused():
        return _check_loaded(loaded, strict)


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while validating.

    Validation allocates many small objects for every claim (values, positions, models) and frees
    none of them until it is done. They form no reference cycles, so the collector would only scan
    the growing heap again and again: about half the run time at 10,000 claims. Reference counting
    frees everything as usual, and the collector resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_loaded(loaded: LoadedContent, strict: bool) -> ValidationResult:
    root = loaded.root
    diagnostics = list(loaded.diagnostics)
    parsed: dict[str, list[tuple[SourceFile, Any]]] = {"site": [], "topics": [], "document": [], "claim": []}
    for kind, sources in (("site", [loaded.site]), ("topics", [loaded.topics]),
                          ("document", loaded.documents), ("claim", loaded.claims)):
        for source in sources:
            if source is None:
                continue
            value, problems = check_file(kind, source)
            diagnostics.extend(problems)
            if value is not None:
                parsed[kind].append((source, value))

    diagnostics.extend(check_cross_file(loaded, parsed))
    diagnostics.extend(limits.check_limits(loaded))
    if strict:
        diagnostics = strictened(diagnostics)
    diagnostics = sorted(set(diagnostics))
    if any(d.severity == "error" for d in diagnostics) or not parsed["site"] or not parsed["topics"]:
        return ValidationResult(diagnostics, None)
    documents = [model.build_document(doc) for _, doc in parsed["document"]]
    content_files = [s.path for s in (loaded.site, loaded.topics, *loaded.documents, *loaded.claims) if s]
    built = model.build_model(parsed["site"][0][1], parsed["topics"][0][1], documents,
                              [(claim, source.path) for source, claim in parsed["claim"]], root, content_files)
    return ValidationResult(diagnostics, built)


def load_model(root: Path, strict: bool = False,
               report: Callable[[Diagnostic], None] | None = None) -> model.ContentModel:
    """The model of valid content, or ContentError carrying every diagnostic.

    Warnings of valid content go to `report`, one call each, when it is given.
    """
    result = check_content(root, strict)
    if result.model is None:
        raise ContentError(result.diagnostics)
    if report is not None:
        for diagnostic in result.diagnostics:
            report(diagnostic)
    return result.model


# --- one file ------------------------------------------------------------------------------


def check_file(kind: str, source: SourceFile) -> tuple[Any, list[Diagnostic]]:
    """Validate one file's shape; returns the parsed value (None on errors) and diagnostics."""
    try:
        value = schema.FILE_ADAPTERS[kind].validate_python(source.data)
    except ValidationError as exc:
        return None, [diagnostic_from_pydantic(kind, source, error) for error in exc.errors()]
    # Even when the loader reported problems (the model will not be built), keep the value so that
    # cross-file checks still run and every problem comes out in one run.
    return value, []


_TYPE_WORDS = {dict: "mapping", YamlMapping: "mapping", list: "list", YamlSequence: "list", str: "text", int: "number",
               float: "number", bool: "boolean", type(None): "nothing"}
_EXPECTED = {"dict_type": "mapping", "model_type": "mapping", "model_attributes_type": "mapping", "list_type": "list",
             "string_type": "text", "date_type": "date", "int_type": "number"}
# Patterns of `schema` → (code, message key).
_PATTERN_MESSAGES = {schema.ID_PATTERN: ("invalid-id", "invalid-id"),
                     schema.VERSION_PATTERN: ("invalid-version-label", "invalid-version-label"),
                     schema.URL_PATTERN: ("invalid-url", "invalid-url"),
                     schema.HTTPS_URL_PATTERN: ("invalid-url", "invalid-https-url"),
                     schema.CONTACT_PATTERN: ("invalid-url", "invalid-contact")}
# Checks of single values declared in `schema` (PydanticCustomError types) → message keys.
_CUSTOM = {"invalid_version_label": "invalid-version-label-unquoted", "raw_html": "raw-html",
           "unsafe_link": "unsafe-link", "empty_text": "empty-text", "image_not_allowed": "image-not-allowed",
           "markdown_too_deep": "markdown-too-deep", "markdown_too_long": "markdown-too-long"}


def diagnostic_from_pydantic(kind: str, source: SourceFile, error: dict[str, Any]) -> Diagnostic:
    loc = tuple(error["loc"])
    etype = error["type"]
    where = describe(kind, source.data, loc)
    field = loc[-1] if loc else None
    ctx = error.get("ctx", {})
    code, mark = "wrong-type", position_of(source.data, loc)
    message = msg("invalid-other", where=where(loc), detail=error["msg"])
    if etype == "missing":
        mark = position_of(source.data, loc[:-1])
        if field in schema.LANGUAGES:
            code, message = "missing-translation", msg("missing-translation", where=where(loc[:-1]), lang=str(field),
                                                       language=msg(f"language.{field}"))
        else:
            code, message = "missing-key", msg("missing-key", where=where(loc[:-1]), key=str(field))
    elif etype == "extra_forbidden":
        mark = position_of(source.data, loc, key=True)
        allowed = allowed_keys(kind, loc[:-1])
        if allowed == set(schema.LANGUAGES):
            code, message = "unknown-language", msg("unknown-language", where=where(loc[:-1]), lang=str(field))
        else:
            code = "unknown-key"
            message = msg("unknown-key", where=where(loc[:-1]), key=str(field), hint=suggestion(str(field), allowed))
    elif etype == "string_pattern_mismatch":
        code, key = _PATTERN_MESSAGES.get(ctx.get("pattern", ""), ("invalid-value", "invalid-pattern"))
        message = msg(key, where=where(loc), value=str(error["input"]))
    elif etype == "invalid_date":
        code = "invalid-date"
        message = (msg("invalid-date", where=where(loc), value=ctx["value"]) if "value" in ctx
                   else msg("invalid-date-time", where=where(loc)))
    elif etype in _CUSTOM:
        code = etype.replace("_", "-")
        message = msg(_CUSTOM[etype], where=where(loc), **{k: str(v) for k, v in ctx.items()})
    elif etype == "literal_error":
        code = "invalid-value"
        choices = [c.strip(" '") for c in ctx.get("expected", "").replace(" or ", ", ").split(",")]
        message = msg("invalid-choice", where=where(loc), value=str(error["input"]), choices=or_list(choices),
                      hint=suggestion(str(error["input"]), set(choices)))
    elif etype == "string_too_short":  # "" (a blank text is caught by the field's own check)
        code, message = "empty-text", msg("empty-text", where=where(loc))
    elif etype == "too_short":
        code = "empty-list" if isinstance(error["input"], list) else "empty-text"
        message = msg("empty-list" if code == "empty-list" else "empty-value", where=where(loc))
    elif etype in _EXPECTED or etype.endswith("_type"):
        got = type(error["input"])
        expected = _EXPECTED.get(etype)
        message = msg("wrong-type", where=where(loc),
                      expected=msg(f"expected.{expected}") if expected else etype.removesuffix("_type"),
                      got=msg(f"got.{_TYPE_WORDS[got]}") if got in _TYPE_WORDS else got.__name__)
    return Diagnostic(source.path, mark[0], mark[1], "error", code, message)


def describe(kind: str, data: Any, loc: tuple[Any, ...]) -> Callable[[tuple[Any, ...]], Message]:
    """A function naming a place in a file the way an editor would say it: "claim 'x' evidence[0].note"."""
    owner = msg(f"where.{kind}")
    if kind in ("claim", "document") and isinstance(data, dict) and isinstance(data.get("id"), str):
        owner = msg(f"where.{kind}-id", id=data["id"])

    def where(sub: tuple[Any, ...]) -> Message:
        path = ""
        for part in sub:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        return msg("where.field", owner=owner, field=path) if path else owner

    return where


def allowed_keys(kind: str, loc: tuple[Any, ...]) -> set[str]:
    """The keys the format allows in the mapping at `loc` (for "did you mean" suggestions)."""
    annotation: Any = {"site": schema.SiteFile, "topics": list[schema.Topic],
                       "document": schema.DocumentFile, "claim": schema.ClaimFile}[kind]
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int) and typing.get_origin(annotation) is list:
            annotation = typing.get_args(annotation)[0]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and part in annotation.model_fields:
            annotation = annotation.model_fields[part].annotation
        else:
            return set()
    annotation = _unwrap(annotation)
    return set(annotation.model_fields) if isinstance(annotation, type) and issubclass(annotation, BaseModel) else set()


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


def suggestion(word: str, choices: set[str] | list[str], n: int = 3) -> Message:
    """"; did you mean 'x'?" when some choice is close to `word`, else nothing."""
    close = difflib.get_close_matches(word, sorted(choices), n=n, cutoff=0.6)
    return msg("did-you-mean", choices=or_list(close)) if close else NO_TEXT


# --- across files --------------------------------------------------------------------------

Parsed = dict[str, list[tuple[SourceFile, Any]]]


def check_cross_file(loaded: LoadedContent, parsed: Parsed) -> Iterator[Diagnostic]:
    today = output.today()
    yield from check_site(parsed)
    yield from check_unique_ids(parsed)
    yield from check_documents(parsed)
    for source, doc in parsed["document"]:
        yield from editorial.check_document_dates(source, doc, today)
    documents = {doc.id: (source, model.build_document(doc)) for source, doc in parsed["document"]}
    # A document whose file has errors exists all the same: its own diagnostics say what is wrong,
    # so references to it are not also reported as unknown.
    invalid_documents = {s.data["id"] for s in loaded.documents
                         if isinstance(s.data, dict) and isinstance(s.data.get("id"), str)} - set(documents)
    topic_ids = [t.id for _, topics in parsed["topics"] for t in topics]
    # Claims whose files have errors still count as existing, with their status when it is readable.
    statuses = {s.data["id"]: s.data.get("status") for s in loaded.claims
                if isinstance(s.data, dict) and isinstance(s.data.get("id"), str)}
    statuses.update({claim.id: claim.status for _, claim in parsed["claim"]})
    for source, claim in parsed["claim"]:
        yield from check_claim(source, claim, documents, topic_ids, topics_known=bool(parsed["topics"]),
                               invalid_documents=invalid_documents)
        yield from editorial.check_claim_dates(source, claim, today)
        yield from editorial.check_withdrawal(source, claim, statuses)
        yield from editorial.check_placeholders(source, claim)


def _at(source: SourceFile, loc: tuple[Any, ...], severity: Severity, code: str, message: Message, *, key: bool = False) -> Diagnostic:
    line, col = position_of(source.data, loc, key=key)
    return Diagnostic(source.path, line, col, severity, code, message)


def check_site(parsed: Parsed) -> Iterator[Diagnostic]:
    for source, site in parsed["site"]:
        if sorted(site.languages) != sorted(schema.LANGUAGES):
            yield _at(source, ("languages",), "error", "invalid-languages",
                      msg("invalid-languages", languages=", ".join(site.languages)))


def check_unique_ids(parsed: Parsed) -> Iterator[Diagnostic]:
    def duplicates(kind: Message, entries: list[tuple[SourceFile, tuple[Any, ...], str]]) -> Iterator[Diagnostic]:
        first: dict[str, tuple[SourceFile, tuple[Any, ...]]] = {}
        for source, loc, value in entries:
            if value in first:
                other, other_loc = first[value]
                line, _ = position_of(other.data, other_loc)
                yield _at(source, loc, "error", "duplicate-id",
                          msg("duplicate-id", kind=kind, id=value, place=f"{display_path(other.path)}:{line}"))
            else:
                first[value] = (source, loc)

    for source, topics in parsed["topics"]:
        yield from duplicates(msg("kind.topic"), [(source, (i, "id"), t.id) for i, t in enumerate(topics)])
    yield from duplicates(msg("kind.document"), [(s, ("id",), d.id) for s, d in parsed["document"]])
    yield from duplicates(msg("kind.claim"), [(s, ("id",), c.id) for s, c in parsed["claim"]])
    for source, doc in parsed["document"]:
        yield from duplicates(msg("kind.version-of", document=doc.id), [(source, ("versions", i, "version"), v.version)
                                                         for i, v in enumerate(doc.versions)])
        for i, version in enumerate(doc.versions):
            yield from duplicates(msg("kind.clause-of", version=f"{doc.id}@{version.version}"),
                                  [(source, ("versions", i, "clauses", j, "id"), c.id) for j, c in enumerate(version.clauses)])


def check_documents(parsed: Parsed) -> Iterator[Diagnostic]:
    for source, doc in parsed["document"]:
        previous = None
        for i, version in enumerate(doc.versions):
            if doc.kind == "regulation" and version.effective is None:
                yield _at(source, ("versions", i), "error", "missing-effective-date",
                          msg("missing-effective-date", document=doc.id, version=version.version))
            if version.effective and previous and version.effective < previous:
                yield _at(source, ("versions", i, "effective"), "error", "version-order",
                          msg("version-order", document=doc.id, version=version.version))
            previous = version.effective or previous


def check_claim(source: SourceFile, claim: schema.ClaimFile, documents: dict[str, tuple[SourceFile, model.Document]],
                topic_ids: list[str], topics_known: bool, invalid_documents: AbstractSet[str] = frozenset()) -> Iterator[Diagnostic]:
    for i, topic in enumerate(claim.topic):
        if topics_known and topic not in topic_ids:
            loc = ("topic", i) if isinstance(source.data.get("topic"), list) else ("topic",)
            yield _at(source, loc, "error", "unknown-topic",
                      msg("unknown-topic", claim=claim.id, topic=topic, hint=suggestion(topic, topic_ids)))
    cited: list[tuple[str, model.Version]] = []
    for field, items in (("asserted_in", claim.asserted_in), ("evidence", claim.evidence), ("regulations", claim.regulations)):
        for i, item in enumerate(items):
            yield from check_reference(source, claim, field, i, item, documents, invalid_documents)
            yield from editorial.check_pinned(source, claim.id, field, i, item)
            if (version := editorial.cited_version(item.ref, documents)) is not None:
                cited.append((f"{field}[{i}]", version))
    yield from editorial.check_review_after_retrieval(source, claim, cited)


def check_reference(source: SourceFile, claim: schema.ClaimFile, field: str, index: int,
                    item: schema.Citation | schema.Assertion,
                    documents: dict[str, tuple[SourceFile, model.Document]],
                    invalid_documents: AbstractSet[str] = frozenset()) -> Iterator[Diagnostic]:
    loc = (field, index, "ref")
    name = msg("where.reference", claim=claim.id, field=f"{field}[{index}]")
    parsed = model.parse_reference(item.ref)
    if parsed is None:
        yield _at(source, loc, "error", "invalid-reference", msg("invalid-reference", where=name, ref=item.ref))
        return
    doc_id, label, clause_id = parsed
    if doc_id in invalid_documents:
        return
    if doc_id not in documents:
        yield _at(source, loc, "error", "unknown-document",
                  msg("unknown-document", where=name, document=doc_id, hint=suggestion(doc_id, list(documents))))
        return
    document = documents[doc_id][1]
    version = document.version(label) if label else document.current
    if version is None:
        labels = ", ".join(f"'{v.label}'" for v in document.versions)
        yield _at(source, loc, "error", "unknown-version",
                  msg("unknown-version", where=name, version=label, document=doc_id, versions=labels))
        return
    clause = version.clause(clause_id)
    if clause is None:
        clause_ids = [c.id for c in version.clauses]
        # With no close match, listing the ids still tells the editor what to write.
        hint = suggestion(clause_id, clause_ids)
        if hint is NO_TEXT:
            listed = ", ".join(f"'{c}'" for c in clause_ids[:8])
            hint = (msg("clauses-are-more", clauses=listed, more=len(clause_ids) - 8) if len(clause_ids) > 8
                    else msg("clauses-are", clauses=listed))
        yield _at(source, loc, "error", "unknown-clause",
                  msg("unknown-clause", where=name, clause=clause_id, version=f"{doc_id}@{version.label}", hint=hint))
        return
    if field == "regulations" and not document.is_regulation:
        yield _at(source, loc, "error", "not-a-regulation",
                  msg("not-a-regulation", where=name, document=doc_id, kind=document.kind))
    if item.quote is not None:
        place = msg("where.quote", claim=claim.id, field=f"{field}[{index}]")
        yield from check_quote(source, (field, index, "quote"), place, item.quote, clause)
    if label is not None and not item.pinned and (stale := model.find_staleness(document, version, clause_id)):
        yield _at(source, loc, "warning", "stale-reference",
                  msg("stale-reference-gone" if stale.new_clause is None else "stale-reference-changed",
                      where=name, ref=item.ref, later=stale.later_version.label))
    if field == "regulations" and claim.asserted_on and document.is_regulation and not document.is_in_force(version, claim.asserted_on):
        start, end = document.in_force_window(version)
        window = msg("window-until", start=str(start), end=str(end)) if end else msg("window-from", start=str(start))
        yield _at(source, loc, "warning", "not-in-force",
                  msg("not-in-force", where=name, ref=item.ref, date=str(claim.asserted_on), window=window))


def check_quote(source: SourceFile, loc: tuple[Any, ...], place: Message, quote: str, clause: model.Clause) -> Iterator[Diagnostic]:
    if clause.text is None:
        yield _at(source, loc, "error", "quote-without-text", msg("quote-without-text", where=place, clause=clause.key))
        return
    folded_quote, folded_text = model.fold_quote_text(quote), model.fold_quote_text(clause.text)
    if folded_quote not in folded_text:
        hint = closest_passage(folded_quote, folded_text)
        yield _at(source, loc, "error", "quote-not-found",
                  msg("quote-not-found", where=place, clause=clause.key, hint=quote_hint(folded_quote, folded_text, hint)))


def quote_hint(quote: str, text: str, passage: str | None) -> Message:
    """The words that differ from the closest passage, or the passage when too much differs."""
    if not passage:
        return NO_TEXT
    return differing_words(quote, text, passage) or msg("closest-passage", passage=passage)


def closest_passage(quote: str, text: str) -> str | None:
    """The run of words in `text` most like `quote`, to show an editor what to copy (near-linear)."""
    return quotes.closest_passage(quote, text)
