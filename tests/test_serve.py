"""Issue 10, items 1 and 2: `serve` shows a save within seconds and shows content errors on every
URL, in the page's language, until they are fixed (a real `python -m generator serve`)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.preview_pages import RELOAD_PATH
from serve_support import Preview, free_port, line_of, replace_in, running_preview
from site_support import ROOT, build_env

pytestmark = pytest.mark.slow

CLAIM = Path("claims") / "privacy" / "limited-sharing.yml"
EVERY_KIND_OF_URL = ["/", "/claims/limited-sharing/", "/topics/privacy/", "/documents/acme-policy/", "/matrix/",
                     "/downloads/", "/claims/no-such-claim/"]


def test_a_save_shows_on_both_languages_and_briefings_are_left_to_build(minimal_content: Path) -> None:
    claim = minimal_content / CLAIM
    with running_preview(minimal_content) as preview:
        page = preview.wait_for("/en/claims/limited-sharing/", lambda body: "Acme shares only limited data" in body)
        assert RELOAD_PATH in page  # every served page carries the live-reload script
        replace_in(claim, "Acme shares only limited data", "Acme shares edited data")
        replace_in(claim, "Acme hanya berbagi data terbatas", "Acme berbagi data yang diubah")
        preview.wait_for("/en/claims/limited-sharing/", lambda body: "Acme shares edited data" in body, deadline=60)
        preview.wait_for("/claims/limited-sharing/", lambda body: "Acme berbagi data yang diubah" in body, deadline=60)
        # the topic page lists the claim: it was rebuilt too
        preview.wait_for("/en/topics/privacy/", lambda body: "Acme shares edited data" in body, deadline=60)
        status, downloads = preview.fetch("/en/downloads/")
        assert status == 200 and "python -m generator build" in downloads and ".pdf" not in downloads
        # the page being looked at comes first; the export and the search index follow
        preview.wait_for("/downloads/content.json", lambda body: "Acme shares edited data" in body, deadline=60)
        preview.wait_for("/en/search/search_index.json", lambda body: "Acme shares edited data" in body, deadline=60)
        status, missing = preview.fetch("/en/claims/no-such-claim/")
        assert status == 404 and RELOAD_PATH in missing  # the tab recovers once the page exists
        assert preview.fetch("/../../etc/passwd")[0] == 404


def test_content_errors_show_on_every_url_in_its_language_until_fixed(minimal_content: Path) -> None:
    claim = minimal_content / CLAIM
    with running_preview(minimal_content) as preview:
        preview.wait_for("/en/claims/limited-sharing/", lambda body: "Acme shares only limited data" in body)
        replace_in(claim, "topic: privacy", "topic: nowhere")
        where = f"limited-sharing.yml:{line_of(claim, 'topic: nowhere')}:"
        for lang_prefix, title, message in (
                ("/en", "The content has errors", "topic &#x27;nowhere&#x27; is not in topics.yml"),
                ("", "Konten berisi kesalahan", "topik &#x27;nowhere&#x27; tidak ada di topics.yml")):
            for url in EVERY_KIND_OF_URL:
                page = preview.wait_for(lang_prefix + url, lambda body: "unknown-topic" in body, deadline=60)
                assert title in page and where in page and RELOAD_PATH in page, (lang_prefix + url, page[:2000])
                assert message in page  # the message in the page's language
                assert "topic: nowhere" in page  # the offending line of YAML
        page = preview.fetch("/en/")[1]
        assert page.index("Errors (1)") < page.index("unknown-topic")
        if "Warnings (" in page:  # errors first, then warnings
            assert page.index("unknown-topic") < page.index("Warnings (")
        # a YAML syntax error is shown the same way, with its place
        replace_in(claim, "topic: nowhere", 'topic: "nowhere')
        preview.wait_for("/en/claims/limited-sharing/", lambda body: "yaml-syntax" in body, deadline=60)
        replace_in(claim, 'topic: "nowhere', "topic: privacy")
        preview.wait_for("/claims/limited-sharing/", lambda body: "Acme hanya berbagi data terbatas" in body, deadline=60)
        preview.wait_for("/en/claims/limited-sharing/", lambda body: "Acme shares only limited data" in body, deadline=60)
    assert re.search(r"limited-sharing\.yml:\d+:\d+: error: .*\[unknown-topic\]", preview.output)  # the terminal too


def test_a_change_to_the_stylesheet_or_mkdocs_yml_rebuilds_the_preview(minimal_content: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    config = project / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: docs\n"
        f"theme: {{custom_dir: {ROOT / 'site_overrides'}}}\nwatch: [{minimal_content}]\n", encoding="utf-8")
    stylesheet = project / "docs" / "assets" / "explainer.css"
    with running_preview(minimal_content, cwd=project) as preview:
        preview.wait_for("/en/claims/limited-sharing/", lambda body: "Acme shares only limited data" in body)
        assert "/* restyled */" not in preview.fetch("/en/assets/explainer.css")[1]
        stylesheet.write_text(stylesheet.read_text("utf-8") + "\n/* restyled */\n", "utf-8")
        preview.wait_for("/en/assets/explainer.css", lambda body: "/* restyled */" in body, deadline=120)
        preview.wait_for("/assets/explainer.css", lambda body: "/* restyled */" in body, deadline=120)
        config.write_text(config.read_text("utf-8") + "extra: {generator: true}\n", "utf-8")
        preview.wait_for("/en/", lambda body: "Made with" in body, deadline=120)  # Material's footer credit


def test_mkdocs_serve_with_the_project_config_still_previews_and_reloads(minimal_content: Path, tmp_path: Path) -> None:
    """The slower path (a full build per save, through MkDocs' own server) keeps working."""
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {ROOT / 'docs'}\n"
        f"theme: {{custom_dir: {ROOT / 'site_overrides'}}}\nwatch: [{minimal_content}]\n"
        f"plugins: {{policy-explainer: {{content: {minimal_content}}}}}\n", encoding="utf-8")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                               cwd=tmp_path, env=build_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    preview = Preview(process, port)
    try:
        preview.wait_for("/en/claims/limited-sharing/", lambda body: "Acme shares only limited data" in body)
        replace_in(minimal_content / CLAIM, "Acme shares only limited data", "Acme shares edited data")
        preview.wait_for("/en/claims/limited-sharing/", lambda body: "Acme shares edited data" in body)
        downloads = preview.fetch("/downloads/")[1]
        assert ".pdf" not in downloads  # no briefings while serving
    finally:
        process.terminate()
        process.communicate(timeout=60)
