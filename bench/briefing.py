"""Benchmark: regulator briefing time per format, and peak memory, for the demo and synthetic content.

    .venv/bin/python bench/briefing.py                      # demo content + 500 synthetic claims
    .venv/bin/python bench/briefing.py --claims 100 500     # other synthetic sizes
    .venv/bin/python bench/briefing.py --formats pdf --lang en

Each (content, format) runs in a fresh child process, so the peak memory reported is that
format's own (resource.getrusage ru_maxrss of that process, or of its largest PDF worker). Time is `render_briefing` only, after
the model is loaded ("load" is validation + model building, which every format pays once); "cpu"
adds up this process and its PDF layout workers, and shows how much a busy machine slows "render".
Targets (issue 4): demo PDF < 5 s, 500 claims < 60 s per format, memory < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

FORMATS = ("pdf", "docx", "html", "md")
TARGETS = {"demo": 5.0, "synthetic": 60.0}
MEMORY_TARGET_MB = 1024


def measure_one(content: Path, lang: str, fmt: str) -> dict[str, float]:
    """In this process: load the model, render one format, report times, size and peak memory."""
    from generator.briefing import render_briefing
    from generator.validate import load_model

    started = time.perf_counter()
    model = load_model(content)
    loaded = time.perf_counter()
    cpu_before = cpu_seconds()
    data = render_briefing(model, lang=lang, fmt=fmt)
    rendered = time.perf_counter()
    cpu = cpu_seconds() - cpu_before
    # The PDF is laid out in worker processes: the peak is the larger of this process and its biggest worker.
    peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # kilobytes on Linux
    return {"load": loaded - started, "render": rendered - loaded, "cpu": cpu, "bytes": len(data),
            "peak_mb": peak_kb / 1024}


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the PDF's layout workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_child(content: Path, lang: str, fmt: str) -> dict[str, float]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}
    out = subprocess.run([sys.executable, __file__, "--one", str(content), lang, fmt], capture_output=True, text=True,
                         env=env, check=False)
    if out.returncode:
        raise SystemExit(f"{fmt} on {content} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(label: str, content: Path, lang: str, formats: list[str], target: float) -> list[str]:
    misses = []
    for fmt in formats:
        row = run_child(content, lang, fmt)
        ok_time = row["render"] < target
        ok_memory = row["peak_mb"] < MEMORY_TARGET_MB
        print(f"{label:<22} {fmt:<5} {row['load']:>7.2f} {row['render']:>9.2f} {row['cpu']:>7.2f} {row['bytes'] / 1e6:>8.2f} "
              f"{row['peak_mb']:>8.0f}  {'ok' if ok_time and ok_memory else 'MISS'}", flush=True)
        if not ok_time:
            misses.append(f"{label} {fmt}: {row['render']:.2f} s (target < {target:g} s)")
        if not ok_memory:
            misses.append(f"{label} {fmt}: {row['peak_mb']:.0f} MB (target < {MEMORY_TARGET_MB} MB)")
    return misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", nargs="*", type=int, default=[500], help="synthetic sizes (default: 500)")
    parser.add_argument("--formats", nargs="*", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--lang", choices=["id", "en"], default="id")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="demo content (default: content/)")
    parser.add_argument("--one", nargs=3, metavar=("CONTENT", "LANG", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        content, lang, fmt = args.one
        print(json.dumps(measure_one(Path(content), lang, fmt)))
        return 0

    from synthetic import write_synthetic_content

    from generator.validate import check_content

    print(f"{'content':<22} {'fmt':<5} {'load s':>7} {'render s':>9} {'cpu s':>7} {'MB out':>8} {'peak MB':>8}  "
          f"(load avg {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    misses = report("demo", args.content, args.lang, args.formats, TARGETS["demo"])
    with tempfile.TemporaryDirectory(prefix="bench-briefing-") as tmp:
        for n in args.claims:
            root = write_synthetic_content(Path(tmp) / f"content-{n}", n)
            result = check_content(root)
            if result.model is None:
                raise SystemExit(f"synthetic content is not valid: {result.diagnostics[:3]}")
            misses += report(f"synthetic {n} claims", root, args.lang, args.formats, TARGETS["synthetic"])
    print("\nall targets met" if not misses else "\nmissed:\n  " + "\n  ".join(misses))
    return 0 if not misses else 1


if __name__ == "__main__":
    raise SystemExit(main())
