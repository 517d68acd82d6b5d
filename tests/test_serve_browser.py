"""Issue 10, item 2, in a real browser: a tab open on the preview shows a content error by itself,
in the page's language, and comes back to the same page once the file is fixed."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, chromium_available
from serve_support import line_of, replace_in, running_preview

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CLAIM = Path("claims") / "privacy" / "limited-sharing.yml"
TIMEOUT_MS = 120_000
PAGES = {  # URL path: (text of the page, error title in the page's language)
    "/claims/limited-sharing/": ("Acme hanya berbagi data terbatas", "Konten berisi kesalahan"),
    "/en/claims/limited-sharing/": ("Acme shares only limited data", "The content has errors"),
}


def test_an_open_tab_shows_the_error_then_the_same_page_again(browser: Any, minimal_content: Path) -> None:
    claim = minimal_content / CLAIM
    with running_preview(minimal_content) as preview:
        for path, (text, _) in PAGES.items():
            preview.wait_for(path, lambda body, text=text: text in body)
        context = browser.new_context()
        context.set_default_timeout(TIMEOUT_MS)
        foreign: list[str] = []
        context.on("request", lambda request: foreign.append(request.url)
                   if not request.url.startswith(preview.origin) else None)
        tabs = {}
        for path, (text, _) in PAGES.items():
            tab = context.new_page()
            tab.goto(preview.origin + path)
            tab.get_by_text(text).first.wait_for()
            tabs[path] = tab

        replace_in(claim, "topic: privacy", "topic: nowhere")
        where = f"limited-sharing.yml:{line_of(claim, 'topic: nowhere')}:"
        for path, (_, title) in PAGES.items():
            tab = tabs[path]  # nobody reloads: the page's own script does
            tab.get_by_role("heading", name=title).wait_for()
            shown = tab.locator("body").inner_text()
            assert where in shown and "unknown-topic" in shown and "topic: nowhere" in shown, shown[:2000]

        replace_in(claim, "topic: nowhere", "topic: privacy")
        for path, (text, _) in PAGES.items():
            tab = tabs[path]
            tab.get_by_text(text).first.wait_for()
            assert tab.url == preview.origin + path  # back on the page the editor was on
            assert tab.locator("h1").first.inner_text() != PAGES[path][1]
        context.close()
    assert foreign == []
