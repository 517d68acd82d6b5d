"""How the briefing names things to a reader: dates, clauses, links (shared by the structure modules)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..i18n import t
from ..model import Clause


@dataclass(frozen=True)
class Link:
    text: str
    url: str


def format_date(value: dt.date, lang: str) -> str:
    """A date spelled out in the briefing's language: "12 Januari 2021" / "12 January 2021"."""
    return f"{value.day} {t(f'briefing.month.{value.month}', lang)} {value.year}"


def clause_label(clause: Clause, lang: str) -> str:
    """A clause's number (e.g. "Pasal 20 ayat (1)") and heading, or the heading alone."""
    heading = clause.heading[lang]
    return f"{clause.number} — {heading}" if clause.number else heading


def short_label(clause: Clause, document_title: str, lang: str) -> str:
    """A clause named with its document and version, for tables and lists."""
    return f"{document_title}, {t('briefing.version_of', lang, version=clause.version_label)}: {clause_label(clause, lang)}"
