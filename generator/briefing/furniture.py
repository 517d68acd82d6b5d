"""Running header and footer of the assembled PDF, drawn as real text in an embedded font.

The PDF is laid out in parts (see `pdf.py`), so "page X of Y" is only known once every part is
done; the header and footer are then added to each page as a small content stream. The font
is a subset of a font shipped in `generator/fonts`, embedded as a CID font with a ToUnicode map
(text stays searchable and copyable). Subsetting keeps the font's own timestamps, so the bytes
depend only on the text.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
import pikepdf
from pikepdf import Array, Dictionary, Name, String

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FONT_FILES = (FONTS / "NotoSans-Regular.ttf", FONTS / "DejaVuSans.ttf")  # the second covers what the first lacks
RESOURCE_NAME = "/BriefingFurniture"
SIZE = 7.5  # pt
GREY = b"0.36 0.36 0.36 rg"
MM = 72 / 25.4
ELLIPSIS = "…"


@dataclass(frozen=True)
class Furniture:
    """What the header and footer say; the page number is filled in per page."""

    title: str
    language: str
    fingerprint_label: str  # "Content fingerprint 54036d2115a8"
    page_word: str  # "Page"
    of_word: str  # "of"


class FurnitureFont:
    """A subset font for the furniture text, added to the output PDF as a Type0/CID font."""

    def __init__(self, text: str) -> None:
        characters = sorted(set(text) | set("0123456789 "))
        path = next((p for p in FONT_FILES if all(ord(c) in TTFont(p, lazy=True).getBestCmap() for c in characters
                                                      if not c.isspace())), FONT_FILES[-1])
        font = TTFont(path, recalcTimestamp=False)
        options = subset.Options()
        options.recalc_timestamp = False
        options.layout_features = []
        options.hinting = False
        options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(characters))
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
        self.program = buffer.getvalue()
        self.units = font["head"].unitsPerEm
        cmap = font.getBestCmap()
        self.glyphs = {ch: font.getGlyphID(cmap[ord(ch)]) for ch in characters if ord(ch) in cmap}
        self.advances = {gid: font["hmtx"][font.getGlyphName(gid)][0] for gid in self.glyphs.values()}
        head, os2 = font["head"], font["OS/2"]
        self.bbox = [head.xMin, head.yMin, head.xMax, head.yMax]
        self.ascent, self.descent = os2.sTypoAscender, os2.sTypoDescender
        self.cap_height = getattr(os2, "sCapHeight", head.yMax)
        postscript = font["name"].getDebugName(6) or "Font"
        tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(self.program).digest()[:6])
        self.base_name = f"{tag}+{postscript}"

    def scale(self, value: float) -> float:
        return round(value * 1000 / self.units, 3)

    def width(self, text: str, size: float) -> float:
        return sum(self.advances[self.glyphs[c]] for c in text if c in self.glyphs) * size / self.units

    def encode(self, text: str) -> bytes:
        return b"<" + "".join(f"{self.glyphs[c]:04X}" for c in text if c in self.glyphs).encode() + b">"

    def add_to(self, out: pikepdf.Pdf) -> pikepdf.Object:
        """The font's objects in `out`; returns the Type0 font to put in page resources."""
        program = out.make_indirect(pikepdf.Stream(out, self.program))
        program.Length1 = len(self.program)
        descriptor = out.make_indirect(Dictionary(
            Type=Name.FontDescriptor, FontName=Name(f"/{self.base_name}"), Flags=32, ItalicAngle=0,
            FontBBox=Array([self.scale(v) for v in self.bbox]), Ascent=self.scale(self.ascent),
            Descent=self.scale(self.descent), CapHeight=self.scale(self.cap_height), StemV=80, FontFile2=program))
        widths: list[object] = []
        for gid in sorted(self.advances):
            widths += [gid, Array([self.scale(self.advances[gid])])]
        cid_font = out.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name(f"/{self.base_name}"),
            CIDSystemInfo=Dictionary(Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0),
            FontDescriptor=descriptor, DW=1000, W=Array(widths), CIDToGIDMap=Name.Identity))
        return out.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.Type0, BaseFont=Name(f"/{self.base_name}"), Encoding=Name("/Identity-H"),
            DescendantFonts=Array([cid_font]), ToUnicode=out.make_indirect(pikepdf.Stream(out, self.to_unicode()))))

    def to_unicode(self) -> bytes:
        pairs = sorted((gid, ch) for ch, gid in self.glyphs.items())
        lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
                 b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                 b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
                 b"1 begincodespacerange", b"<0000> <FFFF>", b"endcodespacerange"]
        for start in range(0, len(pairs), 100):
            block = pairs[start:start + 100]
            lines.append(f"{len(block)} beginbfchar".encode())
            lines += [f"<{gid:04X}> <{ch.encode('utf-16-be').hex().upper()}>".encode() for gid, ch in block]
            lines.append(b"endbfchar")
        lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
        return b"\n".join(lines)


def furniture_font(furniture: Furniture) -> FurnitureFont:
    return FurnitureFont(" ".join([furniture.title, furniture.language, furniture.fingerprint_label,
                                   furniture.page_word, furniture.of_word, ELLIPSIS]))


def fitted(font: FurnitureFont, text: str, width: float) -> str:
    """`text`, shortened with an ellipsis if it is wider than `width` points."""
    if font.width(text, SIZE) <= width:
        return text
    while text and font.width(text + ELLIPSIS, SIZE) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def page_furniture(font: FurnitureFont, furniture: Furniture, number: int, total: int, width: float, height: float,
                   header: bool = True) -> bytes:
    """Content stream drawing the header (not on the cover) and the footer of page `number` of `total`."""
    left, right = 18 * MM, width - 18 * MM
    header_y, footer_y = height - 14 * MM, 12 * MM
    page_text = f"{furniture.page_word} {number} {furniture.of_word} {total}"
    items = [(left, footer_y, furniture.fingerprint_label), (right - font.width(page_text, SIZE), footer_y, page_text)]
    if header:
        language_x = right - font.width(furniture.language, SIZE)
        items += [(left, header_y, fitted(font, furniture.title, language_x - left - 8 * MM)),
                  (language_x, header_y, furniture.language)]
    out = [b"q", GREY, b"BT"]
    for x, y, text in items:
        out.append(f"/{RESOURCE_NAME[1:]} {SIZE} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm".encode() + b" " + font.encode(text)
                   + b" Tj")
    out += [b"ET", b"Q"]
    return b"\n".join(out)
