"""HTML writer: the briefing as one self-contained HTML file (styles inlined, no external requests).

The same template, with `paged=True`, is the input of the PDF writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..i18n import t, translator
from ..markup import markdown_to_html
from ..textblocks import blocks_html
from ..textdiff import TextDiff, diff_html
from .structure import Briefing, ClaimEntry, TopicSection

APPENDICES = ("documents", "matrix", "changes", "gaps")
SectionPart = tuple[TopicSection, tuple[ClaimEntry, ...], bool]  # topic, its claims here, opens the topic


@dataclass(frozen=True)
class Selection:
    """The parts of the briefing one HTML document holds (the PDF is laid out in parts)."""

    cover: bool = False
    contents: bool = False
    summary: bool = False
    sections: tuple[SectionPart, ...] = ()
    appendices: tuple[str, ...] = ()
    toc_pages: Mapping[str, int] | None = None  # anchor -> page number printed in the contents

    @classmethod
    def everything(cls, briefing: Briefing) -> Selection:
        return cls(True, True, True, tuple((s, s.claims, True) for s in briefing.sections), APPENDICES)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

def content_html(text: str) -> Markup:
    """Content Markdown as HTML fit for a standalone briefing, through the one sanitiser.

    Images already become their alt text there; relative links only make sense on the site,
    so here they become plain text too.
    """
    return Markup(markdown_to_html(text, site_links=False))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    env.filters["md"] = content_html
    env.filters["clause"] = lambda text: Markup(blocks_html(text))
    env.filters["diff"] = readable_diff_html
    return env


def readable_diff_html(diff: TextDiff, lang: str) -> Markup:
    """A readable diff (textdiff) as HTML blocks, labelled for screen readers."""
    return Markup(diff_html(diff, t("site.document.diff_removed", lang), t("site.document.diff_added", lang),
                            lambda words: t("text.unchanged_words", lang, count=words)))


def render_html(briefing: Briefing, paged: bool = False, selection: Selection | None = None) -> str:
    """The briefing's HTML (all of it, or `selection`); `paged` adds WeasyPrint's print CSS."""
    template = environment().get_template("briefing/briefing.html.j2")
    return template.render(b=briefing, t=translator(briefing.lang), paged=paged,
                           sel=selection or Selection.everything(briefing),
                           created=briefing.created.strftime("%Y-%m-%dT%H:%M:%SZ"))


def write_html(briefing: Briefing) -> str:
    return render_html(briefing, paged=False)
