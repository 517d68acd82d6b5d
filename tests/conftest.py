"""Shared fixtures: copies of the bundled and the fixture content in a temporary folder.

Tests pin behaviour on the fixtures under tests/fixtures/ ("minimal": 4 claims; "realistic": a
frozen copy of the WhatsApp 2021 demo, 16 claims). The demo in content/ is only required to
validate and build (tests/test_demo_content.py), so editors can change it freely.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_CONTENT = ROOT / "content"
MINIMAL_CONTENT = Path(__file__).resolve().parent / "fixtures" / "minimal"
REALISTIC_CONTENT = Path(__file__).resolve().parent / "fixtures" / "realistic"


@pytest.fixture
def minimal_content(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/minimal: 4 claims (one draft, one withdrawn), 3 documents."""
    target = tmp_path / "content"
    shutil.copytree(MINIMAL_CONTENT, target)
    return target


@pytest.fixture
def realistic_content(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/realistic: the WhatsApp 2021 demo as it was frozen for tests."""
    target = tmp_path / "content"
    shutil.copytree(REALISTIC_CONTENT, target)
    return target


@pytest.fixture
def demo_content(tmp_path: Path) -> Path:
    """A writable copy of the bundled content/ (its README aside): only for "it validates and builds"."""
    target = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, target)
    return target
