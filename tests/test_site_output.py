"""Issue 3: what the build writes as a whole: reproducible, atomic, the same through `mkdocs build`,
and `serve` that reloads on content edits and survives content errors."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from site_support import ROOT, build_env, run_build, run_mkdocs, tree_digest

pytestmark = pytest.mark.slow

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(content, site) from one `python -m generator build` of a copy of the minimal fixture."""
    base = tmp_path_factory.mktemp("output")
    content = base / "content"
    shutil.copytree(MINIMAL, content)
    done = run_build(content, base / "site")
    assert done.returncode == 0, done.stderr
    return content, base / "site"


def test_two_builds_with_the_same_source_date_are_byte_identical(built: tuple[Path, Path], tmp_path: Path) -> None:
    content, first = built
    done = run_build(content, tmp_path / "again")
    assert done.returncode == 0, done.stderr
    a, b = tree_digest(first), tree_digest(tmp_path / "again")
    assert a.keys() == b.keys()
    differing = sorted(name for name in a if a[name] != b[name])
    assert not differing, f"differ between two builds: {differing}"
    assert "sitemap.xml.gz" in a and "en/search/search_index.json" in a


def test_content_error_leaves_the_previous_site_exactly_as_it_was(built: tuple[Path, Path], tmp_path: Path) -> None:
    content, first = built
    site = tmp_path / "site"
    shutil.copytree(first, site)
    before = tree_digest(site)
    broken = tmp_path / "content"
    shutil.copytree(content, broken)
    (broken / "claims" / "broken.yml").write_text("id: broken\ntopic: nowhere\n", encoding="utf-8")
    done = run_build(broken, site)
    assert done.returncode == 1
    assert "claims/broken.yml:" in done.stderr and "error" in done.stderr
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]  # no temporary folder left


def test_failure_inside_mkdocs_leaves_the_previous_site_exactly_as_it_was(built: tuple[Path, Path],
                                                                         tmp_path: Path) -> None:
    """Valid content, but the MkDocs stage fails (a hand-written page with a broken link, strict)."""
    content, first = built
    site = tmp_path / "out" / "site"
    shutil.copytree(first, site)
    before = tree_digest(site)
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "extra.md").write_text("# Extra\n\n[broken](missing.md)\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "mkdocs.yml").write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\nstrict: true\ndocs_dir: {docs}\n"
        f"theme: {{custom_dir: {ROOT / 'site_overrides'}}}\nwatch: [{content}]\n", encoding="utf-8")
    done = run_build(content, site, cwd=project)  # the generator uses mkdocs.yml of the current folder
    assert done.returncode != 0
    assert "missing.md" in done.stderr
    assert tree_digest(site) == before
    # Nothing but the site; the briefing cache (.cache/, keyed by content, safe to delete) and the
    # build lock (.site.lock, kept on purpose: see output.site_lock) may stay.
    assert sorted(p.name for p in site.parent.iterdir() if p.name not in (".cache", ".site.lock")) == ["site"]


def test_mkdocs_build_strict_gives_the_same_site_as_the_generator(built: tuple[Path, Path], tmp_path: Path) -> None:
    content, first = built
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {ROOT / 'docs'}\n"
        f"theme: {{custom_dir: {ROOT / 'site_overrides'}}}\nwatch: [{content}]\n"
        f"plugins: {{policy-explainer: {{content: {content}}}}}\n", encoding="utf-8")
    done = run_mkdocs(config, tmp_path / "site", "--strict")
    assert done.returncode == 0, done.stderr
    assert tree_digest(tmp_path / "site") == tree_digest(first)


def test_the_project_mkdocs_yml_builds_the_demo_content_strictly(tmp_path: Path) -> None:
    """`mkdocs build --strict` exactly as a user runs it in the project (links and anchors checked)."""
    done = run_mkdocs(ROOT / "mkdocs.yml", tmp_path / "site", "--strict")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "en" / "matrix" / "index.html").is_file()
    assert (tmp_path / "site" / "downloads" / "content.json").is_file()


def test_english_first_puts_english_at_the_root_and_drafts_appear_on_request(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    site_yml = content / "site.yml"
    site_yml.write_text(site_yml.read_text("utf-8").replace("languages: [id, en]", "languages: [en, id]"), "utf-8")
    done = run_build(content, tmp_path / "site", "--drafts")
    assert done.returncode == 0, done.stderr
    root, other = tmp_path / "site", tmp_path / "site" / "id"
    assert '<html lang="en"' in (root / "claims" / "messages-encrypted" / "index.html").read_text("utf-8")
    page = (other / "claims" / "messages-encrypted" / "index.html").read_text("utf-8")
    assert '<html lang="id"' in page
    assert 'hreflang="x-default" href="https://example.org/claims/messages-encrypted/"' in page
    assert not (root / "en").exists()
    for folder in (root, other):
        assert "Draf" in (folder / "claims" / "draft-claim" / "index.html").read_text("utf-8")


# --- serve ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, predicate, process: subprocess.Popen[str], deadline: float = 300) -> str:
    """Poll `url` until `predicate(body)` holds; fail if the server dies or never gets there."""
    end = time.monotonic() + deadline
    body = ""
    while time.monotonic() < end:
        assert process.poll() is None, f"serve exited with {process.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read().decode("utf-8")
            if predicate(body):
                return body
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed the expected page; last body starts {body[:300]!r}")


def test_serve_reloads_on_content_edits_and_survives_errors(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    claim = content / "claims" / "privacy" / "limited-sharing.yml"
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(content), "--port", str(port)],
        cwd=ROOT, env=build_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/en/claims/limited-sharing/", lambda body: "Acme shares only limited data" in body, process)
        claim.write_text(claim.read_text("utf-8").replace("Acme shares only limited data", "Acme shares edited data"),
                         encoding="utf-8")
        _wait_for(f"{base}/en/claims/limited-sharing/", lambda body: "Acme shares edited data" in body, process)
        claim.write_text(claim.read_text("utf-8").replace("topic: privacy", "topic: nowhere"), encoding="utf-8")
        _wait_for(f"{base}/", lambda body: "unknown-topic" in body and "limited-sharing.yml" in body, process)
        claim.write_text(claim.read_text("utf-8").replace("topic: nowhere", "topic: privacy"), encoding="utf-8")
        _wait_for(f"{base}/claims/limited-sharing/", lambda body: "Acme hanya berbagi data terbatas" in body, process)
    finally:
        process.terminate()
        output = process.communicate(timeout=60)[0]
    assert "unknown-topic" in output  # the content error was printed in the terminal too
