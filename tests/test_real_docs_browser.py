"""Issue 11, "Real documents", reader details in headless Chromium, on tests/fixtures/real-docs:
the language switcher keeps the #anchor, the clause a link points at is highlighted, the search
index is fetched only when search is opened (and still finds things), and the print view shows
link targets, the page's address and date, and keeps cards whole.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest

from browser_support import (CHROMIUM, CHROMIUM_ARGS, DESKTOP, SOURCE_DATE_EPOCH, RequestLog, SiteLayout,
                              StaticServer, build_site, chromium_available)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURE = Path(__file__).parent / "fixtures" / "real-docs"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteLayout]:
    if not chromium_available():
        pytest.skip(f"{CHROMIUM} not found")
    base = tmp_path_factory.mktemp("real-docs-browser")
    shutil.copytree(FIXTURE, base / "content")
    build_site(base / "content", base / "site")
    with StaticServer(base / "site") as server:
        yield SiteLayout(origin=server.origin, languages=["id", "en"])


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []
    log = RequestLog()

    def open_() -> Any:
        context = browser.new_context(viewport=DESKTOP)
        context.set_default_timeout(TIMEOUT_MS)
        log.attach(context)
        contexts.append(context)
        page = context.new_page()
        page.requests = log  # type: ignore[attr-defined]
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not log.foreign, log.foreign_report()
    assert not log.page_errors, log.page_errors


def test_language_switcher_keeps_the_anchor_and_the_target_clause_is_highlighted(site: SiteLayout, new_page) -> None:
    page = new_page()
    page.goto(site.url("id", "documents/pdp-law/#pasal-20"), wait_until="networkidle")
    section = page.locator("section.pe-clause:has(> h2#pasal-20)")
    assert section.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # :target
    other = page.locator("section.pe-clause").first.evaluate("e => getComputedStyle(e).outlineStyle")
    assert other == "none" or page.locator("section.pe-clause").count() == 1
    link = page.locator('a.md-select__link[hreflang="en"]')
    assert link.evaluate("a => a.href").endswith("/en/documents/pdp-law/#pasal-20")
    page.evaluate("location.hash = '#_versions'")
    assert link.evaluate("a => a.href").endswith("/en/documents/pdp-law/#_versions")
    page.evaluate("location.hash = '#pasal-20'")
    link.dispatch_event("click")
    page.wait_for_url(re.compile(r"/en/documents/pdp-law/#pasal-20$"))
    assert page.evaluate("document.documentElement.lang") == "en"


def test_search_index_is_fetched_when_search_opens_and_lists_each_version_once(site: SiteLayout, new_page) -> None:
    page = new_page()
    page.goto(site.url("en", "claims/messages-kept/"), wait_until="networkidle")
    page.wait_for_timeout(500)
    assert not [url for url in page.requests.requests if url.endswith("search_index.json")]
    page.locator("label.md-search__icon[for=__search], .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("thirty")  # typed at once, before the index is in
    results = page.locator(".md-search-result__item > a, .md-search-result__link")
    results.first.wait_for()
    assert [url for url in page.requests.requests if url.endswith("search_index.json")]
    hrefs = {re.sub(r"[?#].*", "", href) for href in results.evaluate_all("links => links.map(a => a.href)")}
    assert any(h.endswith("/en/documents/chat-policy/") for h in hrefs), hrefs
    assert any(h.endswith("/en/documents/chat-policy/2020-06-01/") for h in hrefs), hrefs
    assert not any("2021-01-04" in h for h in hrefs), hrefs  # the dated copy of the current version
    titles = " ".join(page.locator(".md-search-result__article h1").all_inner_texts())
    assert "version 2021-01-04, current" in titles and "version 2020-06-01" in titles


def test_print_view_shows_link_targets_address_and_date(site: SiteLayout, new_page, tmp_path: Path) -> None:
    page = new_page()
    page.goto(site.url("en", "claims/messages-kept/"), wait_until="networkidle")
    pdf = tmp_path / "print.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "<https://example.org/chat/privacy/2021" in flat  # the external link's target after its text
    built = dt.datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), dt.timezone.utc).date().isoformat()
    stamp = f"example.org/en/claims/messages-kept/ · {built}"  # the build date (SOURCE_DATE_EPOCH)
    pages = text.count("\f") or 1
    assert flat.count(stamp) >= pages  # in the margin of every page
    assert "Search" not in flat.split("Messages are never kept")[0][-200:]  # no header, sidebar or search
    cards = page.evaluate("""() => [...document.querySelectorAll('.pe-ref')].map(
        e => getComputedStyle(e).breakInside)""")
    assert cards == ["auto"] * len(cards)  # on screen; print rules below
    page.emulate_media(media="print")
    cards = page.evaluate("""() => [...document.querySelectorAll('.pe-ref')].map(
        e => getComputedStyle(e).breakInside)""")
    assert cards and set(cards) == {"avoid"}
