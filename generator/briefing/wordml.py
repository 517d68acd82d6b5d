"""WordprocessingML pieces python-docx 1.2 has no API for, and byte-stable saving.

Hyperlinks (external and to bookmarks), bookmarks, fields (PAGE, NUMPAGES, TOC), numbered
lists that restart, repeated table header rows, cell shading, the document language, and a
zip rewrite with fixed timestamps (python-docx stamps every member with the current time).
See ../shared/notes/mkdocs-stack.md §8 for the measured behaviour.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.numbering import CT_Num
from docx.shared import Pt, RGBColor
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..output import reproducible_zip

HYPERLINK_STYLE = "Hyperlink"


def ensure_hyperlink_style(document: DocxDocument) -> None:
    """The character style Word uses for links; python-docx's default template lacks it."""
    if HYPERLINK_STYLE in [s.name for s in document.styles]:
        return
    style = document.styles.add_style(HYPERLINK_STYLE, WD_STYLE_TYPE.CHARACTER)
    style.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    style.font.underline = True
    style.unhide_when_used = True


def _link_run(text: str, bold: bool = False, italic: bool = False) -> OxmlElement:
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), HYPERLINK_STYLE)
    properties.append(style)
    if bold:
        properties.append(OxmlElement("w:b"))
    if italic:
        properties.append(OxmlElement("w:i"))
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    return run


def add_hyperlink(paragraph: Paragraph, url: str, text: str | None = None, bold: bool = False,
                  italic: bool = False) -> None:
    """A clickable link to `url` (an external relationship of the part holding the paragraph)."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    link.append(_link_run(text or url, bold, italic))
    paragraph._p.append(link)


def add_internal_link(paragraph: Paragraph, bookmark: str, text: str) -> None:
    """A link to a bookmark in the same document."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.append(_link_run(text))
    paragraph._p.append(link)


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Bookmark the whole paragraph (ids are given by the caller, so output is deterministic)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> Run:
    """A simple field such as PAGE or NUMPAGES; Word computes the value when it lays out the page."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = paragraph.add_run(placeholder)
    field.append(run._r)
    paragraph._p.append(field)
    return run


def add_toc_field(first: Paragraph, last: Paragraph, levels: str = "1-2") -> None:
    """Wrap the paragraphs from `first` to `last` (a preview of the contents) in a TOC field.

    Word replaces the preview with page numbers when fields are updated (it is asked to on open).
    """
    def char(kind: str, dirty: bool = False) -> OxmlElement:
        run = OxmlElement("w:r")
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if dirty:
            element.set(qn("w:dirty"), "true")
        run.append(element)
        return run

    instruction_run = OxmlElement("w:r")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f' TOC \\o "{levels}" \\h \\z \\u '
    instruction_run.append(instruction)
    anchor = first._p.pPr
    position = 1 if anchor is not None else 0
    for offset, element in enumerate((char("begin", dirty=True), instruction_run, char("separate"))):
        first._p.insert(position + offset, element)
    last._p.append(char("end"))


# Children of w:settings that the schema puts after w:updateFields (Word rejects other orders).
_AFTER_UPDATE_FIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
                        "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                        "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                        "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
                        "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")


def update_fields_on_open(document: DocxDocument) -> None:
    """Ask Word to update fields (the table of contents) when the document is opened."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    later = {qn(tag) for tag in _AFTER_UPDATE_FIELDS}
    following = next((child for child in settings if child.tag in later), None)
    if following is None:
        settings.append(element)
    else:
        following.addprevious(element)


def new_numbered_list(document: DocxDocument) -> int:
    """A fresh numbering instance of the "List Number" style's list, starting at 1; returns its id.

    Paragraphs that only carry the style share one list that runs on through the document.
    """
    numbering = document.part.numbering_part.numbering_definitions._numbering
    style_num_id = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    # Not numbering.add_num: it looks for the lowest free id in Python, quadratic in the lists so
    # far, which made a 1,000-claim briefing's numbering most of its DOCX time.
    num_id = max(map(int, numbering.xpath("./w:num/@w:numId")), default=0) + 1
    num = numbering._insert_num(CT_Num.new(num_id, abstract_id))
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return num_id


def set_numbering(paragraph: Paragraph, num_id: int) -> None:
    """Put a numbered paragraph in the list `num_id` (from `new_numbered_list`)."""
    paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = num_id


def repeat_as_header(row: _Row) -> None:
    """Repeat this table row at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def shade(cell: _Cell, fill: str) -> None:
    """Background colour of a table cell, e.g. "F2F2F2"."""
    properties = cell._tc.get_or_add_tcPr()
    element = OxmlElement("w:shd")
    element.set(qn("w:val"), "clear")
    element.set(qn("w:color"), "auto")
    element.set(qn("w:fill"), fill)
    properties.append(element)


def set_language(document: DocxDocument, tag: str) -> None:
    """Proofing language of the whole document (docDefaults), e.g. "id-ID"."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault"))
    properties = run_defaults.find(qn("w:rPr"))
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), tag)


def drop_thumbnail(document: DocxDocument) -> None:
    """The default template's preview image shows an empty page; leave it out."""
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[r_id]


def small(run: Run, size: float = 8.5) -> Run:
    run.font.size = Pt(size)
    return run


def normalised_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every member's timestamp and attributes fixed, in the same order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return reproducible_zip(((item.filename, source.read(item.filename)) for item in source.infolist()), when)
