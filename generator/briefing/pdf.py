"""PDF writer: the briefing HTML with print CSS, laid out by WeasyPrint part by part.

WeasyPrint keeps every laid-out page in memory (about 2 MB each) and lays out one page at a
time, so a 700-page briefing took minutes and gigabytes in one go. The briefing is therefore
cut into parts at page breaks it has anyway (summary, groups of topic claims, each appendix),
the parts are laid out in parallel worker processes, and `assembly.py` joins them: one page
sequence, the running header and footer with "page X of Y" (`furniture.py`), links and
bookmarks across parts, metadata. The contents are laid out last, when the page of every
heading is known, so they give real page numbers. Laid-out parts can be kept between builds
(`LayoutStore`), so an edit lays out again only the parts whose HTML changed.

Nothing is fetched from the network: the URL fetcher serves the font files shipped in
`generator/fonts` and refuses everything else. With SOURCE_DATE_EPOCH set, the same content
gives the same bytes; how many processes run makes no difference to the output.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Protocol, Sequence
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .assembly import PartLayout, assemble
from .html import APPENDICES, Selection, render_html
from .structure import Briefing, ClaimEntry

PACKAGE = Path(__file__).resolve().parent.parent
FONTS = PACKAGE / "fonts"
CLAIMS_PER_PART = 16  # about 25 pages: an edit lays out few pages again, a worker stays small
SMALL_BRIEFING = 20  # claims; a briefing this small is laid out as one body part
MAX_WORKERS = 4
PX = 0.75  # WeasyPrint lays out in CSS px; PDF user space is in pt
PDF_VARIANT = "pdf/ua-1"  # tagged: structure tree, language, title (assembly.py joins the trees of the parts)


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


class LayoutStore(Protocol):
    """Laid-out parts kept between builds, by their HTML (`cache.PartCache`): a part whose HTML
    is unchanged is not laid out again, so an edit to one claim lays out the part holding it."""

    def get(self, html: str) -> PartLayout | None: ...

    def put(self, html: str, layout: PartLayout) -> None: ...


def write_pdf(briefing: Briefing, store: LayoutStore | None = None) -> bytes:
    """The briefing as PDF bytes; parts found in `store` are reused, new ones are added to it.

    The cover (which carries the content fingerprint, so it changes with any edit) and the
    contents (which change only when a heading or a page number does) are parts of their own;
    the cover ends with a page break, so this lays out exactly as one front part would.
    """
    outline = briefing.outline
    placeholder = {h.anchor: 999 for h in outline}  # as wide as the real numbers will be
    selections = [Selection(cover=True), Selection(contents=True, toc_pages=placeholder), *body_parts(briefing)]
    cover, contents, *body = lay_out([render_html(briefing, paged=True, selection=s) for s in selections], store)
    for _ in range(3):  # the contents fill the same number of pages with the real numbers, barring surprises
        pages = anchor_pages(body, offset=len(cover.sizes) + len(contents.sizes))
        toc_pages = {h.anchor: pages[h.anchor] for h in outline}
        html = render_html(briefing, paged=True, selection=Selection(contents=True, toc_pages=toc_pages))
        final = lay_out([html], store)[0]
        if len(final.sizes) == len(contents.sizes):
            break
        contents = final
    return assemble([cover, final, *body], briefing)


def body_parts(briefing: Briefing) -> list[Selection]:
    """Everything after the contents, cut where the briefing starts a new page anyway.

    One part per topic (each topic starts a new page), so the workers share the claims evenly;
    only a topic with more than CLAIMS_PER_PART claims is cut inside, its continuation then
    starting on a new page. The cuts depend on the content alone, never on the number of CPUs.
    """
    if len(briefing.summary) <= SMALL_BRIEFING:
        # A small briefing (most per-topic files) in two parts, cut where a topic or the
        # appendices start: every part costs a WeasyPrint start, fonts and a PDF of its own, so
        # more parts cost more than they save, but two keep both CPUs of a laptop busy.
        whole = [(s, s.claims, True) for s in briefing.sections]
        cut, claims = len(whole), 0
        for index, section in enumerate(briefing.sections):
            claims += len(section.claims)
            if claims * 2 >= len(briefing.summary):
                cut = index + 1
                break
        return [Selection(summary=True, sections=tuple(whole[:cut])),
                Selection(sections=tuple(whole[cut:]), appendices=APPENDICES)]
    parts = [Selection(summary=True)]
    for section in briefing.sections:
        parts += [Selection(sections=((section, piece, index == 0),))
                  for index, piece in enumerate(split_claims(section.claims))]
    return parts + [Selection(appendices=(name,)) for name in APPENDICES]


def split_claims(claims: tuple[ClaimEntry, ...]) -> list[tuple[ClaimEntry, ...]]:
    """A topic's claims in even pieces of at most CLAIMS_PER_PART (one empty piece for an empty topic)."""
    pieces = max(1, math.ceil(len(claims) / CLAIMS_PER_PART))
    size = max(1, math.ceil(len(claims) / pieces))
    return [claims[i:i + size] for i in range(0, len(claims), size)] or [claims]


def anchor_pages(parts: Sequence[PartLayout], offset: int) -> dict[str, int]:
    """The 1-based page of every anchor once the parts follow `offset` pages of front matter."""
    pages: dict[str, int] = {}
    for part in parts:
        for index, anchors in enumerate(part.anchors):
            for name in anchors:
                pages.setdefault(name, offset + index + 1)
        offset += len(part.sizes)
    return pages


def lay_out(htmls: Sequence[str], store: LayoutStore | None = None) -> list[PartLayout]:
    """Every part, from `store` or laid out (in worker processes when there is more than one CPU)."""
    found = [store.get(html) if store is not None else None for html in htmls]
    missing = [i for i, layout in enumerate(found) if layout is None]
    for i, layout in zip(missing, _lay_out_all([htmls[i] for i in missing])):
        found[i] = layout
        if store is not None:
            store.put(htmls[i], layout)
    return [layout for layout in found if layout is not None]


def _lay_out_all(htmls: Sequence[str]) -> list[PartLayout]:
    workers = min(len(htmls), MAX_WORKERS, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                  else os.cpu_count() or 1)
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        order = sorted(range(len(htmls)), key=lambda i: -len(htmls[i]))  # biggest first: workers finish together
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                     initializer=tune_garbage_collector) as pool:
                futures = {i: pool.submit(lay_out_part, htmls[i]) for i in order}
                return [futures[i].result() for i in range(len(htmls))]
        except (BrokenProcessPool, OSError, AssertionError):
            pass  # no worker processes here (e.g. inside a daemonic process): lay out in this one
    with fewer_collections():
        return [lay_out_part(html) for html in htmls]


@contextmanager
def fewer_collections() -> Iterator[None]:
    """`tune_garbage_collector` for a layout in this process, then the thresholds as they were."""
    before = gc.get_threshold()
    tune_garbage_collector()
    try:
        yield
    finally:
        gc.set_threshold(*before)


def tune_garbage_collector() -> None:
    """In a layout worker: collect young objects far less often. WeasyPrint's layout allocates
    millions of short-lived objects, and the default thresholds spent 22-39% of the PDF time in
    cyclic GC (notes/build-performance.md); the same bytes come out, for about 50 MB more."""
    gc.set_threshold(50_000, 20, 20)


def lay_out_part(html: str) -> PartLayout:
    """Lay out one part and write it as PDF; keep what the assembly needs to join it to the others.

    WeasyPrint makes (and tags, for PDF/UA) a link only when its target is in the same document,
    so a target in another part gets a stand-in anchor on this part's first page; the one name
    tree of the joined PDF (`assembly`) then sends the link to the real target.
    """
    document = HTML(string=html, base_url=PACKAGE.as_uri() + "/", url_fetcher=LocalFontFetcher()).render()
    local = {name for page in document.pages for name in page.anchors}
    sizes, anchors, bookmarks = [], [], []
    for page in document.pages:
        height = page.height * PX
        sizes.append((page.width * PX, height))
        anchors.append({name: (x * PX, height - y * PX) for name, (x, y, *_) in page.anchors.items()})
        bookmarks.append([(level, label, x * PX, height - y * PX) for level, label, (x, y), _ in page.bookmarks])
    elsewhere = {target for page in document.pages for kind, target, *_ in page.links
                 if kind == "internal" and target not in local}
    if document.pages:
        document.pages[0].anchors.update({name: (0, 0, 0, 0) for name in sorted(elsewhere)})
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    return PartLayout(pdf, tuple(sizes), tuple(anchors), tuple(map(tuple, bookmarks)))
