"""Benchmark: `check_content` against a bare `yaml.load(..., Loader=CSafeLoader)` of the same files.

    .venv/bin/python bench/validate.py                 # 1,000 and 10,000 claims
    .venv/bin/python bench/validate.py 500 5000 20000  # other sizes
    .venv/bin/python bench/validate.py --profile 10000 # where validation spends its time

Both sides read every file from disk (warm cache) each round; the best of --repeat rounds counts.
Times are CPU time of this process (user + system), which other work on a busy machine disturbs
far less than wall-clock time; --wall measures wall-clock time instead.
Target (issue 2): at 10,000 claims validation takes at most 2x the bare parse, and the time per
claim stays flat as N grows.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_synthetic_content  # noqa: E402

from generator.validate import check_content  # noqa: E402

CLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TARGET_RATIO = 2.0


def content_files(root: Path) -> list[Path]:
    """The files `check_content` reads, in the same order."""
    return [root / "site.yml", root / "topics.yml", *sorted((root / "documents").glob("*.yml")),
            *sorted((root / "claims").glob("**/*.yml"))]


def bare_parse(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_bytes().decode("utf-8"), Loader=CLoader)


def best_of(repeat: int, run: Callable[[], object], clock: Callable[[], float]) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        started = clock()
        run()
        times.append(clock() - started)
    return min(times)


def measure(n_claims: int, repeat: int, workdir: Path, clock: Callable[[], float]) -> dict[str, float]:
    root = write_synthetic_content(workdir / f"content-{n_claims}", n_claims)
    files = content_files(root)
    result = check_content(root)  # also warms the page cache and imports
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if errors or result.model is None:
        raise SystemExit(f"synthetic content is not valid: {errors[:3]}")
    bare_parse(files)
    parse = best_of(repeat, lambda: bare_parse(files), clock)
    validate = best_of(repeat, lambda: check_content(root), clock)
    size = sum(p.stat().st_size for p in files)
    return {"claims": n_claims, "files": len(files), "mb": size / 1e6, "parse": parse, "validate": validate,
            "warnings": len(result.diagnostics)}


def profile(n_claims: int, workdir: Path, limit: int = 25) -> None:
    root = write_synthetic_content(workdir / f"content-{n_claims}", n_claims)
    check_content(root)
    profiler = cProfile.Profile()
    profiler.enable()
    check_content(root)
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
    stats.print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("claims", nargs="*", type=int, default=[1000, 10000], help="sizes to measure (default: 1000 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per measurement; the best counts (default: 3)")
    parser.add_argument("--profile", action="store_true", help="profile check_content at the largest size instead")
    parser.add_argument("--wall", action="store_true", help="measure wall-clock time instead of CPU time")
    args = parser.parse_args(argv)
    clock = time.perf_counter if args.wall else time.process_time
    if CLoader is yaml.SafeLoader:
        print("warning: PyYAML has no C loader here; the bare parse uses the pure-Python one", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        if args.profile:
            profile(max(args.claims), Path(tmp))
            return 0
        rows = []
        print(f"{'wall-clock' if args.wall else 'CPU'} time, best of {args.repeat}")
        print(f"{'claims':>7} {'files':>6} {'MB':>6} {'parse s':>8} {'validate s':>10} {'ratio':>6} "
              f"{'parse us/claim':>14} {'validate us/claim':>17}")
        for n in sorted(args.claims):
            row = measure(n, args.repeat, Path(tmp), clock)
            rows.append(row)
            print(f"{n:>7} {row['files']:>6} {row['mb']:>6.1f} {row['parse']:>8.3f} {row['validate']:>10.3f} "
                  f"{row['validate'] / row['parse']:>6.2f} {row['parse'] / n * 1e6:>14.0f} {row['validate'] / n * 1e6:>17.0f}",
                  flush=True)
    largest, smallest = rows[-1], rows[0]
    ratio = largest["validate"] / largest["parse"]
    print(f"\nat {largest['claims']:,} claims: validation {ratio:.2f}x the bare parse "
          f"({'meets' if ratio <= TARGET_RATIO else 'MISSES'} the {TARGET_RATIO:g}x target)")
    if len(rows) > 1:
        growth = (largest["validate"] / largest["claims"]) / (smallest["validate"] / smallest["claims"])
        print(f"time per claim at {largest['claims']:,} vs {smallest['claims']:,}: {growth:.2f}x (1.00 = linear)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
