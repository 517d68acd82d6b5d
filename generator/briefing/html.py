"""HTML writer: the briefing as one self-contained HTML file (styles inlined, no external requests).

The same template, with `paged=True`, is the input of the PDF writer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..i18n import translator
from ..markup import markdown_to_html
from .structure import Briefing

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

_IMAGE = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'\balt="([^"]*)"')
_NON_HTTP_LINK = re.compile(r'<a(?![^>]*\bhref="https?://)[^>]*>(.*?)</a>', re.S)


def content_html(text: str) -> Markup:
    """Content Markdown as HTML fit for a standalone briefing.

    Images would be requests to other hosts and relative links only make sense on the site,
    so images become their alt text and non-http(s) links become plain text.
    """
    html = markdown_to_html(text)
    html = _IMAGE.sub(lambda m: (alt.group(1) if (alt := _ALT.search(m.group(0))) else ""), html)
    html = _NON_HTTP_LINK.sub(r"\1", html)
    return Markup(html)


def css_string(value: str) -> Markup:
    """A CSS string literal for `content:` inside <style>, where HTML escaping does not apply."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("<", "\\3c ")
    return Markup(f'"{escaped}"')


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    env.filters["md"] = content_html
    env.filters["css_string"] = css_string
    return env


def render_html(briefing: Briefing, paged: bool = False) -> str:
    """The briefing's HTML; `paged` adds WeasyPrint's print CSS (fonts, margin boxes, TOC page numbers)."""
    template = environment().get_template("briefing/briefing.html.j2")
    return template.render(b=briefing, t=translator(briefing.lang), paged=paged,
                           created=briefing.created.strftime("%Y-%m-%dT%H:%M:%SZ"))


def write_html(briefing: Briefing) -> str:
    return render_html(briefing, paged=False)
