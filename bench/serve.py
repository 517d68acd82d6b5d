"""Benchmark: `serve`'s save-to-visible time against a full `build` (briefings off), back to back.

For the demo content and for N synthetic claims it
  1. times `python -m generator build` (both languages, briefings off) of a copy of the content,
  2. starts `python -m generator serve` on a free port and times the first page,
  3. edits one claim file several times (its English `claim` text gets a new word each time),
     timing from the save until its English page, polled over HTTP, serves the new word,
and prints the median save-to-visible time and its ratio to the full build.

    .venv/bin/python bench/serve.py                       # demo and 1,000 claims, 5 edits each
    .venv/bin/python bench/serve.py --claims 100 --edits 9 --no-demo
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from synthetic import write_synthetic_content  # noqa: E402

POLL = 0.02  # seconds between two requests while waiting for a page


def environment() -> dict[str, str]:
    # no SOURCE_DATE_EPOCH: content dated after it would not validate, and timing needs no fixed dates
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))


def project_folder(work: Path, content: Path) -> Path:
    """A folder with an mkdocs.yml that inherits the project's, briefings off (as bench/site.py)."""
    project = work / "project"
    project.mkdir()
    (project / "mkdocs.yml").write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {ROOT / 'docs'}\n"
        f"theme: {{custom_dir: {ROOT / 'site_overrides'}}}\nwatch: [{content}]\n"
        f"plugins: {{policy-explainer: {{briefings: false}}}}\n", encoding="utf-8")
    return project


def full_build(project: Path, content: Path) -> float:
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(content), "--site-dir", str(site)],
                          cwd=project, env=environment(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    return elapsed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, text: str, process: subprocess.Popen[bytes], timeout: float = 600) -> float:
    """Seconds until `url` serves a page containing `text`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if process.poll() is not None:
            raise SystemExit(f"serve stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if text in response.read().decode("utf-8", "replace"):
                    return time.perf_counter() - start
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(POLL)
    raise SystemExit(f"{url} never showed {text!r}")


def edit_claim(path: Path, word: str) -> None:
    """Append `word` to the claim's English text (a YAML round trip: the file stays valid)."""
    data = yaml.safe_load(path.read_text("utf-8"))
    data["claim"]["en"] = f"{data['claim']['en'].split(' Benchword')[0].rstrip()} Benchword{word}"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), "utf-8")


def measure(label: str, content: Path, edits: int, log: Path | None = None) -> dict[str, float]:
    work = content.parent
    project = project_folder(work, content)
    build_seconds = full_build(project, content)
    claim_file = sorted((content / "claims").rglob("*.yml"))[0]
    claim_id = yaml.safe_load(claim_file.read_text("utf-8"))["id"]
    default, other = yaml.safe_load((content / "site.yml").read_text("utf-8"))["languages"][:2]
    edit_claim(claim_file, "0")  # the first round trip may reformat the file: not part of a measured edit
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    page = f"{base}/{other}/claims/{claim_id}/"
    twin = f"{base}/claims/{claim_id}/"
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--content", str(content), "--port", str(port)],
                               cwd=project, env=environment(), stdout=subprocess.DEVNULL,
                               stderr=log.open("a", encoding="utf-8") if log else subprocess.DEVNULL)
    try:
        first_page = wait_for(f"{base}/", "md-content", process)  # the address serve prints
        wait_for(twin, "md-content", process)
        wait_for(page, "md-content", process)  # both languages built before the first edit
        times = []
        for number in range(1, edits + 1):
            edit_claim(claim_file, str(number))
            times.append(wait_for(page, f"Benchword{number}", process))
            time.sleep(max(1.0, 2 * times[-1]))  # the other language catches up while the editor reads
    finally:
        process.terminate()
        process.wait(timeout=60)
    median = statistics.median(times)
    print(f"{label}: full build (briefings off) {build_seconds:.1f} s; serve: first page {first_page:.1f} s; "
          f"save-to-visible median {median:.2f} s (min {min(times):.2f}, max {max(times):.2f}, {edits} edits) "
          f"= {100 * median / build_seconds:.0f} % of the build", flush=True)
    return {"build": build_seconds, "first_page": first_page, "median": median}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, nargs="*", default=[1000], help="synthetic sizes (default: 1000)")
    parser.add_argument("--edits", type=int, default=5, help="edits per size (default: 5)")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo content")
    parser.add_argument("--log", type=Path, help="append what serve prints to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        if not args.no_demo:
            demo = Path(tmp) / "demo" / "content"
            shutil.copytree(ROOT / "content", demo)
            measure("demo", demo, args.edits, args.log)
        for n in args.claims:
            content = Path(tmp) / f"n{n}" / "content"
            write_synthetic_content(content, n)
            measure(f"{n} claims", content, args.edits, args.log)


if __name__ == "__main__":
    main()
