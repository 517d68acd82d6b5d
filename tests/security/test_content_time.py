"""Bounded time: quote search, closest-passage hints, highlighting and hostile Markdown run in
near-linear time. The limits are generous (a busy 2-core machine); each would time out by far if
the quadratic versions came back (minutes for these inputs, measured in bench/security.py)."""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path
from typing import Callable, TypeVar

import pytest

from generator.briefing.html import content_html
from generator.briefing.markdown import content as briefing_markdown
from generator.briefing.wordtext import markdown_blocks
from generator.markup import markdown_to_html
from generator.model import fold_quote_text
from generator.quotes import closest_passage, find_quote_span
from generator.render import highlight_quote, text_fragment_url
from generator.validate import check_content

from .content_corpus import MINIMAL, read, write

LIMIT = 10.0  # seconds; each case takes well under one second now
T = TypeVar("T")
VOCABULARY = [f"w{i}" for i in range(300)] + ["data", "the", "of", "“shared”", "‘ads’"]


def timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def words(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(VOCABULARY) for _ in range(count)]


def spaced(parts: list[str], seed: int) -> str:
    """Words joined by varied white space, as clause text copied from a web page is."""
    rng = random.Random(seed)
    return "".join(word + rng.choice([" ", "  ", "\n", " \t"]) for word in parts).strip()


def test_long_matching_quote_is_found_and_highlighted_in_a_100_kb_clause() -> None:
    clause_words = words(30_000, seed=1)
    text = spaced(clause_words, seed=2)
    assert len(text) > 100_000
    quote = " ".join(clause_words[8_000:20_000]).replace("“", '"').replace("”", '"')  # straight quotes, single spaces
    assert len(quote) > 50_000
    span, seconds = timed(lambda: find_quote_span(text, quote))
    assert seconds < LIMIT and span is not None
    assert fold_quote_text(text[span[0]:span[1]]) == fold_quote_text(quote)
    marked, seconds = timed(lambda: highlight_quote(text, quote))
    assert seconds < LIMIT and marked.count("<mark>") == 1
    url, seconds = timed(lambda: text_fragment_url("https://example.org/p", text, quote))
    assert seconds < LIMIT and "#:~:text=" in url


def test_closest_passage_of_a_2000_word_quote_in_a_4000_word_clause() -> None:
    clause_words = words(4_000, seed=3)
    quote_words = clause_words[1_000:3_000].copy()
    for index in range(0, len(quote_words), 7):  # one word in seven differs: no match, but a close passage
        quote_words[index] = "different"
    text, quote = fold_quote_text(" ".join(clause_words)), fold_quote_text(" ".join(quote_words))
    assert quote not in text
    hint, seconds = timed(lambda: closest_passage(quote, text))
    assert seconds < LIMIT
    assert hint is not None and text.find(hint.removesuffix(" …")) >= 0
    assert text.find(hint.removesuffix(" …")) <= text.find(" ".join(clause_words[1_001:1_006]))  # near where it was taken


def test_short_hints_are_unchanged() -> None:
    assert closest_passage("in encripted form on servers",
                           "we keep messages in encrypted form on our servers for up to 30 days") == "encrypted form on our servers"


def test_validate_with_huge_quotes_finishes(tmp_path: Path) -> None:
    """The issue's case end to end: validate on a 4,000-word clause with a 2,000-word quote not in it."""
    root = Path(shutil.copytree(MINIMAL, tmp_path / "content"))
    clause_words = words(4_000, seed=5)
    document = read(root / "documents" / "acme-policy.yml")
    document["versions"][-1]["clauses"][1]["text"] = " ".join(clause_words)
    write(root / "documents" / "acme-policy.yml", document)
    claim = read(root / "claims" / "privacy" / "limited-sharing.yml")
    claim["evidence"][0]["quote"] = " ".join(reversed(clause_words[:2_000]))
    write(root / "claims" / "privacy" / "limited-sharing.yml", claim)
    result, seconds = timed(lambda: check_content(root))
    assert seconds < LIMIT
    assert [d.code for d in result.diagnostics if d.severity == "error"] == ["quote-not-found"]


@pytest.mark.parametrize("name, text", [
    ("20,000 [", "[" * 20_000),
    ("nested brackets", "[" * 5_000 + "]" * 5_000),
    ("unclosed link targets", "[a](b " * 3_000),
    ("images without end", "![" * 9_000),
    ("backtick runs", "``a`" * 5_000),
    ("brackets before a long text", "[" * 499 + "a" * 19_000),
])
def test_hostile_markdown_renders_quickly_in_every_writer(name: str, text: str) -> None:
    for render in (markdown_to_html, content_html, briefing_markdown, markdown_blocks):
        _, seconds = timed(lambda: render(text))
        assert seconds < LIMIT, (name, render.__name__, seconds)


def test_html_briefing_with_20000_brackets_in_a_summary(tmp_path: Path) -> None:
    """The issue's case: valid content (20,000 characters is the limit) that took 30 s in the HTML briefing."""
    from generator.briefing import render_briefing
    from generator.validate import load_model

    root = Path(shutil.copytree(MINIMAL, tmp_path / "content"))
    claim = read(root / "claims" / "privacy" / "limited-sharing.yml")
    claim["assessment"]["summary"]["en"] = "[" * 20_000
    write(root / "claims" / "privacy" / "limited-sharing.yml", claim)
    model = load_model(root)
    html, seconds = timed(lambda: render_briefing(model, "en", "html").decode("utf-8"))
    assert seconds < LIMIT and "[" * 1_000 in html
