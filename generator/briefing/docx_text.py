"""DOCX writer, clause text: real paragraphs and labelled list paragraphs, readable diffs.

Used by the claim's needs-review box and the changed-clauses appendix. No table cells: a long
clause flows across pages like any other text.
"""

from __future__ import annotations

from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from ..i18n import t
from ..textblocks import Paragraph as TextParagraph
from ..textblocks import flat_items, parse_blocks
from ..textdiff import DiffGap, TextDiff
from .docx_writer import WordWriter
from .entries import Review

REMOVED, ADDED, MUTED = RGBColor(0x8E, 0x1B, 0x1B), RGBColor(0x1B, 0x5E, 0x20), RGBColor(0x5C, 0x5C, 0x5C)
LABEL_MM = 8  # room for "(12)" or "3.2." before a list item's text


def _list_paragraph(writer: WordWriter, label: str, depth: int, indent_mm: float) -> Paragraph:
    """A paragraph whose label hangs in the margin: label, tab, text (Word keeps the label as written)."""
    paragraph = writer.para()
    left = indent_mm + LABEL_MM * (depth + 1)
    paragraph.paragraph_format.left_indent = Mm(left)
    paragraph.paragraph_format.first_line_indent = Mm(-LABEL_MM)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(left))
    paragraph.paragraph_format.space_after = Pt(2)
    paragraph.add_run(f"{label}\t")
    return paragraph


def add_clause_text(writer: WordWriter, text: str, indent_mm: float = 5) -> list[Paragraph]:
    """Clause text as Word paragraphs: one per paragraph, one per list item with its label."""
    added: list[Paragraph] = []
    for block in parse_blocks(text):
        if isinstance(block, TextParagraph):
            paragraph = writer.para(" ".join(text[block.start:block.end].split()))
            paragraph.paragraph_format.left_indent = Mm(indent_mm)
            added.append(paragraph)
            continue
        for depth, item in flat_items(block.items):
            paragraph = _list_paragraph(writer, item.label or "•", depth, indent_mm)
            paragraph.add_run(" ".join(text[item.start:item.end].split()))
            added.append(paragraph)
    return added


def add_diff(writer: WordWriter, diff: TextDiff, lang: str, indent_mm: float = 5) -> list[Paragraph]:
    """A readable diff: removed words struck through, added words underlined, gaps counted."""
    added: list[Paragraph] = []
    for piece in diff.pieces:
        if isinstance(piece, DiffGap):
            paragraph = writer.para()
            run = paragraph.add_run(t("text.unchanged_words", lang, count=piece.words))
            run.italic, run.font.color.rgb = True, MUTED
        else:
            paragraph = _list_paragraph(writer, piece.label, 0, indent_mm) if piece.label else writer.para()
            for index, diff_run in enumerate(piece.runs):
                run = paragraph.add_run(("" if index == 0 else " ") + diff_run.text)
                if diff_run.kind == "removed":
                    run.font.strike, run.font.color.rgb = True, REMOVED
                elif diff_run.kind == "added":
                    run.font.underline, run.font.color.rgb, run.bold = True, ADDED, True
        if not piece_is_list(piece):
            paragraph.paragraph_format.left_indent = Mm(indent_mm)
        added.append(paragraph)
    return added


def piece_is_list(piece: object) -> bool:
    return bool(getattr(piece, "label", ""))


def add_texts(writer: WordWriter, old: str | None, new: str | None, lang: str) -> None:
    """Old and/or new clause text, each under its label."""
    for key, value in (("label.old_text", old), ("label.new_text", new)):
        if value is None:
            continue
        label = writer.para()
        label.paragraph_format.keep_with_next = True
        label.paragraph_format.left_indent = Mm(5)
        label.add_run(t(key, lang)).bold = True
        if value:
            add_clause_text(writer, value)
        else:
            writer.para(t("briefing.no_text", lang), indent=True, muted=True)


def write_review(writer: WordWriter, review: Review) -> None:
    """The needs-review box of a reference: notice, then the readable diff (or the texts)."""
    head = writer.para(indent=True)
    head.paragraph_format.keep_with_next = True
    run = head.add_run(writer.t("label.needs_review").upper() + "  ")
    run.bold, run.font.color.rgb = True, REMOVED
    head.add_run(review.notice)
    if review.diff:
        counts = writer.para(indent=True)
        counts.paragraph_format.keep_with_next = True
        numbers = writer.t("text.diff_counts", removed=review.diff.removed_words, added=review.diff.added_words)
        counts.add_run(f"{writer.t('text.changes')} · {numbers}").italic = True
        add_diff(writer, review.diff, writer.lang)
    else:
        add_texts(writer, review.old_text or "", None if review.removed else (review.new_text or ""), writer.lang)
    writer.para()
