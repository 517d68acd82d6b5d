"""Regulator briefing: one format-neutral structure (`structure`), one writer per format.

`render_briefing` is what the CLI (`python -m generator briefing`) and the site's downloads
page call. Writers are imported on demand, so a Markdown briefing never loads WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from ..model import ContentModel
from .structure import Briefing, build_briefing

FORMATS = ("pdf", "docx", "html", "md")

__all__ = ["FORMATS", "Briefing", "build_briefing", "render_briefing"]


def render_briefing(model: ContentModel, lang: str, fmt: str, topics: Sequence[str] = (),
                    drafts: bool = False, claimants: Sequence[str] = (), since: dt.date | None = None) -> bytes:
    """The briefing of `model` in `lang` as the bytes of a `fmt` file (pdf, docx, html or md).

    Only listed claims appear: published ones, drafts with `drafts=True`, never withdrawn ones;
    `topics` (topic ids) and `claimants` narrow it; `since` keeps what changed on or after that date
    and opens with the list of changes (see `since.py`). The same content and SOURCE_DATE_EPOCH
    give the same bytes.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown briefing format {fmt!r}; choose one of {', '.join(FORMATS)}")
    briefing = build_briefing(model, lang, topics, drafts, claimants, since)
    if fmt == "pdf":
        from .pdf import write_pdf

        return write_pdf(briefing)
    if fmt == "docx":
        from .docx import write_docx

        return write_docx(briefing)
    if fmt == "html":
        from .html import write_html

        return write_html(briefing).encode("utf-8")
    from .markdown import write_markdown

    return write_markdown(briefing).encode("utf-8")
