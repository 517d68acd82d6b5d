"""Issue 11, "Real documents": every output of tests/fixtures/real-docs shows the structure of
long clauses (paragraphs, lettered lists) and a one-word change at a glance.

One real build of the fixture (site and briefings) serves the site tests; the briefings are
rendered directly and read back (HTML, Markdown, DOCX paragraphs, PDF text, pages and tags).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from generator.briefing import render_briefing
from generator.i18n import t
from generator.validate import load_model

from briefing_support import PdfReading
from site_support import file_for, run_build

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parent / "fixtures" / "real-docs"
PREFIX = {"id": "/", "en": "/en/"}
EPOCH = "1704067200"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("real-docs")
    content = base / "content"
    shutil.copytree(FIXTURE, content)
    done = run_build(content, base / "site")
    assert done.returncode == 0, done.stderr
    return base / "site"


@pytest.fixture(scope="module")
def model():
    return load_model(FIXTURE, report=lambda diagnostic: None)


def raw(site: Path, lang: str, path: str) -> str:
    return file_for(site, PREFIX[lang] + path).read_text("utf-8")


def clause_section(html: str, clause_id: str) -> str:
    start = html.index(f'id="{clause_id}"')
    end = html.find('<section class="pe-clause', start)
    return html[start:end if end > 0 else len(html)]


# --- site ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", PREFIX)
def test_document_page_shows_paragraphs_and_lists(site: Path, lang: str) -> None:
    section = clause_section(raw(site, lang, "documents/chat-policy/"), "information-we-collect")
    excerpt = section[section.index('<blockquote class="pe-excerpt"'):section.index("</blockquote>")]
    assert excerpt.count("<p>") == 5 and excerpt.count("<ol") == 1 and excerpt.count("<li>") == 7
    assert '<span class="pe-list__label">g.</span>' in excerpt
    law = clause_section(raw(site, lang, "documents/pdp-law/"), "pasal-20")
    excerpt = law[law.index('<blockquote class="pe-excerpt"'):law.index("</blockquote>")]
    assert excerpt.count("<ol") == 2 and excerpt.count("<li>") == 9
    assert re.search(r'<span class="pe-list__label">\(2\)</span> Dasar pemrosesan data pribadi meliputi:<ol', excerpt)


@pytest.mark.parametrize("lang", PREFIX)
def test_version_page_shows_clean_text_and_the_change_in_a_toggle(site: Path, lang: str) -> None:
    section = clause_section(raw(site, lang, "documents/chat-policy/2021-01-04/"), "information-we-collect")
    clean, _, changes = section.partition('<details class="pe-changes">')
    assert "we will keep it in encrypted form" in clean and "<del>" not in clean and "<ins>" not in clean
    assert changes, "the change from the previous version is one click away"
    assert re.search(r"<del><span class=\"pe-sr\">[^<]*</span>may</del>", changes)
    assert t("text.unchanged_words", lang, count=246) in changes
    assert '<details class="pe-full-diff">' in changes  # every word, on request
    first = raw(site, lang, "documents/chat-policy/2020-06-01/")
    assert '<details class="pe-changes">' not in first


@pytest.mark.parametrize("lang", PREFIX)
def test_claim_page_marks_a_quote_across_paragraphs_and_shows_the_one_word_change(site: Path, lang: str) -> None:
    html = raw(site, lang, "claims/messages-kept/")
    card = html[html.index('id="evidence-1"'):html.index('id="evidence-2"')]
    assert re.findall(r"<mark>(.*?)</mark>", card, re.S) == [
        "keep the Service safe for the people who rely on it every day.", "Your messages are protected by end-to-end encryption"]
    box = card[card.index("pe-notice--stale"):]
    diff = box[box.index('<div class="pe-diff"'):box.index("</div>", box.index('<div class="pe-diff"'))]
    assert len(re.sub(r"<[^>]+>", " ", diff).split()) < 60  # a glance, not 476 words twice
    assert re.search(r"<del><span class=\"pe-sr\">[^<]*</span>may</del>", diff)
    assert re.search(r"<ins><span class=\"pe-sr\">[^<]*</span>will</ins>", diff)
    assert '<details class="pe-full-texts">' in box  # both full texts, not by default
    statute = html[html.index('id="regulation-1"'):]
    assert "<mark>b. pemenuhan kewajiban perjanjian</mark>" not in statute  # the label is not part of the item text
    assert "<mark>pemenuhan kewajiban perjanjian</mark>" in statute


@pytest.mark.parametrize("lang", PREFIX)
def test_a_pinned_reference_shows_its_change_to_the_current_text_as_the_readable_diff(site: Path, lang: str) -> None:
    html = raw(site, lang, "claims/messages-kept/")
    card = html[html.index('id="evidence-2"'):html.index('id="regulations"')]
    box = card[card.index("pe-notice--pinned"):]
    assert re.search(r"<ins><span class=\"pe-sr\">[^<]*</span>market</ins>", box)
    assert t("text.unchanged_words", lang, count=62) in box
    assert '<details class="pe-full-texts">' in box and '<span class="pe-list__label">3.</span>' in box


@pytest.mark.parametrize("lang", PREFIX)
def test_cited_by_is_a_list(site: Path, lang: str) -> None:
    section = clause_section(raw(site, lang, "documents/chat-policy/2020-06-01/"), "information-we-collect")
    backlinks = section[section.index('class="pe-backlinks"'):]
    assert re.search(r"<ul>\s*<li>", backlinks) and "<p>- " not in backlinks


def test_search_lists_each_document_version_once_with_its_version(site: Path, model) -> None:
    for lang in PREFIX:
        index = json.loads((file_for(site, PREFIX[lang] + "search/search_index.json")).read_text("utf-8"))
        pages = {doc["location"] for doc in index["docs"] if "#" not in doc["location"]}
        assert "documents/chat-policy/" in pages and "documents/chat-policy/2020-06-01/" in pages
        assert not [p for p in pages if p.startswith("documents/chat-policy/2021-01-04/")]
        titles = {doc["location"]: doc["title"] for doc in index["docs"]}
        title = model.documents_by_id["chat-policy"].title[lang]
        assert titles["documents/chat-policy/"] == t("text.title_current", lang, title=title, version="2021-01-04")
        assert titles["documents/chat-policy/2020-06-01/"] == t("text.title_version", lang, title=title,
                                                                 version="2020-06-01")


# --- briefings ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def briefings(model, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return {fmt: render_briefing(model, "en", fmt) for fmt in ("html", "md", "docx", "pdf")}


def test_briefing_html_has_structure_and_no_full_text_tables(briefings: dict[str, bytes]) -> None:
    html = briefings["html"].decode("utf-8")
    assert '<table class="texts">' not in html
    pinned = html[html.index('<div class="pinned">'):]
    assert "… 62 unchanged words …" in pinned[:pinned.index("</div>\n")]  # the pinned citation: its change, readable
    appendix = html[html.index('id="appendix-changes"'):html.index('id="appendix-gaps"')]
    assert "… 246 unchanged words …" in appendix
    added = appendix[appendix.index("change-added"):]
    assert added.count("<p>") >= 2 and re.search(r'<ol class="pe-list pe-list--labelled">(<li>.*?</li>){4}</ol>', added)
    numbered = appendix[appendix.index("Sharing information"):]
    assert '<span class="pe-list__label">1.</span>' in numbered


def test_briefing_markdown_keeps_paragraphs_lists_and_the_diff(briefings: dict[str, bytes]) -> None:
    md = briefings["md"].decode("utf-8")
    appendix = md[md.index("Clauses changed between versions\n"):]
    assert "~~may~~ **will**" in appendix and "*… 246 unchanged words …*" in appendix
    assert re.search(r"^- a\. suspend the account concerned;\n- b\. delete", appendix, re.M)
    assert re.search(r"\n\nIf we learn that we have collected information from a child below that age, we will:\n\n- a\.",
                     appendix)
    assert "> ~~may~~ **will**" in md or re.search(r"^> .*~~may~~ \*\*will\*\*", md, re.M)  # needs-review box


def test_briefing_docx_has_real_paragraphs_and_list_paragraphs(briefings: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(briefings["docx"]))
    texts = [p.text for p in document.paragraphs]
    items = [text for text in texts if re.match(r"^[a-d]\.\t", text)]
    assert items[:4] == ["a.\tsuspend the account concerned;", "b.\tdelete the information we hold about the child;",
                         "c.\tinform the parent or guardian where we can identify them; and",
                         "d.\tkeep a record of the deletion for the period required by law."]
    assert "If we learn that we have collected information from a child below that age, we will:" in texts
    assert texts.count("… 246 unchanged words …") >= 2  # the needs-review box and the appendix
    struck = [run.text for p in document.paragraphs for run in p.runs if run.font.strike]
    assert "may" in [s.strip() for s in struck]
    assert not any("a hardware model" in cell.text for table in document.tables for row in table.rows
                   for cell in row.cells)


def test_briefing_pdf_is_tagged_short_and_in_reading_order(briefings: dict[str, bytes], tmp_path: Path) -> None:
    data = briefings["pdf"]
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True and root["/Lang"] == "en"  # noqa: E712 - pypdf BooleanObject
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    tree = root["/StructTreeRoot"]
    (document,) = tree["/K"]
    assert document["/S"] == "/Document" and len(document["/K"]) > 5
    kinds = collect_kinds(document)
    assert {"/H2", "/H3", "/P", "/L", "/LI", "/Lbl", "/Link", "/Table"} <= kinds
    nums = tree["/ParentTree"]["/Nums"]
    keys = {int(nums[i]) for i in range(0, len(nums), 2)}
    assert {int(page["/StructParents"]) for page in reader.pages} <= keys  # every page's content is in the tree
    check_one_tree_with_parents(data)
    path = tmp_path / "briefing.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    reading = PdfReading(data)
    assert len(reading.pages) <= 10  # no near-empty pages, no appendix of full texts side by side
    appendix = [i for i, text in enumerate(reading.pages) if "Appendix C: Clauses changed between versions" in text]
    assert appendix and "may" in reading.pages[appendix[-1]]
    text = reading.text
    start = text.rindex("Appendix C: Clauses changed between versions")
    items = ["a. suspend the account concerned;", "b. delete the information we hold about the child;",
             "c. inform the parent or guardian", "d. keep a record of the deletion"]
    order = [text.index(item, start) for item in items]  # the labels as written, in reading order
    assert order == sorted(order)


def check_one_tree_with_parents(data: bytes) -> None:
    """The parts' trees were joined into one: a single structure root in the file (no part's root
    dragged along), and every element's /P is the element that lists it."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        roots = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructTreeRoot"]
        assert len(roots) == 1
        stack, checked = [(kid, roots[0]) for kid in roots[0].K], 0
        while stack:
            element, parent = stack.pop()
            if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
                continue
            assert element.P.objgen == parent.objgen
            checked += 1
            kids = element.get("/K", pikepdf.Array())
            stack += [(kid, element) for kid in (kids if isinstance(kids, pikepdf.Array) else [kids])]
        assert checked > 50
        # Every link, the contents' links into later parts among them, is tagged and goes somewhere.
        nums = roots[0].ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        names = pdf.Root.Names.Dests.Names
        targets = {str(names[i]) for i in range(0, len(names), 2)}
        links = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
        internal = [a for a in links if "/Dest" in a]
        assert len(internal) >= 10  # the contents (a part of its own) link into the later parts
        for annotation in links:
            assert parents[int(annotation.StructParent)].S == "/Link"
        assert {str(a.Dest) for a in internal} <= targets


def collect_kinds(element) -> set[str]:
    kinds, stack = set(), [element]
    while stack:
        item = stack.pop()
        if hasattr(item, "get_object"):
            item = item.get_object()
        if isinstance(item, dict) and "/S" in item:
            kinds.add(str(item["/S"]))
            kids = item.get("/K")
            stack.extend(kids if isinstance(kids, list) else [kids] if kids is not None else [])
    return kinds
