"""Issue 10, item 1: the preview rebuilds only the pages a save changed, and they are the pages a
full build makes (real MkDocs builds of the minimal fixture, compared file by file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.preview import LanguagePreview
from generator.validate import load_model

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
URL = "http://127.0.0.1:8000/"
CLAIM = Path("claims") / "privacy" / "limited-sharing.yml"


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704067200")  # sitemaps and dates the same in both builds


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_save_rebuilds_only_what_changed_and_the_result_is_a_full_builds(minimal_content: Path, tmp_path: Path,
                                                                            lang: str) -> None:
    before = load_model(minimal_content)
    preview = LanguagePreview(CONFIG, minimal_content, tmp_path / "preview", lang, URL, drafts=False)
    first = preview.update(before)
    assert first.full and first.pages > 10
    edit(minimal_content / CLAIM, "Acme shares only limited data", "Acme shares edited data")
    edit(minimal_content / CLAIM, "Acme hanya berbagi data terbatas", "Acme berbagi data yang diubah")
    after = load_model(minimal_content)
    update = preview.update(after)
    assert not update.full
    assert 1 <= update.pages <= first.pages // 2, update  # the claim page and the pages listing it, not all

    fresh = LanguagePreview(CONFIG, minimal_content, tmp_path / "fresh", lang, URL, drafts=False)
    fresh.update(after)
    assert preview.folder is not None and fresh.folder is not None
    kept, rebuilt = files_of(preview.folder), files_of(fresh.folder)
    assert kept.keys() == rebuilt.keys()
    old, new = before.fingerprint.encode(), after.fingerprint.encode()
    for name, data in rebuilt.items():
        if name.endswith("search_index.json"):
            continue
        # pages kept from the first build show its content fingerprint; the server swaps it (test_serve)
        assert kept[name].replace(old, new) == data, f"{name} differs from a full build"
    index = json.loads(kept["search/search_index.json"])
    assert index == json.loads(rebuilt["search/search_index.json"])
    text = "Acme shares edited data" if lang == "en" else "Acme berbagi data yang diubah"
    assert any(text in doc["text"] or text in doc["title"] for doc in index["docs"])
    assert (lang == "id") == ("downloads/content.json" in kept)  # the default language's folder holds the export
    preview.close()
    fresh.close()


def test_the_page_being_looked_at_is_rebuilt_first_and_alone(minimal_content: Path, tmp_path: Path) -> None:
    preview = LanguagePreview(CONFIG, minimal_content, tmp_path / "preview", "en", URL, drafts=False)
    preview.update(load_model(minimal_content))
    assert preview.folder is not None
    page = preview.folder / "claims" / "limited-sharing" / "index.html"
    topic = preview.folder / "topics" / "privacy" / "index.html"
    edit(minimal_content / CLAIM, "Acme shares only limited data", "Acme shares edited data")
    after = load_model(minimal_content)
    assert preview.update_page(after, "claims/limited-sharing/index.md")
    assert "Acme shares edited data" in page.read_text("utf-8")
    assert "Acme shares edited data" not in topic.read_text("utf-8")  # the rest follows in `update`
    assert not preview.update_page(after, "claims/limited-sharing/index.md")  # nothing left to do there
    assert not preview.update_page(after, "matrix/index.md")  # not a page that can be made alone
    written = page.stat().st_mtime_ns
    update = preview.update(after)
    assert not update.full and update.complete and "Acme shares edited data" in topic.read_text("utf-8")
    assert page.stat().st_mtime_ns == written  # not made twice
    preview.close()


def test_an_interrupted_update_is_finished_by_the_next(minimal_content: Path, tmp_path: Path) -> None:
    preview = LanguagePreview(CONFIG, minimal_content, tmp_path / "preview", "en", URL, drafts=False)
    preview.update(load_model(minimal_content))
    edit(minimal_content / CLAIM, "Acme shares only limited data", "Acme shares edited data")
    after = load_model(minimal_content)
    asked = []
    update = preview.update(after, interrupted=lambda: bool(asked.append(1)) or len(asked) > 2)  # after one page
    assert not update.complete and update.pages == 1
    rest = preview.update(after)
    assert rest.complete and rest.pages > 0
    assert preview.update(after).pages == 0
    preview.close()


def test_a_new_navigation_or_a_new_page_rebuilds_the_whole_language(minimal_content: Path, tmp_path: Path) -> None:
    preview = LanguagePreview(CONFIG, minimal_content, tmp_path / "preview", "en", URL, drafts=False)
    preview.update(load_model(minimal_content))
    first_folder = preview.folder
    edit(minimal_content / "topics.yml", "en: Privacy}", "en: Personal data}")
    update = preview.update(load_model(minimal_content))
    assert update.full and update.retired == first_folder  # the server removes it once it serves the new one
    assert preview.folder != first_folder
    assert "Personal data" in (preview.folder / "index.html").read_text("utf-8")  # type: ignore[operator]
    claim = (minimal_content / CLAIM).read_text("utf-8").replace("id: limited-sharing", "id: limited-sharing-two")
    (minimal_content / "claims" / "privacy" / "limited-sharing-two.yml").write_text(claim, "utf-8")
    assert preview.update(load_model(minimal_content)).full
    assert (preview.folder / "claims" / "limited-sharing-two" / "index.html").is_file()  # type: ignore[operator]
    preview.close()


def test_a_whole_build_shows_the_awaited_page_first_and_ends_as_any_other(minimal_content: Path, tmp_path: Path) -> None:
    model = load_model(minimal_content)
    seen: dict[str, bool] = {}

    def on_first_page(folder: Path) -> None:
        seen["claim"] = (folder / "claims" / "limited-sharing" / "index.html").is_file()
        seen["styles"] = any((folder / "assets").rglob("*.css"))
        seen["topic"] = (folder / "topics" / "privacy" / "index.html").is_file()

    early = LanguagePreview(CONFIG, minimal_content, tmp_path / "early", "en", URL, drafts=False)
    early.rebuild(model, "claims/limited-sharing/index.md", on_first_page)
    assert seen == {"claim": True, "styles": True, "topic": False}
    usual = LanguagePreview(CONFIG, minimal_content, tmp_path / "usual", "en", URL, drafts=False)
    usual.rebuild(model)
    assert early.folder is not None and usual.folder is not None
    first, second = files_of(early.folder), files_of(usual.folder)
    index_first, index_second = (json.loads(files.pop("search/search_index.json")) for files in (first, second))
    assert first == second
    key = lambda doc: (doc["location"], doc["title"])  # noqa: E731 - the awaited page's entries come first
    assert sorted(index_first["docs"], key=key) == sorted(index_second["docs"], key=key)
    early.close()
    usual.close()
