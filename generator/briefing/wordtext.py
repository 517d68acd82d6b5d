"""Content Markdown as Word paragraphs: paragraphs, lists, quotes, emphasis, code and links.

The Markdown is rendered with the same safe converter as the HTML briefing (`html.content_html`:
no images, only http(s) links), then the small HTML subset is walked into python-docx calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Callable

from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from .html import content_html
from .wordml import add_hyperlink, new_numbered_list, set_numbering

BLOCK_TAGS = {"p", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


@dataclass
class Block:
    kind: str  # paragraph | bullet | number | quote | code | heading
    depth: int = 0  # list nesting, 0 for top level
    first_item: bool = False  # first item of a numbered list: numbering restarts here
    spans: list[Span] = field(default_factory=list)


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[list] = []  # [kind, items so far] per open list
        self.quote = 0
        self.bold = self.italic = self.code = 0
        self.href: str | None = None
        self.current: Block | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self.lists.append(["bullet" if tag == "ul" else "number", 0])
            self.current = None
        elif tag == "li":
            kind = self.lists[-1][0] if self.lists else "bullet"
            first = bool(self.lists) and self.lists[-1][1] == 0
            if self.lists:
                self.lists[-1][1] += 1
            self._open(Block(kind, max(0, len(self.lists) - 1), first_item=first))
        elif tag == "blockquote":
            self.quote += 1
        elif tag in BLOCK_TAGS:
            kind = "code" if tag == "pre" else "heading" if tag.startswith("h") else "quote" if self.quote else "paragraph"
            if not (tag == "p" and self.current is not None and self.current.kind in ("bullet", "number")
                    and not self.current.spans):
                self._open(Block(kind))
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "code":
            self.code += 1
        elif tag == "a":
            self.href = dict(attrs).get("href")
        elif tag == "br":
            self.handle_data("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.current = None
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag in BLOCK_TAGS:
            self.current = None
        elif tag in ("strong", "b"):
            self.bold -= 1
        elif tag in ("em", "i"):
            self.italic -= 1
        elif tag == "code":
            self.code -= 1
        elif tag == "a":
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.current is None:
            if not data.strip():
                return
            self._open(Block("quote" if self.quote else "paragraph"))
        assert self.current is not None
        if self.current.kind != "code":
            data = " ".join(data.split("\n")) if data != "\n" else "\n"
        self.current.spans.append(Span(data, self.bold > 0, self.italic > 0, self.code > 0, self.href))

    def _open(self, block: Block) -> None:
        self.blocks.append(block)
        self.current = block


def markdown_blocks(text: str) -> list[Block]:
    parser = _BlockParser()
    parser.feed(str(content_html(text)))
    parser.close()
    return [b for b in parser.blocks if "".join(s.text for s in b.spans).strip()]


STYLES = {"paragraph": None, "quote": "Quote", "code": None, "heading": None}


def add_markdown(document: DocxDocument, new_paragraph: Callable[[str | None], Paragraph], text: str) -> None:
    """Append content Markdown using `new_paragraph(style)` (a document's, a cell's, ...)."""
    num_id = 0
    for block in markdown_blocks(text):
        if block.kind in ("bullet", "number"):
            base = "List Bullet" if block.kind == "bullet" else "List Number"
            paragraph = new_paragraph(base if block.depth == 0 else f"{base} {min(block.depth + 1, 3)}")
            if block.kind == "number" and block.depth == 0:
                if block.first_item:
                    num_id = new_numbered_list(document)
                set_numbering(paragraph, num_id)
        else:
            paragraph = new_paragraph(STYLES[block.kind])
        add_spans(paragraph, block.spans, bold=block.kind == "heading")


def add_spans(paragraph: Paragraph, spans: list[Span], bold: bool = False) -> None:
    for span in spans:
        if span.href:
            add_hyperlink(paragraph, span.href, span.text.strip() or span.href, span.bold or bold, span.italic)
            continue
        if span.text == "\n":
            paragraph.add_run().add_break()
            continue
        run = paragraph.add_run(span.text)
        run.bold = span.bold or bold or None
        run.italic = span.italic or None
        if span.code:
            run.font.name = "Consolas"
