"""Issue 12: the traceability matrix in real Chromium, on a phone and a desktop.

Built once from tests/fixtures/minimal (not the demo content): the filters hide rows and columns
and the counts follow; the page never scrolls sideways (the grid scrolls in its own container,
its claim column sticky); keyboard users reach the grid and the filters; axe finds nothing
serious; without JavaScript the whole table is there and the filter form is not.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import pytest

from browser_support import (CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, ROOT, RequestLog, SiteLayout,
                             StaticServer, build_site, chromium_available, site_languages)

pytestmark = pytest.mark.browser

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
BAD_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteLayout]:
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} not found: browser tests must not be skipped in CI")
        pytest.skip(f"{CHROMIUM} not found")
    site_dir = tmp_path_factory.mktemp("matrix-site") / "site"
    build_site(MINIMAL, site_dir)
    with StaticServer(site_dir) as server:
        yield SiteLayout(origin=server.origin, languages=site_languages(MINIMAL))


@pytest.fixture
def open_matrix(browser: Any, site: SiteLayout) -> Iterator[Any]:
    contexts: list[Any] = []
    log = RequestLog()

    def open_(lang: str, viewport: dict[str, int], javascript: bool = True) -> Any:
        phone = viewport["width"] < 600
        context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone,
                                      java_script_enabled=javascript)
        context.set_default_timeout(15_000)
        log.attach(context)
        contexts.append(context)
        page = context.new_page()
        response = page.goto(site.url(lang, "matrix/"), wait_until="networkidle")
        assert response is not None and response.status == 200
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not log.foreign, log.foreign_report()
    assert not log.broken, log.broken
    assert not log.page_errors, log.page_errors


def visible_claims(page: Any, grid: str) -> list[str]:
    return page.evaluate("""grid => [...document.querySelectorAll(
        `table[data-pe-matrix="${grid}"] tr[data-rating]`)].filter(r => r.offsetParent !== null)
        .map(r => r.querySelector('th a').getAttribute('href').split('/').filter(Boolean).pop())""", grid)


def visible_counts(page: Any, grid: str) -> list[str]:
    return page.evaluate("""grid => [...document.querySelectorAll(
        `table[data-pe-matrix="${grid}"] tr.pe-mx-counts td`)].filter(c => c.offsetParent !== null)
        .map(c => c.textContent.trim())""", grid)


@pytest.mark.parametrize("name", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_filters_hide_rows_and_columns_and_counts_follow(open_matrix: Any, lang: str, name: str) -> None:
    page = open_matrix(lang, VIEWPORTS[name])
    form = page.locator("form[data-pe-matrix-filters]")
    assert form.is_visible()
    assert visible_claims(page, "law") == ["limited-sharing", "messages-encrypted"]
    assert visible_counts(page, "law") == ["1", "1"]

    form.locator('input[name="not-in-force"]').check()
    assert visible_claims(page, "law") == ["messages-encrypted"]
    assert visible_claims(page, "policy") == ["messages-encrypted"]
    form.locator('input[name="not-in-force"]').uncheck()

    form.locator('select[name="rating"]').select_option("unverifiable")
    assert visible_claims(page, "policy") == ["limited-sharing"]
    assert visible_counts(page, "policy") == ["1", "1"]  # only the two clauses it cites stay
    assert visible_claims(page, "law") == ["limited-sharing"]
    assert visible_counts(page, "law") == []  # it cites no law: no article column is left

    form.locator('button[type="reset"]').click()
    page.wait_for_function("document.querySelectorAll('tr[data-rating][hidden]').length === 0")
    form.locator('select[name="law"]').select_option("test-law")
    assert visible_claims(page, "law") == ["messages-encrypted"]
    form.locator('input[name="stale"]').check()
    assert visible_claims(page, "policy") == ["messages-encrypted"]
    form.locator('select[name="topic"]').select_option("empty-topic")
    assert visible_claims(page, "policy") == []
    assert "0" in page.locator("[data-pe-matrix-status]").inner_text()


@pytest.mark.parametrize("name", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_page_does_not_scroll_sideways_and_grid_scrolls_with_sticky_claims(open_matrix: Any, lang: str,
                                                                          name: str) -> None:
    viewport = VIEWPORTS[name]
    page = open_matrix(lang, viewport)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    box = page.locator(".pe-mx-scroll").first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 0.5
    # Nothing is clipped away: the grid's last column can be scrolled into view.
    scroller = page.locator(".pe-mx-scroll").last
    scroller.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    last = page.locator('table[data-pe-matrix="policy"] thead .pe-mx-col').last.bounding_box()
    assert last is not None and last["x"] + last["width"] <= viewport["width"] + 1
    # The claim column stays at the left edge of the grid while it scrolls.
    claim = page.locator('table[data-pe-matrix="policy"] tbody th[scope="row"]').first.bounding_box()
    grid = scroller.bounding_box()
    assert claim is not None and grid is not None and abs(claim["x"] - grid["x"]) <= 2


@pytest.mark.parametrize("name", ["phone", "desktop"])
def test_without_javascript_the_whole_grid_is_there(open_matrix: Any, name: str) -> None:
    page = open_matrix("en", VIEWPORTS[name], javascript=False)
    assert not page.locator("form[data-pe-matrix-filters]").is_visible()
    assert visible_claims(page, "policy") == ["limited-sharing", "messages-encrypted"]
    # (Without JavaScript Material's language menu sticks out on desktop, on every page: not the grid.)
    rights = page.evaluate("[...document.querySelectorAll('.pe-mx-scroll')].map(e => e.getBoundingClientRect().right)")
    assert len(rights) == 2 and max(rights) <= VIEWPORTS[name]["width"]


def test_keyboard_reaches_the_filters_and_the_grid(open_matrix: Any) -> None:
    page = open_matrix("en", DESKTOP)
    reached: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("""() => { const e = document.activeElement;
            return e.name || e.className || e.tagName; }"""))
        if "pe-mx-scroll" in reached[-1]:
            break
    assert "rating" in reached and "pe-mx-scroll" in reached[-1], reached


@pytest.mark.parametrize("name", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_axe_finds_nothing_serious(open_matrix: Any, lang: str, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = open_matrix(lang, VIEWPORTS[name])
    violations = [v for v in Axe().run(page).response["violations"] if v.get("impact") in BAD_IMPACTS]
    assert not violations, "\n".join(f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:5]}"
                                     for v in violations)
