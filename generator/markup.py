"""Safe Markdown: content Markdown → HTML with raw HTML escaped and only http(s) or relative links.

Validation already refuses raw HTML and unsafe links; this is the second line of defence for
every writer that turns content Markdown into HTML (site cards, briefing HTML/PDF).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor

_SAFE_URL = re.compile(r"^(?:https?://|#|\.{0,2}/|[A-Za-z0-9_.-]+(?:/|$|#))")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


class _DropUnsafeLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not _SAFE_URL.match(value.strip()):
                    del element.attrib[attribute]
            if element.tag == "a" and str(element.get("href", "")).startswith("http"):
                element.set("rel", "noopener noreferrer")


def _converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_DropUnsafeLinks(md), "drop_unsafe_links", 0)
    return md


_md = _converter()


def markdown_to_html(text: str, inline: bool = False) -> str:
    """Render content Markdown safely. With inline=True a single paragraph loses its <p> wrapper."""
    _md.reset()
    html = _md.convert(text)
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def escape_markdown(text: str) -> str:
    """Plain text made safe to embed in generated Markdown: every Markdown character escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
