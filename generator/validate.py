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

from . import model, schema, validate_editorial as editorial
from .diagnostics import ContentError, Diagnostic, Severity, display_path, strictened
from .load import LoadedContent, SourceFile, YamlMapping, YamlSequence, load_content, position_of

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


_TYPE_WORDS = {dict: "a mapping", YamlMapping: "a mapping", list: "a list", YamlSequence: "a list", str: "a text", int: "a number",
               float: "a number", bool: "true/false", type(None): "nothing"}
_EXPECTED = {"dict_type": "a mapping (key: value)", "model_type": "a mapping (key: value)",
             "model_attributes_type": "a mapping (key: value)", "list_type": "a list (- item)",
             "string_type": "a text", "date_type": "a date YYYY-MM-DD", "int_type": "a number"}


def diagnostic_from_pydantic(kind: str, source: SourceFile, error: dict[str, Any]) -> Diagnostic:
    loc = tuple(error["loc"])
    etype = error["type"]
    where = describe(kind, source.data, loc)
    field = loc[-1] if loc else None
    code, message, mark = "wrong-type", error["msg"], position_of(source.data, loc)
    if etype == "missing":
        mark = position_of(source.data, loc[:-1])
        if field in schema.LANGUAGES:
            code, message = "missing-translation", f"{where(loc[:-1])} has no '{field}' text; add `{field}: ...` ({_language_name(field)})"
        else:
            code, message = "missing-key", f"{where(loc[:-1])} is missing required key '{field}'"
    elif etype == "extra_forbidden":
        mark = position_of(source.data, loc, key=True)
        allowed = allowed_keys(kind, loc[:-1])
        if allowed == set(schema.LANGUAGES):
            code = "unknown-language"
            message = f"{where(loc[:-1])} has language '{field}', but the site's languages are id and en"
        else:
            code = "unknown-key"
            message = f"{where(loc[:-1])} has unknown key '{field}'" + suggestion(str(field), allowed)
    elif etype == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        code = {schema.ID_PATTERN: "invalid-id", schema.VERSION_PATTERN: "invalid-version-label",
                schema.URL_PATTERN: "invalid-url", schema.HTTPS_URL_PATTERN: "invalid-url",
                schema.CONTACT_PATTERN: "invalid-url"}.get(pattern, "invalid-value")
        expected_url = {schema.HTTPS_URL_PATTERN: "an absolute https URL",
                        schema.CONTACT_PATTERN: "a mailto: address or an absolute https URL"}.get(pattern, "an absolute http(s) URL")
        message = {
            "invalid-id": f"{where(loc)} '{error['input']}' is not a valid id: use lower-case letters, digits and single hyphens",
            "invalid-version-label": f"{where(loc)} '{error['input']}' is not a valid version label: letters, digits, '.', '_' and '-'",
            "invalid-url": f"{where(loc)} '{error['input']}' is not {expected_url}",
        }.get(code, f"{where(loc)} '{error['input']}' is not valid: {error['msg']}")
    elif etype in ("invalid_date", "invalid_version_label", "raw_html", "unsafe_link", "empty_text"):
        code = etype.replace("_", "-")
        message = f"{where(loc)}: {error['msg']}"
    elif etype == "literal_error":
        code = "invalid-value"
        expected = error.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
        message = f"{where(loc)} '{error['input']}' is not one of {expected}" + suggestion(str(error["input"]), set(choices))
    elif etype == "string_too_short":  # "" (a blank text is caught by the field's own check)
        code, message = "empty-text", f"{where(loc)}: text is empty; write the text or remove the field"
    elif etype == "too_short":
        code = "empty-list" if isinstance(error["input"], list) else "empty-text"
        message = f"{where(loc)} needs at least one entry" if code == "empty-list" else f"{where(loc)} is empty"
    elif etype in _EXPECTED or etype.endswith("_type"):
        got = _TYPE_WORDS.get(type(error["input"]), type(error["input"]).__name__)
        message = f"{where(loc)} must be {_EXPECTED.get(etype, etype.removesuffix('_type'))}, not {got}"
    else:
        message = f"{where(loc)}: {error['msg']}"
    return Diagnostic(source.path, mark[0], mark[1], "error", code, message)


def describe(kind: str, data: Any, loc: tuple[Any, ...]):
    """A function naming a place in a file the way an editor would say it: "claim 'x' evidence[0].note"."""
    owner = KIND_NAMES[kind]
    if kind in ("claim", "document") and isinstance(data, dict) and isinstance(data.get("id"), str):
        owner = f"{kind} '{data['id']}'"

    def where(sub: tuple[Any, ...]) -> str:
        path = ""
        for part in sub:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        return f"{owner} {path}".rstrip() if path else owner

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


def suggestion(word: str, choices: set[str] | list[str], n: int = 3) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=n, cutoff=0.6)
    if close:
        return "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    return ""


def _language_name(code: Any) -> str:
    return {"id": "Indonesian", "en": "English"}.get(code, str(code))


# --- across files --------------------------------------------------------------------------

Parsed = dict[str, list[tuple[SourceFile, Any]]]


def check_cross_file(loaded: LoadedContent, parsed: Parsed) -> Iterator[Diagnostic]:
    today = editorial.build_date()
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


def _at(source: SourceFile, loc: tuple[Any, ...], severity: Severity, code: str, message: str, *, key: bool = False) -> Diagnostic:
    line, col = position_of(source.data, loc, key=key)
    return Diagnostic(source.path, line, col, severity, code, message)


def check_site(parsed: Parsed) -> Iterator[Diagnostic]:
    for source, site in parsed["site"]:
        if sorted(site.languages) != sorted(schema.LANGUAGES):
            yield _at(source, ("languages",), "error", "invalid-languages",
                      f"site.yml languages {site.languages} must list id and en once each, the default first")


def check_unique_ids(parsed: Parsed) -> Iterator[Diagnostic]:
    def duplicates(kind: str, entries: list[tuple[SourceFile, tuple[Any, ...], str]]) -> Iterator[Diagnostic]:
        first: dict[str, tuple[SourceFile, tuple[Any, ...]]] = {}
        for source, loc, value in entries:
            if value in first:
                other, other_loc = first[value]
                line, _ = position_of(other.data, other_loc)
                yield _at(source, loc, "error", "duplicate-id",
                          f"{kind} id '{value}' is already used in {display_path(other.path)}:{line}; ids must be unique")
            else:
                first[value] = (source, loc)

    for source, topics in parsed["topics"]:
        yield from duplicates("topic", [(source, (i, "id"), t.id) for i, t in enumerate(topics)])
    yield from duplicates("document", [(s, ("id",), d.id) for s, d in parsed["document"]])
    yield from duplicates("claim", [(s, ("id",), c.id) for s, c in parsed["claim"]])
    for source, doc in parsed["document"]:
        yield from duplicates(f"version of '{doc.id}'", [(source, ("versions", i, "version"), v.version)
                                                         for i, v in enumerate(doc.versions)])
        for i, version in enumerate(doc.versions):
            yield from duplicates(f"clause of '{doc.id}@{version.version}'",
                                  [(source, ("versions", i, "clauses", j, "id"), c.id) for j, c in enumerate(version.clauses)])


def check_documents(parsed: Parsed) -> Iterator[Diagnostic]:
    for source, doc in parsed["document"]:
        previous = None
        for i, version in enumerate(doc.versions):
            if doc.kind == "regulation" and version.effective is None:
                yield _at(source, ("versions", i), "error", "missing-effective-date",
                          f"document '{doc.id}' version '{version.version}' is a regulation and needs an `effective` date")
            if version.effective and previous and version.effective < previous:
                yield _at(source, ("versions", i, "effective"), "error", "version-order",
                          f"document '{doc.id}' version '{version.version}' takes effect before the version listed above it; list versions oldest first")
            previous = version.effective or previous


def check_claim(source: SourceFile, claim: schema.ClaimFile, documents: dict[str, tuple[SourceFile, model.Document]],
                topic_ids: list[str], topics_known: bool, invalid_documents: AbstractSet[str] = frozenset()) -> Iterator[Diagnostic]:
    for i, topic in enumerate(claim.topic):
        if topics_known and topic not in topic_ids:
            loc = ("topic", i) if isinstance(source.data.get("topic"), list) else ("topic",)
            yield _at(source, loc, "error", "unknown-topic",
                      f"claim '{claim.id}' topic '{topic}' is not in topics.yml" + suggestion(topic, topic_ids))
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
    name = f"claim '{claim.id}' {field}[{index}].ref"
    parsed = model.parse_reference(item.ref)
    if parsed is None:
        yield _at(source, loc, "error", "invalid-reference",
                  f"{name} '{item.ref}' is not a reference; write DOCUMENT#CLAUSE or DOCUMENT@VERSION#CLAUSE")
        return
    doc_id, label, clause_id = parsed
    if doc_id in invalid_documents:
        return
    if doc_id not in documents:
        yield _at(source, loc, "error", "unknown-document",
                  f"{name} cites unknown document '{doc_id}'" + suggestion(doc_id, list(documents)))
        return
    document = documents[doc_id][1]
    version = document.version(label) if label else document.current
    if version is None:
        labels = ", ".join(f"'{v.label}'" for v in document.versions)
        yield _at(source, loc, "error", "unknown-version",
                  f"{name} cites version '{label}' of '{doc_id}', which has versions {labels}")
        return
    clause = version.clause(clause_id)
    if clause is None:
        clause_ids = [c.id for c in version.clauses]
        # With no close match, listing the ids still tells the editor what to write.
        hint = suggestion(clause_id, clause_ids) or "; its clauses are " + ", ".join(
            f"'{c}'" for c in clause_ids[:8]) + (f" and {len(clause_ids) - 8} more" if len(clause_ids) > 8 else "")
        yield _at(source, loc, "error", "unknown-clause",
                  f"{name} cites unknown clause '{clause_id}' of '{doc_id}@{version.label}'" + hint)
        return
    if field == "regulations" and not document.is_regulation:
        yield _at(source, loc, "error", "not-a-regulation",
                  f"{name} cites '{doc_id}', a document of kind '{document.kind}'; regulations must cite documents of kind 'regulation' (move it to evidence)")
    if item.quote is not None:
        yield from check_quote(source, (field, index, "quote"), name, item.quote, clause)
    if label is not None and not item.pinned and (stale := model.find_staleness(document, version, clause_id)):
        change = "is gone from" if stale.new_clause is None else "has different text in"
        yield _at(source, loc, "warning", "stale-reference",
                  f"{name} pins '{item.ref}', but the clause {change} the later version '{stale.later_version.label}'; review the claim and update the reference")
    if field == "regulations" and claim.asserted_on and document.is_regulation and not document.is_in_force(version, claim.asserted_on):
        start, end = document.in_force_window(version)
        window = f"from {start}" + (f" until {end}" if end else "")
        yield _at(source, loc, "warning", "not-in-force",
                  f"{name} '{item.ref}' was not in force on {claim.asserted_on} (the claim's asserted_on); in force {window}")


def check_quote(source: SourceFile, loc: tuple[Any, ...], name: str, quote: str, clause: model.Clause) -> Iterator[Diagnostic]:
    place = name.removesuffix(".ref") + ".quote"
    if clause.text is None:
        yield _at(source, loc, "error", "quote-without-text",
                  f"{place} quotes clause '{clause.key}', which has no `text` to check the quote against; add the clause text or remove the quote")
        return
    folded_quote, folded_text = model.fold_quote_text(quote), model.fold_quote_text(clause.text)
    if folded_quote not in folded_text:
        hint = closest_passage(folded_quote, folded_text)
        yield _at(source, loc, "error", "quote-not-found",
                  f"{place} is not in the text of '{clause.key}'" + (f"; the closest passage is \"{hint}\"" if hint else ""))


def closest_passage(quote: str, text: str) -> str | None:
    """The run of words in `text` most like `quote`, to show an editor what to copy."""
    words, size = text.split(" "), max(1, len(quote.split(" ")))
    best, best_ratio = None, 0.5
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for start in range(0, max(1, len(words) - size + 1)):
        candidate = " ".join(words[start:start + size])
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() > best_ratio and matcher.quick_ratio() > best_ratio and (r := matcher.ratio()) > best_ratio:
            best, best_ratio = candidate, r
    return best
