"""Load: content YAML files → plain values that remember where each key and value stood.

Only PyYAML's event parser is used (libyaml's C parser when available), and values are
composed here so that duplicate keys, tags, anchors and aliases are reported with their
positions instead of being silently resolved. Nothing here knows the content format.
"""

from __future__ import annotations

import functools
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from .diagnostics import Diagnostic, Message, msg
from .folders import entry_kind, files_below, special_file, unreadable
from .yaml_advice import advise

Parser = getattr(yaml, "CParser", None)
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 1_000_000
"""A claim is a few kilobytes; anything this big is a mistake or an attack."""

MAX_DEPTH = 100
"""Content nests about eight levels deep; far deeper nesting is an attack on the stack."""

Mark = tuple[int, int]  # 1-based line and column

_STR_TAG = "tag:yaml.org,2002:str"
# `<<` (merge) and `=` (value) resolve to tags of their own; in content they are just text.
_TEXT_TAGS = {_STR_TAG, "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}
_resolver = Resolver()
_constructor = SafeConstructor()


class YamlMapping(dict):
    """A YAML mapping with the position of itself, of each key and of each value."""

    __slots__ = ("mark", "key_marks", "value_marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[Any, Mark] = {}
        self.value_marks: dict[Any, Mark] = {}


class YamlSequence(list):
    """A YAML sequence with the position of itself and of each item."""

    __slots__ = ("mark", "item_marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []


@dataclass
class SourceFile:
    """One content file: its path and its data (None when it could not be read)."""

    path: Path
    data: Any
    ok: bool = True


@dataclass
class LoadedContent:
    root: Path
    site: SourceFile | None = None
    topics: SourceFile | None = None
    documents: list[SourceFile] = field(default_factory=list)
    claims: list[SourceFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def position_of(data: Any, loc: tuple[Any, ...], *, key: bool = False) -> Mark:
    """The position of the value at `loc` in `data`, or of the deepest part of it that exists.

    With key=True the position of the last key itself (for unknown keys).
    """
    node = data
    mark: Mark = getattr(data, "mark", (1, 1))
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, YamlMapping) and part in node:
            mark = node.key_marks[part] if (last and key) else node.value_marks[part]
            node = node[part]
        elif isinstance(node, YamlSequence) and isinstance(part, int) and 0 <= part < len(node):
            mark = node.item_marks[part]
            node = node[part]
        else:
            break
    return mark


def load_yaml(path: Path, raw: bytes) -> tuple[Any, list[Diagnostic]]:
    """Parse one file's bytes into positioned values, with every problem found on the way."""
    diagnostics: list[Diagnostic] = []

    def problem(mark: Mark, code: str, message: Message) -> None:
        diagnostics.append(Diagnostic(path, mark[0], mark[1], "error", code, message))

    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem(_offset_mark(raw, exc.start), "yaml-encoding", msg("yaml-encoding", byte=f"0x{raw[exc.start]:02x}"))
        return None, diagnostics
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        problem((1, 1), "empty-file", msg("empty-file"))
        return None, diagnostics

    composer = _Composer(problem)
    try:
        data = composer.compose(Loader(text))  # the pure-Python loader may already refuse a character here
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, such as NUL or another control code
        # The reported position is in bytes for libyaml and in characters otherwise; the first
        # occurrence of the character is the one that was refused either way.
        character = chr(exc.character) if isinstance(exc.character, int) else ""
        offset = text.find(character) if character else -1
        problem(_text_mark(text, max(offset, 0)), "yaml-syntax",
                msg("yaml-character", character=f"U+{ord(character):04X}") if character
                else msg("yaml-syntax", reason=str(exc.reason)))
        return None, diagnostics
    except yaml.MarkedYAMLError as exc:
        problem(*advise(exc, text))
        return None, diagnostics
    except _Abort:
        return None, diagnostics
    if data is None:  # `~`, `null` or a bare `---`: as good as empty, and must not be skipped silently
        problem(composer.root_mark, "empty-file", msg("empty-file-null"))
    return data, diagnostics


class _Abort(Exception):
    pass


class _Composer:
    """Builds YamlMapping/YamlSequence/scalars from parser events.

    This loop runs once per key and value of every file, so it is written for speed: events are
    pulled straight from the parser, told apart by exact type, and the common case (a scalar with
    no tag or anchor) takes the shortest path.
    """

    def __init__(self, problem) -> None:
        self.problem = problem
        self.root_mark: Mark = (1, 1)

    def compose(self, parser: Any) -> Any:
        self.get_event = parser.get_event
        try:
            return self.document()
        finally:
            parser.dispose()

    def document(self) -> Any:
        get_event = self.get_event
        get_event()  # StreamStart
        event = get_event()
        if type(event) is yaml.StreamEndEvent:
            self.problem((1, 1), "empty-file", msg("empty-file"))
            raise _Abort
        root = get_event()
        self.root_mark = _mark(root)
        value = self.node(root, 0)
        get_event()  # DocumentEnd
        event = get_event()
        if type(event) is not yaml.StreamEndEvent:
            self.problem(_mark(event), "yaml-syntax", msg("yaml-second-document"))
        return value

    def node(self, event: yaml.Event, depth: int) -> Any:
        kind = type(event)
        if kind is yaml.ScalarEvent and event.tag is None and event.anchor is None:
            return _scalar(event)
        mark = _mark(event)
        if depth > MAX_DEPTH:
            self.problem(mark, "yaml-syntax", msg("yaml-too-deep", depth=MAX_DEPTH))
            raise _Abort
        if kind is yaml.AliasEvent:
            # Refusing aliases outright also defeats "billion laughs" expansion.
            self.problem(mark, "yaml-anchor", msg("yaml-alias", alias=f"*{event.anchor}"))
            raise _Abort
        if event.anchor is not None:
            self.problem(mark, "yaml-anchor", msg("yaml-anchor", anchor=f"&{event.anchor}"))
        if event.tag is not None and event.tag != "!" and not (kind is yaml.ScalarEvent and event.implicit[0]):
            self.problem(mark, "yaml-tag", msg("yaml-tag", tag=event.tag.replace("tag:yaml.org,2002:", "!!")))
            if kind is yaml.ScalarEvent:
                return event.value
        if kind is yaml.ScalarEvent:
            return _scalar(event)
        if kind is yaml.SequenceStartEvent:
            return self.sequence(mark, depth)
        return self.mapping(mark, depth)

    def sequence(self, mark: Mark, depth: int) -> YamlSequence:
        get_event, node = self.get_event, self.node
        seq = YamlSequence(mark)
        item_marks = seq.item_marks
        while type(event := get_event()) is not yaml.SequenceEndEvent:
            item_marks.append(_mark(event))
            seq.append(node(event, depth + 1))
        return seq

    def mapping(self, mark: Mark, depth: int) -> YamlMapping:
        get_event, node = self.get_event, self.node
        mapping = YamlMapping(mark)
        key_marks, value_marks = mapping.key_marks, mapping.value_marks
        while type(event := get_event()) is not yaml.MappingEndEvent:
            key_mark = _mark(event)
            key = node(event, depth + 1)
            if isinstance(key, (dict, list)):
                self.problem(key_mark, "wrong-type", msg("yaml-complex-key"))
                key = repr(key)
            value_event = get_event()
            value = node(value_event, depth + 1)
            if key in mapping:
                first = key_marks[key]
                self.problem(key_mark, "yaml-duplicate-key", msg("yaml-duplicate-key", key=str(key), line=first[0]))
                continue
            mapping[key] = value
            key_marks[key] = key_mark
            value_marks[key] = _mark(value_event)
        return mapping


# First characters of plain scalars that may resolve to something other than text (numbers,
# dates, booleans, null, `<<`, `=`); any other plain scalar is text without asking the resolver.
_MAYBE_NOT_TEXT = frozenset(char for char in _resolver.yaml_implicit_resolvers if char)


def _scalar(event: yaml.ScalarEvent) -> Any:
    value = event.value
    if event.style or event.tag == "!" or (value and value[0] not in _MAYBE_NOT_TEXT):
        return value  # quoted, block or plainly textual
    return _plain_scalar(value)


@functools.lru_cache(maxsize=4096)
def _plain_scalar(value: str) -> Any:
    tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))
    if tag in _TEXT_TAGS:
        return value
    try:
        # The tag's constructor directly: construct_object() would remember every node it ever saw.
        return _constructor.yaml_constructors[tag](_constructor, yaml.ScalarNode(tag, value))
    except ValueError:  # looks like a date but is none, e.g. 2021-02-30: the field's own check reports it
        return value


def _mark(event: yaml.Event) -> Mark:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


def _text_mark(text: str, offset: int) -> Mark:
    line = text.count("\n", 0, offset) + 1
    return (line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _offset_mark(raw: bytes, offset: int) -> Mark:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
    return (line, col)


def read_file(path: Path) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read and parse one file; the source is None when nothing usable came out."""
    try:
        # O_NONBLOCK: a FIFO swapped in after the folder was listed must not hang the run.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        return None, [unreadable(path, error)]
    with os.fdopen(fd, "rb") as handle:
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                return None, [special_file(path)]
            raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            return None, [unreadable(path, error)]
    if len(raw) > MAX_FILE_BYTES:
        size = max(status.st_size, len(raw))
        return None, [Diagnostic(path, 1, 1, "error", "file-too-large",
                                 msg("file-too-large", size=size, limit=MAX_FILE_BYTES))]
    data, diagnostics = load_yaml(path, raw)
    return (None if data is None else SourceFile(path, data, not diagnostics)), diagnostics


def load_content(root: Path) -> LoadedContent:
    """Read every content file under `root`. Missing or unreadable files become diagnostics.

    Nothing outside `root` is read: a symbolic link that leads out of it is refused, and
    special files (pipes, sockets, devices) are skipped, since reading them could hang.
    """
    loaded = LoadedContent(root=root)
    real_root = os.path.realpath(root)
    try:
        os.listdir(root)
    except OSError as error:
        loaded.diagnostics.append(unreadable(root, error, folder=True))
        return loaded

    def read(path: Path) -> SourceFile | None:
        source, diagnostics = read_file(path)
        loaded.diagnostics.extend(diagnostics)
        return source

    for name in ("site.yml", "topics.yml"):
        path = root / name
        kind = entry_kind(path, real_root, loaded.diagnostics)
        if kind == "missing":
            loaded.diagnostics.append(Diagnostic(path, 1, 1, "error", "missing-file", msg("missing-file", name=name)))
        elif kind == "file":
            setattr(loaded, name.removesuffix(".yml"), read(path))
        elif kind == "folder":
            loaded.diagnostics.append(Diagnostic(path, 1, 1, "error", "missing-file",
                                                 msg("missing-file-folder", name=name)))
    for folder, target in (("documents", loaded.documents), ("claims", loaded.claims)):
        directory = root / folder
        kind = entry_kind(directory, real_root, loaded.diagnostics)
        if kind in {"missing", "file"}:
            loaded.diagnostics.append(Diagnostic(directory, 1, 1, "error", "missing-file", msg("missing-folder", folder=f"{folder}/")))
            continue
        if kind != "folder":
            continue
        for path in files_below(directory, real_root, loaded.diagnostics):
            nested = folder == "documents" and path.parent != directory  # documents/*.yml only
            if path.suffix == ".yml" and not nested:
                source = read(path)
                if source is not None:
                    target.append(source)
            else:
                loaded.diagnostics.append(Diagnostic(path, 1, 1, "warning", "ignored-file", _ignored_reason(path, nested)))
    return loaded


def _ignored_reason(path: Path, nested: bool) -> Message:
    if nested:
        return msg("ignored-nested-document")
    if path.suffix == ".yaml":
        return msg("ignored-yaml-extension", name=f"{path.stem}.yml")
    return msg("ignored-file")
