"""DOCX writer, appendices: documents cited, traceability matrix, changed clauses, gaps."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import RGBColor

from .appendices import MatrixPanel
from .docx_text import add_diff, add_texts
from .docx_writer import WordWriter
from .wordml import add_hyperlink, add_internal_link, shade, small

MUTED, HEADER_FILL, CITED_FILL = RGBColor(0x5C, 0x5C, 0x5C), "F2F2F2", "E8EEF5"
TEXT_WIDTH_MM = 174  # as in docx.py: A4 less the margins


def write_appendices(writer: WordWriter) -> None:
    documents(writer)
    matrix(writer)
    changes(writer)
    gaps(writer)


def documents(self: WordWriter) -> None:
    part = self.b.appendices.documents
    self.heading(part.title, 1, part.anchor, new_page=True)
    widths = (26, 26, 26, 66, 30)
    for d in part.documents:
        self.heading(d.title, 2)
        meta = f"{self.t('briefing.kind')}: {d.kind}   {self.t('label.publisher')}: {d.publisher}   " \
               f"{self.t('briefing.original_language')}: {d.original_language}"
        if d.repealed:
            meta += f"   {self.t('briefing.repealed')}: {d.repealed}"
        self.para(meta)
        table = self.table([self.t("label.version"), self.t("label.effective"), self.t("label.retrieved"),
                            self.t("label.source"), self.t("briefing.cited_by")], widths)
        for v in d.versions:
            label, effective, retrieved, source, cited = self.add_row(table, widths)
            label.paragraphs[0].add_run(v.label)
            if v.current:
                small(label.add_paragraph().add_run(self.t("briefing.current"))).font.color.rgb = MUTED
            effective.paragraphs[0].add_run(v.effective or "—")
            retrieved.paragraphs[0].add_run(v.retrieved)
            add_hyperlink(source.paragraphs[0], v.source.url)
            if v.archived:
                archived = source.add_paragraph(f"{self.t('label.archived_copy')}: ")
                add_hyperlink(archived, v.archived.url)
            cited.paragraphs[0].add_run(", ".join(v.cited_by) or "—")
    if not part.documents:
        self.para(self.t("label.none"), muted=True)

def matrix(self: WordWriter) -> None:
    part = self.b.appendices.matrix
    self.heading(part.title, 1, part.anchor, new_page=True)
    self.para(part.intro)
    legend = self.para()
    legend.add_run(f"{self.t('briefing.legend')}: ").bold = True
    legend.add_run("   ".join(f"{abbr} = {meaning}" for abbr, meaning in part.legend))
    for group in part.groups:
        self.heading(group.title, 2)
        for panel in group.panels:
            matrix_panel(self, panel)
        if not group.panels:
            self.para(self.t("briefing.matrix_none"), muted=True)

def matrix_panel(self: WordWriter, panel: MatrixPanel) -> None:
    self.para().add_run(panel.caption).bold = True
    column = (TEXT_WIDTH_MM - 76) / max(1, len(panel.columns))
    widths = (64, 12, *([column] * len(panel.columns)))
    table = self.table([self.t("label.clause"), self.t("briefing.matrix_count"), *([""] * len(panel.columns))], widths)
    for cell, number, anchor in zip(table.rows[0].cells[2:], panel.columns, panel.anchors):
        cell.paragraphs[0].clear()
        add_internal_link(cell.paragraphs[0], self.bookmarks[anchor], number)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in panel.blocks:
        merged = self.spanning_row(table, widths)
        small(merged.paragraphs[0].add_run(block.document), 8).bold = True
        shade(merged, HEADER_FILL)
        for row in block.rows:
            cells = self.add_row(table, widths)
            small(cells[0].paragraphs[0].add_run(row.label), 8)
            cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            small(cells[1].paragraphs[0].add_run(str(row.count)), 8).bold = True
            for cell, value in zip(cells[2:], row.cells):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                if value:
                    small(cell.paragraphs[0].add_run(value), 8).bold = True
                    shade(cell, CITED_FILL)

def changes(self: WordWriter) -> None:
    part = self.b.appendices.changes
    self.heading(part.title, 1, part.anchor, new_page=True)
    self.para(part.intro)
    for group in part.groups:
        self.heading(f"{group.document}: {group.versions}", 2)
        for change in group.changes:
            head = self.para()
            head.paragraph_format.keep_with_next = True
            head.add_run(change.clause).bold = True
            head.add_run(f"  [{change.kind_label}]").font.color.rgb = MUTED
            affected = ", ".join(change.affected) or self.t("label.none")
            self.para(f"{self.t('briefing.affected_claims')}: {affected}").paragraph_format.keep_with_next = True
            if change.diff:
                numbers = self.t("text.diff_counts", removed=change.diff.removed_words, added=change.diff.added_words)
                counts = self.para(numbers, indent=True, muted=True)
                counts.paragraph_format.keep_with_next = True
                add_diff(self, change.diff, self.lang)
            elif change.kind == "added":
                add_texts(self, None, change.new_text or "", self.lang)
            elif change.kind == "removed":
                add_texts(self, change.old_text or "", None, self.lang)
            else:
                add_texts(self, change.old_text or "", change.new_text or "", self.lang)
    if not part.groups:
        self.para(self.t("briefing.no_changes"), muted=True)

def gaps(self: WordWriter) -> None:
    part = self.b.appendices.gaps
    self.heading(part.title, 1, part.anchor, new_page=True)
    for gap_list in part.lists:
        self.heading(gap_list.title, 2)
        for item in gap_list.items:
            paragraph = self.para(style="List Bullet")
            if item.number and item.anchor:
                add_internal_link(paragraph, self.bookmarks[item.anchor], item.number)
                paragraph.add_run(" ")
            paragraph.add_run(item.text)
        if not gap_list.items:
            self.para(self.t("label.none"), muted=True)
