"""Content never becomes script or a request elsewhere: one sanitiser for the site and every briefing
format, plain text inert everywhere (tables included), and `validate` reports what would be dropped."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import markdown
from typing import Any

import pytest

from generator import schema
from generator.briefing import render_briefing
from generator.briefing.html import content_html
from generator.briefing.markdown import content as briefing_markdown
from generator.briefing.wordtext import markdown_blocks
from generator.markup import audit_markdown, escape_text, link_problem, markdown_to_html
from generator.validate import load_model

from .content_corpus import MARKERS, PLAIN, PLAIN_BREAK, _PageAudit, audit_site, run_cli, table_cells, write_hostile_content

HOSTILE_MARKDOWN = {
    "javascript": ('[x](javascript:alert("x"))', "unsafe-link"),
    "mixed-case": ('[x](JaVaScRiPt:alert("x"))', "unsafe-link"),
    "entity-encoded": ("[x](&#106;avascript:alert(1))", "unsafe-link"),
    "data": ("[x](data:text/html;base64,PHNjcmlwdD4=)", "unsafe-link"),
    "protocol-relative": ("[x](//other.example/x)", "unsafe-link"),
    "backslashes": ("[x](\\\\other.example/x)", "unsafe-link"),
    "slash-backslash": ("[x](/\\other.example/x)", "unsafe-link"),
    "reference-link": ('[x][r]\n\n[r]: javascript:alert("x")', "unsafe-link"),
    "reference-protocol-relative": ("[x][r]\n\n[r]: //other.example/x", "unsafe-link"),
    "autolink-ftp": ("<ftp://other.example/x>", "unsafe-link"),
    "image": ("![p](https://other.example/p.png)", "image-not-allowed"),
    "image-protocol-relative": ("![p](//other.example/p.png)", "image-not-allowed"),
    "image-relative": ("![p](p.png)", "image-not-allowed"),
    "reference-image": ("![r][e]\n\n[e]: https://other.example/p.png", "image-not-allowed"),
    "raw-html": ('<img src=x onerror=alert("x")>', "raw-html"),
}


@pytest.mark.parametrize("target, allowed", [
    ("https://example.org/a", True), ("http://example.org/a", True), ("mailto:desk@example.org", True),
    ("HTTPS://example.org/", True), ("../claims/x/", True), ("#clause", True), ("/about/", True), ("page/", True),
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), (" javascript:alert(1)", False),
    ("java\nscript:alert(1)", False), ("&#106;avascript:alert(1)", False), ("&#x6A;avascript:x", False),
    ("data:text/html,x", False), ("vbscript:x", False), ("file:///etc/passwd", False), ("ftp://x.example/", False),
    ("//other.example/x", False), ("\\\\other.example/x", False), ("/\\other.example/x", False),
    ("\x01javascript:x", False),
])
def test_one_decision_for_every_link(target: str, allowed: bool) -> None:
    assert (link_problem(target) is None) == allowed


@pytest.mark.parametrize("name", sorted(HOSTILE_MARKDOWN))
def test_hostile_markdown_is_inert_in_every_writer_and_reported_by_validate(name: str) -> None:
    text, code = HOSTILE_MARKDOWN[name]
    # validate and the renderer share the decision: the schema's error is the sanitiser's verdict
    assert code in {d.code for d in audit_markdown(text)}
    with pytest.raises(Exception) as raised:
        schema.L10nMarkdown.model_validate({"id": text, "en": "fine"})
    assert code.replace("-", "_") in str(raised.value)
    md = briefing_markdown(text)
    shown = markdown.markdown(md)  # the Markdown briefing, as a reader's viewer shows it
    for html in (markdown_to_html(text), str(content_html(text)), shown):
        audit = _PageAudit(name)
        audit.feed(html)
        assert audit.problems == [] and "<img" not in html and "<script" not in html.lower(), html
        assert "other.example" not in "".join(re.findall(r'(?:href|src)="[^"]*"', html)), html
    assert not re.search(r"^\s*\[[^\]]+\]:", md, re.M), "reference definitions are not passed through"
    for block in markdown_blocks(text):
        for span in block.spans:
            assert span.href is None or span.href.startswith(("https://", "http://", "mailto:")), span


def test_allowed_markdown_keeps_its_links() -> None:
    html = markdown_to_html("[a](https://example.org/x) [b](mailto:desk@example.org) [c](../claims/x/) <https://example.org/y>")
    assert html.count("<a ") == 4 and 'rel="noopener noreferrer"' in html
    assert "[a](https://example.org/x)" in briefing_markdown("[a](https://example.org/x)")
    assert content_html("[c](../claims/x/)") == "<p>c</p>"  # site-relative links are text in briefings


@pytest.mark.parametrize("text", [PLAIN, PLAIN_BREAK, "1. not a list", "# not a heading", "- not an item",
                                  "a | b", "===", "{: #id onclick=x }", "[x][y]\n\n[y]: javascript:x"])
def test_plain_text_is_inert_in_markdown_tables_and_html(text: str) -> None:
    escaped = escape_text(text)
    page = (f"# {escaped}\n\n| a | b |\n|---|---|\n| {escaped} | [{escaped}](x/) |\n\n"
            f'<div markdown>\n\n<p title="{escaped}">{escaped}</p>\n\n</div>\n')
    html = markdown.markdown(page, extensions=["tables", "attr_list", "md_in_html"])
    audit = _PageAudit("page")
    audit.feed(html)
    assert audit.problems == []
    assert audit.tables == [[2, 2]], html  # a `|` in a cell does not add one
    assert "<img" not in html and "<script" not in html and "<li" not in html and "<h2" not in html
    assert html.count("<a ") == 1 and html.count("<h1") == 1, html


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("hostile")
    content = write_hostile_content(base / "content")
    result = run_cli("build", "--content", str(content), "--site-dir", str(base / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    return content, base / "site"


def test_hostile_site_builds_with_every_payload_inert(hostile_site: tuple[Path, Path]) -> None:
    content, site = hostile_site
    problems, pages = audit_site(site)
    assert pages >= 30
    assert problems == []
    for lang_prefix, law in (("", "Undang-Undang Uji"), ("en/", "Test Law")):
        cells = table_cells(site / lang_prefix / "matrix" / "index.html")
        # a document title, brackets, pipes and all, stays text in one cell of the matrix
        title = f"{law} " + " ".join(PLAIN.split())
        assert [c for c in cells if title in c], cells
    claim_page = (site / "en" / "claims" / "limited-sharing" / "index.html").read_text(encoding="utf-8")
    # shown as the characters typed: the payload is text on the page
    assert '&lt;script&gt;alert("p1")&lt;/script&gt;' in claim_page.replace("&#34;", '"').replace("&quot;", '"')


def test_hostile_briefings_are_inert_in_every_format(hostile_site: tuple[Path, Path]) -> None:
    from docx import Document
    from pypdf import PdfReader

    model = load_model(hostile_site[0])
    html = render_briefing(model, "en", "html").decode("utf-8")
    audit = _PageAudit("briefing.html")
    audit.feed(html)
    assert audit.problems == [] and "<img" not in html
    md = render_briefing(model, "id", "md").decode("utf-8")
    shown = markdown.markdown(md, extensions=["tables"])
    audit = _PageAudit("briefing.md")
    audit.feed(shown)
    assert audit.problems == [] and "<img" not in shown and "<script" not in shown
    assert not re.search(r"^\s*\[[^\]]+\]:", md, re.M)
    docx = Document(io.BytesIO(render_briefing(model, "en", "docx")))
    targets = [rel.target_ref for rel in docx.part.rels.values() if rel.is_external]
    assert targets and all(t.startswith(("https://", "http://", "mailto:")) for t in targets), targets
    assert not [r for r in docx.part.rels.values() if "image" in r.reltype]
    pdf = PdfReader(io.BytesIO(render_briefing(model, "id", "pdf")))
    uris = [u for page in pdf.pages for a in page.get("/Annots", []) or []
            if (u := str(a.get_object().get("/A", {}).get("/URI", "")))]  # internal links have none
    assert uris and all(urlsplit(u).scheme in ("https", "http", "mailto") for u in uris), uris


@pytest.mark.browser
def test_no_page_of_the_hostile_site_runs_script_or_asks_another_host(hostile_site: tuple[Path, Path], tmp_path: Path,
                                                                     browser: Any) -> None:
    from browser_support import RequestLog, StaticServer

    site = tmp_path / "site"
    shutil.copytree(hostile_site[1], site)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    dialogs: list[str] = []
    log = RequestLog()
    with StaticServer(site) as server:
        context = browser.new_context()
        try:
            log.attach(context)
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
            for path in pages:
                page.goto(f"{server.origin}/{path}", wait_until="load")
                # hover and focus everything a payload could have hooked (onmouseover, onfocus)
                page.evaluate("""() => { for (const el of document.querySelectorAll('body *')) {
                    for (const type of ['mouseover', 'focus', 'click']) {
                        if (type === 'click' && el.closest('a[href], button, input, label, form')) continue;
                        el.dispatchEvent(new Event(type)); } } }""")
                page.wait_for_timeout(50)
        finally:
            context.close()
    assert len(pages) >= 30
    assert dialogs == []
    assert log.foreign == [], log.foreign_report()
    assert not [e for e in log.page_errors if any(m in e for m in MARKERS)]
