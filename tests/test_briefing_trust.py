"""Issue 9 in the briefing: it opens with the same rating definitions and method as the site's
about/ page, shows each claim's corrections and deliberate citations of earlier versions, and
leaves withdrawn claims out. Every format read back, on tests/fixtures/v2 (see test_site_trust.py)."""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest

from generator.briefing import render_briefing
from generator.i18n import t
from generator.validate import load_model

V2 = Path(__file__).parent / "fixtures" / "v2"
RATINGS = ("supported", "partly-supported", "unsupported", "contradicted", "unverifiable")


@pytest.fixture(scope="module")
def model():
    return load_model(V2)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", xml.replace("</w:p>", "\n")).split())


def texts(model, lang: str) -> dict[str, str]:
    md = render_briefing(model, lang, "md").decode("utf-8")
    html = render_briefing(model, lang, "html").decode("utf-8")
    return {"md": " ".join(md.replace("\\", "").split()), "html": " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split()),
            "docx": docx_text(render_briefing(model, lang, "docx"))}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_format_opens_with_the_rating_definitions_and_method(model, lang: str) -> None:
    for fmt, text in texts(model, lang).items():
        method = text.index(t("method.ratings", lang), text.index(t("method.title", lang)))
        summary = text.index(t("briefing.summary_intro", lang))
        for rating in RATINGS:
            definition = text.index(t(f"method.definition.{rating}", lang))
            assert method < definition < summary, (fmt, rating)
        for key in ("method.review", "method.corrections"):
            assert method < text.index(t(key, lang)) < summary, (fmt, key)
        assert "koreksi@example.org" in text, fmt
        assert model.site.about[lang].split("**")[-1].strip(", .") in text, fmt


@pytest.mark.parametrize("lang", ["id", "en"])
def test_corrections_and_pinned_citations_are_shown_and_withdrawn_claims_left_out(model, lang: str) -> None:
    withdrawn = model.claims_by_id["withdrawn-claim"].claim[lang]
    note = model.claims_by_id["messages-encrypted"].corrections[0].note[lang]
    pinned = t("pinned.notice", lang, old="2020-01-01", new="2021-01-01")
    for fmt, text in texts(model, lang).items():
        assert withdrawn not in text, fmt
        assert note.split(":")[0] in text and t("claim.corrections", lang) in text, fmt
        assert pinned in text, fmt
        claims = text[:text.index(t("briefing.appendix", lang, letter="A"), text.index(t("briefing.summary_intro", lang)))]
        assert t("label.needs_review", lang) not in claims, fmt  # the 2020 citation is deliberate, not stale


def test_pdf_opens_with_the_method(model) -> None:
    text = pdf_text(render_briefing(model, "en", "pdf"))
    method = text.index(t("method.ratings", "en"))
    assert method < text.index(t("method.definition.unverifiable", "en")[:60]) < text.index(t("briefing.summary_intro", "en")[:40])
    assert "A withdrawn claim." not in text
    assert "CORRECTION-ONE" in text


def test_a_claim_with_several_topics_is_written_out_once(model) -> None:
    from generator.briefing.structure import build_briefing

    briefing = build_briefing(model, "en")
    assert [(s.id, [c.id for c in s.claims]) for s in briefing.sections] == [
        ("privacy", ["messages-encrypted"]), ("sharing", ["limited-sharing"])]  # under its primary topic
    anchors = [h.anchor for h in briefing.outline]
    assert len(anchors) == len(set(anchors))
    privacy_only = build_briefing(model, "en", topics=["privacy"])
    assert [c.id for c in privacy_only.sections[0].claims] == ["limited-sharing", "messages-encrypted"]
