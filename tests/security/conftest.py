"""Fixtures of the security suite: a throwaway project checkout with content, to attack."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .support import MINIMAL, ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project checkout as a user has one: .git, mkdocs.yml, docs/, site_overrides/, content/ (minimal)."""
    checkout = tmp_path / "project"
    checkout.mkdir()
    (checkout / ".git").mkdir()
    (checkout / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    shutil.copy(ROOT / "mkdocs.yml", checkout / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", checkout / "docs")
    shutil.copytree(ROOT / "site_overrides", checkout / "site_overrides")
    shutil.copytree(MINIMAL, checkout / "content")
    return checkout
