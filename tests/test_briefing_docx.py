"""The DOCX briefing read back with python-docx: headings, tables, links, properties, same bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from generator.briefing import build_briefing, render_briefing
from generator.i18n import t
from generator.validate import load_model


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("lang", ["id", "en"])
def test_docx_headings_tables_and_links(minimal_content: Path, lang: str) -> None:
    model = load_model(minimal_content)
    document = open_docx(render_briefing(model, lang, "docx"))

    level1 = headings(document, 1)
    assert level1[:4] == [t("method.title", lang), t("briefing.summary", lang),
                          f"1 {model.topics_by_id['privacy'].title[lang]}", f"2 {model.topics_by_id['empty-topic'].title[lang]}"]
    assert level1[4].startswith(t("briefing.appendix", lang, letter="A"))
    assert len(level1) == 8
    claims = [c for c in model.listed_claims()]
    claim_headings = [h for h in headings(document, 2) if h[:2] == "1."]  # after the method's own sections
    assert claim_headings[:2] == [f"1.{i} {c.claim[lang]}" for i, c in enumerate(claims, start=1)]
    assert t("label.questions", lang) in headings(document, 3)

    summary = document.tables[3]  # after the cover's facts, rating counts and the method's rating definitions
    assert [c.text for c in summary.rows[0].cells] == [
        t("briefing.number", lang), f"{t('label.claim', lang)} / {t('label.claimant', lang)}",
        t("label.rating", lang), t("briefing.key_clauses", lang)]
    assert [r.cells[0].text for r in summary.rows[1:]] == ["1.1", "1.2"]
    assert summary.rows[2].cells[2].text == t("rating.partly-supported", lang)
    assert "Pasal 1" in summary.rows[2].cells[3].text

    links = [h for p in document.paragraphs for h in p.hyperlinks]
    links += [h for table in document.tables for row in table.rows for cell in row.cells
              for p in cell.paragraphs for h in p.hyperlinks]
    external = {h.address for h in links if h.address}
    versions = {v.url for d in model.documents for v in d.versions}
    assert versions <= external  # every version is cited somewhere here, each with a working link
    assert "https://example.org/archive/policy/2020" in external
    if lang == "en":
        assert "https://example.org/notice" in external  # a link inside a content note
    internal = {h.fragment for h in links if not h.address}
    assert internal  # summary numbers, TOC entries and matrix columns jump to bookmarks
    body = document.element.body.xml
    for name in internal:
        assert f'w:name="{name}"' in body, f"link to missing bookmark {name}"

    text = all_text(document)
    for claim_id in ("draft-claim", "withdrawn-claim"):
        assert model.claims_by_id[claim_id].claim[lang] not in text
    assert t("label.needs_review", lang).upper() in text
    # the needs-review box shows the change as a word diff: "may" struck through, "in encrypted form" underlined
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    assert any(run.text.strip() == "may" and run.font.strike for run in runs)
    assert any(run.text.strip() == "in encrypted form" and run.font.underline for run in runs)


@pytest.mark.parametrize("lang, tag", [("id", "id-ID"), ("en", "en-GB")])
def test_docx_properties_and_page_setup(minimal_content: Path, lang: str, tag: str) -> None:
    model = load_model(minimal_content)
    document = open_docx(render_briefing(model, lang, "docx"))
    props = document.core_properties
    assert props.title == f"{model.site.title[lang]} — {t('briefing.title', lang)}"
    assert props.language == tag
    fingerprint = build_briefing(model, lang).fingerprint  # of what this briefing shows
    assert props.identifier == fingerprint
    assert "python-docx" not in (props.comments or "")
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and fingerprint in footer
    assert model.site.title[lang] in section.header.paragraphs[0].text


def test_docx_numbered_questions_restart_per_claim(minimal_content: Path) -> None:
    path = minimal_content / "claims" / "privacy" / "limited-sharing.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "reviewed:", "questions:\n  - {id: Satu?, en: One?}\n  - {id: Dua?, en: Two?}\nreviewed:"), encoding="utf-8")
    document = open_docx(render_briefing(load_model(minimal_content), "en", "docx"))
    numbered = [(p.text, p._p.pPr.numPr.numId.val) for p in document.paragraphs if p.style.name == "List Number"]
    assert [text for text, _ in numbered] == ["One?", "Two?", "Are backups encrypted?"]
    first, second, third = (num for _, num in numbered)
    assert first == second != third  # one list per claim, not one list running through the document
    numbering = document.part.numbering_part.element
    for num_id in (first, third):
        num = numbering.num_having_numId(num_id)
        assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]


def test_docx_same_bytes_for_same_content(minimal_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    model = load_model(minimal_content)
    first = render_briefing(model, "en", "docx")
    second = render_briefing(load_model(minimal_content), "en", "docx")
    assert first == second
    stamps = {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert stamps == {(2023, 11, 14, 22, 13, 20)}
    assert open_docx(first).core_properties.created.year == 2023


def test_docx_drafts_and_topic_filter(minimal_content: Path) -> None:
    model = load_model(minimal_content)
    with_drafts = all_text(open_docx(render_briefing(model, "en", "docx", drafts=True)))
    assert "Secret draft claim." in with_drafts and "A withdrawn claim." not in with_drafts
    empty = open_docx(render_briefing(model, "en", "docx", topics=["empty-topic"]))
    assert headings(empty, 1)[2] == "1 Empty Topic"
    assert headings(empty, 2)[:1] != ["1.1 Acme shares only limited data."]
    assert "Acme cannot read messages." not in all_text(empty)


def test_docx_matrix_document_rows_span_the_table_and_lists_restart(minimal_content: Path) -> None:
    """The matrix's document rows are one cell across every column; each claim's questions are a
    numbered list of their own (both written directly, not through python-docx's quadratic calls)."""
    from docx.oxml.ns import qn

    model = load_model(minimal_content)
    document = open_docx(render_briefing(model, "en", "docx"))
    matrices = [tb for tb in document.tables if tb.rows[0].cells[0].text == t("label.clause", "en")]
    assert matrices
    for table in matrices:
        columns = len(table.columns)
        spanning = [row for row in table.rows[1:] if len(row._tr.tc_lst) == 1]
        assert spanning and all(row._tr.tc_lst[0].grid_span == columns for row in spanning)
        assert all(row.cells[0].text.strip() for row in spanning)  # the document's name
        assert all(row._tr.tc_lst[0].grid_span == 1 for row in table.rows[1:] if len(row._tr.tc_lst) > 1)
    numbering = document.part.numbering_part.element
    ids = [int(n) for n in numbering.xpath("./w:num/@w:numId")]
    assert len(ids) == len(set(ids))
    restarts = [int(n.get(qn("w:numId"))) for n in numbering.xpath("./w:num[w:lvlOverride/w:startOverride]")]
    used = {int(v) for v in document.element.body.xpath(".//w:numPr/w:numId/@w:val")}
    asked = [c for c in model.listed_claims() if c.questions]
    assert len(set(restarts) & used) >= len(asked) >= 1
