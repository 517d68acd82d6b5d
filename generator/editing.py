"""Editing: skeleton files for a new claim or document, ready for an editor to fill in.

A skeleton has every required key in both languages, a comment over each field saying what
it means (in the site's languages, from `locales/editing.yml`) and a first line that ties it
to its JSON Schema, so that VS Code's YAML extension completes and checks it while typing.
Values to fill in start with "TODO"; most of them fail validation until replaced (references,
ratings, version labels, URLs), and `status` lists those that do not (texts), so none is published by mistake.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path
from typing import Any, Iterable

from . import schema
from .i18n import t
from .load import LoadedContent, SourceFile, load_content
from .output import today as current_date
from .validate import suggestion

PLACEHOLDER = "TODO"
"""Every value an editor still has to replace starts with this."""

SCHEMA_DIR = Path(__file__).parent / "schema"
DOCUMENT_KINDS: tuple[str, ...] = schema.DocumentKind.__args__  # type: ignore[attr-defined]
_COMMENT_WIDTH = 100


class EditingError(ValueError):
    """A `new` request that cannot be carried out (bad or taken id, unknown topic or kind, existing file)."""


def new_claim(content_dir: Path, claim_id: str, topic: str | None) -> Path:
    """Write a skeleton claim to content/claims/<topic>/<id>.yml (content/claims/<id>.yml without a topic).

    Raises ValueError for an invalid or taken id, an unknown topic or an existing file.
    """
    loaded = load_content(content_dir)
    check_new_id("claim", claim_id, loaded.claims, content_dir)
    topic_ids = _ids(loaded.topics.data if loaded.topics else None)
    if topic is not None:
        check_id_format("topic", topic)
        if not loaded.topics or not isinstance(loaded.topics.data, list):
            raise EditingError(f"cannot check topic '{topic}': {content_dir / 'topics.yml'} is missing or unreadable; "
                             "run `python -m generator validate`")
        if topic not in topic_ids:
            raise EditingError(f"unknown topic '{topic}'{suggestion(topic, topic_ids).text()}; "
                             f"topics are {', '.join(topic_ids) or '(none)'} (add new topics to topics.yml)")
    folder = content_dir / "claims" / topic if topic else content_dir / "claims"
    path = folder / f"{claim_id}.yml"
    write_new_file(path, claim_skeleton(path, claim_id, topic, loaded, topic_ids))
    return path


def new_document(content_dir: Path, doc_id: str, kind: str | None) -> Path:
    """Write a skeleton document to content/documents/<id>.yml.

    Raises ValueError for an invalid or taken id, an unknown kind or an existing file.
    """
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise EditingError(f"unknown document kind '{kind}'{suggestion(kind, list(DOCUMENT_KINDS)).text()}; "
                         f"kinds are {', '.join(DOCUMENT_KINDS)}")
    loaded = load_content(content_dir)
    check_new_id("document", doc_id, loaded.documents, content_dir)
    path = content_dir / "documents" / f"{doc_id}.yml"
    write_new_file(path, document_skeleton(path, doc_id, kind, loaded))
    return path


# --- checks ----------------------------------------------------------------------------------


def check_id_format(what: str, value: str) -> None:
    if not re.fullmatch(schema.ID_PATTERN, value):
        raise EditingError(f"'{value}' is not a valid {what} id: use lower-case letters, digits and single hyphens "
                         f"(for example 'e2ee-chats')")


def check_new_id(kind: str, new_id: str, sources: Iterable[SourceFile], content_dir: Path) -> None:
    """Refuse an id that is malformed or already used by a file of the same kind."""
    check_id_format(kind, new_id)
    for source in sources:
        if isinstance(source.data, dict) and source.data.get("id") == new_id:
            raise EditingError(f"{kind} id '{new_id}' is already used in {_shown(source.path, content_dir)}; "
                             "choose another id (ids never change once published)")


def write_new_file(path: Path, text: str) -> None:
    """Create `path` with `text`, refusing to replace anything already there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise EditingError(f"{path} already exists; not overwriting it (pick another id or edit that file)") from None


def _ids(data: Any) -> list[str]:
    if not isinstance(data, list):
        return []
    return [item["id"] for item in data if isinstance(item, dict) and isinstance(item.get("id"), str)]


def _shown(path: Path, content_dir: Path) -> str:
    try:
        return str(Path(content_dir.name) / path.relative_to(content_dir))
    except ValueError:
        return str(path)


# --- skeletons -------------------------------------------------------------------------------


class Skeleton:
    """Lines of a skeleton file, with comments in each of the site's languages."""

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.languages = languages
        self.lines: list[str] = []

    def comment(self, key: str, indent: int = 0, **values: object) -> None:
        for lang in self.languages:
            for part in textwrap.wrap(t(key, lang, **values), _COMMENT_WIDTH - indent - 2, break_on_hyphens=False):
                self.lines.append(" " * indent + "# " + part)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def localised(self, key: str, indent: int) -> None:
        """`key:` with one placeholder text per language, each written in that language."""
        pad = " " * indent
        self.add(f"{pad}{key}:")
        self.add(*(f"{pad}  {lang}: {placeholder(t('edit.placeholder', lang))}" for lang in self.languages))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def placeholder(hint: str = "") -> str:
    """A quoted placeholder value: "TODO" or "TODO: hint"."""
    return quoted(f"{PLACEHOLDER}: {hint}" if hint else PLACEHOLDER)


def quoted(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


def schema_modeline(path: Path, kind: str) -> str:
    """The first line that associates a content file with its JSON Schema in VS Code."""
    target = (SCHEMA_DIR / schema.SCHEMA_FILES[kind]).resolve()
    relative = Path(os.path.relpath(target, path.parent.resolve())).as_posix()
    return f"# yaml-language-server: $schema={relative}"


def site_languages(loaded: LoadedContent) -> tuple[str, ...]:
    """The site's languages in its order (default first), for comments and keys."""
    data = loaded.site.data if loaded.site else None
    languages = data.get("languages") if isinstance(data, dict) else None
    if isinstance(languages, list) and sorted(map(str, languages)) == sorted(schema.LANGUAGES):
        return tuple(str(lang) for lang in languages)
    return schema.LANGUAGES


def _document_ids(loaded: LoadedContent, regulations_only: bool = False) -> list[str]:
    return sorted(source.data["id"] for source in loaded.documents
                  if isinstance(source.data, dict) and isinstance(source.data.get("id"), str)
                  and (not regulations_only or source.data.get("kind") == "regulation"))


def claim_skeleton(path: Path, claim_id: str, topic: str | None, loaded: LoadedContent, topic_ids: list[str]) -> str:
    today = current_date().isoformat()
    documents = ", ".join(_document_ids(loaded)) or "-"
    regulations = ", ".join(_document_ids(loaded, regulations_only=True)) or "-"
    s = Skeleton(site_languages(loaded))
    s.add(schema_modeline(path, "claim"))
    s.comment("edit.claim.header")
    s.comment("edit.optional", example="# asserted_on: ...")
    s.add("")
    s.comment("edit.id")
    s.add(f"id: {claim_id}")
    s.comment("edit.topic", topics=", ".join(topic_ids) or "-")
    s.add(f"topic: {topic}" if topic else f"topic: {placeholder()}")
    s.comment("edit.status")
    s.add("status: draft")
    s.comment("edit.claim")
    s.localised("claim", 0)
    s.comment("edit.claimant")
    s.add(f"claimant: {placeholder()}")
    s.comment("edit.asserted_on")
    s.add(f"# asserted_on: {today}")
    s.comment("edit.asserted_in")
    s.comment("edit.documents", documents=documents)
    s.add("asserted_in:", f"  - ref: {placeholder('document#clause')}")
    s.comment("edit.quote", indent=4)
    s.add('    # quote: "..."')
    s.comment("edit.assessment")
    s.add("assessment:", f"  rating: {placeholder()}")
    s.localised("summary", 2)
    s.comment("edit.evidence")
    s.add("evidence:", f"  - ref: {placeholder('document@version#clause')}")
    s.comment("edit.quote", indent=4)
    s.add('    # quote: "..."')
    s.localised("note", 4)
    s.comment("edit.regulations")
    s.comment("edit.regulation_documents", documents=regulations)
    s.add("regulations:", f"  - ref: {placeholder('regulation@version#article')}")
    s.localised("note", 4)
    s.comment("edit.questions")
    s.add("# questions:")
    s.add(*(f"#   {'- ' if i == 0 else '  '}{lang}: ..." for i, lang in enumerate(s.languages)))
    s.comment("edit.reviewed")
    s.add(f"reviewed: {today}")
    return s.text()


def document_skeleton(path: Path, doc_id: str, kind: str | None, loaded: LoadedContent) -> str:
    today = current_date().isoformat()
    is_regulation = kind == "regulation"
    s = Skeleton(site_languages(loaded))
    s.add(schema_modeline(path, "document"))
    s.comment("edit.document.header")
    s.comment("edit.optional", example="# archived_url: ...")
    s.add("")
    s.comment("edit.id")
    s.add(f"id: {doc_id}")
    s.comment("edit.kind")
    s.add(f"kind: {kind}" if kind else f"kind: {placeholder()}")
    s.comment("edit.title")
    s.localised("title", 0)
    s.comment("edit.publisher")
    s.add(f"publisher: {placeholder()}")
    s.comment("edit.original_language")
    s.add(f"original_language: {placeholder()}")
    if is_regulation:
        s.comment("edit.repealed")
        s.add(f"# repealed: {today}")
    s.comment("edit.versions")
    s.add("versions:")
    s.comment("edit.version", indent=2)
    s.add(f"  - version: {placeholder('2021-01-04')}")
    s.comment("edit.effective", indent=4)
    s.add(f"    effective: {placeholder('YYYY-MM-DD')}" if is_regulation else f"    # effective: {today}")
    s.comment("edit.url", indent=4)
    s.add(f"    url: {placeholder('https://...')}", "    # archived_url: https://web.archive.org/...")
    s.comment("edit.retrieved", indent=4)
    s.add(f"    retrieved: {today}")
    s.comment("edit.clauses", indent=4)
    s.add("    clauses:", f"      - id: {quoted(PLACEHOLDER + '-clause-id')}")
    s.comment("edit.number", indent=8)
    s.add('        # number: "Pasal 1"' if is_regulation else '        # number: "1"')
    s.localised("heading", 8)
    s.comment("edit.text", indent=8)
    s.add(f"        text: {placeholder()}")
    s.comment("edit.summary", indent=8)
    s.localised("summary", 8)
    return s.text()


# --- completions for editors' schemas ------------------------------------------------------


def schema_completions(content_dir: Path) -> schema.Completions:
    """Topic ids and clause references of the content, as read (also when it has errors)."""
    loaded = load_content(content_dir)
    references: list[str] = []
    for source in loaded.documents:
        data = source.data if isinstance(source.data, dict) else {}
        versions = data.get("versions") if isinstance(data.get("versions"), list) else []
        if not isinstance(data.get("id"), str) or not versions:
            continue
        for index, version in enumerate(versions):
            clauses = version.get("clauses") if isinstance(version, dict) else None
            label = version.get("version") if isinstance(version, dict) else None
            for clause_id in _ids(clauses):
                if index == len(versions) - 1:
                    references.append(f"{data['id']}#{clause_id}")
                if isinstance(label, str):
                    references.append(f"{data['id']}@{label}#{clause_id}")
    return schema.Completions(tuple(_ids(loaded.topics.data if loaded.topics else None)), tuple(sorted(set(references))))
