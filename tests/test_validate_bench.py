"""The validation benchmark still runs (at a tiny size: the figures themselves are not tested)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_runs_and_reports_the_ratio():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "validate.py"), "20", "60", "--repeat", "1"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.split()[:2] == ["20", "27"] for line in lines)  # 20 claims, 27 files
    assert any(line.startswith("at 60 claims: validation ") and "x the bare parse" in line for line in lines)
    assert any(line.startswith("time per claim at 60 vs 20:") for line in lines)
