"""DOCX writer, trust parts: the method section (rating definitions), corrections and pinned citations."""

from __future__ import annotations

from docx.shared import RGBColor

from .docx_text import add_diff, add_texts
from .docx_writer import WordWriter
from .entries import CitedClause, ClaimEntry
from .wordml import add_hyperlink, shade
from .wordtext import add_markdown


HEADER_FILL, PINNED_FILL = "F2F2F2", "F1F5FB"
PINNED_COLOUR = RGBColor(0x3D, 0x5A, 0x80)


def write_method(self: WordWriter) -> None:
    """The rating definitions and method, on its own page before the summary."""
    mt = self.b.method
    if mt is None:
        return
    self.heading(mt.title, 1, mt.anchor, new_page=True)
    if mt.about:
        add_markdown(self.doc, self.paragraph_factory(False), mt.about)
    self.heading(mt.ratings_title, 2)
    table = self.new_table(2)
    for definition in mt.ratings:
        label, text = self.add_row(table, (40, 134))
        self.rating_run(label.paragraphs[0], definition.rating, definition.label)
        shade(label, HEADER_FILL)
        text.paragraphs[0].add_run(definition.definition)
    self.para(mt.scale_note)
    for heading, paragraphs in mt.sections:
        self.heading(heading, 2)
        for paragraph in paragraphs:
            self.para(paragraph)
    if mt.contact:
        contact = self.para(f"{mt.contact_label} ")
        add_hyperlink(contact, mt.contact.url)


def write_corrections(self: WordWriter, claim: ClaimEntry) -> None:
    if not claim.corrections:
        return
    self.heading(self.t("claim.corrections"), 3)
    for correction in claim.corrections:
        self.para().add_run(correction.date).bold = True
        add_markdown(self.doc, self.paragraph_factory(True), correction.note)


def write_pinned(self: WordWriter, ref: CitedClause) -> None:
    """An earlier version cited on purpose: says so, with the current text when it differs."""
    if not ref.pinned:
        return
    box = self.new_table(1)
    (cell,) = self.add_row(box, (174,))
    run = cell.paragraphs[0].add_run(ref.pinned)
    run.font.color.rgb = PINNED_COLOUR
    shade(cell, PINNED_FILL)
    # The change to the current text as paragraphs below the notice, not in the cell: it may be long.
    if ref.current_diff:
        add_diff(self, ref.current_diff, self.lang)
    elif ref.current_text:
        add_texts(self, None, ref.current_text, self.lang)
    self.para()
