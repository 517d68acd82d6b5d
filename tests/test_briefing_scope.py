"""Issue 12: scoped briefings (`--claimant`) and "what changed" briefings (`--since`), every format
and both languages, read back. Pinned on tests/fixtures/minimal plus one claim by another claimant.

In the fixture: limited-sharing was reviewed 2021-02-01, messages-encrypted 2021-01-15 (the
added Globex claim 2021-01-20), and test-law's version 2022 was retrieved 2021-01-10.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from briefing_support import GLOBEX_CLAIM, PdfReading

from generator.briefing import render_briefing
from generator.briefing.structure import build_briefing
from generator.model import Claim
from generator.validate import load_model

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
SINCE = dt.date(2021, 2, 1)
# What each language calls things the tests look for.
TEXTS = {
    "en": {"changes": "Changes since 1 February 2021", "kept": "Acme shares only limited data.",
           "left_out": "Acme cannot read messages.", "version": "Test Law: version 2022",
           "reviewed": "Reviewed (new or reassessed)", "globex": "Globex deletes data after 30 days."},
    "id": {"changes": "Perubahan sejak 1 Februari 2021", "kept": "Acme hanya berbagi data terbatas.",
           "left_out": "Acme tidak dapat membaca pesan.", "version": "Undang-Undang Uji: versi 2022",
           "reviewed": "Ditinjau (baru atau dinilai ulang)", "globex": "Globex menghapus data setelah 30 hari."},
}


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("scope") / "content"
    shutil.copytree(MINIMAL, target)
    (target / "claims" / "globex.yml").write_text(GLOBEX_CLAIM, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def model(content: Path):
    return load_model(content)


def read_back(data: bytes, fmt: str) -> str:
    """What a reader of the file sees, as one string with white space folded."""
    if fmt == "pdf":
        text = PdfReading(data).text
    elif fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        text = "\n".join(parts)
    else:
        text = data.decode("utf-8").replace("\\", "")  # Markdown escapes
    return " ".join(text.split())


def test_since_keeps_what_changed_and_lists_it_first(model) -> None:
    briefing = build_briefing(model, "en", since=SINCE)
    assert [c.id for c in briefing.summary] == ["limited-sharing"]
    assert [s.id for s in briefing.sections] == ["privacy"]  # topics with nothing new are left out
    anchors = [h.anchor for h in briefing.outline]
    assert anchors[0] == "changes-since" and anchors.index("changes-since") < anchors.index("summary")
    assert briefing.changes is not None
    items = [(i.kind, i.date, i.text, i.number) for i in briefing.changes.items]
    assert items == [("reviewed", "1 February 2021", "Acme shares only limited data.", "1.1")]
    assert briefing.cover.scope == ("Changes on or after 1 February 2021",)


def test_since_lists_document_versions_retrieved_since(model) -> None:
    briefing = build_briefing(model, "en", since=dt.date(2021, 1, 10))
    assert briefing.changes is not None
    items = [(i.kind, i.date, i.text) for i in briefing.changes.items]
    assert items[-1] == ("version", "10 January 2021", "Test Law: version 2022")  # newest first, so last
    assert [i.kind for i in briefing.changes.items].count("reviewed") == 3
    text = read_back(render_briefing(model, "id", "md", since=dt.date(2021, 1, 10)), "md")
    assert "Undang-Undang Uji: versi 2022" in text and "Versi dokumen baru" in text


def test_without_since_there_is_no_change_list(model) -> None:
    briefing = build_briefing(model, "en")
    assert briefing.changes is None and "changes-since" not in [h.anchor for h in briefing.outline]
    assert briefing.cover.scope == ()


def test_since_after_everything_gives_an_empty_but_valid_briefing(model) -> None:
    briefing = build_briefing(model, "id", since=dt.date(2023, 1, 1))
    assert briefing.summary == () and briefing.changes is not None and briefing.changes.items == ()
    assert "Tidak ada perubahan sejak tanggal itu." in read_back(render_briefing(model, "id", "md",
                                                                                since=dt.date(2023, 1, 1)), "md")


def test_claimant_matches_any_case_and_spacing(model) -> None:
    briefing = build_briefing(model, "en", claimants=["  globex   corp "])
    assert [c.id for c in briefing.summary] == ["globex-deletes-data"]
    assert briefing.cover.scope == ("Claimant: Globex Corp",)  # named as the content writes it
    acme = build_briefing(model, "en", claimants=["ACME"])
    assert {c.claimant for c in acme.summary} == {"Acme"} and len(acme.summary) == 2
    both = build_briefing(model, "en", claimants=["Acme"], since=SINCE)
    assert [c.id for c in both.summary] == ["limited-sharing"]


def test_claimant_narrows_the_versions_listed_to_documents_its_claims_cite(model) -> None:
    briefing = build_briefing(model, "en", claimants=["Globex Corp"], since=dt.date(2020, 1, 1))
    assert briefing.changes is not None
    assert all("Test Law" not in item.text for item in briefing.changes.items)  # Globex cites no law


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "md"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_since_briefing_in_every_format_and_language(model, fmt: str, lang: str) -> None:
    words = TEXTS[lang]
    text = read_back(render_briefing(model, lang, fmt, since=SINCE), fmt)
    for expected in (words["changes"], words["reviewed"], words["kept"]):
        assert expected in text, f"{expected!r} missing from the {fmt} ({lang})"
    assert words["left_out"] not in text
    assert text.index(words["reviewed"]) < text.rindex(words["kept"])  # the change list comes before the detail


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "md"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_claimant_briefing_in_every_format_and_language(model, fmt: str, lang: str) -> None:
    words = TEXTS[lang]
    text = read_back(render_briefing(model, lang, fmt, claimants=["globex corp"]), fmt)
    assert words["globex"] in text and "Globex Corp" in text
    assert words["kept"] not in text and words["left_out"] not in text
    assert words["changes"] not in text


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "generator", "briefing", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def test_cli_since_and_claimant(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    done = run_cli("--content", str(content), "--lang", "en", "--format", "md", "--since", "2021-02-01",
                   "--claimant", "acme", "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = read_back(out.read_bytes(), "md")
    assert "Claimant: Acme; Changes on or after 1 February 2021" in text
    assert TEXTS["en"]["kept"] in text and TEXTS["en"]["left_out"] not in text


@pytest.mark.parametrize("args, message", [
    (("--since", "2021-02-30"), "is not a date"),
    (("--since", "yesterday"), "is not a date"),
    (("--claimant", "Initech"), "unknown claimant Initech; claimants are Acme, Globex Corp"),
])
def test_cli_refuses_bad_scope_as_usage_error(content: Path, tmp_path: Path, args: tuple[str, ...],
                                             message: str) -> None:
    out = tmp_path / "brief.md"
    done = run_cli("--content", str(content), "--lang", "en", "--format", "md", *args, "-o", str(out), cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr
    assert not out.exists()


CORRECTION = """\
corrections:
  - date: 2021-03-01
    note: {id: "Kutipan diperbaiki.", en: "The quote was fixed."}
"""


def test_corrections_and_withdrawals_are_listed(tmp_path: Path) -> None:
    """The fixture's withdrawn claim was withdrawn on 2021-01-20, replaced by messages-encrypted."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    claim = content / "claims" / "privacy" / "messages-encrypted.yml"
    claim.write_text(claim.read_text(encoding="utf-8") + CORRECTION, encoding="utf-8")
    model = load_model(content)
    since = dt.date(2021, 1, 20)
    briefing = build_briefing(model, "en", since=since)
    assert briefing.changes is not None
    kinds = [(i.kind, i.date, i.number) for i in briefing.changes.items if i.kind != "version"]
    assert kinds == [("corrected", "1 March 2021", "1.2"), ("reviewed", "1 February 2021", "1.1"),
                     ("withdrawn", "20 January 2021", None)]  # newest first; withdrawn only in the list
    withdrawn = next(i for i in briefing.changes.items if i.kind == "withdrawn")
    assert withdrawn.text == "A withdrawn claim." and "A duplicate of another claim." in (withdrawn.note or "")
    assert [c.id for c in briefing.summary] == ["limited-sharing", "messages-encrypted"]
    for fmt in ("md", "docx"):
        text = read_back(render_briefing(model, "en", fmt, since=since), fmt)
        assert "The quote was fixed." in text and "Replaced by: Acme cannot read messages." in text
        assert text.count("A withdrawn claim.") == 1  # in the change list, not in the detail
    later = build_briefing(model, "id", since=dt.date(2021, 2, 15))
    assert [i.kind for i in later.changes.items if i.kind != "version"] == ["corrected"]
    assert [c.id for c in later.summary] == ["messages-encrypted"]  # corrected since, though reviewed before
