"""PDF writer: the briefing HTML with print CSS, laid out by WeasyPrint.

A4 pages, table of contents with real page numbers (target-counter), running header (title,
language) and footer (page X of Y, content fingerprint), PDF outline from the headings,
title/author/language in the metadata, and fonts embedded from files shipped in
`generator/fonts`. Nothing is fetched from the network: the URL fetcher serves those font
files and refuses everything else. With SOURCE_DATE_EPOCH set, the same content gives the
same bytes (dates come from `dcterms` meta, fontTools honours the variable for font tables).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .html import render_html
from .structure import Briefing

PACKAGE = Path(__file__).resolve().parent.parent
FONTS = PACKAGE / "fonts"


class RefusedURL(ValueError):
    """A resource the briefing PDF may not load: anything but the fonts shipped with the package."""


class LocalFontFetcher(URLFetcher):
    """Serves files under `generator/fonts` and refuses every other URL (remote or local)."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file"}, fail_on_errors=False)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"the briefing loads no remote resources; refused {url}")
        path = Path(url2pathname(parts.path)).resolve()
        if FONTS not in path.parents or not path.is_file():
            raise RefusedURL(f"the briefing only loads its own font files; refused {url}")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "font/ttf"})


def write_pdf(briefing: Briefing) -> bytes:
    """The briefing as PDF bytes."""
    html = HTML(string=render_html(briefing, paged=True), base_url=PACKAGE.as_uri() + "/",
                url_fetcher=LocalFontFetcher())
    # pdf_identifier=True: the file ID is a hash of the content, not random.
    pdf = html.write_pdf(pdf_identifier=True)
    assert pdf is not None
    return pdf
