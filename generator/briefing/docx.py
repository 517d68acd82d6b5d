"""DOCX writer: the briefing as an editable Word document (python-docx 1.2).

Real heading styles (Word's navigation pane and TOC work), real tables with repeating header
rows, clickable links (external and to claims), a TOC field, page X of Y and the content
fingerprint in the footer, title and language in the document properties. The zip is rewritten
with fixed timestamps, so the same content and SOURCE_DATE_EPOCH give the same bytes.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt, RGBColor

from .docx_appendices import write_appendices
from .docx_method import write_corrections, write_method, write_pinned
from .docx_text import write_review
from .docx_writer import HEADER_FILL, LANGUAGE_TAGS, MUTED, RED, REVIEW_FILL, TEXT_WIDTH_MM, WordWriter
from .structure import Briefing, CitedClause, ClaimEntry, TopicSection
from .wordml import (add_field, add_hyperlink, add_internal_link, add_toc_field, drop_thumbnail,
                     ensure_hyperlink_style, normalised_zip, new_numbered_list, set_language, set_numbering, shade,
                     small, update_fields_on_open)
from .wordtext import add_markdown


def write_docx(briefing: Briefing) -> bytes:
    """The briefing as DOCX bytes."""
    document = Document()
    _Writer(document, briefing).write()
    buffer = io.BytesIO()
    document.save(buffer)
    return normalised_zip(buffer.getvalue(), briefing.created)


class _Writer(WordWriter):
    """The body of the briefing: cover, contents, changes, summary, topics; the appendices in docx_appendices."""

    # --- document set-up ------------------------------------------------------------------------

    def write(self) -> None:
        self.set_up()
        self.cover()
        self.contents()
        self.change_list()
        write_method(self)
        self.summary()
        for section in self.b.sections:
            self.topic(section)
        write_appendices(self)

    def set_up(self) -> None:
        doc, b = self.doc, self.b
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        doc.styles["Normal"].font.size = Pt(10)
        ensure_hyperlink_style(doc)
        set_language(doc, LANGUAGE_TAGS[self.lang])
        update_fields_on_open(doc)
        drop_thumbnail(doc)
        created = b.created.replace(tzinfo=None)
        props = doc.core_properties
        props.title, props.subject = b.title, b.cover.subtitle
        props.author = props.last_modified_by = b.cover.publisher.text
        props.language, props.identifier = LANGUAGE_TAGS[self.lang], b.fingerprint
        props.keywords = ", ".join(b.cover.topics)[:255]
        props.comments = f"{self.t('label.fingerprint')} {b.fingerprint}"
        props.category, props.revision = self.t("briefing.title"), 1
        props.created = props.modified = props.last_printed = created

        header = section.header.paragraphs[0]
        header.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
        small(header.add_run(f"{b.title}\t{b.cover.language}"), 8).font.color.rgb = MUTED
        footer = section.footer.paragraphs[0]
        footer.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
        small(footer.add_run(f"{self.t('label.fingerprint')} {b.fingerprint}\t{self.t('briefing.page')} "), 8)
        small(add_field(footer, "PAGE", "1"), 8)
        small(footer.add_run(f" {self.t('briefing.of')} "), 8)
        small(add_field(footer, "NUMPAGES", "1"), 8)

    # --- cover, contents, summary ---------------------------------------------------------------

    def cover(self) -> None:
        c = self.b.cover
        self.para(c.publisher.text.upper(), muted=True)
        self.para(c.site_title, style="Title")
        self.para(c.subtitle, style="Subtitle")
        facts = [("briefing.language", c.language), ("label.publisher", None),
                 ("briefing.content_date", f"{c.content_date} ({self.t('briefing.content_date_note')})"),
                 ("label.fingerprint", f"{c.fingerprint}\n{self.t('briefing.fingerprint_note')}"),
                 ("briefing.topics_covered", ", ".join(c.topics) or self.t("label.none")),
                 *([("briefing.scope", "; ".join(c.scope))] if c.scope else [])]
        table = self.new_table(2)
        for key, value in facts:
            label, cell = self.add_row(table, (50, 124))
            label.paragraphs[0].add_run(self.t(key)).bold = True
            shade(label, HEADER_FILL)
            if value is None:
                cell.paragraphs[0].add_run(f"{c.publisher.text} ")
                add_hyperlink(cell.paragraphs[0], c.publisher.url)
            else:
                cell.paragraphs[0].add_run(value)
        if c.drafts:
            self.para().add_run(self.t("briefing.drafts_included")).bold = True
        self.para().add_run(self.t("briefing.claims_by_rating")).bold = True
        counts = self.new_table(2)
        for rc in c.rating_counts:
            label, number = self.add_row(counts, (70, 20))
            self.rating_run(label.paragraphs[0], rc.rating, rc.label)
            number.paragraphs[0].add_run(str(rc.count))
            number.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        label, number = self.add_row(counts, (70, 20))
        label.paragraphs[0].add_run(self.t("briefing.total")).bold = True
        number.paragraphs[0].add_run(str(c.total)).bold = True
        number.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def contents(self) -> None:
        title = self.para(self.t("briefing.contents"), style="TOC Heading")
        title.paragraph_format.page_break_before = True
        first = self.para(self.t("briefing.docx_toc_hint"), muted=True)
        last = first
        for entry in self.b.outline:
            last = self.para(indent=entry.level > 1)
            add_internal_link(last, self.bookmarks[entry.anchor], f"{entry.number} {entry.text}".strip())
        add_toc_field(first, last)

    def change_list(self) -> None:
        """A since-briefing opens with its changes, newest first."""
        changes = self.b.changes
        if changes is None:
            return
        self.heading(changes.title, 1, changes.anchor, new_page=True)
        self.para(changes.intro)
        if not changes.items:
            self.para(self.t("briefing.no_changes_since"), muted=True)
            return
        widths = (30, 36, 108)
        table = self.table([self.t("briefing.change_date"), self.t("briefing.change_kind"),
                            f"{self.t('label.claim')} / {self.t('label.document')}"], widths)
        for item in changes.items:
            date, kind, what = self.add_row(table, widths)
            date.paragraphs[0].add_run(item.date)
            kind.paragraphs[0].add_run(item.kind_label)
            if item.anchor:
                add_internal_link(what.paragraphs[0], self.bookmarks[item.anchor], item.number or "")
                what.paragraphs[0].add_run(" ")
            what.paragraphs[0].add_run(item.text)
            if item.note:
                add_markdown(self.doc, lambda style, cell=what: cell.add_paragraph(style=style), item.note)

    def summary(self) -> None:
        self.heading(self.t("briefing.summary"), 1, "summary", new_page=True)
        self.para(self.t("briefing.summary_intro"))
        if not self.b.summary:
            self.para(self.t("briefing.no_claims_at_all"), muted=True)
            return
        widths = (12, 68, 26, 68)
        table = self.table([self.t("briefing.number"), f"{self.t('label.claim')} / {self.t('label.claimant')}",
                            self.t("label.rating"), self.t("briefing.key_clauses")], widths)
        for claim in self.b.summary:
            number, text, rating, clauses = self.add_row(table, widths)
            add_internal_link(number.paragraphs[0], self.bookmarks[claim.anchor], claim.number)
            text.paragraphs[0].add_run(claim.text)
            self.flags(text.paragraphs[0], claim)
            small(text.add_paragraph().add_run(f"{self.t('label.claimant')}: {claim.claimant}"), 9)
            self.rating_run(rating.paragraphs[0], claim.rating, claim.rating_label)
            for i, group in enumerate(claim.key_clauses):
                paragraph = clauses.paragraphs[0] if i == 0 else clauses.add_paragraph()
                version = self.t("briefing.version_of", version=group.version)
                small(paragraph.add_run(f"{group.document}, {version}: "), 8).font.color.rgb = MUTED
                small(paragraph.add_run("; ".join(group.clauses)), 8)

    # --- topics and claims ----------------------------------------------------------------------

    def topic(self, section: TopicSection) -> None:
        self.heading(f"{section.number} {section.title}", 1, section.anchor, new_page=True)
        add_markdown(self.doc, self.paragraph_factory(False), section.summary)
        for claim in section.claims:
            self.claim(claim)
        if not section.claims:
            self.para(self.t("briefing.no_claims"), muted=True)

    def claim(self, c: ClaimEntry) -> None:
        self.heading(f"{c.number} {c.text}", 2, c.anchor)
        meta = self.para()
        self.rating_run(meta, c.rating, c.rating_label)
        self.flags(meta, c)
        meta.add_run(f"   {self.t('label.claimant')}: {c.claimant}   {self.t('label.reviewed')}: {c.reviewed}"
                     f"   {self.t('briefing.claim_id')}: {c.id}")
        self.heading(self.t("briefing.assertion"), 3)
        self.para(c.asserted)
        for ref in c.asserted_in:
            self.reference(ref)
        self.heading(self.t("label.assessment"), 3)
        add_markdown(self.doc, self.paragraph_factory(False), c.assessment)
        self.heading(self.t("label.evidence"), 3)
        for ref in c.evidence:
            self.reference(ref)
        self.heading(self.t("label.regulations"), 3)
        for ref in c.regulations:
            self.reference(ref)
        if not c.regulations:
            self.para(self.t("briefing.no_regulations"), muted=True)
        write_corrections(self, c)
        self.heading(self.t("label.questions"), 3)
        num_id = new_numbered_list(self.doc) if c.questions else 0
        for question in c.questions:
            set_numbering(self.para(question, style="List Number"), num_id)
        if not c.questions:
            self.para(self.t("briefing.no_questions"), muted=True)

    def reference(self, r: CitedClause) -> None:
        head = self.para(indent=True)
        head.add_run(r.document).bold = True
        current = f" ({self.t('briefing.current')})" if r.current else ""
        head.add_run(f" ({r.kind}), {self.t('briefing.version_of', version=r.version)}{current}: ")
        head.add_run(r.clause).bold = True
        if r.in_force:
            line = self.para(indent=True)
            run = line.add_run(r.in_force)
            run.bold = True
            run.font.color.rgb = {True: RGBColor.from_string("1D6B2F"), False: RED, None: MUTED}[r.in_force_state]
            if r.effective:
                line.add_run(f" ({self.t('label.effective')}: {r.effective})").font.color.rgb = MUTED
        if r.quote:
            self.para(f"“{r.quote}”", style="Quote", indent=True)
        if r.note:
            add_markdown(self.doc, self.paragraph_factory(True), r.note)
        sources = self.para(indent=True)
        small(sources.add_run(f"{self.t('label.source')}: "))
        add_hyperlink(sources, r.source.url)
        if r.archived:
            small(sources.add_run(f"   {self.t('label.archived_copy')}: "))
            add_hyperlink(sources, r.archived.url)
        small(sources.add_run(f"   {self.t('label.retrieved')}: {r.retrieved}   {r.raw}")).font.color.rgb = MUTED
        write_pinned(self, r)
        if r.review:
            write_review(self, r.review)
