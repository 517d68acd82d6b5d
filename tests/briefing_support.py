"""Helpers for the briefing tests: read a PDF back as a reviewer would (text, outline, TOC).

Kept free of pytest fixtures (tests/ is on sys.path under pytest):

    from briefing_support import PdfReading
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cached_property

from pypdf import PdfReader

# A published claim by another claimant in the minimal fixture's second topic (empty-topic).
GLOBEX_CLAIM = """\
id: globex-deletes-data
topic: empty-topic
status: published
claim: {id: Globex menghapus data setelah 30 hari., en: Globex deletes data after 30 days.}
claimant: Globex Corp
asserted_in:
  - ref: acme-statement#encrypted
assessment:
  rating: unsupported
  summary: {id: Tidak ada dasarnya., en: Nothing supports it.}
evidence:
  - ref: acme-policy#ads
    note: {id: Iklan., en: Ads.}
reviewed: 2021-01-20
"""


def norm(text: str) -> str:
    """Whitespace folded to single spaces: line wrapping in the PDF must not matter.

    A line broken after a hyphen ("end-" / "to-end") joins without a space.
    """
    return " ".join(re.sub(r"(?<=\w-)[ \t]*\n\s*", "", text).split())


@dataclass(frozen=True)
class Bookmark:
    level: int
    title: str
    page: int  # 1-based


class PdfReading:
    """A PDF's text per page, outline and table of contents."""

    def __init__(self, data: bytes) -> None:
        self.reader = PdfReader(io.BytesIO(data))

    @cached_property
    def pages(self) -> list[str]:
        return [norm(page.extract_text() or "") for page in self.reader.pages]

    @cached_property
    def text(self) -> str:
        return " ".join(self.pages)

    @cached_property
    def bookmarks(self) -> list[Bookmark]:
        found: list[Bookmark] = []

        def walk(items: list, level: int) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item, level + 1)
                else:
                    found.append(Bookmark(level, norm(item.title), self.reader.get_destination_page_number(item) + 1))

        walk(self.reader.outline, 1)
        return found

    def page_of(self, title: str) -> int:
        return next(b.page for b in self.bookmarks if b.title == norm(title))

    def toc_numbers(self, titles: list[str], toc_pages: range) -> dict[str, int]:
        """The page number the printed table of contents gives each title (titles in TOC order)."""
        toc = " ".join(self.pages[p - 1] for p in toc_pages)
        numbers: dict[str, int] = {}
        position = 0
        for title in titles:
            match = re.compile(re.escape(norm(title)) + r"(?:\s*\.)*\s*(\d+)").search(toc, position)
            assert match, f"TOC entry {title!r} not found after position {position}"
            numbers[title] = int(match.group(1))
            position = match.end()
        return numbers

    def section_text(self, start_title: str, end_title: str | None) -> str:
        """Text from the page a bookmark points to up to the page of the next one (inclusive)."""
        first = self.page_of(start_title)
        last = self.page_of(end_title) if end_title else len(self.pages)
        text = " ".join(self.pages[first - 1:last])
        start = text.find(norm(start_title))
        assert start >= 0, f"{start_title!r} not on its bookmarked page {first}"
        end = text.find(norm(end_title), start + 1) if end_title else -1
        return text[start:end if end > 0 else None]

    @cached_property
    def font_objects(self) -> dict[int, str]:
        """Every distinct font object used on a page (by object number) and its base name."""
        fonts: dict[int, str] = {}
        for page in self.reader.pages:
            for ref in (page.get("/Resources") or {}).get("/Font", {}).values():
                fonts[ref.idnum] = str(ref.get_object().get("/BaseFont"))
        return fonts

    @cached_property
    def font_files(self) -> dict[str, bool]:
        """Every font used on any page: its base name and whether its program is embedded."""
        fonts: dict[str, bool] = {}
        for page in self.reader.pages:
            for font in (page.get("/Resources") or {}).get("/Font", {}).values():
                font = font.get_object()
                descriptor = font.get("/FontDescriptor")
                if descriptor is None and "/DescendantFonts" in font:
                    descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                fonts[str(font.get("/BaseFont"))] = embedded
        return fonts
