"""Issue 9 in a real browser: a rating badge leads to its definition on about/, and a withdrawn
claim cannot be found with the site's search. tests/fixtures/v2 built once, served on 127.0.0.1,
driven in headless Chromium (see tests/browser_support.py); no request may leave the machine.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator.i18n import t

from browser_support import (CHROMIUM, CHROMIUM_ARGS, PHONE, DESKTOP, RequestLog, SiteLayout, StaticServer,
                             build_site, chromium_available, copy_content, site_languages)

pytestmark = pytest.mark.browser

V2 = Path(__file__).parent / "fixtures" / "v2"
TIMEOUT_MS = 15_000
# A word of the withdrawn claim, and of a published claim as the control, in each language.
WITHDRAWN_WORDS = {"id": "ditarik", "en": "withdrawn"}
PUBLISHED_WORDS = {"id": "terbatas", "en": "limited"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteLayout]:
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} not found: browser tests must not be skipped in CI")
        pytest.skip(f"{CHROMIUM} not found")
    base = tmp_path_factory.mktemp("browser-trust")
    content = copy_content(V2, base / "content")
    build_site(content, base / "site")
    with StaticServer(base / "site") as server:
        yield SiteLayout(origin=server.origin, languages=site_languages(content))


@pytest.fixture
def open_page(browser: Any, site: SiteLayout) -> Iterator[Any]:
    requests = RequestLog()
    contexts: list[Any] = []

    def open_(lang: str, path: str, viewport: dict[str, int] = DESKTOP) -> Any:
        phone = viewport["width"] < 600
        context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
        context.set_default_timeout(TIMEOUT_MS)
        requests.attach(context)
        contexts.append(context)
        page = context.new_page()
        response = page.goto(site.url(lang, path), wait_until="networkidle")
        assert response is not None and response.status == 200, site.url(lang, path)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not requests.foreign, requests.foreign_report()
    assert not requests.page_errors, requests.page_errors


@pytest.mark.parametrize("lang", ["id", "en"])
def test_badge_leads_to_its_definition(open_page: Any, site: SiteLayout, lang: str) -> None:
    page = open_page(lang, "claims/messages-encrypted/", viewport=PHONE)
    badge = page.locator(".md-content .pe-verdict a.pe-badge")
    assert badge.inner_text().strip() == t("rating.partly-supported", lang)
    badge.click()
    page.wait_for_url(site.url(lang, "about/") + "#rating-partly-supported")
    page.wait_for_load_state("networkidle")
    target = page.locator(":target")
    assert target.get_attribute("id") == "rating-partly-supported"
    assert target.is_visible() and target.evaluate("e => e.getBoundingClientRect().top < window.innerHeight")
    definition = page.locator("#rating-partly-supported + dd")
    assert definition.inner_text().strip() == t("method.definition.partly-supported", lang)


def search_results(page: Any, word: str) -> list[str]:
    """The pages (URL without query or fragment) the site's search lists for `word`."""
    button = page.locator('.md-header label.md-header__button[for="__search"]')
    if button.is_visible():
        button.click()
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially(word, delay=30)
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    hrefs = page.locator(".md-search-result__item a").evaluate_all("as => as.map(a => a.href)")
    return sorted({href.split("#")[0].split("?")[0] for href in hrefs})


@pytest.mark.parametrize("lang", ["id", "en"])
def test_withdrawn_claim_cannot_be_found_by_search(open_page: Any, site: SiteLayout, lang: str) -> None:
    page = open_page(lang, "")
    found = search_results(page, PUBLISHED_WORDS[lang])
    assert site.url(lang, "claims/limited-sharing/") in found, found  # search works on this site
    page = open_page(lang, "")
    found = search_results(page, WITHDRAWN_WORDS[lang])
    assert found, "the word is on other pages (about/, corrections/), so there are results"
    assert site.url(lang, "claims/withdrawn-claim/") not in found, found
    # The page itself is still there for anyone holding its link.
    page = open_page(lang, "claims/withdrawn-claim/")
    assert page.locator("#withdrawal").is_visible()
