"""The HTML and Markdown briefings: self-contained, complete, and faithful to the content."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from generator.briefing import render_briefing
from generator.i18n import t
from generator.validate import load_model

DRAFT_AND_WITHDRAWN = ("draft-claim", "withdrawn-claim")


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    return collector


def with_image_and_specials(root: Path) -> Path:
    """Content Markdown with a relative link; a claim text full of Markdown characters.

    (Images are a validation error now; tests/security/test_content_escaping.py feeds them to the writers.)"""
    path = root / "claims" / "privacy" / "limited-sharing.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("summary: {id: Tidak dapat diperiksa., en: Cannot be checked.}",
                        'summary: {id: "Lihat logo dan [klaim](../other/).", '
                        'en: "See logo and [claim](../other/)."}')
    text = text.replace("en: Acme shares only limited data.}", 'en: "Acme *shares* only | limited_data #1 [x]."}')
    path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("lang", ["id", "en"])
def test_html_is_self_contained_and_complete(minimal_content: Path, lang: str) -> None:
    model = load_model(minimal_content)
    html = render_briefing(model, lang, "html").decode("utf-8")
    page = parse(html)
    assert ("html", {"lang": lang}) in page.tags
    for tag, attrs in page.tags:
        assert tag not in {"link", "script", "img", "iframe", "object", "embed", "source", "video", "audio"}, tag
        assert "src" not in attrs and "srcset" not in attrs, (tag, attrs)
        assert "style" not in attrs, "styles belong in the one inlined <style>"
    css = "".join(page.styles)
    assert "@import" not in css and "url(" not in css  # no fonts or images fetched by the HTML
    text = " ".join(" ".join(page.text).split())
    for claim in model.listed_claims():
        assert claim.claim[lang] in text
        assert t(f"rating.{claim.rating}", lang) in text
    for claim_id in DRAFT_AND_WITHDRAWN:
        assert model.claims_by_id[claim_id].claim[lang] not in text
        assert claim_id not in html
    assert t("label.needs_review", lang) in text
    # the needs-review box shows the change as a word diff: "may" removed, "in encrypted form" added
    assert re.search(r"<del><span class=\"pe-sr\">[^<]*</span>may</del>", html)
    assert re.search(r"<ins><span class=\"pe-sr\">[^<]*</span>in encrypted form</ins>", html)
    assert "on our servers for up to 30 days." in text


def test_html_drops_images_and_site_relative_links(minimal_content: Path) -> None:
    html = render_briefing(load_model(with_image_and_specials(minimal_content)), "en", "html").decode("utf-8")
    assert "logo.png" not in html
    assert 'href="../other/"' not in html
    assert "See logo and claim." in " ".join(" ".join(parse(html).text).split())


def test_html_with_drafts_marks_them(minimal_content: Path) -> None:
    model = load_model(minimal_content)
    html = render_briefing(model, "en", "html", drafts=True).decode("utf-8")
    text = " ".join(" ".join(parse(html).text).split())
    assert "Secret draft claim." in text
    assert t("briefing.drafts_included", "en") in text
    assert "A withdrawn claim." not in text


@pytest.mark.parametrize("lang", ["id", "en"])
def test_markdown_has_the_same_structure(minimal_content: Path, lang: str) -> None:
    model = load_model(minimal_content)
    md = render_briefing(model, lang, "md").decode("utf-8")
    headings = re.findall(r"^(#{1,4}) (.+)$", md, re.M)
    level2 = [text for hashes, text in headings if hashes == "##"]
    assert level2 == [t("briefing.contents", lang), t("method.title", lang), t("briefing.summary", lang),
                      f"1 {model.topics_by_id['privacy'].title[lang]}", f"2 {model.topics_by_id['empty-topic'].title[lang]}",
                      *[f"{t('briefing.appendix', lang, letter=x)}: {t(k, lang)}" for x, k in
                        (("A", "briefing.appendix_documents"), ("B", "label.matrix"), ("C", "briefing.appendix_changes"),
                         ("D", "label.gaps"))]]
    claims = [text for hashes, text in headings if hashes == "###" and text[:2] == "1."]
    assert claims == [f"1.1 {model.claims_by_id['limited-sharing'].claim[lang]}",
                      f"1.2 {model.claims_by_id['messages-encrypted'].claim[lang]}"]
    for claim_id in DRAFT_AND_WITHDRAWN:
        assert model.claims_by_id[claim_id].claim[lang] not in md
    assert "| --- |" in md  # real tables
    assert "> **" in md  # the needs-review box


def test_markdown_escapes_plain_text_and_renders_back(minimal_content: Path) -> None:
    model = load_model(with_image_and_specials(minimal_content))
    md = render_briefing(model, "en", "md").decode("utf-8")
    assert "See logo and claim." in md and "logo.png" not in md and "../other/" not in md
    assert "[the notice](https://example.org/notice)" in md  # web links stay links
    html = markdown.markdown(md, extensions=["tables"])
    heading = re.search(r"<h3>1\.1 (.*?)</h3>", html)
    assert heading and heading.group(1) == "Acme *shares* only | limited_data #1 [x]."
    # The summary table still has five columns although the claim contains a pipe.
    row = next(line for line in md.splitlines() if line.startswith("| 1.1 |"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 6
