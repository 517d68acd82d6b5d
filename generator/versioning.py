"""Versions of documents for editors: `new version` copies the current version, `show` lists clauses.

`new version` edits the document's YAML as text: the current version's block is copied below
itself with the new label and `retrieved` to fill in, so every comment, the key order and the
quoting of the file stay as the editor wrote them. The result is read back and checked before
it replaces the file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import schema
from .editing import PLACEHOLDER, EditingError, quoted
from .i18n import t
from .load import LoadedContent, SourceFile, YamlMapping, YamlSequence, load_content, load_yaml
from .output import write_atomic
from .validate import suggestion

_KEY_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_]+):(?P<rest>.*)$")


def find_document(loaded: LoadedContent, doc_id: str) -> SourceFile:
    """The file of document `doc_id`, or EditingError naming the documents there are."""
    ids = []
    for source in loaded.documents:
        if isinstance(source.data, dict) and isinstance(source.data.get("id"), str):
            if source.data["id"] == doc_id:
                return source
            ids.append(source.data["id"])
    raise EditingError(f"unknown document '{doc_id}'{suggestion(doc_id, ids).text()}; "
                       f"documents are {', '.join(sorted(ids)) or '(none)'}")


def new_version(content_dir: Path, doc_id: str, label: str) -> Path:
    """Append version `label` to document `doc_id`, a copy of its current version to fill in."""
    if not re.fullmatch(schema.VERSION_PATTERN, label):
        raise EditingError(f"'{label}' is not a valid version label: letters, digits, '.', '_' and '-' "
                           "(for example 2024-05-01)")
    source = find_document(load_content(content_dir), doc_id)
    versions = source.data.get("versions")
    if not isinstance(versions, YamlSequence) or not versions or not isinstance(versions[-1], YamlMapping):
        raise EditingError(f"{source.path}: 'versions' is not a list of versions; fix the file first "
                           "(run `python -m generator validate`)")
    labels = [v.get("version") for v in versions if isinstance(v, dict)]
    if label in labels:
        raise EditingError(f"document '{doc_id}' already has version '{label}'")
    text = source.path.read_text(encoding="utf-8")
    lines = text.split("\n")
    start_line, key_column = versions.item_marks[-1]
    if not lines[start_line - 1][: key_column - 1].rstrip().endswith("-"):
        raise EditingError(f"{source.path}: versions are written in flow style ([...]); "
                           "write them as a block list (`- version: ...`) to use `new version`")
    end = _block_end(lines, start_line, key_column)
    block = _new_version_block(lines[start_line - 1: end], key_column, label)
    new_text = "\n".join(lines[:end] + block + lines[end:])
    _check_result(source.path, new_text, versions, label)
    mode = source.path.stat().st_mode & 0o7777
    write_atomic(source.path, new_text)
    os.chmod(source.path, mode)  # the file stays as readable as it was
    return source.path


def _block_end(lines: list[str], start_line: int, key_column: int) -> int:
    """The index just past the last line of the list item starting at `start_line` (1-based).

    The item ends before the first line that is neither blank, a comment, nor indented past the
    item's `- `; trailing blank lines and comments stay with what follows.
    """
    dash_indent = len(lines[start_line - 1]) - len(lines[start_line - 1].lstrip(" "))
    end = start_line
    for index in range(start_line, len(lines)):
        line = lines[index]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if len(line) - len(line.lstrip(" ")) <= dash_indent:
            break
        end = index + 1
    return end


def _new_version_block(block: list[str], key_column: int, label: str) -> list[str]:
    """The current version's lines with the new label, and dates and the archive link to fill in."""
    result = []
    for number, line in enumerate(block):
        match = _KEY_LINE.match(line)
        at_version_level = match and (number == 0 or len(match["lead"]) == key_column - 1)
        if not at_version_level:
            result.append(line)
            continue
        lead, key = match["lead"], match["key"]
        if key == "version":
            line = f"{lead}version: {quoted(label)}"
        elif key == "retrieved":
            line = f"{lead}retrieved: {quoted(PLACEHOLDER + ': YYYY-MM-DD, the day you copied the text below')}"
        elif key == "effective":
            line = f"{lead}effective: {quoted(PLACEHOLDER + ': YYYY-MM-DD, the day this version takes effect')}"
        elif key == "archived_url":  # the archive link was for the old text; add the new one when there is one
            if number > 0:
                continue
            line = f"{lead}archived_url: {quoted(PLACEHOLDER + ': an archived copy, or remove this line')}"
        result.append(line)
    return result


def _check_result(path: Path, text: str, old: YamlSequence, label: str) -> None:
    """Refuse to write unless the edited file reads back with the old versions as they were and
    the new one last, with the same clauses as the current one."""
    data, problems = load_yaml(path, text.encode("utf-8"))
    versions = data.get("versions") if isinstance(data, dict) else None
    ok = (not problems and isinstance(versions, list) and list(versions[:-1]) == list(old)
          and isinstance(versions[-1], dict) and versions[-1].get("version") == label
          and _clause_ids(versions[-1]) == _clause_ids(old[-1]))
    if not ok:
        raise EditingError(f"could not add version '{label}' to {path} without changing its meaning; "
                           "copy the last version by hand (nothing was written)")


def _clause_ids(version: Any) -> list[Any]:
    clauses = version.get("clauses") if isinstance(version, dict) else None
    return [c.get("id") for c in clauses if isinstance(c, dict)] if isinstance(clauses, list) else []


# --- show --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClauseLine:
    id: str
    number: str
    heading: str


def show_document(content_dir: Path, target: str, lang: str = "en") -> str:
    """Clause ids, numbers and headings of DOC (its current version) or DOC@VERSION, as text."""
    doc_id, _, label = target.partition("@")
    source = find_document(load_content(content_dir), doc_id)
    versions = source.data.get("versions")
    if not isinstance(versions, list) or not versions:
        raise EditingError(f"{source.path}: document '{doc_id}' has no versions to show")
    labels = [str(v.get("version")) if isinstance(v, dict) else "?" for v in versions]
    if label and label not in labels:
        raise EditingError(f"document '{doc_id}' has no version '{label}'; its versions are {', '.join(labels)}")
    index = labels.index(label) if label else len(versions) - 1
    version = versions[index]
    current = index == len(versions) - 1
    clauses = [ClauseLine(str(c.get("id", "?")), str(c.get("number") or ""), _text(c.get("heading"), lang))
               for c in (version.get("clauses") or []) if isinstance(c, dict)]
    title = _text(source.data.get("title"), lang)
    reference = f"{doc_id}#CLAUSE" if current else f"{doc_id}@{labels[index]}#CLAUSE"
    lines = [f"{doc_id}@{labels[index]}" + (f" ({t('show.current', lang)})" if current else "") + f" — {title}",
             t("show.cite", lang, reference=reference), ""]
    id_width = max((len(c.id) for c in clauses), default=0)
    number_width = max((len(c.number) for c in clauses), default=0)
    for clause in clauses:
        lines.append(f"  {clause.id:<{id_width}}  {clause.number:<{number_width}}  {clause.heading}".rstrip())
    lines += ["", t("show.versions", lang, versions=", ".join(
        f"{v} ({t('show.current', lang)})" if i == len(labels) - 1 else v for i, v in enumerate(labels)))]
    return "\n".join(lines) + "\n"


def _text(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or next(iter(value.values()), ""))
    return "" if value is None else str(value)
