"""Issue 11, "Real documents": clause text as paragraphs and lists, and the one readable diff.

Pure functions on real-shaped text (tests/fixtures/real-docs: a 476-word section in five
paragraphs with a lettered list, a statute article with ayat and huruf a.–g., one-word changes).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.render import quote_spans
from generator.textblocks import ListBlock, Paragraph, block_texts, blocks_html, flat_items, parse_blocks
from generator.textdiff import DiffBlock, DiffGap, diff_html, text_diff

FIXTURE = Path(__file__).parent / "fixtures" / "real-docs"


def clause_text(document: str, version: int, clause: str) -> str:
    data = yaml.safe_load((FIXTURE / "documents" / f"{document}.yml").read_text(encoding="utf-8"))
    return next(c["text"] for c in data["versions"][version]["clauses"] if c["id"] == clause)


POLICY_OLD = clause_text("chat-policy", 0, "information-we-collect")
POLICY_NEW = clause_text("chat-policy", 1, "information-we-collect")
LAW = clause_text("pdp-law", 0, "pasal-20")


# --- textblocks --------------------------------------------------------------------------------


def test_blank_lines_make_paragraphs_and_marker_lines_make_a_lettered_list() -> None:
    blocks = parse_blocks(POLICY_OLD)
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Paragraph", "Paragraph", "Paragraph", "Paragraph", "ListBlock", "Paragraph"]
    letters = blocks[4]
    assert isinstance(letters, ListBlock) and letters.ordered
    assert [item.label for item in letters.items] == ["a.", "b.", "c.", "d.", "e.", "f.", "g."]
    assert POLICY_OLD[letters.items[0].start:letters.items[0].end] == "the hardware model and operating system of your device;"
    # every word of the text is in exactly one block, in order
    words = " ".join(words for _, _, words in block_texts(POLICY_OLD)).split()
    labels = {item.label for item in letters.items}
    assert [w for w in POLICY_OLD.split() if w not in labels] == words


def test_statute_ayat_hold_their_letters_as_a_nested_list_with_labels_as_written() -> None:
    (block,) = parse_blocks(LAW)
    assert isinstance(block, ListBlock)
    assert [item.label for item in block.items] == ["(1)", "(2)"]
    assert [child.label for child in block.items[1].children] == ["a.", "b.", "c.", "d.", "e.", "f.", "g."]
    assert [depth for depth, _ in flat_items(block.items)] == [0, 0] + [1] * 7
    html = blocks_html(LAW)
    assert html.count("<ol") == 2 and html.count("<li>") == 9
    assert '<span class="pe-list__label">b.</span> pemenuhan kewajiban perjanjian' in html


@pytest.mark.parametrize("text, expected", [
    ("One line of text.", [("", "One line of text.")]),
    ("First.\n\n\n  Second,\ncontinued.", [("", "First."), ("", "Second, continued.")]),
    ("- one\n• two\n* three", [("•", "one"), ("•", "two"), ("•", "three")]),
    ("a) first\nb) second", [("a)", "first"), ("b)", "second")]),
    ("3.1. Heading words\n3.2. More words", [("3.1.", "Heading words"), ("3.2.", "More words")]),
    ("e.g. this is not a list item", [("", "e.g. this is not a list item")]),
    ("civil. law is a word, 1.5 million a number", [("", "civil. law is a word, 1.5 million a number")]),
    ("(iv) four\n(xii) twelve", [("(iv)", "four"), ("(xii)", "twelve")]),
    ("Intro:\n(a) one\n\n(b) two", [("", "Intro:"), ("(a)", "one"), ("(b)", "two")]),
])
def test_markers_common_in_policies_and_statutes(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(label, words) for _, label, words in block_texts(text)] == expected


def test_items_written_with_blank_lines_between_them_stay_one_list() -> None:
    blocks = parse_blocks("(a) one\n\n(b) two\n\n(c) three")
    assert len(blocks) == 1 and len(blocks[0].items) == 3


def test_a_quote_across_a_paragraph_break_is_marked_in_both_paragraphs() -> None:
    quote = "keep the Service safe for the people who rely on it every day. Your messages are protected"
    spans = quote_spans(POLICY_OLD, quote)
    assert len(spans) == 1
    html = blocks_html(POLICY_OLD, spans)
    marks = re.findall(r"<mark>(.*?)</mark>", html, re.S)
    assert marks == ["keep the Service safe for the people who rely on it every day.", "Your messages are protected"]
    assert html.count("<p>") == 5  # still five paragraphs


def test_clause_text_is_escaped() -> None:
    html = blocks_html("<b>bold</b> & more\n\na. <i>x</i>")
    assert "<b>" not in html and "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html and "&lt;i&gt;x&lt;/i&gt;" in html


# --- textdiff -----------------------------------------------------------------------------------


def test_a_one_word_change_in_a_long_section_is_shown_with_context_and_the_rest_counted() -> None:
    diff = text_diff(POLICY_OLD, POLICY_NEW)
    assert (diff.removed_words, diff.added_words) == (1, 1)
    gaps = [p.words for p in diff.pieces if isinstance(p, DiffGap)]
    blocks = [p for p in diff.pieces if isinstance(p, DiffBlock)]
    assert len(gaps) == 2 and len(blocks) == 1
    runs = [(r.kind, r.text) for r in blocks[0].runs]
    assert ("removed", "may") in runs and ("added", "will") in runs
    shown = sum(len(r.text.split()) for r in blocks[0].runs if r.kind != "added")
    assert sum(gaps) + shown == len(POLICY_OLD.split()) - 7  # every old word counted once (less the a.–g. labels)
    assert shown <= 2 * 8 + 1  # the change and eight words either side


def test_the_full_diff_keeps_every_word_and_the_list_labels() -> None:
    diff = text_diff(POLICY_OLD, POLICY_NEW, context=None)
    assert not diff.collapsed
    labels = [p.label for p in diff.pieces if isinstance(p, DiffBlock) and p.label]
    assert labels == ["a.", "b.", "c.", "d.", "e.", "f.", "g."]
    assert len([p for p in diff.pieces if isinstance(p, DiffBlock)]) == 6 + 7 - 1  # paragraphs + items


def test_changes_far_apart_get_their_own_excerpts_and_short_stretches_are_not_counted() -> None:
    words = [f"w{i}" for i in range(400)]
    new = list(words)
    new[50], new[300] = "CHANGED", "ALSO"
    diff = text_diff(" ".join(words), " ".join(new))
    assert [p.words for p in diff.pieces if isinstance(p, DiffGap)] == [42, 233, 91]  # 50 - 8, 249 - 2 × 8, 99 - 8
    near = list(words)
    near[50], near[60] = "CHANGED", "ALSO"
    pieces = text_diff(" ".join(words), " ".join(near)).pieces
    assert len([p for p in pieces if isinstance(p, DiffBlock)]) == 1  # nine words between: shown, not counted


def test_added_and_removed_list_items_and_paragraphs() -> None:
    diff = text_diff("Intro.\n\na. one;\nb. two.", "Intro.\n\na. one;\nb. two;\nc. three.", context=None)
    added = [r.text for p in diff.pieces if isinstance(p, DiffBlock) for r in p.runs if r.kind == "added"]
    assert added == ["two;", "c. three."]
    merged = text_diff("First.\n\nSecond.", "First. Second.", context=None)
    removed = [r.text for p in merged.pieces if isinstance(p, DiffBlock) for r in p.runs if r.kind == "removed"]
    assert removed == ["¶"]  # a paragraph break that is gone shows as removed


def test_diff_html_labels_changes_for_screen_readers_and_escapes() -> None:
    html = diff_html(text_diff("We <may> keep.", "We <will> keep."), "removed:", "added:", lambda n: f"… {n} …")
    assert '<del><span class="pe-sr">removed: </span>&lt;may&gt;</del>' in html
    assert '<ins><span class="pe-sr">added: </span>&lt;will&gt;</ins>' in html
    assert html.startswith('<p class="pe-diff__block">')
