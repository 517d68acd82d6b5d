"""Quotes in clause text, in near-linear time: finding them (SPEC §1 folding) and the closest passage.

`validate` checks quotes and suggests the closest passage; `render` highlights a quote and builds
text fragments. A regex per character or a similarity search over every window was quadratic:
minutes for a 2,000-word quote in a 4,000-word clause. Here the text is folded once, with an index
map back to the original, and the closest passage is found by a sliding word count.
"""

from __future__ import annotations

import difflib
import heapq
import re
from collections import Counter

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_TOKENS = re.compile(r"\s+|\S+")
HINT_LIMIT = 200
"""Longest closest-passage hint shown in a message (characters); longer ones are shortened."""
_EXHAUSTIVE_WORK = 20_000
"""Up to this many window-words, every window is compared character by character (best hints)."""


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """`text` folded as SPEC §1 says (white space runs → one space, typographic quotes → straight,
    stripped), and for each folded character the index of the original character it stands for."""
    parts: list[str] = []
    positions: list[int] = []
    for match in _TOKENS.finditer(text):
        token, start = match.group(), match.start()
        if token[0].isspace():
            if positions:  # leading white space is stripped; a trailing run is cut below
                parts.append(" ")
                positions.append(start)
        else:
            parts.append(token.translate(_QUOTES))
            positions.extend(range(start, match.end()))
    folded = "".join(parts)
    if folded.endswith(" "):
        folded, positions = folded[:-1], positions[:-1]
    return folded, positions


def find_quote_span(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` occurs in `text` under SPEC §1 folding, as (start, end) in the original text."""
    folded_quote = fold_with_positions(quote)[0]
    if not folded_quote:
        return None
    folded, positions = fold_with_positions(text)
    at = folded.find(folded_quote)
    if at < 0:
        return None
    return positions[at], positions[at + len(folded_quote) - 1] + 1


def closest_passage(quote: str, text: str) -> str | None:
    """The run of words in (folded) `text` most like (folded) `quote`, to show an editor what to copy."""
    words, quote_words = text.split(" "), quote.split(" ")
    size = max(1, len(quote_words))
    if len(words) * size <= _EXHAUSTIVE_WORK:
        starts: list[int] = list(range(max(1, len(words) - size + 1)))
    else:
        starts = _best_windows(words, quote_words, size)
    best, best_ratio = None, 0.5
    matcher = difflib.SequenceMatcher(autojunk=False)
    long_quote = len(quote) > 2_000
    matcher.set_seq2(quote_words if long_quote else quote)
    for start in starts:
        candidate = words[start:start + size]
        matcher.set_seq1(candidate if long_quote else " ".join(candidate))
        if matcher.real_quick_ratio() > best_ratio and matcher.quick_ratio() > best_ratio and (r := matcher.ratio()) > best_ratio:
            best, best_ratio = " ".join(candidate), r
    if best is not None and len(best) > HINT_LIMIT:
        best = best[:HINT_LIMIT].rsplit(" ", 1)[0] + " …"
    return best


def _best_windows(words: list[str], quote_words: list[str], size: int, keep: int = 5) -> list[int]:
    """The starts of the `keep` windows of `size` words sharing most words with the quote (one pass)."""
    wanted, have = Counter(quote_words), Counter[str]()
    shared, scored = 0, []
    for index, word in enumerate(words):
        if have[word] < wanted[word]:
            shared += 1
        have[word] += 1
        if index >= size:
            old = words[index - size]
            have[old] -= 1
            if have[old] < wanted[old]:
                shared -= 1
        if index >= size - 1:
            scored.append((shared, -(index - size + 1)))
    return [-start for _, start in heapq.nlargest(keep, scored)] or [0]
