"""One readable word-level diff of two clause texts, for every writer (site and briefing).

Real rewrites change a few words in a section of a thousand: the diff keeps each change with a
few words of context and collapses the unchanged stretches between them ("… 312 unchanged words
…"). Paragraphs and list items of the clause text (textblocks) stay visible as blocks, with the
list label as written.

The result is format-neutral (`TextDiff`); `diff_html` lays it out as HTML for the site and the
HTML/PDF briefing, the Markdown and DOCX writers walk the same pieces.
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Union

from .textblocks import ListBlock, flat_items, parse_blocks

CONTEXT_WORDS = 8  # words kept on each side of a change
MIN_GAP_WORDS = 6  # a shorter unchanged stretch is shown rather than counted
_BREAK = "\x00"  # prefix of the token that opens a paragraph or list item (then its label)


@dataclass(frozen=True)
class DiffRun:
    kind: str  # same | removed | added
    text: str


@dataclass(frozen=True)
class DiffBlock:
    """A paragraph or list item of the diff, or the visible part of one next to a gap."""

    label: str  # list label as written, "" for a paragraph or a continuation after a gap
    runs: tuple[DiffRun, ...]


@dataclass(frozen=True)
class DiffGap:
    words: int  # unchanged words left out here


DiffPiece = Union[DiffBlock, DiffGap]


@dataclass(frozen=True)
class TextDiff:
    pieces: tuple[DiffPiece, ...]
    removed_words: int
    added_words: int

    @property
    def collapsed(self) -> bool:
        return any(isinstance(piece, DiffGap) for piece in self.pieces)


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for block in parse_blocks(text):
        if isinstance(block, ListBlock):
            for _, item in flat_items(block.items):
                tokens.append(_BREAK + item.label)
                tokens.extend(text[item.start:item.end].split())
        else:
            tokens.append(_BREAK)
            tokens.extend(text[block.start:block.end].split())
    return tokens


@lru_cache(maxsize=1024)
def text_diff(old: str, new: str, context: int | None = CONTEXT_WORDS) -> TextDiff:
    """The word diff of `old` → `new`; `context=None` keeps every unchanged word (the full diff)."""
    a, b = _tokens(old), _tokens(new)
    flat: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            flat += [("same", token) for token in b[j1:j2]]
            continue
        flat += [("removed", token) for token in a[i1:i2]]
        flat += [("added", token) for token in b[j1:j2]]
    keep = _kept(flat, context)
    removed = sum(kind == "removed" and not token.startswith(_BREAK) for kind, token in flat)
    added = sum(kind == "added" and not token.startswith(_BREAK) for kind, token in flat)
    return TextDiff(_pieces(flat, keep), removed, added)


def _kept(flat: list[tuple[str, str]], context: int | None) -> list[bool]:
    """Which tokens are shown: changes, `context` words either side, short stretches whole."""
    if context is None:
        return [True] * len(flat)
    far = len(flat) + context + 1
    distance = [far] * len(flat)  # in words, to the nearest change
    for order in (range(len(flat)), range(len(flat) - 1, -1, -1)):
        since = far
        for i in order:
            kind, token = flat[i]
            if kind != "same":
                since = 0
            elif not token.startswith(_BREAK):
                since += 1
            distance[i] = min(distance[i], since)
    keep = [d <= context for d in distance]
    # A stretch too short to be worth counting is shown whole.
    i = 0
    while i < len(flat):
        if keep[i]:
            i += 1
            continue
        j = i
        while j < len(flat) and not keep[j]:
            j += 1
        if sum(not token.startswith(_BREAK) for _, token in flat[i:j]) < MIN_GAP_WORDS:
            keep[i:j] = [True] * (j - i)
        i = j
    return keep


def _pieces(flat: list[tuple[str, str]], keep: list[bool]) -> tuple[DiffPiece, ...]:
    pieces: list[DiffPiece] = []
    label: str | None = None
    runs: list[DiffRun] = []
    gap = 0

    def flush() -> None:
        nonlocal label, runs
        if runs or label:
            pieces.append(DiffBlock(label or "", tuple(runs)))
        label, runs = None, []

    def add(kind: str, text: str) -> None:
        if runs and runs[-1].kind == kind:
            runs[-1] = DiffRun(kind, f"{runs[-1].text} {text}")
        else:
            runs.append(DiffRun(kind, text))

    for (kind, token), shown in zip(flat, keep):
        is_break = token.startswith(_BREAK)
        if not shown:
            gap += not is_break
            continue
        if gap:
            flush()
            pieces.append(DiffGap(gap))
            gap = 0
        if not is_break:
            add(kind, token)
        elif kind == "same":
            flush()
            label = token[1:]
        elif kind == "added":
            flush()
            label = ""
            if token[1:]:
                add("added", token[1:])
        else:  # a paragraph break or list label that is gone
            add("removed", token[1:] or "¶")
    flush()
    if gap:
        pieces.append(DiffGap(gap))
    return tuple(pieces)


def diff_html(diff: TextDiff, removed_label: str, added_label: str, gap_text: Callable[[int], str],
              css_prefix: str = "pe") -> str:
    """The diff as HTML: one <p> per block, <del>/<ins> runs labelled for screen readers."""
    out: list[str] = []
    for piece in diff.pieces:
        if isinstance(piece, DiffGap):
            out.append(f'<p class="{css_prefix}-diff__gap">{html.escape(gap_text(piece.words))}</p>')
            continue
        parts = [f'<span class="{css_prefix}-list__label">{html.escape(piece.label)}</span> '] if piece.label else []
        for run in piece.runs:
            text = html.escape(run.text)
            if run.kind == "same":
                parts.append(text)
            elif run.kind == "removed":
                parts.append(f'<del><span class="{css_prefix}-sr">{html.escape(removed_label)} </span>{text}</del>')
            else:
                parts.append(f'<ins><span class="{css_prefix}-sr">{html.escape(added_label)} </span>{text}</ins>')
        spaced = " ".join(parts[1:]) if piece.label else " ".join(parts)
        out.append(f'<p class="{css_prefix}-diff__block">{parts[0] + spaced if piece.label else spaced}</p>')
    return "".join(out)
