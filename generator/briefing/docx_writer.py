"""DOCX writer, building blocks shared by the body (`docx`) and the appendices (`docx_appendices`).

Both modules import this one and not each other: paragraphs, headings with bookmarks, tables
with fixed widths, rating runs and flags, at the end of the document body.
"""

from __future__ import annotations

from typing import Callable, Sequence

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls
from docx.oxml.table import CT_Tbl
from docx.shared import Mm, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ..i18n import t
from .structure import Briefing, ClaimEntry
from .wordml import add_bookmark, repeat_as_header, shade

LANGUAGE_TAGS = {"id": "id-ID", "en": "en-GB"}
TEXT_WIDTH_MM = 174  # A4 (210 mm) less 18 mm margins each side
RATING_COLOURS = {"supported": "1D6B2F", "partly-supported": "7A5600", "unsupported": "A0430A",
                  "contradicted": "A3101A", "unverifiable": "4A4A4A"}
RED, MUTED, HEADER_FILL, REVIEW_FILL = RGBColor(0xA3, 0x10, 0x1A), RGBColor(0x5C, 0x5C, 0x5C), "F2F2F2", "FDF1F2"



class WordWriter:
    """A briefing being written into a python-docx Document, block by block at the end of the body."""

    def __init__(self, document: DocxDocument, briefing: Briefing) -> None:
        self.doc = document
        self.b = briefing
        self.lang = briefing.lang
        self.body = document._body
        self.end = document.element.body.sectPr  # new blocks go just before the final section properties
        self.style_ids: dict[str, str] = {}
        # Word bookmark names: a letter first, letters and digits only, at most 40 characters.
        self.bookmarks = {h.anchor: f"s{i}" for i, h in enumerate(briefing.outline, start=1)}
        self.bookmark_ids = {anchor: i for i, anchor in enumerate(self.bookmarks, start=1)}

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    # --- building blocks ------------------------------------------------------------------------

    def new_paragraph(self, style: str | None = None) -> Paragraph:
        """A paragraph at the end of the body (python-docx's add_paragraph scans the whole body each time)."""
        p = OxmlElement("w:p")
        self.end.addprevious(p)
        if style is not None:
            if style not in self.style_ids:
                self.style_ids[style] = self.doc.styles[style].style_id
            p.get_or_add_pPr().style = self.style_ids[style]
        return Paragraph(p, self.body)

    def new_table(self, cols: int) -> Table:
        tbl = CT_Tbl.new_tbl(0, cols, Mm(TEXT_WIDTH_MM))
        self.end.addprevious(tbl)
        table = Table(tbl, self.body)
        table.style = "Table Grid"
        return table

    def heading(self, text: str, level: int, anchor: str | None = None, new_page: bool = False) -> Paragraph:
        paragraph = self.new_paragraph(f"Heading {level}")
        paragraph.add_run(text)
        if new_page:
            paragraph.paragraph_format.page_break_before = True
        if anchor in self.bookmarks:
            add_bookmark(paragraph, self.bookmarks[anchor], self.bookmark_ids[anchor])
        return paragraph

    def para(self, text: str = "", style: str | None = None, indent: bool = False, muted: bool = False) -> Paragraph:
        paragraph = self.new_paragraph(style)
        if indent:
            paragraph.paragraph_format.left_indent = Mm(5)
        if text:
            run = paragraph.add_run(text)
            if muted:
                run.font.color.rgb = MUTED
        return paragraph

    def paragraph_factory(self, indent: bool) -> Callable[[str | None], Paragraph]:
        return lambda style: self.para(style=style, indent=indent)

    def table(self, headers: Sequence[str], widths_mm: Sequence[float]) -> Table:
        table = self.new_table(len(headers))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        cells = self.add_row(table, widths_mm, keep_together=False)
        repeat_as_header(table.rows[0])
        for cell, header in zip(cells, headers):
            shade(cell, HEADER_FILL)
            cell.paragraphs[0].add_run(header).bold = True
        return table

    def add_row(self, table: Table, widths_mm: Sequence[float], keep_together: bool = True) -> list[_Cell]:
        """A row with a cell per width, parsed from its XML in one go: python-docx's add_row reads
        the grid again and sets each width through several lookups (a third of a large DOCX)."""
        properties = '<w:trPr><w:cantSplit w:val="true"/></w:trPr>' if keep_together else ""
        cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{Mm(width).twips}" w:type="dxa"/></w:tcPr><w:p/></w:tc>'
                        for width in widths_mm)
        row = parse_xml(f"<w:tr {nsdecls('w')}>{properties}{cells}</w:tr>")
        table._tbl.append(row)
        return [_Cell(tc, table) for tc in row.tc_lst]

    def spanning_row(self, table: Table, widths_mm: Sequence[float]) -> _Cell:
        """A row of one cell across every column (not _Cell.merge: it walks the whole table each time)."""
        first, *rest = self.add_row(table, widths_mm)
        for cell in rest:
            first._tc.getparent().remove(cell._tc)
        first._tc.grid_span = len(widths_mm)
        first.width = Mm(sum(widths_mm))
        return first

    def rating_run(self, paragraph: Paragraph, rating: str, label: str) -> None:
        run = paragraph.add_run(label)
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(RATING_COLOURS[rating])

    def flags(self, paragraph: Paragraph, claim: ClaimEntry) -> None:
        for shown, key, colour in ((claim.draft, "status.draft", RGBColor(0x8A, 0x5A, 0x00)),
                                   (claim.needs_review, "label.needs_review", RED)):
            if shown:
                paragraph.add_run("  ")
                run = paragraph.add_run(f"[{self.t(key)}]")
                run.bold, run.font.color.rgb = True, colour
