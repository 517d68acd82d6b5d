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
    def counting(briefing, fmt: str, parts=None) -> bytes:
        calls.append(f"{briefing.lang}:{','.join(s.id for s in briefing.sections)}:{fmt}")
        return render_structure(briefing, fmt, parts)

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


def test_a_damaged_cached_file_is_rendered_again(content: Path, tmp_path: Path) -> None:
    first = write(content, tmp_path / "a", tmp_path / "cache", [])
    entries = sorted(p for p in (tmp_path / "cache").iterdir() if p.suffix == ".docx")
    entries[0].write_bytes(entries[0].read_bytes()[:-10])  # cut short, e.g. a full disk
    (entries[1].parent / f"{entries[1].name}.sha256").unlink()  # its checksum lost
    calls: list[str] = []
    outcome = write(content, tmp_path / "b", tmp_path / "cache", calls)
    assert len(outcome.rendered) == 2 and len(calls) == 2 and len(outcome.reused) == len(first.rendered) - 2
    for name in first.rendered:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert write(content, tmp_path / "c", tmp_path / "cache", []).rendered == ()  # mended in the cache too


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
    cached = [p for p in (tmp_path / ".cache" / "briefings").iterdir() if p.is_file() and p.suffix != ".sha256"]
    assert len(cached) == 12  # (2 topics + the whole set) × 2 languages × (PDF, DOCX)
    assert all(p.with_name(p.name + ".sha256").is_file() for p in cached)
    assert list((tmp_path / ".cache" / "briefings" / "parts").glob("*.part"))  # the PDFs' laid-out parts
    assert not list((tmp_path / "site").rglob(".cache"))


def test_a_large_site_offers_the_whole_set_as_a_bundle_of_its_topic_briefings(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import downloads

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2051222400")
    model = load_model(content)
    names = {f.name for f in downloads.briefing_files(model, ("pdf", "docx"))}
    assert {"briefing-id.pdf", "briefing-en.pdf", "briefing-id.docx"} <= names and not any(".zip" in n for n in names)
    monkeypatch.setattr(downloads, "WHOLE_SET_DOCUMENT_MAX_CLAIMS", len(model.listed_claims()) - 1)
    files = downloads.briefing_files(model, ("pdf", "docx"))
    assert not {"briefing-id.pdf", "briefing-en.pdf", "briefing-id.docx", "briefing-en.docx"} & {f.name for f in files}
    bundle = next(f for f in files if f.name == "briefing-en.zip")
    assert set(bundle.members) == {f.name for f in files if f.lang == "en" and f.topic}
    assert files.index(bundle) > max(files.index(f) for f in files if f.name in bundle.members)  # written after them

    outcome = write(content, tmp_path / "a", tmp_path / "cache", [])  # DOCX only
    assert set(outcome.bundled) == {"briefing-id.zip", "briefing-en.zip"}
    bundle = next(f for f in downloads.briefing_files(model, ("docx",)) if f.name == "briefing-en.zip")
    import zipfile

    with zipfile.ZipFile(tmp_path / "a" / "briefing-en.zip") as archive:
        assert archive.namelist() == list(bundle.members)
        assert archive.testzip() is None
        for name in bundle.members:
            assert archive.read(name) == (tmp_path / "a" / name).read_bytes()
    write(content, tmp_path / "b", tmp_path / "cache", [])
    assert (tmp_path / "a" / "briefing-en.zip").read_bytes() == (tmp_path / "b" / "briefing-en.zip").read_bytes()

    from generator.render import RenderOptions, render_site

    page = next(p for p in render_site(model, RenderOptions("en", model.content_date, None)).pages
                if p.src == "downloads/index.md").markdown
    assert 'briefing-en.zip" hreflang="en" type="application/zip" download>All topic briefings (English, ZIP, 4 PDF' in page
    assert "one ZIP archive" in page and "briefing-en.pdf" not in page


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One claim a PDF part, laid out in this process; returns the HTML of every part laid out."""
    import generator.briefing.pdf as pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2051222400")
    monkeypatch.setattr(pdf, "CLAIMS_PER_PART", 1)
    monkeypatch.setattr(pdf, "SMALL_BRIEFING", 0)
    monkeypatch.setattr(pdf, "MAX_WORKERS", 1)
    laid_out: list[str] = []
    real = pdf.lay_out_part
    monkeypatch.setattr(pdf, "lay_out_part", lambda html: laid_out.append(html) or real(html))
    return laid_out


def test_pdf_parts_are_reused_and_give_the_same_bytes(content: Path, tmp_path: Path, small_parts: list[str]) -> None:
    """After one claim's edit, the PDF lays out that claim's part and the contents, nothing else,
    and the file is byte for byte the one a build without any cache writes."""
    from generator.briefing.pdf import write_pdf

    parts = cache.PartCache(tmp_path / "parts")
    first = write_pdf(build_briefing(load_model(content), "en"), parts)
    everything = len(small_parts)
    assert everything >= 8  # front, summary, a part per claim, the appendices
    small_parts.clear()
    assert write_pdf(build_briefing(load_model(content), "en"), parts) == first
    assert small_parts == []  # every part from the cache

    claim = content / "claims" / "globex.yml"  # its assessment shows in its own part only
    claim.write_text(claim.read_text(encoding="utf-8").replace("Nothing supports it.", "Nothing backs it."),
                     encoding="utf-8")
    edited = write_pdf(build_briefing(load_model(content), "en"), parts)
    # That part and the cover (the content fingerprint on it changed); the contents come from
    # the cache, as no heading and no page number moved.
    assert len(small_parts) == 2 and sum("Nothing backs it." in html for html in small_parts) == 1
    assert edited == write_pdf(build_briefing(load_model(content), "en"))  # no cache: the same bytes
    from briefing_support import PdfReading

    assert "Nothing backs it." in PdfReading(edited).text and "Nothing supports it." not in PdfReading(edited).text


def test_a_damaged_part_entry_is_laid_out_again(content: Path, tmp_path: Path, small_parts: list[str]) -> None:
    from generator.briefing.pdf import write_pdf

    parts = cache.PartCache(tmp_path / "parts")
    first = write_pdf(build_briefing(load_model(content), "en"), parts)
    entries = sorted((tmp_path / "parts").iterdir())
    entries[0].write_bytes(b"not json\n%PDF")
    entries[1].write_bytes(entries[1].read_bytes().split(b"\n", 1)[0])  # no newline, no PDF
    entries[2].write_bytes(entries[2].read_bytes()[:-100])  # the PDF cut short
    small_parts.clear()
    assert write_pdf(build_briefing(load_model(content), "en"), parts) == first
    assert len(small_parts) == 3
