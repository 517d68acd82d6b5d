"""What differs between a misquoted passage and the clause: "the quote has 'shares' where the
clause has 'share'", rather than the whole closest sentence for the editor to compare by eye.

`validate` finds the passage of the clause closest to the quote; this module lines the two up
word by word and names the few words that differ.
"""

from __future__ import annotations

import difflib

from .diagnostics import Message, msg

MAX_DIFFERENCES = 3
"""Beyond this many differing spans the quote is not a near miss: show the passage instead."""

CONTEXT_WORDS = 4
"""Words of the clause on either side of the passage that may belong to the quote's alignment."""


def differing_words(quote: str, text: str, passage: str) -> Message | None:
    """The differences between `quote` and `passage` (a run of words of `text`), or None when there
    are none to name or too many to be useful. All three are folded already (single spaces)."""
    quote_words, text_words = quote.split(" "), text.split(" ")
    start = _find_words(text_words, passage.split(" "))
    if start < 0:
        return None
    # The passage has as many words as the quote; a missing or extra word shifts it, so align the
    # quote against the passage widened by a few words and trim what matched nothing.
    low = max(0, start - CONTEXT_WORDS)
    window = text_words[low: start + len(passage.split(" ")) + CONTEXT_WORDS]
    matcher = difflib.SequenceMatcher(None, quote_words, window, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    lead = min(first.a, first.b)  # unmatched words before the first match, as many as the quote has
    aligned = window[first.b - lead: last.b + last.size + min(len(quote_words) - last.a - last.size,
                                                                len(window) - last.b - last.size)]
    # A quote may start or end inside a word of the clause ("service" of "service."): not a difference.
    if aligned and aligned[-1] != quote_words[-1] and aligned[-1].startswith(quote_words[-1]):
        aligned[-1] = quote_words[-1]
    if aligned and aligned[0] != quote_words[0] and aligned[0].endswith(quote_words[0]):
        aligned[0] = quote_words[0]
    parts: list[Message] = []
    for tag, q1, q2, c1, c2 in difflib.SequenceMatcher(None, quote_words, aligned, autojunk=False).get_opcodes():
        quoted, clause = " ".join(quote_words[q1:q2]), " ".join(aligned[c1:c2])
        if tag == "replace":
            parts.append(msg("quote-differs", quote=quoted, clause=clause))
        elif tag == "delete":
            parts.append(msg("quote-extra-words", quote=quoted))
        elif tag == "insert":
            parts.append(msg("quote-missing-words", clause=clause))
    if not parts or len(parts) > MAX_DIFFERENCES:
        return None
    message = parts[-1]
    for part in reversed(parts[:-1]):
        message = msg("join.semicolon", first=part, rest=message)
    return msg("quote-differences", differences=message)


def _find_words(words: list[str], run: list[str]) -> int:
    for index in range(len(words) - len(run) + 1):
        if words[index: index + len(run)] == run:
            return index
    return -1
