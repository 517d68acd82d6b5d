"""The one sanitiser: content Markdown → safe HTML, and plain text made inert, for every output.

Policy, enforced here and nowhere else (the site, every briefing format and `validate` all call
this module, so they cannot disagree):

- links only to `https:`, `http:`, `mailto:` or same-site relative paths (`link_problem`); no
  protocol-relative `//host`, no backslashes, entities and stray tabs decoded first, as a browser
  would. A refused link keeps its text.
- no images at all: an image becomes its alt text (whether inline, reference-style or an autolink).
- no raw HTML: it is escaped and shown as text (`validate` reports it as `raw-html`).
- bounded work: Python-Markdown scans from every `[` and every run of backticks to the end of the
  paragraph when nothing closes it (20,000 `[` took a minute). `defuse` finds, in one pass, the
  brackets and backticks that cannot close within `WINDOW` characters and makes them plain text;
  text nested deeper than `MAX_NESTING` or longer than `MAX_MARKDOWN` is shown flat.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.treeprocessors import Treeprocessor

ALLOWED_SCHEMES = ("http", "https", "mailto")
MAX_NESTING = 20
"""Deepest nesting of lists and quotes in one Markdown text (Python-Markdown recurses per level)."""
MAX_MARKDOWN = 20_000
"""Longest Markdown text (characters): each inline match rebuilds the paragraph, so work grows
with the square of the length (40 KB of escapes took 3 s)."""
WINDOW = 1_000
"""Furthest a `]`, a link's `)` or a closing backtick run may be from what it closes."""
# Stand-ins for defused characters while Python-Markdown runs; control characters are refused
# in content (limits.py) and removed here first, so they cannot clash.
_DEFUSED = {"[": "\x0e", "`": "\x0f"}
_RESTORE = {"\x0e": "[", "\x0f": "`"}
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f]")

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))  # ...and these at either end
_RAW_HTML = re.compile(r"<(?:!--|/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
_CONTAINER_PREFIX = re.compile(r"^[ \t]*(?:(?:>|[-+*]|\d{1,9}[.)])(?:[ \t]+|$))*")
_CONTAINER_MARK = re.compile(r"(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$)")
# Plain text printed into Markdown or HTML: every character that could start inline markup becomes
# a numeric character reference, inert in Markdown, in HTML text and in attribute values alike.
# Line breaks too: a blank line would end an HTML block and let Markdown parse what follows.
_INERT = re.compile(r"[\\`*_{}\[\]!|~^=<>&\"'\n\r\t]")
# ...and what would start a block (heading, list, quote, table row) where the text starts a line.
_BLOCK_START = re.compile(r"^(?:[#+\-:]|\d+(?=[.)]))")


@dataclass(frozen=True)
class Dropped:
    """Something the sanitiser will not render as written; `code` is the diagnostic code."""

    code: str  # raw-html | unsafe-link | image-not-allowed | markdown-too-deep | markdown-too-long
    detail: str


def link_problem(url: str) -> str | None:
    """Why the sanitiser refuses this link target, or None when it keeps it (the one decision)."""
    value = _IGNORED_IN_URL.sub("", html.unescape(url)).strip(_C0_AND_SPACE)  # as the URL parser does
    if "\\" in value or any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        return "backslashes and control characters are not allowed in links"
    if match := _SCHEME.match(value):
        scheme = match.group(1).lower()
        return None if scheme in ALLOWED_SCHEMES else f"the scheme '{scheme}:' is not allowed"
    if value.startswith("//"):
        return "links to another host must start with https://"
    return None


def escape_text(text: str) -> str:
    """Plain text made inert wherever it is printed: Markdown (tables included), HTML text, attributes."""
    text = _INERT.sub(lambda m: f"&#{ord(m.group())};", text)
    return _BLOCK_START.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), text)


def escape_markdown(text: str) -> str:
    """Plain text made safe to embed in generated Markdown (kept as a name for existing callers)."""
    return escape_text(text)


def nesting_depth(text: str) -> int:
    """How deeply lists and quotes nest in `text`, over-estimated (indentation counts too)."""
    depth = 0
    for line in text.splitlines():
        prefix = _CONTAINER_PREFIX.match(line)
        marks = len(_CONTAINER_MARK.findall(prefix.group())) if prefix else 0
        indent = len(line) - len(line.lstrip(" \t"))
        depth = max(depth, marks + indent // 2)
    return depth


def find_raw_html(text: str) -> str | None:
    """The first raw HTML tag in `text` (autolinks `<https://...>` are not HTML), or None."""
    match = _RAW_HTML.search(_AUTOLINK.sub("", text))
    return match.group(0) if match else None


class _Sanitise(Treeprocessor):
    """Runs after Python-Markdown's own unescaping, so it sees the URLs a browser would see."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.site_links = True
        self.dropped: list[Dropped] = []

    def run(self, root: etree.Element) -> None:
        unwrap: list[tuple[etree.Element, etree.Element]] = []
        for parent in root.iter():
            for element in parent:
                if element.tag == "img":
                    self.dropped.append(Dropped("image-not-allowed", element.get("src", "")))
                    element.text = element.get("alt", "")
                    unwrap.append((parent, element))
                elif element.tag == "a":
                    href = element.get("href", "")
                    problem = link_problem(href)
                    if problem is not None:
                        self.dropped.append(Dropped("unsafe-link", href))
                    if problem is not None or (not self.site_links and not _SCHEME.match(href)):
                        unwrap.append((parent, element))
                        continue
                    kept = {"href": href, **({"title": element.get("title", "")} if element.get("title") else {})}
                    if _SCHEME.match(href) and not href.lower().startswith("mailto:"):
                        kept["rel"] = "noopener noreferrer"
                    element.attrib.clear()
                    element.attrib.update(kept)
        for parent, element in reversed(unwrap):  # innermost first, so every parent is still right
            _unwrap(parent, element)


def _unwrap(parent: etree.Element, element: etree.Element) -> None:
    """Replace `element` by its text and children: a refused link keeps its words, an image its alt."""
    index = list(parent).index(element)
    before = parent[index - 1] if index else None
    children = list(element)

    def add_text(anchor: etree.Element | None, text: str) -> None:
        if anchor is None:
            parent.text = (parent.text or "") + text
        else:
            anchor.tail = (anchor.tail or "") + text

    add_text(before, element.text or "")
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    add_text(children[-1] if children else before, element.tail or "")


def _converter() -> tuple[markdown.Markdown, _Sanitise]:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("automail")  # obfuscated mailto hrefs; write [text](mailto:...)
    sanitiser = _Sanitise(md)
    md.treeprocessors.register(sanitiser, "sanitise", -10)  # after "unescape" (0)
    return md, sanitiser


_md, _sanitiser = _converter()


def defuse(text: str) -> str:
    """`text` with every `[` and backtick run that cannot close within `WINDOW` made plain (one pass)."""
    if "[" not in text and "`" not in text:
        return text
    defused: set[int] = set()
    # Brackets: match them like Python-Markdown does (nesting counts, backslash escapes do not).
    opens: list[int] = []
    escaped = False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            opens.append(index)
        elif char == "]" and opens:
            start = opens.pop()
            if index - start > WINDOW or (text.startswith("(", index + 1) and not _closes(text, index + 1)):
                defused.add(start)
    defused.update(opens)
    # Backtick runs: a run opens a code span only if a run of the same length follows soon.
    runs = [(m.start(), len(m.group())) for m in re.finditer(r"`+", text)]
    next_same: dict[int, int] = {}
    last_at: dict[int, int] = {}
    for position in range(len(runs) - 1, -1, -1):
        start, length = runs[position]
        if length in last_at:
            next_same[position] = last_at[length]
        last_at[length] = position
    position = 0
    while position < len(runs):
        start, length = runs[position]
        closer = next_same.get(position)
        if closer is not None and runs[closer][0] - start <= WINDOW:
            position = closer + 1
            continue
        defused.update(range(start, start + length))
        position += 1
    if not defused:
        return text
    return "".join(_DEFUSED[char] if index in defused else char for index, char in enumerate(text))


def _closes(text: str, open_paren: int) -> bool:
    """Whether the link target opened at `open_paren` closes within `WINDOW` characters."""
    end = min(len(text), open_paren + WINDOW)
    if text.find(")", open_paren, end) < 0:  # the common hostile case, found at C speed
        return False
    depth = 0
    for index in range(open_paren, end):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return True
    return False


def _flat_html(text: str) -> str:
    """Text too deep or too bracket-heavy for Markdown, shown as plain paragraphs."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _render(text: str, site_links: bool) -> tuple[str, list[Dropped]]:
    dropped: list[Dropped] = []
    if (tag := find_raw_html(text)) is not None:
        dropped.append(Dropped("raw-html", tag[:40]))
    if len(text) > MAX_MARKDOWN:
        return _flat_html(text), [*dropped, Dropped("markdown-too-long", str(len(text)))]
    if nesting_depth(text) > MAX_NESTING:
        return _flat_html(text), [*dropped, Dropped("markdown-too-deep", str(nesting_depth(text)))]
    text = defuse(_CONTROLS.sub("", text))
    _md.reset()
    _sanitiser.site_links, _sanitiser.dropped = site_links, []
    try:
        rendered = _md.convert(text)
    except RecursionError:  # the depth estimate missed a construct: refuse, do not crash
        return _flat_html(text), [*dropped, Dropped("markdown-too-deep", "?")]
    if "\x0e" in rendered or "\x0f" in rendered:
        rendered = rendered.translate(str.maketrans(_RESTORE))
    return rendered, dropped + _sanitiser.dropped


def markdown_to_html(text: str, inline: bool = False, site_links: bool = True) -> str:
    """Render content Markdown safely. With inline=True a single paragraph loses its <p> wrapper.

    site_links=False turns relative links into their text (for documents read away from the site).
    """
    rendered = _render(text, site_links)[0]
    if inline and rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered


def audit_markdown(text: str) -> list[Dropped]:
    """What rendering `text` would drop or change: `validate` reports these at the field."""
    if ("<" not in text and "[" not in text and "]" not in text and len(text) <= MAX_MARKDOWN
            and nesting_depth(text) <= MAX_NESTING):
        return []  # no HTML, no link or image of any form, shallow: the common case, kept fast
    return _render(text, True)[1]
