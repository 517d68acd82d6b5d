"""Issue 3, "Real browser": the built demo site served on 127.0.0.1 and driven in headless Chromium.

The site is built once per session from a copy of content/ with `python -m generator build`,
served by a threaded http.server, and every request of every page is recorded: any request to a
host other than 127.0.0.1 fails the test (this is a privacy site). Locally the tests skip when
/usr/bin/chromium is missing; with CI set they fail instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import pytest

from generator.i18n import t

from browser_support import (CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, ROOT, RequestLog,
                              SiteLayout, StaticServer, build_site, chromium_available, clause_ids,
                              copy_content, site_languages)

pytestmark = pytest.mark.browser

# The journeys follow one claim of the realistic fixture (tests/fixtures/realistic/claims/encryption/e2ee-chats.yml).
TOPIC = "encryption"
CLAIM = "e2ee-chats"
EVIDENCE_DOC = "whatsapp-privacy-policy"
EVIDENCE_CLAUSE = "your-messages-end-to-end-encryption"
WITHDRAWN = "facebook-cannot-read-messages"
DRAFT = "update-leaves-message-privacy-unaffected"
# A word of the claim in each language, rare elsewhere in the content.
SEARCH_WORDS = {"id": "dilindungi", "en": "nobody"}
AXE_PAGES = {"home": "", "claim": f"claims/{CLAIM}/", "document": f"documents/{EVIDENCE_DOC}/",
             "matrix": "matrix/"}
BAD_IMPACTS = {"serious", "critical"}
TIMEOUT_MS = 15_000

PageFactory = Callable[..., Any]


@dataclass
class BuiltSite:
    content: Path
    site_dir: Path


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def chromium() -> Path:
    if chromium_available():
        return CHROMIUM
    message = f"{CHROMIUM} not found (Debian packages chromium and chromium-driver)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}: browser tests must not be skipped in CI")
    pytest.skip(message)


@pytest.fixture(scope="session")
def built_site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    base = tmp_path_factory.mktemp("browser-site")
    content = copy_content(ROOT / "tests" / "fixtures" / "realistic", base / "content")
    build_site(content, base / "site")
    return BuiltSite(content=content, site_dir=base / "site")


@pytest.fixture(scope="session")
def site(built_site: BuiltSite) -> Iterator[SiteLayout]:
    # Any free port will do: the language switcher links to the twin page directly (see
    # site_overrides/partials/alternate.html), so it does not depend on site_url's host or port.
    with StaticServer(built_site.site_dir) as server:
        yield SiteLayout(origin=server.origin, languages=site_languages(built_site.content))


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright gives every launch a fresh, empty profile (--user-data-dir) of its own.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def requests_seen() -> RequestLog:
    return RequestLog()


@pytest.fixture
def open_page(browser: Any, site: SiteLayout, requests_seen: RequestLog) -> Iterator[PageFactory]:
    """`open_page(lang, path, viewport=PHONE)`: a new page in a fresh context, navigated there.

    A viewport narrower than 600 px is a phone: mobile layout viewport and touch events on.

    Every request of every page is recorded; at the end no request may have left 127.0.0.1
    and no page may have thrown an uncaught script error. (Failed loads are collected too, and
    checked by test_every_contract_page_loads_locally_and_completely.)
    """
    contexts: list[Any] = []

    def open_(lang: str, path: str = "", viewport: dict[str, int] = PHONE, scale: float = 1) -> Any:
        phone = viewport["width"] < 600
        context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone,
                                      device_scale_factor=scale,
                                      locale="en-US" if lang == "en" else "id-ID")
        context.set_default_timeout(TIMEOUT_MS)
        requests_seen.attach(context)
        contexts.append(context)
        page = context.new_page()
        response = page.goto(site.url(lang, path), wait_until="networkidle")
        assert response is not None and response.status == 200, (
            f"{site.url(lang, path)}: HTTP {response.status if response else 'no response'}")
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not requests_seen.foreign, requests_seen.foreign_report()
    assert not requests_seen.page_errors, "uncaught script errors:\n" + "\n".join(
        requests_seen.page_errors)


# --------------------------------------------------------------------------- helpers


def html_lang(page: Any) -> str:
    return str(page.evaluate("document.documentElement.lang"))


def content_link(page: Any, path_suffix: str) -> Any:
    """The first visible link in the page body whose path ends with `path_suffix`."""
    links = page.locator(f'.md-content a[href*="{path_suffix}"]')
    for index in range(links.count()):
        link = links.nth(index)
        href = link.evaluate("a => a.href")
        if urlsplit(href).path.endswith(path_suffix) and link.is_visible():
            return link
    raise AssertionError(f"{page.url}: no visible link to …{path_suffix} in .md-content")


def click_and_wait(page: Any, link: Any, site: SiteLayout | None = None, lang: str = "",
                   path: str = "") -> None:
    """Click `link` and wait until the next page is shown (with or without instant navigation).

    The URL alone is not enough: Material's instant navigation changes it before it swaps in
    the new page's content, so the old content is marked and the new one awaited.
    """
    page.evaluate("document.querySelectorAll('.md-content').forEach(e => e.dataset.testOld = '')")
    link.click()
    if site is not None:
        wanted = site.url(lang, path)
        page.wait_for_url(lambda url: url.split("#")[0].split("?")[0] == wanted)
    page.wait_for_function("!document.querySelector('.md-content[data-test-old]')"
                           " && document.querySelector('.md-content') !== null")
    page.wait_for_load_state("networkidle")


def mark_backlink(page: Any, anchor: str, other_anchors: list[str], claim_path: str) -> bool:
    """Mark the first link to `claim_path` between clause `anchor` and the next clause."""
    return bool(page.evaluate(
        """([anchor, others, claimPath]) => {
          const target = document.getElementById(anchor);
          if (!target) return false;
          const after = (a, b) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
          let limit = null;
          for (const id of others) {
            const el = document.getElementById(id);
            if (el && !target.contains(el) && after(target, el) && (!limit || after(el, limit))) limit = el;
          }
          const link = [...document.querySelectorAll('.md-content a[href]')].find(a =>
            new URL(a.href).pathname.endsWith(claimPath)
            && (target.contains(a) || after(target, a)) && (!limit || after(a, limit)));
          if (!link) return false;
          link.setAttribute('data-test-backlink', '');
          return true;
        }""",
        [anchor, other_anchors, claim_path]))


def open_search(page: Any) -> Any:
    button = page.locator('.md-header label.md-header__button[for="__search"]')
    if button.is_visible():  # on a phone the search field hides behind this header button
        button.click()
    field = page.locator("input.md-search__input")
    field.click()
    return field


def serious_violations(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)  # axe-core from the PyPI package, injected from disk
    return [v for v in results.response["violations"] if v.get("impact") in BAD_IMPACTS]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}"
                     f" <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            lines.append(f"      {node.get('failureSummary', '').replace(chr(10), ' / ')}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- journeys


def test_phone_reader_goes_from_home_to_a_topic_to_a_claim(open_page: PageFactory,
                                                          site: SiteLayout) -> None:
    lang = site.default
    page = open_page(lang, "", viewport=PHONE)
    assert html_lang(page) == lang
    click_and_wait(page, content_link(page, f"topics/{TOPIC}/"), site, lang, f"topics/{TOPIC}/")
    assert page.locator("h1").first.is_visible()
    click_and_wait(page, content_link(page, f"claims/{CLAIM}/"), site, lang, f"claims/{CLAIM}/")
    assert page.locator("h1").first.is_visible()
    assert site.path_of(page.url, lang) == f"claims/{CLAIM}/"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_evidence_link_reaches_the_clause_and_its_backlink_returns(
        open_page: PageFactory, site: SiteLayout, built_site: BuiltSite, lang: str) -> None:
    page = open_page(lang, f"claims/{CLAIM}/", viewport=PHONE)
    evidence = page.locator(f'.md-content a[href*="documents/{EVIDENCE_DOC}/"]'
                            f'[href$="#{EVIDENCE_CLAUSE}"]').first
    assert evidence.count() == 1, f"{page.url}: no link to the clause #{EVIDENCE_CLAUSE}"
    click_and_wait(page, evidence)
    assert f"/documents/{EVIDENCE_DOC}/" in page.url and page.url.endswith(f"#{EVIDENCE_CLAUSE}")
    path = site.path_of(page.url, lang)
    version = path.removeprefix(f"documents/{EVIDENCE_DOC}/").strip("/") or None

    target = page.locator(f'[id="{EVIDENCE_CLAUSE}"]')
    assert target.count() == 1, f"{page.url}: {target.count()} elements with id {EVIDENCE_CLAUSE}"
    page.wait_for_function("id => { const r = document.getElementById(id).getBoundingClientRect();"
                           " return r.top >= 0 && r.top < innerHeight; }", arg=EVIDENCE_CLAUSE)
    box = target.bounding_box()
    header = page.locator("header.md-header").bounding_box()
    assert box is not None and header is not None
    assert box["y"] >= header["y"] + header["height"] - 1, (
        f"{page.url}: the clause starts at y={box['y']}, under the sticky header "
        f"(bottom y={header['y'] + header['height']})")

    others = [c for c in clause_ids(built_site.content, EVIDENCE_DOC, version) if c != EVIDENCE_CLAUSE]
    assert mark_backlink(page, EVIDENCE_CLAUSE, others, f"claims/{CLAIM}/"), (
        f"{page.url}: no link back to claims/{CLAIM}/ under clause #{EVIDENCE_CLAUSE}")
    backlink = page.locator("[data-test-backlink]")
    backlink.scroll_into_view_if_needed()
    click_and_wait(page, backlink, site, lang, f"claims/{CLAIM}/")
    assert site.path_of(page.url, lang) == f"claims/{CLAIM}/"


@pytest.mark.parametrize("direction", ["default-to-other", "other-to-default"])
def test_language_switcher_keeps_the_reader_on_the_same_claim(
        open_page: PageFactory, site: SiteLayout, direction: str) -> None:
    source, target = ((site.default, site.other) if direction == "default-to-other"
                      else (site.other, site.default))
    page = open_page(source, f"claims/{CLAIM}/", viewport=PHONE)
    assert html_lang(page) == source
    page.locator(".md-header .md-select button").first.click()  # opens on focus (tap) or hover
    click_and_wait(page, page.locator(f'.md-header a.md-select__link[hreflang="{target}"]').first)
    assert html_lang(page) == target
    assert site.path_of(page.url, target) == f"claims/{CLAIM}/", (
        f"switching {source}→{target} on claims/{CLAIM}/ landed on {page.url}")
    assert page.locator("h1").first.is_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_search_finds_the_claim_in_each_language(open_page: PageFactory, site: SiteLayout,
                                                 lang: str, viewport: dict[str, int]) -> None:
    page = open_page(lang, "", viewport=viewport)
    field = open_search(page)
    field.press_sequentially(SEARCH_WORDS[lang], delay=30)
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    hrefs = page.locator(".md-search-result__item a").evaluate_all("as => as.map(a => a.href)")
    wanted = site.url(lang, f"claims/{CLAIM}/")
    # Result links carry ?h=<word> (search.highlight) and #<section>: compare the page only.
    assert any(href.split("#")[0].split("?")[0] == wanted for href in hrefs), (
        f"searching {SEARCH_WORDS[lang]!r} on the {lang} site did not list {wanted}: {hrefs}")
    strays = [href for href in hrefs if site.lang_of(href) != lang]
    assert not strays, f"the {lang} search index lists pages of another language: {strays}"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_withdrawn_claim_page_shows_its_notice(open_page: PageFactory, lang: str) -> None:
    page = open_page(lang, f"claims/{WITHDRAWN}/", viewport=PHONE)
    notice = page.locator(".md-content").get_by_text(t("label.withdrawn_notice", lang))
    assert notice.count() >= 1, f"{page.url}: no withdrawn notice"
    assert notice.first.is_visible()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_draft_claim_page_does_not_exist(browser: Any, site: SiteLayout, requests_seen: RequestLog,
                                         lang: str) -> None:
    context = browser.new_context()
    requests_seen.attach(context)
    try:
        response = context.new_page().goto(site.url(lang, f"claims/{DRAFT}/"))
        assert response is not None and response.status == 404, (
            f"draft claim served at {site.url(lang, f'claims/{DRAFT}/')}: HTTP "
            f"{response.status if response else None}")
    finally:
        context.close()
    assert not requests_seen.foreign, requests_seen.foreign_report()


def test_every_contract_page_loads_locally_and_completely(
        open_page: PageFactory, site: SiteLayout, requests_seen: RequestLog) -> None:
    """Each kind of page of SPEC §3, in both languages: nothing from another host, no failed load."""
    paths = ["", f"topics/{TOPIC}/", f"claims/{CLAIM}/", f"claims/{WITHDRAWN}/",
             f"documents/{EVIDENCE_DOC}/", f"documents/{EVIDENCE_DOC}/2019-12-19/", "matrix/",
             "downloads/"]
    for lang in site.languages:
        for path in paths:
            open_page(lang, path, viewport=DESKTOP).context.close()
    assert len(requests_seen.requests) >= 2 * len(paths), requests_seen.requests
    assert not requests_seen.foreign, requests_seen.foreign_report()
    broken = sorted(set(requests_seen.broken))
    assert not broken, "requests that failed:\n  " + "\n  ".join(broken)


# --------------------------------------------------------------------------- accessibility


@pytest.mark.parametrize("name", list(AXE_PAGES))
@pytest.mark.parametrize("lang", ["id", "en"])
def test_axe_finds_no_serious_violation(open_page: PageFactory, lang: str, name: str) -> None:
    page = open_page(lang, AXE_PAGES[name], viewport=DESKTOP)
    violations = serious_violations(page)
    assert not violations, f"axe on {page.url}:\n{describe(violations)}"


# --------------------------------------------------------------------------- layout, screenshots


@pytest.mark.parametrize("path", ["", f"claims/{CLAIM}/", f"documents/{EVIDENCE_DOC}/", "matrix/"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_phone_pages_do_not_scroll_sideways(open_page: PageFactory, lang: str, path: str) -> None:
    """Wide content (tables, long words, menus) must stay inside the 390 px of a phone."""
    page = open_page(lang, path, viewport=PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    widest = page.evaluate("""w => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > w + 0.5)
        .slice(0, 5).map(e => e.tagName + '.' + [...e.classList].join('.')).join(', ')""",
                           PHONE["width"])
    assert width <= PHONE["width"], (
        f"{page.url}: the page is {width}px wide on a {PHONE['width']}px phone (it scrolls "
        f"sideways, or a mobile browser zooms it out); sticking out: {widest}")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_claim_page_screenshots(open_page: PageFactory, tmp_path: Path, lang: str) -> None:
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = open_page(lang, f"claims/{CLAIM}/", viewport=viewport, scale=2 if name == "phone" else 1)
        target = tmp_path / f"claim-{CLAIM}-{lang}-{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
        print(f"screenshot: {target}")
