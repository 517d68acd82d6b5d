"""`python -m generator briefing` end to end, in a subprocess: outputs, filters, failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from briefing_support import PdfReading

ROOT = Path(__file__).resolve().parent.parent


def briefing(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "generator", "briefing", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "md"])
def test_each_format_is_written(minimal_content: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"brief.{fmt}"
    result = briefing("--content", str(minimal_content), "--lang", "id", "--format", fmt, "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stdout
    data = out.read_bytes()
    if fmt == "pdf":
        reading = PdfReading(data)
        assert "Acme tidak dapat membaca pesan." in reading.text
        assert reading.reader.metadata.title == "Penjelas Kebijakan Uji — Bahan paparan untuk regulator"
    elif fmt == "docx":
        assert docx.Document(str(out)).core_properties.language == "id-ID"
    else:
        assert "Acme tidak dapat membaca pesan." in data.decode("utf-8")
    assert "No anchor" not in result.stderr  # links across the PDF's parts are not reported as broken


def test_default_output_name(minimal_content: Path, tmp_path: Path) -> None:
    result = briefing("--content", str(minimal_content), "--lang", "en", "--format", "md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "briefing-en.md").is_file()


def test_topic_and_drafts_options(minimal_content: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    result = briefing("--content", str(minimal_content), "--lang", "en", "--format", "md", "-o", str(out),
                      "--topic", "empty-topic", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "## 1 Empty Topic" in text and "Acme cannot read messages." not in text
    result = briefing("--content", str(minimal_content), "--lang", "en", "--format", "md", "-o", str(out),
                      "--topic", "privacy", "--drafts", cwd=tmp_path)
    text = out.read_text(encoding="utf-8")
    assert "Secret draft claim." in text and "Empty Topic" not in text and "A withdrawn claim." not in text


def test_unknown_topic_is_a_usage_error(minimal_content: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    result = briefing("--content", str(minimal_content), "--lang", "en", "--format", "md", "-o", str(out),
                      "--topic", "nope", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown topic nope" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["pdf", "md"])
def test_invalid_content_writes_nothing_and_keeps_the_old_file(minimal_content: Path, tmp_path: Path,
                                                                fmt: str) -> None:
    claim = minimal_content / "claims" / "privacy" / "limited-sharing.yml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("ref: acme-policy#sharing", "ref: acme-policy#nope"),
                     encoding="utf-8")
    outputs = tmp_path / "out"
    outputs.mkdir()
    fresh = outputs / f"new.{fmt}"
    result = briefing("--content", str(minimal_content), "--lang", "en", "--format", fmt, "-o", str(fresh),
                      cwd=tmp_path)
    assert result.returncode == 1
    assert "limited-sharing.yml" in result.stderr and "error" in result.stderr
    assert not fresh.exists()

    existing = outputs / f"old.{fmt}"
    existing.write_bytes(b"the briefing that was there before")
    before = existing.stat()
    result = briefing("--content", str(minimal_content), "--lang", "en", "--format", fmt, "-o", str(existing),
                      cwd=tmp_path)
    assert result.returncode == 1
    assert existing.read_bytes() == b"the briefing that was there before"
    assert existing.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in outputs.iterdir()) == [existing.name]  # no temporary file left behind
