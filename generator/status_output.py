"""Status output: the report of `status` as a table for a terminal or as JSON.

The table fits the terminal (`shutil.get_terminal_size`): summary tables split into column
groups and long descriptions wrap under their own column. The validator's errors come first,
then its warnings, then the gaps only `status` sees; `--topic` and `--kind` narrow the items.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, Sequence

from .status import KINDS, NO_TOPIC, TRANSLATION_KINDS, Report, gather_status

SHORT_NAMES = {"missing-translation": "missing", "empty-translation": "empty", "placeholder": "placeholder",
               "outdated-translation": "outdated", "untranslated": "same-text", "review-overdue": "review",
               "stale-reference": "stale", "not-in-force": "not-in-force", "draft": "draft",
               "no-regulation": "no-regulation", "uncited-article": "uncited-article", "uncited-document": "uncited-doc"}
MIN_TEXT_WIDTH = 30
"""Narrower than this, a description goes on lines of its own below its place."""


def status_report(content_dir: Path, older_than: int, fmt: str, topics: Sequence[str] = (),
                  kinds: Sequence[str] = (), width: int | None = None) -> str:
    """The status of `content_dir` as a table (`fmt` "table") or JSON (`fmt` "json"), with only the
    items of `topics` and of `kinds` when given."""
    report = filter_report(gather_status(content_dir, older_than), topics, kinds)
    if fmt == "json":
        return format_json(report)
    return format_table(report, width or shutil.get_terminal_size((100, 24)).columns)


def filter_report(report: Report, topics: Sequence[str] = (), kinds: Sequence[str] = ()) -> Report:
    items = [item for item in report.items
             if (not topics or item.topic in topics) and (not kinds or item.kind in kinds)]
    return replace(report, items=items)


def kind_heading(kind: str, report: Report) -> str:
    return KINDS[kind].format(days=report.older_than)


def counts(report: Report) -> dict[str, Any]:
    by_topic: dict[str, dict[str, int]] = {t: {} for t in [*report.topics, NO_TOPIC]}
    by_language: dict[str, dict[str, int]] = {lang: {k: 0 for k in TRANSLATION_KINDS} for lang in report.languages}
    by_kind = {kind: 0 for kind in KINDS}
    for item in report.items:
        by_kind[item.kind] += 1
        row = by_topic.setdefault(item.topic or NO_TOPIC, {})
        row[item.kind] = row.get(item.kind, 0) + 1
        if item.language in by_language and item.kind in TRANSLATION_KINDS:
            by_language[item.language][item.kind] += 1
    return {"by_kind": by_kind, "by_topic": by_topic, "by_language": by_language}


def format_json(report: Report) -> str:
    data = {
        "content": report.content, "date": report.date.isoformat(), "older_than": report.older_than,
        "validation": {"errors": report.errors, "warnings": report.warnings},
        "errors": report.error_lines,
        "history": report.history, "skipped": report.skipped,
        "kinds": {kind: kind_heading(kind, report) for kind in KINDS},
        "counts": counts(report), "items": [asdict(item) for item in report.items],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def format_table(report: Report, width: int = 100) -> str:
    totals = counts(report)
    lines = [f"Status of {report.content} on {report.date} — {len(report.items)} item{'s' * (len(report.items) != 1)} to look at",
             f"Validation: {report.errors} error{'s' * (report.errors != 1)}, "
             f"{report.warnings} warning{'s' * (report.warnings != 1)}"
             + ("; run `python -m generator validate` to see them" if report.errors else ""),
             f"Translation ages: {report.history}"]
    lines += [f"Not checked: {reason}" for reason in report.skipped]
    lines = [wrapped for line in lines for wrapped in _wrap(line, width, "  ")]
    if report.error_lines:
        lines += ["", f"Errors, to fix first ({len(report.error_lines)}):"]
        lines += [wrapped for error in report.error_lines for wrapped in _wrap("  " + error, width, "      ")]
    shown = [kind for kind in KINDS if any(row.get(kind) for row in totals["by_topic"].values())]
    lines += ["", "By topic", *_table(["topic", *(SHORT_NAMES[k] for k in shown)],
                                       [[topic, *(str(row.get(k, 0)) for k in shown)]
                                        for topic, row in totals["by_topic"].items()], width=width)]
    lines += ["", "By language", *_table(["language", *(SHORT_NAMES[k] for k in TRANSLATION_KINDS)],
                                         [[lang, *(str(row[k]) for k in TRANSLATION_KINDS)]
                                          for lang, row in totals["by_language"].items()], width=width)]
    for kind in KINDS:
        items = [i for i in report.items if i.kind == kind]
        if not items:
            continue
        lines += ["", *_wrap(f"{kind}: {kind_heading(kind, report)} ({len(items)})", width, "  ")]
        rows = [[f"{i.file}:{i.line}:{i.column}", i.language or "", i.topic or "",
                 f"{i.subject}{' ' + i.field if i.field else ''}: {i.detail}"] for i in items]
        lines += _table(["where", "lang", "topic", "what"], rows, indent="  ", width=width, wrap_last=True)
    if not report.items:
        lines += ["", "Nothing needs an editor right now."]
    return "\n".join(lines) + "\n"


def _table(header: list[str], rows: list[list[str]], indent: str = "", width: int = 100,
           wrap_last: bool = False) -> list[str]:
    """Rows under a header, in columns. With `wrap_last` the last column wraps within `width`;
    otherwise a table wider than `width` is split into groups of columns, each led by the first."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
    if wrap_last:
        return _wrapped_rows([header, *rows], widths, indent, width)
    groups: list[list[int]] = [[]]
    for index in range(1, len(header)):
        used = len(indent) + widths[0] + sum(widths[i] + 2 for i in groups[-1]) + widths[index] + 2
        if groups[-1] and used > width:
            groups.append([])
        groups[-1].append(index)
    lines: list[str] = []
    for group in groups if len(header) > 1 else [[]]:
        columns = [0, *group]
        for row in [header, *rows]:
            lines.append(indent + "  ".join(row[i].ljust(widths[i]) for i in columns).rstrip())
    return lines


def _wrapped_rows(rows: list[list[str]], widths: list[int], indent: str, width: int) -> list[str]:
    lead = len(indent) + sum(w + 2 for w in widths[:-1])
    lines = []
    for row in rows:
        head = indent + "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths[:-1])) + "  "
        if width - lead >= MIN_TEXT_WIDTH:
            text = textwrap.wrap(row[-1], width - lead, break_on_hyphens=False) or [""]
            lines.append((head + text[0]).rstrip())
            lines += [" " * lead + part for part in text[1:]]
        else:  # too narrow beside the other columns: the place alone, the rest below it, indented
            lines.append(indent + row[0])
            lines += _wrap(indent + "    " + "  ".join(cell for cell in row[1:] if cell), width, indent + "    ")
    return lines


def _wrap(line: str, width: int, subsequent: str) -> list[str]:
    return textwrap.wrap(line, width, subsequent_indent=subsequent, break_on_hyphens=False,
                         break_long_words=False) or [line]
