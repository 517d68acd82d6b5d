"""Clause text and its changes as HTML for the site's pages (paragraphs, lists, readable diffs).

Templates call these through `text` (a `SiteText` for the page's language); the parsing and the
diff are the shared, format-neutral `textblocks` and `textdiff`.
"""

from __future__ import annotations

from typing import Callable, Sequence

from markupsafe import Markup

from .i18n import t
from .textblocks import blocks_html
from .textdiff import diff_html, text_diff

SpanFinder = Callable[[str, "str | None"], Sequence[tuple[int, int]]]


class SiteText:
    def __init__(self, lang: str, find_spans: SpanFinder) -> None:
        self.lang, self.find_spans = lang, find_spans

    def clause(self, text: str, quote: str | None = None) -> Markup:
        """Clause text as <p>/<ol>/<ul>, the quote (which may cross paragraphs) in <mark>."""
        return Markup(blocks_html(text, self.find_spans(text, quote) if quote else ()))

    def diff(self, old: str, new: str, full: bool = False) -> Markup:
        """The readable diff (changes with context, unchanged stretches counted); `full` keeps every word."""
        return Markup(diff_html(text_diff(old, new, None if full else 8), t("site.document.diff_removed", self.lang),
                                t("site.document.diff_added", self.lang), self.unchanged))

    def collapsed(self, old: str, new: str) -> bool:
        return text_diff(old, new).collapsed

    def unchanged(self, words: int) -> str:
        return t("text.unchanged_words", self.lang, count=words)

    def summary(self, old: str, new: str) -> str:
        diff = text_diff(old, new)
        return t("text.diff_counts", self.lang, removed=diff.removed_words, added=diff.added_words)
