"""Issue 3: `render`, the pure half of the site: model + language → Markdown pages, no MkDocs."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from generator.render import (RenderOptions, highlight_quote, json_for_script, render_site, text_fragment_url,
                              url_target, word_diff)
from generator.validate import load_model

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.fixture(scope="module")
def model():
    return load_model(MINIMAL)


def options(lang: str, **extra) -> RenderOptions:
    return RenderOptions(lang=lang, build_date=dt.date(2024, 1, 1), site_url="https://example.org/", **extra)


def test_render_imports_nothing_from_mkdocs() -> None:
    code = "import sys, generator.render; print(any(m.split('.')[0] == 'mkdocs' for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_pages_cover_the_contract_and_claims_stay_out_of_the_nav(model, lang: str) -> None:
    site = render_site(model, options(lang))
    urls = {page.url for page in site.pages}
    assert {"", "matrix/", "downloads/", "topics/privacy/", "topics/empty-topic/", "claims/messages-encrypted/",
            "claims/withdrawn-claim/", "documents/acme-policy/", "documents/acme-policy/2020-01-01/",
            "documents/test-law/2022/"} <= urls
    assert "claims/draft-claim/" not in urls
    assert {page.url for page in site.pages if page.in_nav} == {
        "", "topics/privacy/", "topics/empty-topic/", "documents/", "matrix/", "downloads/", "about/", "corrections/"}
    nav_targets = [target for _, target in site.nav]
    assert "index.md" in nav_targets and not any("claims/" in str(target) for target in nav_targets)


def test_drafts_get_a_page_only_when_asked(model) -> None:
    site = render_site(model, options("en", drafts=True))
    assert "claims/draft-claim/index.md" in site.pages_by_src
    topic = site.pages_by_src["topics/privacy/index.md"].markdown
    assert "draft-claim" in topic and "withdrawn-claim" not in topic


def test_rendering_twice_gives_the_same_markdown(model) -> None:
    first, second = render_site(model, options("id")), render_site(model, options("id"))
    assert [(p.src, p.markdown) for p in first.pages] == [(p.src, p.markdown) for p in second.pages]


def test_plain_text_is_escaped_for_markdown(model) -> None:
    claim_page = render_site(model, options("en")).pages_by_src["claims/messages-encrypted/index.md"].markdown
    assert "# Acme cannot read messages. {#_title" in claim_page  # markup characters become entities (markup.escape_text)
    assert "**Claimant:** Acme" in claim_page


def test_quote_is_highlighted_after_folding_spaces_and_quotes() -> None:
    text = "We share “limited”\n  data with partners & others."
    assert highlight_quote(text, 'share "limited" data') == (
        "We <mark>share “limited”\n  data</mark> with partners &amp; others.")
    assert highlight_quote("a < b", None) == "a &lt; b"
    assert highlight_quote("nothing here", "absent") == "nothing here"


def test_text_fragment_points_at_the_quote() -> None:
    text = "Keep end-to-end, messages & calls private."
    assert text_fragment_url("https://x.test/p", text, "end-to-end, messages &") == (
        "https://x.test/p#:~:text=end%2Dto%2Dend%2C%20messages%20%26")
    assert text_fragment_url("https://x.test/p#top", text, "calls") == "https://x.test/p#top:~:text=calls"
    long = " ".join(f"w{i}" for i in range(14))
    assert text_fragment_url("https://x.test/", long, long) == "https://x.test/#:~:text=w0%20w1%20w2%20w3%20w4,w9%20w10%20w11%20w12%20w13"
    assert text_fragment_url("https://x.test/", None, None) == "https://x.test/"


def test_word_diff_marks_removed_and_added_words() -> None:
    diff = word_diff("We may keep <data>.", "We keep <data> safely.", "removed:", "added:")
    assert diff == ('<p class="pe-diff__block">We <del><span class="pe-sr">removed: </span>may</del> keep '
                    '<del><span class="pe-sr">removed: </span>&lt;data&gt;.</del> '
                    '<ins><span class="pe-sr">added: </span>&lt;data&gt; safely.</ins></p>')


def test_only_http_links_become_link_targets() -> None:
    assert url_target("https://a.test/x (1)") == "https://a.test/x%20%281%29"
    with pytest.raises(ValueError):
        url_target("javascript:alert(1)")


def test_json_ld_cannot_close_its_script_element() -> None:
    text = json_for_script({"claim": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text


@pytest.mark.parametrize("lang", ["id", "en"])
def test_claim_review_names_the_rating_in_the_page_language(model, lang: str) -> None:
    import json

    from generator.i18n import t

    page = render_site(model, options(lang)).pages_by_src["claims/messages-encrypted/index.md"]
    data = json.loads(page.jsonld)
    assert data["reviewRating"]["alternateName"] == t("rating.partly-supported", lang)
    assert data["url"] == "https://example.org/claims/messages-encrypted/"
    assert render_site(model, options(lang)).pages_by_src["claims/withdrawn-claim/index.md"].jsonld is None
