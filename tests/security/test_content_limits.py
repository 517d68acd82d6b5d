"""Every limit an output has is a validation rule: what `validate` accepts builds in every format,
and what an output cannot take is a diagnostic with a position, never a traceback."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from generator.briefing import render_briefing
from generator.briefing.html import content_html
from generator.briefing.markdown import content as briefing_markdown
from generator.briefing.wordtext import markdown_blocks
from generator.diagnostics import CODES
from generator.markup import markdown_to_html
from generator.validate import check_content, load_model

from .content_corpus import INVALID_CASES, MINIMAL, SHARING, _raw, run_cli

NEW_CODES = {"control-character", "id-too-long", "version-label-too-long", "text-too-long", "reserved-version-label",
             "image-not-allowed", "markdown-too-deep", "markdown-too-long"}


def copy_minimal(tmp_path: Path) -> Path:
    return Path(shutil.copytree(MINIMAL, tmp_path / "content"))


def test_new_codes_are_registered_and_each_has_a_case() -> None:
    assert NEW_CODES <= set(CODES)
    assert NEW_CODES - {"image-not-allowed", "markdown-too-deep"} <= {c.code for c in INVALID_CASES}


@pytest.mark.parametrize("case", INVALID_CASES, ids=[c.name for c in INVALID_CASES])
def test_each_invalid_case_is_a_diagnostic_not_a_traceback(tmp_path: Path, case) -> None:
    root = copy_minimal(tmp_path)
    case.apply(root)
    errors = [d for d in check_content(root).diagnostics if d.severity == "error"]
    assert case.code in {d.code for d in errors}, [d.format() for d in errors]
    assert all(d.line >= 1 and d.col >= 1 and d.path.is_relative_to(root) for d in errors)


@pytest.mark.parametrize("name", ["site-title-too-long", "reserved-label-index.html", "claim-id-too-long",
                                  "control-character-escaped", "markdown-deep-list", "markdown-too-long"])
def test_issue_examples_fail_cleanly_in_validate_build_and_briefing(tmp_path: Path, name: str) -> None:
    """Each of these passed `validate` and then crashed an output with a traceback."""
    case = next(c for c in INVALID_CASES if c.name == name)
    root = copy_minimal(tmp_path)
    case.apply(root)
    for command in (["validate"], ["build", "--site-dir", str(tmp_path / "site")],
                    ["briefing", "--lang", "en", "--format", "docx", "-o", str(tmp_path / "b.docx")]):
        result = run_cli(*command, "--content", str(root), cwd=tmp_path)
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        assert "Traceback" not in output and f"[{case.code}]" in output, output
    assert not (tmp_path / "site").exists() and not (tmp_path / "b.docx").exists()


@pytest.mark.parametrize("source, line, col, code", [
    ('"Acme shares\\x07 only limited data."', 4, 52, "control-character"),  # the string, where `en: "` opens it
    ('"Acme shares\\u0000 only."', 4, 52, "control-character"),  # the string, where `en: "` opens it
])
def test_control_character_is_reported_at_the_string(tmp_path: Path, source: str, line: int, col: int, code: str) -> None:
    root = copy_minimal(tmp_path)
    _raw(SHARING, "en: Acme shares only limited data.}", f"en: {source}}}")(root)
    found = [(d.path.name, d.line, d.col, d.code) for d in check_content(root).diagnostics if d.severity == "error"]
    assert found == [("limited-sharing.yml", line, col, code)]


def test_tab_and_newline_are_not_control_characters(tmp_path: Path) -> None:
    root = copy_minimal(tmp_path)
    _raw(SHARING, "en: Acme shares only limited data.}", 'en: "Acme shares\\tonly\\nlimited data."}')(root)
    assert check_content(root).ok


def test_longest_allowed_values_build_docx(tmp_path: Path) -> None:
    """At the limits (200-character title, 100-character id, 64-character label) every writer works."""
    root = copy_minimal(tmp_path)
    _raw("site.yml", "en: Test Policy Explainer}", "en: " + "T" * 200 + "}")(root)
    _raw(SHARING, "id: limited-sharing", "id: " + "a" * 100)(root)
    _raw("documents/test-law.yml", 'version: "2022"', 'version: "' + "v" * 64 + '"')(root)
    _raw("claims/privacy/messages-encrypted.yml", "test-law@2022#", "test-law@" + "v" * 64 + "#")(root)
    model = load_model(root)
    from docx import Document

    assert Document(io.BytesIO(render_briefing(model, "en", "docx"))).core_properties.title.startswith("T" * 200)
    result = run_cli("build", "--content", str(root), "--site-dir", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "en" / "documents" / "test-law" / ("v" * 64) / "index.html").is_file()


@pytest.mark.parametrize("text", ["- " * 5000 + "x", "1. " * 5000 + "x", "> " * 5000 + "x",
                                  "\n".join("  " * i + "- x" for i in range(1500))])
def test_renderers_refuse_deep_nesting_instead_of_crashing(text: str) -> None:
    """Validation stops these, and every renderer still shows them flat rather than recursing."""
    assert "x" in markdown_to_html(text)
    assert "x" in str(content_html(text))
    assert "x" in briefing_markdown(text)
    assert markdown_blocks(text)


def empty_site(tmp_path: Path, documents: bool) -> Path:
    root = copy_minimal(tmp_path)
    shutil.rmtree(root / "claims")
    (root / "claims").mkdir()
    if not documents:
        shutil.rmtree(root / "documents")
        (root / "documents").mkdir()
    return root


@pytest.mark.parametrize("documents", [True, False], ids=["documents-never-cited", "no-documents"])
def test_content_without_claims_builds_a_site_that_says_so(tmp_path: Path, documents: bool) -> None:
    root = empty_site(tmp_path, documents)
    result = run_cli("build", "--content", str(root), "--site-dir", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    for prefix, words in (("", "Belum ada klaim"), ("en/", "No claims published yet")):
        home = (tmp_path / "site" / prefix / "index.html").read_text(encoding="utf-8")
        assert words in home and 'id="no-claims"' in home


def test_content_without_claims_gives_every_briefing(tmp_path: Path) -> None:
    model = load_model(empty_site(tmp_path, documents=False))
    for lang in ("id", "en"):
        for fmt in ("md", "html", "docx", "pdf"):
            assert render_briefing(model, lang, fmt), (lang, fmt)
