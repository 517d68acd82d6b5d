"""Join separately laid-out PDF parts into the briefing: pages, furniture, links, outline, metadata.

Each part arrives as WeasyPrint's PDF plus what its layout knew (page sizes, anchors, bookmarks,
links to anchors in other parts), all in PDF points. Links inside a part already point at named
destinations; one name tree over all parts resolves them and the links added here across parts.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Sequence

import pypdf
import weasyprint
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject, Fit, FloatObject,
                           IndirectObject, NameObject, NumberObject, PdfObject, TextStringObject)

from ..i18n import t
from .furniture import RESOURCE_NAME, Furniture, furniture_font, page_furniture
from .structure import Briefing
from .tagging import ARTIFACT_END, ARTIFACT_START, StructureMerger, compact

Point = tuple[float, float]
Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class PartLayout:
    """One laid-out part: its PDF and, per page, what the assembly needs (PDF points, origin bottom left)."""

    pdf: bytes
    sizes: tuple[Point, ...]
    anchors: tuple[dict[str, Point], ...]
    links: tuple[tuple[tuple[str, Rect], ...], ...]  # internal links whose target is in another part
    bookmarks: tuple[tuple[tuple[int, str, float, float], ...], ...]  # level, label, x, y


def assemble(parts: Sequence[PartLayout], briefing: Briefing) -> bytes:
    lang = briefing.lang
    furniture = Furniture(briefing.title, briefing.cover.language,
                          f"{t('label.fingerprint', lang)} {briefing.fingerprint}", t("briefing.page", lang),
                          t("briefing.of", lang))
    writer = PdfWriter()
    writer.pdf_header = b"%PDF-1.7"
    font = furniture_font(furniture)
    font_ref = font.add_to(writer)
    push, pop = _stream(writer, b"q\n"), _stream(writer, b"\nQ\n")
    total = sum(len(p.sizes) for p in parts)
    destinations: dict[str, tuple[int, Point]] = {}
    bookmarks: list[tuple[int, str, int, Point]] = []
    links: list[tuple[int, str, Rect]] = []
    number = 0
    retagged: set[int] = set()
    structure = StructureMerger(writer)
    for part_number, part in enumerate(parts):
        reader = PdfReader(io.BytesIO(part.pdf))
        first_page = number
        for index, source in enumerate(reader.pages):
            page = writer.add_page(source)
            _retag_fonts(page, part_number, retagged)
            width, height = part.sizes[index]
            furniture_ref = _stream(writer, ARTIFACT_START + page_furniture(font, furniture, number + 1, total, width,
                                                                            height, header=number > 0) + ARTIFACT_END)
            _add_content(page, push, pop, furniture_ref)
            _add_font(page, font_ref)
            for name, point in part.anchors[index].items():
                destinations.setdefault(name, (number, point))
            bookmarks += [(level, label, number, (x, y)) for level, label, x, y in part.bookmarks[index]]
            links += [(number, target, rect) for target, rect in part.links[index]]
            number += 1
        structure.add_part(reader, first_page)
        if part_number == 0 and "/Metadata" in reader.trailer["/Root"]:  # XMP: title, language, PDF/UA part
            writer.root_object[NameObject("/Metadata")] = reader.trailer["/Root"].raw_get("/Metadata").clone(writer)
    structure.finish(lang)
    _add_links(writer, links, destinations)
    _add_destinations(writer, destinations)
    _add_outline(writer, bookmarks)
    _add_metadata(writer, briefing)
    digest = hashlib.md5(b"".join(hashlib.md5(p.pdf).digest() for p in parts)).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])  # no public setter in pypdf
    output = io.BytesIO()
    writer.write(output)
    return compact(output.getvalue())


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)  # pypdf has no public call for a new indirect object


def _resolved(value: PdfObject) -> PdfObject:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _add_content(page: DictionaryObject, push: IndirectObject, pop: IndirectObject, extra: IndirectObject) -> None:
    """Draw `extra` after the page's own content, which is wrapped in q/Q so its state cannot leak."""
    contents = page.raw_get("/Contents")
    resolved = _resolved(contents)
    existing = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([push, *existing, pop, extra])


def _add_font(page: DictionaryObject, font_ref: IndirectObject) -> None:
    resources = _resolved(page[NameObject("/Resources")])
    if "/Font" not in resources:
        resources[NameObject("/Font")] = DictionaryObject()
    _resolved(resources["/Font"])[NameObject(RESOURCE_NAME)] = font_ref


def _retag_fonts(page: DictionaryObject, part_number: int, done: set[int]) -> None:
    """Give each part's font subsets their own subset tag.

    Every part embeds its own subset of the same font under the same "ABCDEF+Name"; a viewer
    that caches fonts by name could then draw one part's text with another part's glyphs.
    """
    fonts = _resolved(_resolved(page["/Resources"]).get("/Font", DictionaryObject()))
    for value in fonts.values():
        font = _resolved(value)
        if id(font) in done or "/BaseFont" not in font or "+" not in str(font["/BaseFont"]):
            continue
        done.add(id(font))
        name = str(font["/BaseFont"]).lstrip("/").split("+", 1)[1]
        digest = hashlib.md5(f"{part_number}:{font['/BaseFont']}".encode()).digest()
        tagged = NameObject("/" + "".join(chr(65 + b % 26) for b in digest[:6]) + "+" + name)
        font[NameObject("/BaseFont")] = tagged
        for descendant in map(_resolved, font.get("/DescendantFonts", ArrayObject())):
            descendant[NameObject("/BaseFont")] = tagged
            if "/FontDescriptor" in descendant:
                _resolved(descendant["/FontDescriptor"])[NameObject("/FontName")] = tagged


def _add_links(writer: PdfWriter, links: list[tuple[int, str, Rect]], destinations: dict[str, tuple[int, Point]]) -> None:
    for number, target, rect in links:
        if target not in destinations:
            continue  # the same rule WeasyPrint applies inside a part: no anchor, no link
        page = writer.pages[number]
        annotation = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject(FloatObject(round(v, 3)) for v in rect),
            NameObject("/BS"): DictionaryObject({NameObject("/W"): NumberObject(0)}),
            NameObject("/Dest"): TextStringObject(target)}))
        if "/Annots" not in page:
            page[NameObject("/Annots")] = ArrayObject()
        _resolved(page["/Annots"]).append(annotation)


def _add_destinations(writer: PdfWriter, destinations: dict[str, tuple[int, Point]]) -> None:
    """One name tree for every anchor of every part (links inside parts use these names too)."""
    names = ArrayObject()
    for name in sorted(destinations, key=lambda n: n.encode("utf-8")):
        number, (x, y) = destinations[name]
        names += [TextStringObject(name), ArrayObject([writer.pages[number].indirect_reference, NameObject("/XYZ"),
                                                       FloatObject(round(x, 3)), FloatObject(round(y, 3)),
                                                       NumberObject(0)])]
    writer.root_object[NameObject("/Names")] = DictionaryObject({
        NameObject("/Dests"): writer._add_object(DictionaryObject({NameObject("/Names"): names}))})


def _add_outline(writer: PdfWriter, bookmarks: list[tuple[int, str, int, Point]]) -> None:
    parents: list[tuple[int, IndirectObject]] = []  # open outline items by level
    for level, label, number, (x, y) in bookmarks:
        while parents and parents[-1][0] >= level:
            parents.pop()
        item = writer.add_outline_item(title=label, page_number=number, parent=parents[-1][1] if parents else None,
                                       fit=Fit.xyz(left=round(x, 3), top=round(y, 3), zoom=0))
        parents.append((level, item))


def _add_metadata(writer: PdfWriter, briefing: Briefing) -> None:
    stamp = briefing.created.strftime("D:%Y%m%d%H%M%SZ")
    writer.add_metadata({
        "/Title": briefing.title, "/Author": briefing.cover.publisher.text,
        "/Subject": f"{briefing.cover.subtitle}: {briefing.cover.site_title} ({briefing.cover.language}). "
                    f"{t('label.fingerprint', briefing.lang)} {briefing.fingerprint}.",
        "/Keywords": ", ".join(briefing.cover.topics), "/Creator": "policy-explainer",
        "/Producer": f"WeasyPrint {weasyprint.__version__}, pypdf {pypdf.__version__}",
        "/CreationDate": stamp, "/ModDate": stamp,
    })
    writer.root_object[NameObject("/Lang")] = TextStringObject(briefing.lang)
