"""Benchmark: the generated bilingual site against the same pages hand-written for mkdocs-static-i18n.

For each N it writes N synthetic claims, then in the same run times
  1. `python -m generator build` (validate, render, both languages in parallel; briefings off), and
  2. `mkdocs build` of the same pages as Markdown files on disk (`page.id.md` / `page.en.md`) with
     mkdocs-material + mkdocs-static-i18n 1.3.1 and the same curated nav (claim pages not in nav),
and prints the ratio, the time per claim, the claim page size and what a first visit transfers.

    .venv/bin/python bench/site.py                   # N=100, a quick look
    .venv/bin/python bench/site.py --claims 300 1000 3000 --repeat 3
    .venv/bin/python bench/site.py --briefings --claims 1000   # default build with briefings (issue 12)

Needs the `bench` extra (mkdocs-static-i18n). Set SOURCE_DATE_EPOCH for stable output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from generator.render import RenderOptions, render_site  # noqa: E402
from generator.validate import load_model  # noqa: E402
from synthetic import write_synthetic_content  # noqa: E402


PEAK_RSS_MB: list[float] = []  # of the largest process of each `run`, in order


def run(command: list[str], cwd: Path) -> float:
    """Run `command`; return its wall time and note the peak RSS of its largest process.

    Each run goes through a small wrapper process, so RUSAGE_CHILDREN covers only that run.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    env.setdefault("SOURCE_DATE_EPOCH", "1704067200")
    env.pop("XDG_CACHE_HOME", None)  # the briefing cache stays beside the bench's site folder
    wrapper = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
               "sys.exit(done.returncode)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    PEAK_RSS_MB.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
    return elapsed


def generated_build(work: Path, content: Path, briefings: bool = False, name: str = "generated") -> tuple[float, Path]:
    """The generator through the project's mkdocs.yml, briefings off unless asked (the baseline has none)."""
    project = work / name
    project.mkdir(exist_ok=True)
    (project / "mkdocs.yml").write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {ROOT / 'docs'}\n"
        f"theme: {{custom_dir: {ROOT / 'site_overrides'}}}\nwatch: [{content}]\n"
        f"plugins: {{policy-explainer: {{briefings: {str(briefings).lower()}}}}}\n", encoding="utf-8")
    site = project / "site"
    elapsed = run([sys.executable, "-m", "generator", "build", "--content", str(content), "--site-dir", str(site)],
                  cwd=project)
    return elapsed, site


def handwritten_build(work: Path, content: Path) -> tuple[float, Path]:
    """The same Markdown, written to disk for static-i18n (it cannot take generated pages: its #263)."""
    project = work / "handwritten"
    docs = project / "docs"
    shutil.copytree(ROOT / "docs", docs)
    model = load_model(content)
    sites = {lang: render_site(model, RenderOptions(lang, model.content_date, "https://example.org/",
                                                     briefing_formats=())) for lang in model.site.languages}
    default = model.site.default_language
    for lang, site in sites.items():
        for page in site.pages:
            target = docs / page.src.replace("index.md", f"index.{lang}.md")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")

    def nav(items):
        return [{title: target if isinstance(target, str) else nav(target)} for title, target in items]

    translations = {}
    for (title, target), (other, _) in zip(_flatten(sites[default].nav), _flatten(sites["en" if default == "id" else "id"].nav)):
        translations[title] = other
    other_lang = next(lang for lang in model.site.languages if lang != default)
    config = {
        "site_name": model.site.title[default], "site_url": "https://example.org/", "docs_dir": "docs",
        "theme": {"name": "material", "font": False,
                  "features": ["navigation.top", "navigation.sections", "search.highlight", "toc.follow"]},
        "extra": {"generator": False}, "extra_css": ["assets/explainer.css"],
        "markdown_extensions": ["attr_list", "md_in_html", "tables", {"toc": {"permalink": True, "toc_depth": 2}}],
        "plugins": ["search", {"i18n": {"docs_structure": "suffix", "languages": [
            {"locale": default, "default": True, "name": default, "build": True},
            {"locale": other_lang, "name": other_lang, "build": True, "site_name": model.site.title[other_lang],
             "nav_translations": translations}]}}],
        "nav": nav(sites[default].nav),
        "not_in_nav": "/claims/\n/documents/*/\n",
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    elapsed = run([sys.executable, "-m", "mkdocs", "build", "-d", str(project / "site")], cwd=project)
    return elapsed, project / "site"


def _flatten(items):
    for title, target in items:
        yield title, target
        if not isinstance(target, str):
            yield from _flatten(target)


def claim_pages(site: Path) -> list[Path]:
    return sorted(site.glob("claims/*/index.html")) + sorted(site.glob("*/claims/*/index.html"))


def first_visit_bytes(page: Path, site: Path) -> tuple[int, int]:
    """(raw, gzip) bytes a first visit to `page` fetches: the HTML, its CSS and JS, the search worker."""
    html = page.read_text("utf-8")
    assets = re.findall(r'<(?:link rel="stylesheet"|script) (?:href|src)="([^"]+)"', html)
    worker = re.search(r'"search": "([^"]+)"', html)
    files = [page] + [(page.parent / a).resolve() for a in assets + ([worker.group(1)] if worker else [])]
    raw = sum(f.stat().st_size for f in files)
    zipped = sum(len(gzip.compress(f.read_bytes(), compresslevel=6, mtime=0)) for f in files)
    return raw, zipped


def measure(n: int, repeat: int, keep: bool, baseline: bool = True) -> dict[str, float]:
    """Both builds, interleaved `repeat` times; the fastest of each counts (other load only slows)."""
    work = Path(tempfile.mkdtemp(prefix=f"bench-site-{n}-"))
    try:
        content = write_synthetic_content(work / "content", n)
        generated_times, handwritten_times = [], []
        for attempt in range(repeat):
            for folder in ("generated", "handwritten"):
                shutil.rmtree(work / folder, ignore_errors=True)
            elapsed, generated = generated_build(work, content)
            generated_times.append(elapsed)
            if baseline:
                handwritten_times.append(handwritten_build(work, content)[0])
        generated_time = min(generated_times)
        handwritten_time = min(handwritten_times) if baseline else float("nan")
        pages = claim_pages(generated)
        sizes = [p.stat().st_size for p in pages]
        visit = [first_visit_bytes(p, generated) for p in pages[:20]]
        index = generated / "search" / "search_index.json"
        return {
            "claims": n, "pages": sum(1 for _ in generated.rglob("index.html")),
            "generated_s": generated_time, "handwritten_s": handwritten_time,
            "ratio": generated_time / handwritten_time, "ms_per_claim": 1000 * generated_time / n,
            "claim_html_kb_mean": statistics.mean(sizes) / 1024, "claim_html_kb_max": max(sizes) / 1024,
            "first_visit_kb": max(v[0] for v in visit) / 1024, "first_visit_gzip_kb": max(v[1] for v in visit) / 1024,
            "search_index_gzip_kb": len(gzip.compress(index.read_bytes(), 6, mtime=0)) / 1024,
        }
    finally:
        if keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def edit_one_claim(content: Path) -> None:
    """What an editor does between two builds: reword one claim's assessment (both languages)."""
    path = next(iter(sorted((content / "claims").rglob("*.yml"))))
    data = yaml.safe_load(path.read_text("utf-8"))
    data["assessment"]["summary"] = {lang: text + " (edited)" for lang, text in data["assessment"]["summary"].items()}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def measure_briefings(n: int, keep: bool) -> dict[str, float]:
    """The default build (with briefings) against the site-only build, back to back (issue 12 targets):
    from scratch (empty briefing cache), after editing one claim, and with nothing changed."""
    work = Path(tempfile.mkdtemp(prefix=f"bench-briefings-{n}-"))
    try:
        content = write_synthetic_content(work / "content", n)
        site_only = [generated_build(work, content, briefings=False, name="site-only")[0]]
        shutil.rmtree(work / "default", ignore_errors=True)
        PEAK_RSS_MB.clear()
        scratch = generated_build(work, content, briefings=True, name="default")[0]
        edit_one_claim(content)
        edited = generated_build(work, content, briefings=True, name="default")[0]
        unchanged = generated_build(work, content, briefings=True, name="default")[0]
        peaks = list(PEAK_RSS_MB)
        site_only.append(generated_build(work, content, briefings=False, name="site-only")[0])
        base = min(site_only)
        downloads = work / "default" / "site" / "downloads"
        from pypdf import PdfReader  # the page tree may sit in compressed object streams

        pdf_pages = sum(len(PdfReader(str(p)).pages) for p in downloads.glob("*.pdf"))
        return {"claims": n, "site_only_s": base, "scratch_s": scratch, "edit_s": edited, "unchanged_s": unchanged,
                "scratch_ratio": scratch / base, "edit_ratio": edited / base, "unchanged_ratio": unchanged / base,
                "peak_rss_mb": max(peaks), "briefing_files": len(list(downloads.glob("briefing-*"))),
                "pdf_pages": pdf_pages}
    finally:
        if keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[100], help="values of N (default: 100)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build per N; the fastest counts")
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    parser.add_argument("--no-baseline", action="store_true", help="time only the generated site (scaling runs)")
    parser.add_argument("--briefings", action="store_true",
                        help="time the default build with briefings against the site-only build (issue 12)")
    args = parser.parse_args()
    print(f"# {dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}", flush=True)
    if args.briefings:
        header = ("claims", "site_only_s", "scratch_s", "edit_s", "unchanged_s", "scratch_ratio", "edit_ratio",
                  "unchanged_ratio", "peak_rss_mb", "briefing_files", "pdf_pages")
        print(" | ".join(header), flush=True)
        for n in args.claims:
            row = measure_briefings(n, args.keep)
            print(" | ".join(f"{row[h]:.2f}" if isinstance(row[h], float) else str(row[h]) for h in header), flush=True)
        print("targets: edit_ratio <= 1.5, scratch_ratio <= 3, peak_rss_mb <= 600")
        return
    header = ("claims", "pages", "generated_s", "handwritten_s", "ratio", "ms_per_claim", "claim_html_kb_mean",
              "claim_html_kb_max", "first_visit_kb", "first_visit_gzip_kb", "search_index_gzip_kb")
    print(" | ".join(header), flush=True)
    rows = []
    for n in args.claims:
        rows.append(row := measure(n, args.repeat, args.keep, not args.no_baseline))
        print(" | ".join(f"{row[h]:.2f}" if isinstance(row[h], float) else str(row[h]) for h in header), flush=True)
    if len(rows) > 1:
        print(f"time per claim at N={rows[-1]['claims']} / N={rows[0]['claims']}: "
              f"{rows[-1]['ms_per_claim'] / rows[0]['ms_per_claim']:.2f}")


if __name__ == "__main__":
    main()
