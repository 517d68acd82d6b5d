"""Issue 12: the site's briefing files are rendered only when what they show changed.

Real briefings (DOCX: the quickest real writer; the key does not depend on the writer's speed)
from tests/fixtures/minimal plus a claim in the second topic, written through the real cache.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.briefing import cache
from generator.briefing.cache import cache_dir_for, cache_key, render_structure, write_site_briefings
from generator.briefing.structure import build_briefing
from generator.validate import load_model

from briefing_support import GLOBEX_CLAIM
from site_support import run_build

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
WHOLE = {"briefing-id.docx", "briefing-en.docx"}
PRIVACY = {"briefing-privacy-id.docx", "briefing-privacy-en.docx"}
SECOND = {"briefing-empty-topic-id.docx", "briefing-empty-topic-en.docx"}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(MINIMAL, target)
    (target / "claims" / "globex.yml").write_text(GLOBEX_CLAIM, encoding="utf-8")
    return target


def write(content: Path, out: Path, cache_dir: Path | None, calls: list[str]) -> cache.Outcome:
    def counting(briefing, fmt: str) -> bytes:
        calls.append(f"{briefing.lang}:{','.join(s.id for s in briefing.sections)}:{fmt}")
        return render_structure(briefing, fmt)

    shutil.rmtree(out, ignore_errors=True)
    return write_site_briefings(load_model(content), out, ("docx",), False, cache_dir, render=counting)


def test_second_build_reuses_every_file_with_the_same_bytes(content: Path, tmp_path: Path) -> None:
    calls: list[str] = []
    first = write(content, tmp_path / "a", tmp_path / "cache", calls)
    assert set(first.rendered) == WHOLE | PRIVACY | SECOND and not first.reused
    assert len(calls) == 6
    second = write(content, tmp_path / "b", tmp_path / "cache", calls)
    assert set(second.reused) == WHOLE | PRIVACY | SECOND and not second.rendered
    assert len(calls) == 6  # nothing rendered again
    for name in WHOLE | PRIVACY | SECOND:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        assert (tmp_path / "b" / name).stat().st_mode & 0o777 == 0o644


def test_one_claim_edit_re_renders_its_topic_and_the_whole_set_only(content: Path, tmp_path: Path) -> None:
    write(content, tmp_path / "a", tmp_path / "cache", [])
    claim = content / "claims" / "globex.yml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("30 days", "90 days"), encoding="utf-8")
    english_only = write(content, tmp_path / "b", tmp_path / "cache", [])
    # Only the English text changed: the Indonesian briefings do not show it.
    assert set(english_only.rendered) == {"briefing-en.docx", "briefing-empty-topic-en.docx"}
    claim.write_text(claim.read_text(encoding="utf-8").replace("30 hari", "90 hari"), encoding="utf-8")
    outcome = write(content, tmp_path / "b", tmp_path / "cache", [])
    assert set(outcome.rendered) == {"briefing-id.docx", "briefing-empty-topic-id.docx"}
    assert set(outcome.reused) == PRIVACY | {"briefing-en.docx", "briefing-empty-topic-en.docx"}
    import docx

    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "b" / "briefing-empty-topic-en.docx")).paragraphs)
    assert "after 90 days" in text and "after 30 days" not in text  # never the stale file


def test_deleting_the_cache_is_safe(content: Path, tmp_path: Path) -> None:
    write(content, tmp_path / "a", tmp_path / "cache", [])
    shutil.rmtree(tmp_path / "cache")
    outcome = write(content, tmp_path / "b", tmp_path / "cache", [])
    assert set(outcome.rendered) == WHOLE | PRIVACY | SECOND
    no_cache = write(content, tmp_path / "c", None, [])
    assert set(no_cache.rendered) == WHOLE | PRIVACY | SECOND


def test_key_covers_format_language_content_and_generator(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = load_model(content)
    briefing = build_briefing(model, "en", ("privacy",))
    key = cache_key(briefing, "pdf")
    assert key != cache_key(briefing, "docx")
    assert key != cache_key(build_briefing(model, "id", ("privacy",)), "pdf")
    assert key != cache_key(build_briefing(model, "en", ("privacy",), drafts=True), "pdf")  # shows the draft
    assert key == cache_key(build_briefing(model, "en", ("privacy",)), "pdf")  # deterministic
    monkeypatch.setattr(cache, "generator_fingerprint", lambda: "another generator")
    assert cache_key(briefing, "pdf") != key


def test_fingerprint_ignores_claims_a_briefing_does_not_show(content: Path) -> None:
    before = load_model(content)
    claim = content / "claims" / "globex.yml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("30 days", "90 days"), encoding="utf-8")
    after = load_model(content)
    assert before.fingerprint != after.fingerprint  # the content changed...
    same = [build_briefing(m, "en", ("privacy",)).fingerprint for m in (before, after)]
    assert same[0] == same[1]  # ...but not what the privacy briefing shows
    assert build_briefing(before, "en").fingerprint != build_briefing(after, "en").fingerprint


def test_cache_folder_is_outside_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache_dir_for(tmp_path / "site") == tmp_path / ".cache" / "briefings"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir_for(tmp_path / "site") == tmp_path / "xdg" / "policy-explainer" / "briefings"


@pytest.mark.slow
def test_build_offers_topic_briefings_and_keeps_the_cache_beside_the_site(content: Path, tmp_path: Path) -> None:
    done = run_build(content, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    downloads = {p.name for p in (tmp_path / "site" / "downloads").iterdir()}
    assert {"briefing-privacy-id.pdf", "briefing-empty-topic-en.pdf", "briefing-en.docx", "matrix.csv"} <= downloads
    assert "briefing-en.pdf" in downloads  # a small site gets the whole set as PDF too
    page = (tmp_path / "site" / "en" / "downloads" / "index.html").read_text(encoding="utf-8")
    assert "../../downloads/briefing-empty-topic-en.docx" in page
    cached = list((tmp_path / ".cache" / "briefings").iterdir())
    assert len(cached) == 12  # (2 topics + the whole set) × 2 languages × (PDF, DOCX)
    assert not list((tmp_path / "site").rglob(".cache"))


def test_a_large_site_offers_the_whole_set_as_docx_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import downloads

    model = load_model(MINIMAL)
    names = {f.name for f in downloads.briefing_files(model, ("pdf", "docx"))}
    assert {"briefing-id.pdf", "briefing-en.pdf", "briefing-id.docx"} <= names
    monkeypatch.setattr(downloads, "WHOLE_SET_PDF_MAX_CLAIMS", len(model.listed_claims()) - 1)
    names = {f.name for f in downloads.briefing_files(model, ("pdf", "docx"))}
    assert "briefing-id.pdf" not in names and "briefing-en.pdf" not in names
    assert {"briefing-id.docx", "briefing-en.docx"} <= names and any(n.endswith("-id.pdf") for n in names)
