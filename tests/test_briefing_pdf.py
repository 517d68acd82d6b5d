"""The PDF briefing read back with pypdf, as a reviewer would: text, contents, outline, fonts, bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from briefing_support import PdfReading, norm

from generator.briefing import build_briefing, render_briefing
from generator.briefing.pdf import LocalFontFetcher, RefusedURL
from generator.i18n import t
from generator.validate import load_model

EPOCH = "2051222400"  # 2035-01-01: later than every date in the content


@pytest.fixture(scope="module")
def demo_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The realistic fixture's briefing in both languages, rendered once for the module."""
    import shutil

    from conftest import REALISTIC_CONTENT

    root = tmp_path_factory.mktemp("demo") / "content"
    shutil.copytree(REALISTIC_CONTENT, root)
    model = load_model(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return {"model": model, **{lang: PdfReading(render_briefing(model, lang, "pdf")) for lang in ("id", "en")}}


def check_claims(reading: PdfReading, model, lang: str, drafts: bool = False) -> None:
    """Every listed claim, with its rating and the clauses it rests on, inside its own section."""
    briefing = build_briefing(model, lang, drafts=drafts)
    headings = [f"{c.number} {c.text}" for c in briefing.summary]
    for i, (claim, entry) in enumerate(zip((model.claims_by_id[c.id] for c in briefing.summary), briefing.summary)):
        section = reading.section_text(headings[i], headings[i + 1] if i + 1 < len(headings) else None)
        assert norm(claim.claim[lang]) in section
        assert t(f"rating.{claim.rating}", lang) in section, claim.id
        for ref in entry.evidence + entry.regulations:
            assert norm(ref.clause) in section, (claim.id, ref.clause)
        for question in claim.questions:
            assert norm(question[lang]) in section


def check_contents(reading: PdfReading, model, lang: str) -> None:
    """The printed contents give, for each heading, the page the heading is really on."""
    outline = build_briefing(model, lang).outline
    titles = [f"{h.number} {h.text}".strip() for h in outline]
    contents_page = reading.page_of(t("briefing.contents", lang))
    first_heading = reading.page_of(titles[0])
    printed = reading.toc_numbers(titles, range(contents_page, first_heading))
    for title in titles:
        page = reading.page_of(title)
        assert printed[title] == page, title
        assert norm(title) in reading.pages[page - 1], (title, page)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_demo_pdf_holds_every_published_claim(demo_pdfs: dict, lang: str) -> None:
    reading, model = demo_pdfs[lang], demo_pdfs["model"]
    check_claims(reading, model, lang)
    for claim in model.claims:
        if claim.status != "published":
            assert norm(claim.claim[lang]) not in reading.text, claim.id
            assert claim.id not in reading.text
    check_contents(reading, model, lang)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_demo_pdf_furniture_metadata_and_fonts(demo_pdfs: dict, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    reading, model = demo_pdfs[lang], demo_pdfs["model"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # the cover date is part of what the fingerprint covers
    total = len(reading.pages)
    header = f"{model.site.title[lang]} — {t('briefing.title', lang)} {t(f'language.{lang}', lang)}"
    for number, text in enumerate(reading.pages, start=1):
        assert f"{t('briefing.page', lang)} {number} {t('briefing.of', lang)} {total}" in text
        fingerprint = build_briefing(model, lang).fingerprint
        assert f"{t('label.fingerprint', lang)} {fingerprint}" in text  # every page traces to what it shows
        assert (header in text) == (number > 1), number  # running header from page 2 on, not on the cover
    info = reading.reader.metadata
    assert info.title == f"{model.site.title[lang]} — {t('briefing.title', lang)}"
    assert info["/CreationDate"] == "D:20350101000000Z"
    assert reading.reader.trailer["/Root"]["/Lang"] == lang
    assert reading.font_files and all(reading.font_files.values()), reading.font_files
    assert all("Briefing" in name or "NotoSans" in name or "DejaVu" in name for name in reading.font_files)
    # Parts embed their own subsets of the same fonts: each subset needs its own name.
    names = list(reading.font_objects.values())
    assert len(names) == len(set(names)) > 4


@pytest.mark.parametrize("lang", ["id", "en"])
def test_minimal_pdf_claims_contents_and_outline(minimal_content: Path, lang: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    model = load_model(minimal_content)
    reading = PdfReading(render_briefing(model, lang, "pdf"))
    check_claims(reading, model, lang)
    check_contents(reading, model, lang)
    for claim_id in ("draft-claim", "withdrawn-claim"):
        assert norm(model.claims_by_id[claim_id].claim[lang]) not in reading.text
    # the needs-review box shows the word diff (its runs carry labels for screen readers, hidden on paper)
    diff = reading.text.replace(t("site.document.diff_removed", lang) + " ", "").replace(
        t("site.document.diff_added", lang) + " ", "")
    assert "We may keep messages in encrypted form on our servers for up to 30 days." in diff
    assert t("label.not_in_force", lang) in reading.text
    levels = {b.title: b.level for b in reading.bookmarks}
    assert levels[f"1 {model.topics_by_id['privacy'].title[lang]}"] == 1
    assert levels[f"1.2 {model.claims_by_id['messages-encrypted'].claim[lang]}"] == 2
    # The summary's claim numbers are links into the claims' sections, across the parts of the PDF.
    names = reading.reader.named_destinations
    assert {"claim-limited-sharing", "claim-messages-encrypted", "topic-privacy", "appendix-gaps"} <= set(names)
    summary_page = reading.reader.pages[reading.page_of(t("briefing.summary", lang)) - 1]
    targets = {str(a.get_object()["/Dest"]) for a in summary_page.get("/Annots", []) if "/Dest" in a.get_object()}
    assert {"claim-limited-sharing", "claim-messages-encrypted"} <= targets
    claim_page = reading.reader.get_destination_page_number(names["claim-messages-encrypted"]) + 1
    assert claim_page == reading.page_of(f"1.2 {model.claims_by_id['messages-encrypted'].claim[lang]}")


def test_pdf_drafts_and_topic_filter(minimal_content: Path) -> None:
    model = load_model(minimal_content)
    with_drafts = PdfReading(render_briefing(model, "en", "pdf", drafts=True))
    check_claims(with_drafts, model, "en", drafts=True)
    assert "Secret draft claim." in with_drafts.text and "A withdrawn claim." not in with_drafts.text
    only_empty = PdfReading(render_briefing(model, "en", "pdf", topics=["empty-topic"]))
    assert "1 Empty Topic" in [b.title for b in only_empty.bookmarks]
    assert "Acme cannot read messages." not in only_empty.text
    assert "Privacy" not in [b.title for b in only_empty.bookmarks]


def test_pdf_same_bytes_for_same_content(minimal_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = render_briefing(load_model(minimal_content), "en", "pdf")
    second = render_briefing(load_model(minimal_content), "en", "pdf")
    assert first == second


def test_pdf_in_one_process_gives_the_same_bytes(minimal_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes or not, the output is the same (e.g. inside a daemonic process)."""
    import generator.briefing.pdf as pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    model = load_model(minimal_content)
    parallel = render_briefing(model, "en", "pdf")
    monkeypatch.setattr(pdf, "MAX_WORKERS", 1)
    assert render_briefing(model, "en", "pdf") == parallel


def test_url_fetcher_serves_only_the_shipped_fonts(tmp_path: Path) -> None:
    fetcher = LocalFontFetcher()
    font = Path(__file__).resolve().parent.parent / "generator" / "fonts" / "NotoSans-Regular.ttf"
    assert fetcher.fetch(font.as_uri()).read()[:4] == b"\x00\x01\x00\x00"
    outside = tmp_path / "secret.txt"
    outside.write_text("no")
    for url in ("https://example.org/font.ttf", "http://127.0.0.1/x.css", outside.as_uri(),
                (font.parent / ".." / "briefing" / "pdf.py").resolve().as_uri()):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_pdf_cut_inside_a_topic_keeps_contents_and_links(minimal_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A topic with more claims than fit one part continues in the next part, on a new page."""
    import generator.briefing.pdf as pdf

    monkeypatch.setattr(pdf, "CLAIMS_PER_PART", 1)
    monkeypatch.setattr(pdf, "SMALL_BRIEFING", 0)  # the fixture is small: force the cut into parts
    model = load_model(minimal_content)
    reading = PdfReading(render_briefing(model, "en", "pdf"))
    check_claims(reading, model, "en")
    check_contents(reading, model, "en")
    first, second = (reading.page_of(f"1.{i} {c.claim['en']}") for i, c in enumerate(model.listed_claims(), start=1))
    assert second == first + 1  # the second claim opens the next part
    assert [b.title for b in reading.bookmarks].count("1 Privacy") == 1
    assert reading.reader.get_destination_page_number(reading.reader.named_destinations["claim-messages-encrypted"]) + 1 \
        == second


def _render_in_child(content: str, send) -> None:
    send.send(render_briefing(load_model(Path(content)), "en", "pdf"))


def test_pdf_inside_a_daemonic_process(minimal_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site builds briefings in a daemonic child, which may not start workers: same bytes anyway."""
    import multiprocessing

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    expected = render_briefing(load_model(minimal_content), "en", "pdf")
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_render_in_child, args=(str(minimal_content), send), daemon=True)
    child.start()
    data = receive.recv()
    child.join(timeout=120)
    assert child.exitcode == 0
    assert data == expected


def test_links_across_parts_are_tagged_and_a_link_to_no_anchor_goes_nowhere(minimal_content: Path) -> None:
    """Two parts laid out on their own: the link to the other part's anchor is WeasyPrint's own
    tagged link once joined; the link to an anchor that no part has keeps its tag, not a target."""
    import io

    import pikepdf

    from generator.briefing.assembly import assemble
    from generator.briefing.pdf import lay_out_part

    page = '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{}</body></html>'
    first = lay_out_part(page.format('<p><a href="#there">to the other part</a> <a href="#nowhere">lost</a></p>'))
    second = lay_out_part(page.format('<h1 id="there">There</h1>'))
    assert "there" not in first.anchors[0] and "nowhere" not in first.anchors[0]  # stand-ins stay out
    joined = assemble([first, second], build_briefing(load_model(minimal_content), "en"))
    with pikepdf.open(io.BytesIO(joined)) as pdf:
        links = list(pdf.pages[0].obj.Annots)
        assert len(links) == 2 and all("/StructParent" in link for link in links)
        assert sorted(str(link.get("/Dest", "")) for link in links) == ["", "there"]
        names = pdf.Root.Names.Dests.Names
        assert [str(names[i]) for i in range(0, len(names), 2)] == ["there"]
        assert names[1][0].objgen == pdf.pages[1].obj.objgen
