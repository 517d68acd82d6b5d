"""Join separately laid-out PDF parts into the briefing: pages, furniture, links, outline, metadata.

Each part arrives as WeasyPrint's PDF plus what its layout knew (page sizes, anchors, bookmarks),
all in PDF points. Every link of a part, to its own anchors or to another part's, points at a
named destination (`pdf.lay_out_part`); one name tree over all parts resolves them.

The join is done with pikepdf (qpdf): copying a part's pages and structure tree is C++ work,
where pypdf parsed every object of every part in Python, which made the assembly most of the
time a briefing took once its parts came from the layout cache.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Sequence

import pikepdf
import weasyprint
from pikepdf import Array, Dictionary, Name, OutlineItem, PageLocation, String

from ..i18n import t
from .furniture import RESOURCE_NAME, Furniture, furniture_font, page_furniture
from .structure import Briefing
from .tagging import ARTIFACT_END, ARTIFACT_START, StructureMerger

Point = tuple[float, float]


@dataclass(frozen=True)
class PartLayout:
    """One laid-out part: its PDF and, per page, what the assembly needs (PDF points, origin bottom left)."""

    pdf: bytes
    sizes: tuple[Point, ...]
    anchors: tuple[dict[str, Point], ...]
    bookmarks: tuple[tuple[tuple[int, str, float, float], ...], ...]  # level, label, x, y


def assemble(parts: Sequence[PartLayout], briefing: Briefing) -> bytes:
    # The parts stay open until the output is saved: copied objects are read from them then.
    with ExitStack() as files:
        out = files.enter_context(pikepdf.Pdf.new())
        _join(out, [files.enter_context(pikepdf.open(io.BytesIO(part.pdf))) for part in parts], parts, briefing)
        output = io.BytesIO()
        # Object streams as WeasyPrint writes them (a tagged PDF has thousands of small structure
        # objects); the /ID is a hash of the content, so the same parts give the same bytes.
        out.save(output, min_version="1.7", object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True, deterministic_id=True, linearize=False)
        return output.getvalue()


def _join(out: pikepdf.Pdf, sources: Sequence[pikepdf.Pdf], parts: Sequence[PartLayout], briefing: Briefing) -> None:
    lang = briefing.lang
    furniture = Furniture(briefing.title, briefing.cover.language,
                          f"{t('label.fingerprint', lang)} {briefing.fingerprint}", t("briefing.page", lang),
                          t("briefing.of", lang))
    font = furniture_font(furniture)
    font_ref = font.add_to(out)
    push, pop = _stream(out, b"q\n"), _stream(out, b"\nQ\n")
    total = sum(len(p.sizes) for p in parts)
    destinations: dict[str, tuple[int, Point]] = {}
    bookmarks: list[tuple[int, str, int, Point]] = []
    structure = StructureMerger(out)
    retagged: set[tuple[int, int]] = set()
    for part_number, (part, source) in enumerate(zip(parts, sources)):
        first_page = len(out.pages)
        with warnings.catch_warnings():
            # pikepdf warns that named destinations are not copied: the name tree is made below.
            warnings.simplefilter("ignore", pikepdf.exceptions.PageCopyWarning)
            out.pages.extend(source.pages)
        for index in range(len(source.pages)):
            number = first_page + index
            page = out.pages[number].obj
            _retag_fonts(page, part_number, retagged)
            width, height = part.sizes[index]
            furniture_ref = _stream(out, ARTIFACT_START + page_furniture(font, furniture, number + 1, total, width,
                                                                         height, header=number > 0) + ARTIFACT_END)
            _add_content(page, push, pop, furniture_ref)
            _add_font(page, font_ref)
            for name, point in part.anchors[index].items():
                destinations.setdefault(name, (number, point))
            bookmarks += [(level, label, number, (x, y)) for level, label, x, y in part.bookmarks[index]]
        structure.add_part(source, first_page)
        if part_number == 0 and "/Metadata" in source.Root:  # XMP: title, language, PDF/UA part
            out.Root.Metadata = out.copy_foreign(source.Root.Metadata)
    structure.finish(lang)
    _drop_dead_links(out, destinations)
    _add_destinations(out, destinations)
    _add_outline(out, bookmarks)
    _add_metadata(out, briefing)


def _stream(out: pikepdf.Pdf, data: bytes) -> pikepdf.Object:
    return out.make_indirect(pikepdf.Stream(out, data))


def _add_content(page: Dictionary, push: pikepdf.Object, pop: pikepdf.Object, extra: pikepdf.Object) -> None:
    """Draw `extra` after the page's own content, which is wrapped in q/Q so its state cannot leak."""
    contents = page.Contents
    existing = list(contents) if isinstance(contents, Array) else [contents]
    page.Contents = Array([push, *existing, pop, extra])


def _add_font(page: Dictionary, font_ref: pikepdf.Object) -> None:
    resources = page.Resources
    if "/Font" not in resources:
        resources.Font = Dictionary()
    resources.Font[RESOURCE_NAME] = font_ref


def _retag_fonts(page: Dictionary, part_number: int, done: set[tuple[int, int]]) -> None:
    """Give each part's font subsets their own subset tag.

    Every part embeds its own subset of the same font under the same "ABCDEF+Name"; a viewer
    that caches fonts by name could then draw one part's text with another part's glyphs.
    """
    fonts = page.Resources.get("/Font", Dictionary())
    for key in sorted(fonts.keys()):
        font = fonts[key]
        base = str(font.get("/BaseFont", ""))
        if key == RESOURCE_NAME or font.objgen in done or "+" not in base:
            continue
        done.add(font.objgen)
        name = base.lstrip("/").split("+", 1)[1]
        digest = hashlib.md5(f"{part_number}:{base}".encode()).digest()
        tagged = Name("/" + "".join(chr(65 + b % 26) for b in digest[:6]) + "+" + name)
        font.BaseFont = tagged
        for descendant in font.get("/DescendantFonts", Array()):
            descendant.BaseFont = tagged
            if "/FontDescriptor" in descendant:
                descendant.FontDescriptor.FontName = tagged


def _drop_dead_links(out: pikepdf.Pdf, destinations: dict[str, tuple[int, Point]]) -> None:
    """A link to an anchor that is in no part keeps its tag but loses its target (as WeasyPrint
    leaves out a link without an anchor inside one document)."""
    for page in out.pages:
        for annotation in page.obj.get("/Annots", Array()):
            target = annotation.get("/Dest")
            if isinstance(target, String) and str(target) not in destinations:
                del annotation["/Dest"]


def _add_destinations(out: pikepdf.Pdf, destinations: dict[str, tuple[int, Point]]) -> None:
    """One name tree for every anchor of every part (links inside parts use these names too)."""
    names = []
    for name in sorted(destinations, key=lambda n: n.encode("utf-8")):
        number, (x, y) = destinations[name]
        names += [String(name), Array([out.pages[number].obj, Name.XYZ, round(x, 3), round(y, 3), 0])]
    out.Root.Names = Dictionary(Dests=out.make_indirect(Dictionary(Names=Array(names))))


def _add_outline(out: pikepdf.Pdf, bookmarks: list[tuple[int, str, int, Point]]) -> None:
    if not bookmarks:
        return
    with out.open_outline() as outline:
        parents: list[tuple[int, OutlineItem]] = []  # open outline items by level
        for level, label, number, (x, y) in bookmarks:
            while parents and parents[-1][0] >= level:
                parents.pop()
            item = OutlineItem(label, number, PageLocation.XYZ, left=round(x, 3), top=round(y, 3), zoom=0)
            (parents[-1][1].children if parents else outline.root).append(item)
            parents.append((level, item))


def _add_metadata(out: pikepdf.Pdf, briefing: Briefing) -> None:
    stamp = briefing.created.strftime("D:%Y%m%d%H%M%SZ")
    out.docinfo = out.make_indirect(Dictionary({
        "/Title": String(briefing.title), "/Author": String(briefing.cover.publisher.text),
        "/Subject": String(f"{briefing.cover.subtitle}: {briefing.cover.site_title} ({briefing.cover.language}). "
                           f"{t('label.fingerprint', briefing.lang)} {briefing.fingerprint}."),
        "/Keywords": String(", ".join(briefing.cover.topics)), "/Creator": String("policy-explainer"),
        "/Producer": String(f"WeasyPrint {weasyprint.__version__}, pikepdf {pikepdf.__version__}"),
        "/CreationDate": String(stamp), "/ModDate": String(stamp),
    }))
    out.Root.Lang = String(briefing.lang)
