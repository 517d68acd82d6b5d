"""Shared fixtures: copies of the bundled and the minimal content in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_CONTENT = ROOT / "content"
MINIMAL_CONTENT = Path(__file__).resolve().parent / "fixtures" / "minimal"


@pytest.fixture
def minimal_content(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/minimal: 4 claims (one draft, one withdrawn), 3 documents."""
    target = tmp_path / "content"
    shutil.copytree(MINIMAL_CONTENT, target)
    return target


@pytest.fixture
def demo_content(tmp_path: Path) -> Path:
    """A writable copy of the bundled WhatsApp 2021 content."""
    target = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, target)
    return target
