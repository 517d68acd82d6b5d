"""UI strings by key and language, for everything the generator writes (site, briefing, CLI help).

Strings live in `locales/*.yml`, one file per area (common, site, briefing, editing), each a
mapping `key: {id: ..., en: ...}`. A missing key raises instead of showing the key to a reader.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LOCALES = Path(__file__).parent / "locales"


@lru_cache(maxsize=None)
def strings() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALES.glob("*.yml")):
        for key, texts in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if key in table:
                raise ValueError(f"UI string {key!r} defined twice ({path.name})")
            if set(texts) != {"id", "en"}:
                raise ValueError(f"UI string {key!r} in {path.name} needs exactly id and en")
            table[key] = texts
    return table


def t(key: str, lang: str, **values: object) -> str:
    """The UI string `key` in `lang`, with `{name}` placeholders filled from `values`."""
    try:
        text = strings()[key][lang]
    except KeyError:
        raise KeyError(f"no UI string {key!r} for language {lang!r}") from None
    return text.format(**values) if values else text


def translator(lang: str):
    """`t` bound to one language, for templates: {{ t('rating.supported') }}."""
    return lambda key, **values: t(key, lang, **values)
