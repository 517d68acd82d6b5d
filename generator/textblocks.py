"""Clause text → paragraphs and lists, the one parser every writer uses (SPEC §4).

A blank line separates paragraphs. A line that starts with a list marker common in policies
and statutes (`a.`, `a)`, `(a)`, `1.`, `1)`, `(1)`, `3.2.`, `-`, `•`) opens a list item; the
lines after it, up to the next marker or blank line, continue the item. Ordered markers are kept
as written ("huruf a" is cited by its letter, so nothing is renumbered).

Every block remembers where its words lie in the original text (`start`, `end`), so a quote
found in the original text (SPEC §1 folding) can be highlighted across paragraph breaks.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence, Union

_ROMAN = r"(?=[ivx])x{0,2}(?:ix|iv|v?i{0,3})"  # i to xxix: "civil." is a word, not a label
_MARKER = re.compile(
    rf"[ \t]*(?P<marker>\((?:\d{{1,3}}|[a-zA-Z]|{_ROMAN})\)"  # (1) (a) (iv)
    rf"|(?:\d{{1,3}}(?:\.\d{{1,3}})*|[a-zA-Z]|{_ROMAN})[.)]"  # 1. 3.2. a. a) iv.
    r"|[-•*–])[ \t]+(?=\S)")
_UNORDERED = frozenset("-•*–")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Paragraph:
    start: int  # offsets of the paragraph's words in the original text
    end: int


@dataclass(frozen=True)
class ListItem:
    label: str  # the marker as written ("a.", "(1)"); "" for a bullet
    start: int  # offsets of the item's words (after the marker)
    end: int
    children: tuple[ListItem, ...] = ()  # "(2) ... meliputi:" followed by "a." to "g."


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[ListItem, ...]


Block = Union[Paragraph, ListBlock]
Span = tuple[int, int]


@lru_cache(maxsize=4096)
def parse_blocks(text: str) -> tuple[Block, ...]:
    """The paragraphs and lists of `text`, in order; text without structure is one paragraph."""
    blocks: list[Block] = []
    for chunk_start, chunk_end in _chunks(text):
        blocks.extend(_chunk_blocks(text, chunk_start, chunk_end))
    return tuple(_merge_lists(blocks))


def _chunks(text: str) -> list[Span]:
    """Offsets of the runs of text between blank lines."""
    spans, position = [], 0
    for match in _BLANK_LINE.finditer(text):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in spans) if s < e]


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _chunk_blocks(text: str, start: int, end: int) -> list[Block]:
    lines: list[Span] = []
    position = start
    while position <= end:
        newline = text.find("\n", position, end)
        line_end = end if newline < 0 else newline
        lines.append((position, line_end))
        position = line_end + 1
    blocks: list[Block] = []
    open_start: int | None = None  # a paragraph being gathered, or the item being continued
    items: list[ListItem] = []
    ordered = False
    last_end = start

    def close_paragraph() -> None:
        nonlocal open_start
        if open_start is not None:
            s, e = _strip(text, open_start, last_end)
            if s < e:
                blocks.append(Paragraph(s, e))
        open_start = None

    def close_list() -> None:
        if items:
            blocks.append(ListBlock(ordered, _nest(items)))
            items.clear()

    for line_start, line_end in lines:
        match = _MARKER.match(text, line_start, line_end)
        if match:
            close_paragraph()
            marker = match.group("marker")
            is_ordered = marker not in _UNORDERED
            if not items:
                ordered = is_ordered
            items.append(ListItem(marker if is_ordered else "", *_strip(text, match.end(), line_end)))
        elif items:  # a continuation line of the open item
            last = items[-1]
            items[-1] = ListItem(last.label, last.start, _strip(text, line_start, line_end)[1] or last.end)
        else:
            if open_start is None:
                open_start = line_start
            last_end = line_end
            continue
        last_end = line_end
    close_paragraph()
    close_list()
    return blocks


def _nest(items: list[ListItem]) -> tuple[ListItem, ...]:
    """Items in another marker style than the list's first item belong to the item before them."""
    top: list[ListItem] = []
    style = _marker_style(items[0].label)
    for item in items:
        if top and _marker_style(item.label) != style:
            parent = top[-1]
            top[-1] = ListItem(parent.label, parent.start, parent.end, parent.children + (item,))
        else:
            top.append(item)
    return tuple(top)


def flat_items(items: tuple[ListItem, ...], depth: int = 0) -> list[tuple[int, ListItem]]:
    """(depth, item) for every item and sub-item, in reading order."""
    out: list[tuple[int, ListItem]] = []
    for item in items:
        out.append((depth, item))
        out += flat_items(item.children, depth + 1)
    return out


def _merge_lists(blocks: list[Block]) -> list[Block]:
    """Items of one list written with blank lines between them stay one list."""
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if (isinstance(block, ListBlock) and isinstance(previous, ListBlock)
                and _marker_style(previous.items[0].label) == _marker_style(block.items[0].label)):
            merged[-1] = ListBlock(block.ordered, previous.items + block.items)
        else:
            merged.append(block)
    return merged


def _marker_style(label: str) -> str:
    """"(1)" and "(12)" share a style, "a." and "(1)" do not."""
    return re.sub(r"[A-Za-z]+", "a", re.sub(r"\d+", "1", label))


def block_texts(text: str) -> list[tuple[int, str, str]]:
    """(depth, label, words) per paragraph or list item, white space folded: for plain-text writers.

    Depth is 0 for a paragraph or an item, 1 for a sub-item; the label is "" for a paragraph,
    "•" for a bullet, the marker as written for an ordered item.
    """
    out: list[tuple[int, str, str]] = []
    for block in parse_blocks(text):
        if isinstance(block, Paragraph):
            out.append((0, "", " ".join(text[block.start:block.end].split())))
        else:
            out.extend((depth, item.label or "•", " ".join(text[item.start:item.end].split()))
                       for depth, item in flat_items(block.items))
    return out


def _marked_html(text: str, start: int, end: int, marks: Sequence[Span]) -> str:
    """text[start:end] as HTML, with the parts inside `marks` wrapped in <mark>."""
    out, position = [], start
    for mark_start, mark_end in marks:
        s, e = max(mark_start, position), min(mark_end, end)
        if s >= e:
            continue
        out += [html.escape(text[position:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
        position = e
    out.append(html.escape(text[position:end]))
    return "".join(out)


def blocks_html(text: str, marks: Sequence[Span] = (), css_prefix: str = "pe") -> str:
    """Clause text as <p>, <ol> and <ul> elements; `marks` (sorted spans of `text`) become <mark>.

    An ordered item shows its label as written, in a span the stylesheet places in the margin.
    """
    marks = sorted(marks)
    out: list[str] = []
    for block in parse_blocks(text):
        if isinstance(block, Paragraph):
            out.append(f"<p>{_marked_html(text, block.start, block.end, marks)}</p>")
            continue
        out.append(_list_html(text, block.items, block.ordered, marks, css_prefix))
    return "".join(out)


def _list_html(text: str, items: tuple[ListItem, ...], ordered: bool, marks: Sequence[Span], css_prefix: str) -> str:
    parts = []
    for item in items:
        children = (_list_html(text, item.children, _is_ordered(item.children[0].label), marks, css_prefix)
                    if item.children else "")
        parts.append(f"<li>{_label_html(item.label, css_prefix)}{_marked_html(text, item.start, item.end, marks)}"
                     f"{children}</li>")
    tag = "ol" if ordered else "ul"
    modifier = f" {css_prefix}-list--labelled" if ordered else ""
    return f'<{tag} class="{css_prefix}-list{modifier}">{"".join(parts)}</{tag}>'


def _is_ordered(label: str) -> bool:
    return bool(label)


def _label_html(label: str, css_prefix: str) -> str:
    return f'<span class="{css_prefix}-list__label">{html.escape(label)}</span> ' if label else ""
