"""Benchmark: the bounded-time paths of issue 8 on hostile input sizes, one line per case.

    .venv/bin/python bench/security.py            # every case, best of 3
    .venv/bin/python bench/security.py --repeat 1

Before issue 8 (same machine): the 2,000-word closest-passage hint took minutes, a long matching
quote made `build` take minutes (a regex per character), 20,000 `[` made the HTML briefing take
30 s (Markdown's link search), and 7,000 `[](` took 8 s. tests/security/test_content_time.py keeps
each case under a generous limit.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.briefing.html import content_html  # noqa: E402
from generator.briefing.markdown import content as briefing_markdown  # noqa: E402
from generator.briefing.wordtext import markdown_blocks  # noqa: E402
from generator.markup import markdown_to_html  # noqa: E402
from generator.model import fold_quote_text  # noqa: E402
from generator.quotes import closest_passage, find_quote_span  # noqa: E402
from generator.render import highlight_quote, text_fragment_url  # noqa: E402

VOCABULARY = [f"w{i}" for i in range(300)] + ["data", "the", "of", "“shared”"]


def words(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(VOCABULARY) for _ in range(count)]


def best_of(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def cases() -> list[tuple[str, Callable[[], object]]]:
    clause = words(30_000, 1)
    text = "  ".join(clause)
    quote = " ".join(clause[8_000:20_000])
    hint_text = fold_quote_text(" ".join(words(4_000, 3)))
    hint_quote = fold_quote_text(" ".join(reversed(hint_text.split(" ")[:2_000])))
    hostile = {"20,000 [": "[" * 20_000, "5,000 nested [ ]": "[" * 5_000 + "]" * 5_000,
               "3,000 [a](b": "[a](b " * 3_000, "9,000 ![": "![" * 9_000, "5,000 ``a`": "``a`" * 5_000,
               "5,000-deep list": "- " * 5_000 + "x"}
    result: list[tuple[str, Callable[[], object]]] = [
        (f"find quote {len(quote) // 1000} KB in clause {len(text) // 1000} KB", lambda: find_quote_span(text, quote)),
        ("highlight that quote", lambda: highlight_quote(text, quote)),
        ("text fragment URL for it", lambda: text_fragment_url("https://example.org/", text, quote)),
        ("closest passage, 2,000-word quote, 4,000-word clause", lambda: closest_passage(hint_quote, hint_text)),
    ]
    for name, markdown in hostile.items():
        result.append((f"site HTML: {name}", lambda m=markdown: markdown_to_html(m)))
        result.append((f"briefing HTML: {name}", lambda m=markdown: content_html(m)))
        result.append((f"briefing Markdown: {name}", lambda m=markdown: briefing_markdown(m)))
        result.append((f"DOCX blocks: {name}", lambda m=markdown: markdown_blocks(m)))
    return result


def briefing_case() -> tuple[str, Callable[[], object]]:
    """The whole HTML briefing of the minimal fixture with 20,000 `[` in one summary."""
    import yaml

    from generator.briefing import render_briefing
    from generator.validate import load_model

    folder = Path(tempfile.mkdtemp(prefix="bench-security-"))
    content = Path(shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", folder / "content"))
    claim_path = content / "claims" / "privacy" / "limited-sharing.yml"
    text = claim_path.read_text(encoding="utf-8")
    claim_path.write_text(text.replace("en: Cannot be checked.}", "en: " + yaml.safe_dump("[" * 20_000).strip() + "}"),
                          encoding="utf-8")
    model = load_model(content)
    return "HTML briefing, 20,000 [ in a summary", lambda: render_briefing(model, "en", "html")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for name, action in [*cases(), briefing_case()]:
        print(f"{best_of(args.repeat, action):8.3f} s  {name}", flush=True)


if __name__ == "__main__":
    main()
